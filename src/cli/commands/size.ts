import type { Command } from 'commander';
import type { SizeOptions } from '../../planner/size-options.js';
import { out, paintFor } from '../io.js';
import { collect, outputFormat } from '../options.js';
import { addTraceFlags } from './run.js';

/** Commander's flags are SizeOptions by construction (same names), plus the output format. */
interface SizeFlags extends SizeOptions {
  format?: string;
}

export function registerSize(program: Command): void {
  const cmd = program
    .command('size')
    .description('from a target hit ratio to items, memory and nodes: the working-set rule beside workload-aware answers')
    .option('--hit <ratio>', 'target hit ratio, above 0 and below 1: 0.8 or 80%')
    .option('--items <n>', 'distinct items, e.g. 10M (with --trace: defaults to the trace\'s keys)')
    .option('--item-size <bytes>', 'value size, e.g. 2KB (KB = 1000 B, KiB = 1024 B; with --trace: defaults to the mean), or a distribution, e.g. lognormal:median=2KB,sigma=1 (--engine costs each size in its own class)')
    .option('--zipf <alpha>', 'popularity: Zipf with this skew, e.g. 0.99 (the YCSB default)')
    .option('--uniform', 'popularity: every item equally likely (what the working-set rule assumes)')
    .option('-t, --trace <file>', 'size from this trace\'s miss-ratio curve instead of a model')
    .option('-p, --policy <name>', 'the answer the plan uses: lru, fifo, random or lfu with a model; any policy with --trace', 'lru')
    .option('--param <k=v>', 'a policy parameter, with --trace (repeatable)', collect)
    .option('--sample-rate <r>', 'with --trace: SHARDS sample of this share of keys (estimates, much faster)')
    .option('--sample-size <n>', 'with --trace: SHARDS sample of this many keys')
    .option('--on-write <mode>', 'with --trace: what a write does to the cached copy, update or invalidate', 'update')
    .option('--seed <n>', 'with --trace: seed for sampling and randomised policies (default 42)')
    .option('--engine <engine>', 'memory as stored by redis or memcached (default: values alone)')
    .option('--key-size <bytes>', 'key length, for --engine', '16')
    .option('--ttl', 'keys carry a TTL (Redis keeps an expires entry for each)')
    .option('--growth-factor <f>', 'memcached slab growth factor (-f)', '1.25')
    .option('--fragmentation <ratio>', 'memory the process really uses over what it allocated (Redis mem_fragmentation_ratio)', '1.2')
    .option('--replicas <n>', 'replicas per shard, besides the primary', '0')
    .option('--node-memory <bytes>', 'memory each node gives the cache (maxmemory or -m), e.g. 16GB')
    .option('--peak-qps <n>', 'peak requests per second')
    .option('--node-ops <n>', 'operations per second one node sustains (reads, writes and the SETs that fill misses)', '50000')
    // Capacity plans that hold (docs/planning.md).
    .option('--write-ratio <r>', 'share of --peak-qps that are writes (SETs)', '0')
    .option('--node-bandwidth <rate>', 'network each node has each way, e.g. 10Gbit/s, 25Gbps or 1.25GB/s', '10Gbit/s')
    .option('--reserved <share>', 'share of --node-memory kept back, e.g. 25% (ElastiCache\'s reserved-memory-percent default) when --node-memory is the node type\'s memory', '0%')
    .option('--fork-headroom <share>', 'Redis: memory kept free for copy-on-write while it forks to snapshot or sync a replica, as a share of the data, up to 100% (every page written during the fork)', '0%')
    .option('-f, --format <format>', 'table, json or csv', 'table');
  addTraceFlags(cmd).action(async (flags: SizeFlags) => {
    const format = outputFormat(flags.format);
    const { format: _format, ...options } = flags;
    // Loaded here, not at start-up: other commands never pay for the planner.
    const { executeSize } = await import('../../planner/size-options.js');
    const report = await executeSize(options);
    if (format === 'json') {
      const { toJson } = await import('../../report/format.js');
      out(toJson(report));
      return;
    }
    const { sizeCsv, sizeTable } = await import('../../report/size-report.js');
    out(format === 'csv' ? sizeCsv(report) : sizeTable(report, await paintFor(process.stdout)));
  });
}
