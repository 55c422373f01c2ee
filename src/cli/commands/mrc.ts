import type { Command } from 'commander';
import type { MrcOptions } from '../../planner/mrc-options.js';
import { out, paintFor } from '../io.js';
import { MRC_OPTIONS } from '../../planner/mrc-options.js';
import { TRACE_OPTIONS } from '../../trace/options.js';
import { addOptions, outputFormat } from '../options.js';

/** Commander's flags are MrcOptions by construction (same names), plus the output format. */
interface MrcFlags extends MrcOptions {
  format?: string;
}

export function registerMrc(program: Command): void {
  const cmd = program
    .command('mrc')
    .description('miss-ratio curve of a trace: exact LRU in one pass, SHARDS sampling, or any policy simulated at many capacities');
  addOptions(cmd, [...MRC_OPTIONS, ...TRACE_OPTIONS]).action(async (flags: MrcFlags) => {
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
