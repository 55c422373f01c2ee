import { createRequire } from 'node:module';
import type * as Asciichart from 'asciichart';
import { formatCapacity } from '../core/units.js';
import type { RunReport, RunResult } from '../engine/replay.js';
import { int, peaksIn, ratio, seconds, toCsv, type Paint } from './format.js';
import { RUN_CSV_COLUMNS, traceLine } from './run-report.js';
import { makeTable } from './table.js';

/** A `cachesim run --strategy/--protect` result: the cache counters plus the strategy fields (docs/strategies.md). */
export interface StrategyResult extends RunResult {
  strategy: string;
  protection: string;
  stampedes: number;
  maxConcurrentLoads: number;
  lockWaits?: number;
  lockFallbacks?: number;
  dbPeakQps: number;
  dbMeanQps: number;
  staleReads: number;
  maxStalenessSeconds: number;
  earlyRefreshes?: number;
  lostWrites?: number;
  lostKeys?: (string | number)[];
  lostKeysNotListed?: number;
  readLatency?: { p50: number; p95: number; p99: number };
  dbLoad: { windowSeconds: number; startSeconds: number; reads: number[]; writes: number[] };
}

type Chart = typeof Asciichart;
let chart: Chart | undefined;

/** asciichart, loaded on first use (JSON and CSV runs never pay for it). */
function asciichart(): Chart {
  chart ??= createRequire(import.meta.url)('asciichart') as Chart;
  return chart;
}

/** Charts printed at most (the JSON has every series). */
const MAX_CHARTS = 8;
const CHART_COLUMNS = 64;
const LABEL_WIDTH = 9;

/**
 * The table output of a strategy run: the strategy × protection matrix as
 * one table (a row per result), then a chart of database load over time for
 * each result, all on one scale so spikes compare at a glance.
 */
export function strategyReport(report: RunReport, paint: Paint): string {
  const results = report.results as StrategyResult[];
  const parts = [traceLine(report.trace, paint), matrixTable(results, paint)];
  const notes: string[] = [];
  for (const r of results) {
    if (r.lostWrites && r.lostKeys) {
      const shown = r.lostKeys.slice(0, 10).join(', ');
      const more = r.lostKeys.length - 10 + (r.lostKeysNotListed ?? 0);
      notes.push(`${who(r, results)}: ${int(r.lostWrites)} writes lost in the crash, keys ${shown}${more > 0 ? ` and ${int(more)} more` : ''}`);
    }
  }
  const rejected = results.filter((r) => r.rejected > 0);
  if (rejected.length) notes.push(`rejected inserts (too large for the cache, or nothing evictable): ${rejected.map((r) => `${who(r, results)} ${int(r.rejected)}`).join(', ')}`);
  if (report.trace.durationSeconds === undefined) notes.push('this trace has no time column: request i is at second i, so loads rarely overlap');
  parts.push(...notes.map((n) => paint.dim(n)));
  parts.push('', charts(results, paint));
  return parts.join('\n') + '\n';
}

function who(r: StrategyResult, all: readonly StrategyResult[]): string {
  const extra = [
    new Set(all.map((x) => x.policy)).size > 1 ? r.policy : '',
    new Set(all.map((x) => `${x.capacity.value}${x.capacity.unit}`)).size > 1 ? formatCapacity(r.capacity.value, r.capacity.unit) : '',
  ].filter(Boolean);
  return `${r.strategy} + ${r.protection}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

interface Column {
  head: string;
  cell: (r: StrategyResult) => string;
  /** Shown only when some result has the field. */
  when?: (r: StrategyResult) => boolean;
  left?: boolean;
}

const ms = (x: number | undefined): string => (x === undefined ? '–' : Number(x.toPrecision(4)).toString());

function matrixTable(results: StrategyResult[], paint: Paint): string {
  const policies = new Set(results.map((r) => r.policy)).size > 1;
  const capacities = new Set(results.map((r) => `${r.capacity.value}${r.capacity.unit}`)).size > 1;
  const all: Column[] = [
    ...(policies ? [{ head: 'policy', cell: (r: StrategyResult) => r.policy, left: true }] : []),
    ...(capacities ? [{ head: 'capacity', cell: (r: StrategyResult) => formatCapacity(r.capacity.value, r.capacity.unit) }] : []),
    { head: 'strategy', cell: (r) => r.strategy, left: true },
    { head: 'protection', cell: (r) => r.protection, left: true },
    { head: 'hit ratio', cell: (r) => ratio(r.hitRatio) },
    { head: 'db reads', cell: (r) => int(r.dbReads) },
    { head: 'db writes', cell: (r) => int(r.dbWrites), when: (r) => r.dbWrites > 0 || r.writes + r.deletes > 0 },
    { head: 'peak q/s', cell: (r) => int(r.dbPeakQps) },
    { head: 'mean q/s', cell: (r) => int(r.dbMeanQps) },
    { head: 'stampedes', cell: (r) => int(r.stampedes) },
    { head: 'max loads', cell: (r) => int(r.maxConcurrentLoads) },
    { head: 'lock waits', cell: (r) => (r.lockWaits === undefined ? '–' : int(r.lockWaits)), when: (r) => r.lockWaits !== undefined },
    { head: 'fallbacks', cell: (r) => (r.lockFallbacks === undefined ? '–' : int(r.lockFallbacks)), when: (r) => r.lockFallbacks !== undefined },
    { head: 'early', cell: (r) => (r.earlyRefreshes === undefined ? '–' : int(r.earlyRefreshes)), when: (r) => r.earlyRefreshes !== undefined },
    { head: 'expired', cell: (r) => int(r.expirations) },
    { head: 'stale reads', cell: (r) => int(r.staleReads) },
    { head: 'max stale', cell: (r) => (r.staleReads > 0 ? seconds(r.maxStalenessSeconds) : '–'), when: (r) => r.staleReads > 0 },
    { head: 'lost writes', cell: (r) => (r.lostWrites === undefined ? '–' : int(r.lostWrites)), when: (r) => r.lostWrites !== undefined },
    { head: 'p50 ms', cell: (r) => ms(r.readLatency?.p50) },
    { head: 'p99 ms', cell: (r) => ms(r.readLatency?.p99) },
  ];
  const cols = all.filter((c) => !c.when || results.some(c.when));
  const table = makeTable({
    head: cols.map((c) => paint.bold(c.head)),
    colAligns: cols.map((c) => (c.left ? 'left' : 'right')),
  });
  // The lowest peak database load among rows that differ only in protection stands out.
  const bestPeak = new Map<string, number>();
  const group = (r: StrategyResult): string => `${r.policy}|${r.capacity.value}${r.capacity.unit}|${r.strategy}`;
  for (const r of results) bestPeak.set(group(r), Math.min(bestPeak.get(group(r)) ?? Infinity, r.dbPeakQps));
  const several = new Set(results.map((r) => r.protection)).size > 1;
  for (const r of results) {
    table.push(cols.map((c) => {
      const text = c.cell(r);
      return several && c.head === 'peak q/s' && r.dbPeakQps === bestPeak.get(group(r)) ? paint.green(text) : text;
    }));
  }
  return table.toString();
}

function charts(results: StrategyResult[], paint: Paint): string {
  const ac = asciichart();
  const shown = results.slice(0, MAX_CHARTS);
  const qps = shown.map((r) => r.dbLoad.reads.map((x, w) => (x + r.dbLoad.writes[w]!) / r.dbLoad.windowSeconds));
  const windows = Math.max(0, ...qps.map((s) => s.length));
  if (windows < 2) return paint.dim('(database load: one window only, no chart)');
  const top = Math.max(1, ...qps.flat());
  const ws = shown[0]!.dbLoad.windowSeconds;
  // Long series fold (each column the peak of several windows); short ones stretch to a readable width.
  const folded = windows > CHART_COLUMNS;
  const stretch = folded ? 1 : Math.max(1, Math.floor(CHART_COLUMNS / windows));
  const columns = folded ? CHART_COLUMNS : windows * stretch;
  const height = shown.length > 2 ? 6 : 10;
  const label = (x: number): string => (top >= 100 ? int(x) : String(Number(x.toPrecision(3)))).padStart(LABEL_WIDTH);
  const out = [
    paint.bold('Database load') + paint.dim(` · queries/s (reads + writes) per ${seconds(ws)} window${folded ? `, each column the peak of ${seconds((windows * ws) / columns)}` : ''}; every chart on the same scale`),
  ];
  shown.forEach((r, i) => {
    const q = qps[i]!;
    // A result with fewer windows (no work after the trace) ends earlier on the same time axis.
    const series = folded ? peaksIn(q, Math.max(2, Math.round((columns * q.length) / windows))) : q.flatMap((v) => new Array<number>(stretch).fill(v));
    out.push('');
    out.push(`${paint.bold(who(r, results))}${paint.dim(` · peak ${int(r.dbPeakQps)} q/s, mean ${int(r.dbMeanQps)} q/s, ${int(r.stampedes)} stampedes`)}`);
    out.push(ac.plot(series, { height, min: 0, max: top, format: label }));
  });
  const end = seconds(windows * ws);
  out.push(paint.dim(`${' '.repeat(LABEL_WIDTH + 2)}0 s${' '.repeat(Math.max(1, columns - 3 - end.length))}${end}`));
  if (results.length > shown.length) out.push(paint.dim(`charts for the first ${MAX_CHARTS} of ${results.length} results; every series is in --format json (dbLoad)`));
  return out.join('\n');
}

/** Strategy columns added to the run CSV, when some result has them (dbLoad and lostKeys stay in JSON). */
const STRATEGY_CSV_COLUMNS = [
  'strategy', 'protection', 'stampedes', 'maxConcurrentLoads', 'lockWaits', 'lockFallbacks', 'dbPeakQps', 'dbMeanQps',
  'staleReads', 'maxStalenessSeconds', 'earlyRefreshes', 'lostWrites', 'readLatencyP50Ms', 'readLatencyP95Ms', 'readLatencyP99Ms',
] as const;

export function strategyCsv(report: RunReport): string {
  const rows = (report.results as StrategyResult[]).map((r) => ({
    ...r,
    params: r.params ? Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(';') : '',
    capacity: r.capacity.value,
    unit: r.capacity.unit,
    readLatencyP50Ms: r.readLatency?.p50,
    readLatencyP95Ms: r.readLatency?.p95,
    readLatencyP99Ms: r.readLatency?.p99,
  }));
  const extra = STRATEGY_CSV_COLUMNS.filter((c) => rows.some((r) => (r as Record<string, unknown>)[c] !== undefined));
  return toCsv([...RUN_CSV_COLUMNS, ...extra], rows);
}
