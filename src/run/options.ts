import { DEFAULT_SEED } from '../core/rng.js';
import type { OptionSpec } from '../core/option-spec.js';
import { CLUSTER_OPTION_SPECS } from '../cluster/options.js';
import { STRATEGY_OPTIONS } from '../strategies/config.js';
import { TRACE_OPTIONS } from '../trace/options.js';

/**
 * `cachesim run`'s own options, in the order --help lists them. Each
 * feature declares its options beside its parser (cluster/options.ts,
 * strategies/config.ts, trace/options.ts); RUN_OPTIONS puts them together,
 * and the CLI flags, the scenario fields and RunOptions follow from it.
 */
export const RUN_OWN_OPTIONS: readonly OptionSpec[] = [
  { name: 'trace', flag: '-t, --trace <file>', help: 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input' },
  { name: 'policy', flag: '-p, --policy <list>', help: 'policies, comma separated, or all (see cachesim policies)', default: 'lru' },
  { name: 'capacity', flag: '-c, --capacity <list>', help: 'capacities, comma separated: objects (5000, 10k), bytes (64MB, 2GiB) or a share of the working set (10%)', default: '10%' },
  { name: 'unit', flag: '--unit <unit>', help: 'what a % capacity counts: objects (unique keys) or bytes (unique bytes)', default: 'objects' },
  { name: 'param', flag: '--param <k=v>', help: 'a policy parameter, for every chosen policy that has it (repeatable)', repeatable: true },
  { name: 'samples', flag: '--samples <n>', help: 'Redis policies: keys sampled per eviction (maxmemory-samples, default 5); same as --param samples=N' },
  { name: 'lfuLogFactor', flag: '--lfu-log-factor <n>', help: 'Redis LFU policies: counter growth factor (default 10); same as --param lfu-log-factor=N' },
  { name: 'lfuDecayTime', flag: '--lfu-decay-time <min>', help: 'Redis LFU policies: minutes per counter decay step, 0 = never (default 1); same as --param lfu-decay-time=N' },
  // Memcached (the memcached policy; docs/memcached.md).
  { name: 'keySize', flag: '--key-size <bytes>', help: 'memcached policy: key bytes per item for traces without key names, e.g. binary ids (default 16); same as --param key-size=N' },
  { name: 'admission', flag: '--admission <spec>', help: 'which missed keys come in: none, bloom, prob:p=0.1, size:max=1MB or adaptsize (repeat to compare; see cachesim policies)', repeatable: true },
  { name: 'onWrite', flag: '--on-write <mode>', help: 'what a write does to the cached copy: update (replace it, as a SET; the default) or invalidate (drop it); with --strategy, for cache-aside, read-through and refresh-ahead, default invalidate' },
  { name: 'format', flag: '-f, --format <format>', help: 'table, json or csv', default: 'table', output: true },
  { name: 'seed', flag: '--seed <n>', help: `seed for randomised policies (default ${DEFAULT_SEED})` },
  { name: 'threads', flag: '--threads <n>', help: 'worker threads for the simulations: a number, 0 for none, or auto (by the size of the work)', default: 'auto' },
  { name: 'report', flag: '--report <file>', help: 'also write a self-contained HTML report (tables and charts) to FILE; - writes it alone to standard output', output: true },

];

/** Every option `cachesim run` (and a scenario's run) takes. */
export const RUN_OPTIONS: readonly OptionSpec<never>[] = [...RUN_OWN_OPTIONS, ...CLUSTER_OPTION_SPECS, ...STRATEGY_OPTIONS, ...TRACE_OPTIONS];
