import type { Command } from 'commander';
import type { MrcOptions } from '../../planner/mrc-options.js';
import { out, paintFor } from '../io.js';
import { collect, outputFormat } from '../options.js';
import { addTraceFlags } from './run.js';

/** Commander's flags are MrcOptions by construction (same names), plus the output format. */
interface MrcFlags extends MrcOptions {
  format?: string;
}

export function registerMrc(program: Command): void {
  const cmd = program
    .command('mrc')
    .description('miss-ratio curve of a trace: exact LRU in one pass, SHARDS sampling, or any policy simulated at many capacities')
    .option('-t, --trace <file>', 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input (LRU in objects, or with a sample: curves that take one read)')
    .option('-p, --policy <name>', 'policy (see cachesim policies); lru is exact from stack distances, others are simulated', 'lru')
    .option('--unit <unit>', 'capacity in objects or bytes', 'objects')
    .option('--points <n>', 'capacities on the curve, log-spaced from --from to --to', '20')
    .option('--from <capacity>', 'smallest capacity: objects (1000), bytes (64MB) or a share of the working set (1%)', '1%')
    .option('--to <capacity>', 'largest capacity, as --from', '100%')
    .option('-c, --capacities <list>', 'exact capacities instead of --points/--from/--to, comma separated')
    .option('--sample-rate <r>', 'SHARDS: sample this share of keys (0.01 or 1%); other policies: miniature simulation')
    .option('--sample-size <n>', 'SHARDS with a fixed number of sampled keys (bounded memory), e.g. 8192')
    .option('--param <k=v>', 'a policy parameter (repeatable)', collect)
    .option('--on-write <mode>', 'what a write does to the cached copy: update or invalidate', 'update')
    .option('--seed <n>', 'seed for sampling and randomised policies (default 42)')
    .option('-f, --format <format>', 'table (chart and points), json or csv', 'table');
  addTraceFlags(cmd).action(async (flags: MrcFlags) => {
    const format = outputFormat(flags.format);
    const { format: _format, ...options } = flags;
    // Loaded here, not at start-up: other commands never pay for the planner.
    const { executeMrc } = await import('../../planner/mrc-options.js');
    const report = await executeMrc(options);
    if (format === 'json') {
      const { toJson } = await import('../../report/format.js');
      out(toJson(report));
      return;
    }
    const { mrcCsv, mrcTable } = await import('../../report/mrc-report.js');
    out(format === 'csv' ? mrcCsv(report) : mrcTable(report, await paintFor(process.stdout)));
  });
}
