import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { out, paintFor } from '../io.js';
import { outputFormat, traceOptions, type TraceFlags } from '../options.js';
import { reportTarget, writeHtmlReport } from '../report-file.js';
import { addTraceFlags } from './run.js';

interface AnalyzeFlags extends TraceFlags {
  trace?: string;
  top: string;
  window?: string;
  format?: string;
  report?: string;
}

export function registerAnalyze(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('what a trace is made of: requests, objects, op mix, one-hit wonders, sizes, TTLs, popularity (Zipf fit), reuse, top keys')
    .option('-t, --trace <file>', 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input')
    .option('--top <k>', 'how many of the most requested keys to list', '10')
    .option('--window <t>', 'request rate over windows of this length, e.g. 1s or 5min (default: a power of two seconds giving at most 200 windows)')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .option('--report <file>', 'also write a self-contained HTML report (tables and charts) to FILE');
  addTraceFlags(cmd).action(async (flags: AnalyzeFlags) => {
    const format = outputFormat(flags.format);
    if (flags.trace === undefined) throw usageError('analyze needs a trace: --trace FILE (make one with cachesim gen --out FILE)');
    // Loaded here, not at start-up: other commands never pay for them.
    const { parseCount, parseSeconds } = await import('../../core/units.js');
    const { openTrace } = await import('../../trace/open.js');
    const { analyzeTrace } = await import('../../analyze/analyze.js');
    let top: number;
    try {
      top = parseCount(flags.top, '--top');
    } catch {
      top = NaN;
    }
    if (!(Number.isInteger(top) && top >= 0 && top <= 100_000)) throw usageError(`--top must be a whole number from 0 to 100000 (got ${flags.top})`);
    let windowSeconds: number | undefined;
    if (flags.window !== undefined) {
      windowSeconds = parseSeconds(flags.window, '--window');
      if (!(windowSeconds! > 0)) throw usageError('--window must be above 0 seconds, e.g. 1s');
    }
    // Checked before the trace is read: a bad destination fails at once, not after the work.
    const reportTo = reportTarget(flags.report);
    const report = await analyzeTrace(openTrace(flags.trace, traceOptions(flags)), { top, windowSeconds });
    if (reportTo) {
      const { trace, top: _top, window, format: _format, report: _report, ...rest } = flags;
      await writeHtmlReport(reportTo, { title: `cachesim analyze · ${report.source}`, sections: [{ heading: 'Trace analysis', command: 'analyze', options: { trace, top, ...(window ? { window } : {}), ...rest }, output: report }] });
    }
    if (format === 'json') {
      const { toJson } = await import('../../report/format.js');
      out(toJson(report));
      return;
    }
    const { analyzeCsv, analyzeTable } = await import('../../report/analyze-report.js');
    out(format === 'csv' ? analyzeCsv(report) : analyzeTable(report, await paintFor(process.stdout)));
  });
}
