import { formatCapacity } from '../core/units.js';
import type { RunReport } from '../engine/replay.js';
import type { StrategyResult } from '../strategies/result.js';
import { asciichart } from './ascii-chart.js';
import { int, peaksIn, seconds, type Paint } from './format.js';
import { STRATEGY_METRICS } from './metrics.js';
import { metricTable, traceLine } from './run-report.js';

/** Charts printed at most (the JSON has every series). */
const MAX_CHARTS = 8;
const CHART_COLUMNS = 64;
const LABEL_WIDTH = 9;

/**
 * The table output of a strategy run: the strategy × protection matrix as
 * one table (a row per result), then a chart of database load over time for
 * each result, all on one scale so spikes compare at a glance.
 */
export function strategyReport(report: RunReport<StrategyResult>, paint: Paint): string {
  const results = report.results;
  const parts = [traceLine(report.trace, paint), metricTable(STRATEGY_METRICS, results, paint)];
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
