import { formatCapacity } from '../core/units.js';
import type { RunReport, RunResult } from '../engine/replay.js';
import type { TraceSummary } from '../trace/stats.js';
import { int, ratio, seconds, toCsv, type Paint } from './format.js';
import { makeTable } from './table.js';
import { POLICIES } from '../policies/registry.js';

export function traceLine(t: TraceSummary, paint: Paint): string {
  const parts = [
    `${int(t.requests)} requests (${int(t.reads)} reads, ${int(t.writes)} writes, ${int(t.deletes)} deletes)`,
    `${int(t.uniqueKeys)} keys`,
  ];
  if (t.durationSeconds !== undefined) parts.push(`over ${seconds(t.durationSeconds)}`);
  if (t.skippedRows !== undefined) parts.push(paint.yellow(`${int(t.skippedRows)} bad rows skipped`));
  return `${paint.bold('Trace')} ${t.source}: ${parts.join(' · ')}`;
}

/**
 * The policy as a row label: parameters only where they differ from the
 * defaults (the JSON has them all), and Belady marked as the ceiling.
 */
export function policyLabel(r: RunResult): string {
  const info = POLICIES.find((p) => p.name === r.policy);
  const changed = Object.entries(r.params ?? {}).filter(([k, v]) => info?.params.find((s) => s.name === k)?.default !== v);
  const name = info?.offline ? `${r.policy} (optimum)` : r.policy;
  return changed.length ? `${name} (${changed.map(([k, v]) => `${k}=${v}`).join(', ')})` : name;
}

/** Results grouped by capacity (in the order given), best hit ratio first within each. */
export function sortedForTable(results: readonly RunResult[]): RunResult[] {
  const capOrder: string[] = [];
  for (const r of results) {
    const key = `${r.capacity.value}${r.capacity.unit}`;
    if (!capOrder.includes(key)) capOrder.push(key);
  }
  return [...results].sort((a, b) => {
    const ca = capOrder.indexOf(`${a.capacity.value}${a.capacity.unit}`);
    const cb = capOrder.indexOf(`${b.capacity.value}${b.capacity.unit}`);
    if (ca !== cb) return ca - cb;
    return (b.hitRatio ?? 0) - (a.hitRatio ?? 0);
  });
}

export function runTable(report: RunReport, paint: Paint): string {
  const hasBytes = report.results.some((r) => r.byteHitRatio !== undefined);
  // Admission columns only when a run compared admissions.
  const hasAdmission = report.results.some((r) => r.admission !== undefined);
  const head = ['policy', ...(hasAdmission ? ['admission'] : []), 'capacity', 'hit ratio', ...(hasBytes ? ['byte hit ratio'] : []), 'hits', 'misses', ...(hasAdmission ? ['not admitted'] : []), 'evictions', 'expired', 'db reads', 'db writes'];
  const table = makeTable({
    head: head.map((h) => paint.bold(h)),
    colAligns: [...(hasAdmission ? ['left' as const] : []), 'left', 'right', ...head.slice(hasAdmission ? 3 : 2).map(() => 'right' as const)],
  });
  const rows = sortedForTable(report.results);
  // The best online policy per capacity is highlighted; Belady is the ceiling, not a choice.
  const offline = new Set(POLICIES.filter((p) => p.offline).map((p) => p.name));
  const best = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.capacity.value}${r.capacity.unit}`;
    if (!offline.has(r.policy)) best.set(k, Math.max(best.get(k) ?? -1, r.hitRatio ?? -1));
  }
  for (const r of rows) {
    const top = rows.length > 1 && r.hitRatio !== undefined && r.hitRatio === best.get(`${r.capacity.value}${r.capacity.unit}`);
    const hr = ratio(r.hitRatio);
    table.push([
      policyLabel(r),
      ...(hasAdmission ? [r.admission ?? 'none'] : []),
      formatCapacity(r.capacity.value, r.capacity.unit),
      top ? paint.green(hr) : hr,
      ...(hasBytes ? [ratio(r.byteHitRatio)] : []),
      int(r.hits),
      int(r.misses),
      ...(hasAdmission ? [int(r.notAdmitted ?? 0)] : []),
      int(r.evictions),
      int(r.expirations),
      int(r.dbReads),
      int(r.dbWrites),
    ]);
  }
  const notes: string[] = [];
  const rejected = report.results.filter((r) => r.rejected > 0);
  if (rejected.length) notes.push(paint.dim(`rejected inserts (too large for the cache, or nothing evictable): ${rejected.map((r) => `${r.policy}@${formatCapacity(r.capacity.value, r.capacity.unit)} ${int(r.rejected)}`).join(', ')}`));
  if (report.results.some((r) => r.policy === 'random' || r.policy.includes('random') || /^(prob|adaptsize)/.test(r.admission ?? ''))) notes.push(paint.dim(`seed ${report.seed}`));
  return [traceLine(report.trace, paint), table.toString(), ...notes].join('\n') + '\n';
}

export const RUN_CSV_COLUMNS = [
  'policy', 'params', 'capacity', 'unit', 'requests', 'reads', 'hits', 'misses', 'hitRatio', 'byteHitRatio',
  'evictions', 'expirations', 'dbReads', 'dbWrites', 'writes', 'deletes', 'rejected',
] as const;

export function runCsv(report: RunReport): string {
  const hasAdmission = report.results.some((r) => r.admission !== undefined);
  const columns = hasAdmission ? [...RUN_CSV_COLUMNS, 'admission', 'notAdmitted'] : RUN_CSV_COLUMNS;
  return toCsv(columns, report.results.map((r) => ({
    ...r,
    params: r.params ? Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(';') : '',
    capacity: r.capacity.value,
    unit: r.capacity.unit,
  })));
}
