import type { Command } from 'commander';
import { executeRun, type RunOptions } from '../../engine/plan.js';
import { toJson } from '../../report/format.js';
import { runCsv, runTable } from '../../report/run-report.js';
import { out, paintFor } from '../io.js';
import { collect, outputFormat } from '../options.js';

/** Commander's flags are RunOptions by construction (same names), plus the output format. */
interface RunFlags extends RunOptions {
  format?: string;
}

export function addTraceFlags(cmd: Command): Command {
  return cmd
    .option('--columns <map>', 'which CSV column holds what, e.g. time=time,key=lbn,size=size (positions for a headerless file: key=2)')
    .option('--header', 'the first row is a header even though --columns gives positions')
    .option('--time-unit <unit>', 'unit of the time column: s, ms or us', 's')
    .option('--trace-format <format>', 'auto (by file name), csv or oracleGeneral', 'auto')
    .option('--skip-bad-rows', 'count and skip malformed rows instead of stopping');
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('replay a trace against eviction policies at one or more capacities')
    .option('-t, --trace <file>', 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input')
    .option('-p, --policy <list>', 'policies, comma separated, or all (see cachesim policies)', 'lru')
    .option('-c, --capacity <list>', 'capacities, comma separated: objects (5000, 10k), bytes (64MB, 2GiB) or a share of the working set (10%)', '10%')
    .option('--unit <unit>', 'what a % capacity counts: objects (unique keys) or bytes (unique bytes)', 'objects')
    .option('--param <k=v>', 'a policy parameter, for every chosen policy that has it (repeatable)', collect)
    .option('--samples <n>', 'Redis policies: keys sampled per eviction (maxmemory-samples, default 5); same as --param samples=N')
    .option('--lfu-log-factor <n>', 'Redis LFU policies: counter growth factor (default 10); same as --param lfu-log-factor=N')
    .option('--lfu-decay-time <min>', 'Redis LFU policies: minutes per counter decay step, 0 = never (default 1); same as --param lfu-decay-time=N')
    .option('--on-write <mode>', 'what a write does to the cached copy: update (replace it) or invalidate (drop it)', 'update')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .option('--seed <n>', 'seed for randomised policies (default 42)')
    .option('--threads <n>', 'worker threads for the simulations: a number, 0 for none, or auto (by the size of the work)', 'auto');
  addTraceFlags(cmd).action(async (flags: RunFlags) => {
    const format = outputFormat(flags.format);
    const { format: _format, ...options } = flags;
    const report = await executeRun(options);
    if (format === 'json') out(toJson(report));
    else if (format === 'csv') out(runCsv(report));
    else out(runTable(report, await paintFor(process.stdout)));
  });
}
