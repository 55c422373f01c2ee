import type { Command } from 'commander';
import { executeRun, type RunOptions } from '../../engine/plan.js';
import type { RunReport } from '../../engine/replay.js';
import { toJson, type Paint } from '../../report/format.js';
import { runCsv, runTable } from '../../report/run-report.js';
import { out, paintFor } from '../io.js';
import { collect, outputFormat } from '../options.js';
import { replayProgress } from '../progress.js';
import { reportTarget, writeHtmlReport } from '../report-file.js';

/** Commander's flags are RunOptions by construction (same names), plus the output format. */
interface RunFlags extends RunOptions {
  format?: string;
  report?: string;
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
    .option('--on-write <mode>', 'what a write does to the cached copy: update (replace it, as a SET; the default) or invalidate (drop it); with --strategy, for cache-aside, read-through and refresh-ahead, default invalidate')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .option('--seed <n>', 'seed for randomised policies (default 42)')
    .option('--threads <n>', 'worker threads for the simulations: a number, 0 for none, or auto (by the size of the work)', 'auto')
    .option('--report <file>', 'also write a self-contained HTML report (tables and charts) to FILE; - writes it alone to standard output');
  addClusterFlags(cmd);
  addStrategyFlags(cmd);
  addTraceFlags(cmd).action(async (flags: RunFlags) => {
    const format = outputFormat(flags.format);
    const { format: _format, report: reportFile, ...options } = flags;
    const reportTo = reportTarget(reportFile);
    // Standard input is saved to a temporary file: a % capacity or an offline policy reads the trace twice.
    const spool = options.trace === '-' ? await (await import('../stdin.js')).spoolStdin() : undefined;
    const progress = replayProgress('replaying', format);
    let report: RunReport;
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
    else if (format === 'csv') out(await runCsvText(report));
    else out(await runText(report, await paintFor(process.stdout)));
  });
}

/** A run's CSV output, as `run` prints it (`scenario run` prints the same, with the scenario and run in front). */
export async function runCsvText(report: RunReport): Promise<string> {
  if (report.results.some((r) => 'nodes' in r)) return (await import('../../report/cluster-report.js')).clusterCsv(report);
  return hasStrategy(report) ? (await import('../../report/strategy-report.js')).strategyCsv(report) : runCsv(report);
}

/** A run's table output, as `run` prints it (`scenario run` prints the same): the plain table, or a feature's own report. */
export async function runText(report: RunReport, paint: Paint): Promise<string> {
  if (report.results.some((r) => 'nodes' in r)) return (await import('../../report/cluster-report.js')).clusterReport(report, paint);
  if (hasStrategy(report)) return (await import('../../report/strategy-report.js')).strategyReport(report, paint);
  return runTable(report, paint);
}

/** A cluster in front of the database (docs/cluster.md); no defaults here, so "not given" stays visible. */
function addClusterFlags(cmd: Command): Command {
  return cmd
    .option('--nodes <n>', 'cluster: N cache nodes (shards); --capacity is per node')
    .option('--sharding <scheme>', 'cluster: slots (Redis Cluster: CRC16 of the key or its {hash tag}) or ketama (consistent hashing) (default slots)')
    .option('--vnodes <n>', 'cluster, ketama: points per node on the ring (default 160, as libketama)')
    .option('--node-ops <n>', 'cluster: operations/second one node handles (default 50k)')
    .option('--l1 <size:ttl>', 'cluster: a local cache on each app server, SIZE entries kept TTL each, e.g. 1000:1s')
    .option('--app-servers <m>', 'cluster: application servers the requests are spread over, round robin (default 10)')
    .option('--replicas <r>', 'cluster: replicas per node; reads spread over the primary and its replicas')
    .option('--fanout <k>', 'cluster: K copies of each hot key (key:shard:0..K-1); writes go to all, reads pick one')
    .option('--hot-threshold <r>', 'cluster: reads/second at the cluster that make a key hot, for --fanout (default: a tenth of --node-ops)')
    .option('--coalesce [window]', 'cluster: a proxy sends one read per key per window to the cluster (default window 1ms)')
    .option('--mitigations <list>', 'cluster: compare sets: none, l1, replicas, fanout, coalesce, all, or combinations like l1+replicas');
}

function hasStrategy(report: RunReport): boolean {
  return report.results.some((r) => 'strategy' in r);
}

/** Strategies, stampede protections and the database over time (docs/strategies.md); no defaults here, so "not given" stays visible. */
function addStrategyFlags(cmd: Command): Command {
  return cmd
    .option('--strategy <list>', 'caching strategies over time: cache-aside, read-through, write-through, write-behind, refresh-ahead, a comma list, or all (default cache-aside once any strategy option is given)')
    .option('--protect <list>', 'stampede protections: none, lock, coalesce, xfetch, swr, background, a comma list, or all (default none)')
    .option('--db-latency <latency>', 'database read latency: fixed (5ms) or lognormal, median=5ms,p99=50ms (default 5ms)')
    .option('--flush-interval <time>', 'write-behind: a queued write is flushed this long after the first one queued (default 1s)')
    .option('--batch-size <n>', 'write-behind: flush at once when this many distinct keys are queued (default 100)')
    .option('--crash-at <time>', 'the cache crashes and restarts empty this long after the first request; write-behind loses its queue')
    .option('--refresh-ahead <share>', 'refresh-ahead and background: reload once this share of the TTL has passed (default 0.8)')
    .option('--beta <b>', 'xfetch: β, how early entries are recomputed (default 1)')
    .option('--stale-window <time>', 'swr: how long after expiry the old value is still served while it reloads (default 10s)')
    .option('--refresh-top <k>', 'background: refresh only the K most-read keys (default all keys)')
    .option('--window <time>', 'window for database load (dbLoad, dbPeakQps) (default 1s)')
    .option('--cache-latency <time>', 'one cache round trip, added to read latencies (default 0.5ms)');
}
