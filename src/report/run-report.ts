import { formatCapacity } from '../core/units.js';
import type { RunReport } from '../engine/replay.js';
import type { CacheResult } from '../engine/store.js';
import type { SimResult } from '../run/results.js';
import type { TraceSummary } from '../trace/stats.js';
import { int, seconds, toCsv, type Paint } from './format.js';
import { CACHE_METRICS, csvColumns, csvValue, metricsOf, tableColumns, type KindMetrics } from './metrics.js';
import { makeTable } from './table.js';

export function traceLine(t: TraceSummary, paint: Paint): string {
  const parts = [
    `${int(t.requests)} requests (${int(t.reads)} reads, ${int(t.writes)} writes, ${int(t.deletes)} deletes)`,
    `${int(t.uniqueKeys)} keys`,
  ];
  if (t.durationSeconds !== undefined) parts.push(`over ${seconds(t.durationSeconds)}`);
  if (t.skippedRows !== undefined) parts.push(paint.yellow(`${int(t.skippedRows)} bad rows skipped`));
  return `${paint.bold('Trace')} ${t.source}: ${parts.join(' · ')}`;
}

/** A table of results from their kind's metrics (report/metrics.ts): the columns that apply, the best cells highlighted. */
export function metricTable<R>(m: KindMetrics<R>, results: readonly R[], paint: Paint): string {
  const rows = m.order ? m.order(results) : [...results];
  const cols = tableColumns(m, rows);
  const table = makeTable({
    head: cols.map((c) => paint.bold(c.heading!)),
    colAligns: cols.map((c) => (c.left ? 'left' : 'right')),
  });
  const best = m.best(rows);
  for (const r of rows) {
    table.push(cols.map((c) => c.cell!(r, { paint, all: rows, best: c.key === best.key && best.rows.has(r) })));
  }
  return table.toString();
}

/** `cachesim run`'s table for plain cache results. */
export function runTable(report: RunReport<CacheResult>, paint: Paint): string {
  const notes: string[] = [];
  const rejected = report.results.filter((r) => r.rejected > 0);
  if (rejected.length) notes.push(paint.dim(`rejected inserts (too large for the cache, or nothing evictable): ${rejected.map((r) => `${r.policy}@${formatCapacity(r.capacity.value, r.capacity.unit)} ${int(r.rejected)}`).join(', ')}`));
  if (report.results.some((r) => r.policy === 'random' || r.policy.includes('random'))) notes.push(paint.dim(`seed ${report.seed}`));
  return [traceLine(report.trace, paint), metricTable(CACHE_METRICS, report.results, paint), ...notes].join('\n') + '\n';
}

/** `--format csv` for results of any kind: one row per result, the columns its kind's metrics give. */
export function resultsCsv<R extends SimResult>(report: RunReport<R>): string {
  const m = metricsOf<R>(report.results[0]?.kind ?? 'cache');
  const cols = csvColumns(m, report.results);
  return toCsv(cols.map((c) => c.key), report.results.map((r) => Object.fromEntries(cols.map((c) => [c.key, csvValue(c, r)]))));
}
