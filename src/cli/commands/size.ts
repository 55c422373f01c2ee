import type { Command } from 'commander';
import type { SizeOptions } from '../../planner/size-options.js';
import { out, paintFor } from '../io.js';
import { SIZE_OPTIONS } from '../../planner/size-options.js';
import { TRACE_OPTIONS } from '../../trace/options.js';
import { addOptions, outputFormat } from '../options.js';

/** Commander's flags are SizeOptions by construction (same names), plus the output format. */
interface SizeFlags extends SizeOptions {
  format?: string;
}

export function registerSize(program: Command): void {
  const cmd = program
    .command('size')
    .description('from a target hit ratio to items, memory and nodes: the working-set rule beside workload-aware answers');
  addOptions(cmd, [...SIZE_OPTIONS, ...TRACE_OPTIONS]).action(async (flags: SizeFlags) => {
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
