import type { Command } from 'commander';
import { executeRun, type RunOptions } from '../../run/plan.js';
import type { ClusterResult } from '../../cluster/result.js';
import type { RunReport } from '../../engine/replay.js';
import { reportKind, type PlainResult, type SimReport } from '../../run/results.js';
import type { StrategyResult } from '../../strategies/result.js';
import { toJson, type Paint } from '../../report/format.js';
import { resultsCsv, runTable } from '../../report/run-report.js';
import { out, paintFor } from '../io.js';
import { TRACE_OPTIONS } from '../../trace/options.js';
import { RUN_OPTIONS } from '../../run/options.js';
import { addOptions, outputFormat } from '../options.js';
import { replayProgress } from '../progress.js';
import { reportTarget, writeHtmlReport } from '../report-file.js';

/** Commander's flags are RunOptions by construction (same names), plus the output format. */
interface RunFlags extends RunOptions {
  format?: string;
  report?: string;
}

/** The trace-reading flags (trace/options.ts), for every command that reads a trace. */
export function addTraceFlags(cmd: Command): Command {
  return addOptions(cmd, TRACE_OPTIONS);
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('replay a trace against eviction policies at one or more capacities');
  // Every flag from its spec (run/options.ts): run's own, the cluster's, the strategies', the trace's.
  addOptions(cmd, RUN_OPTIONS).action(async (flags: RunFlags) => {
    const format = outputFormat(flags.format);
    const { format: _format, report: reportFile, ...options } = flags;
    const reportTo = reportTarget(reportFile);
    // Standard input is saved to a temporary file: a % capacity or an offline policy reads the trace twice.
    const spool = options.trace === '-' ? await (await import('../stdin.js')).spoolStdin() : undefined;
    const progress = replayProgress('replaying', format);
    let report: SimReport;
    try {
      report = await executeRun(spool ? { ...options, trace: spool.file } : options, progress?.update);
    } catch (e) {
      // A bad row names standard input, as the user gave it, not the temporary file.
      if (spool && e instanceof Error) e.message = e.message.split(spool.file).join('-');
      throw e;
    } finally {
      progress?.stop();
      spool?.remove();
    }
    // The trace is named as the user gave it, not by the temporary file.
    if (spool) report.trace.source = '-';
    if (reportTo) await writeHtmlReport(reportTo, { title: `cachesim run · ${report.trace.source}`, sections: [{ heading: 'Results', command: 'run', options, output: report }] });
    // `--report -`: standard output holds the page alone.
    if (reportTo?.mode === 'stdout') return;
    if (format === 'json') out(toJson(report));
    else if (format === 'csv') out(runCsvText(report));
    else out(await runText(report, await paintFor(process.stdout)));
  });
}

/** A run's CSV output, as `run` prints it (`scenario run` prints the same, with the scenario and run in front). */
export function runCsvText(report: SimReport): string {
  return resultsCsv(report);
}

/** A run's table output, as `run` prints it (`scenario run` prints the same): each kind's own report. */
export async function runText(report: SimReport, paint: Paint): Promise<string> {
  const kind = reportKind(report);
  if (kind === 'cluster') return (await import('../../report/cluster-report.js')).clusterReport(report as RunReport<ClusterResult>, paint);
  if (kind === 'strategy') return (await import('../../report/strategy-report.js')).strategyReport(report as RunReport<StrategyResult>, paint);
  const plain = report as RunReport<PlainResult>;
  const table = runTable(plain, paint);
  if (!plain.results.some((r) => r.memcached !== undefined)) return table;
  const { memcachedSections } = await import('../../report/memcached-report.js');
  return `${table}${memcachedSections(plain, paint)}`;
}
