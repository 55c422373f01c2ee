import type { HotKeysReport } from '../cluster/hotkeys.js';
import type { ClusterResult } from '../cluster/result.js';
import { formatCapacity } from '../core/units.js';
import type { RunReport } from '../engine/replay.js';
import { asciichart } from './ascii-chart.js';
import { int, peaksIn, ratio, seconds, toCsv, type Paint } from './format.js';
import { CLUSTER_METRICS, clusterLabel, duration } from './metrics.js';
import { metricTable, traceLine } from './run-report.js';
import { makeTable } from './table.js';

/**
 * The table output of a cluster run: with several results (mitigation sets,
 * policies, capacities) a comparison table first; then, for each result,
 * its nodes and a chart of their load over time.
 */
export function clusterReport(report: RunReport<ClusterResult>, paint: Paint): string {
  const results = report.results;
  const parts = [traceLine(report.trace, paint)];
  const several = results.length > 1;
  if (several) parts.push(metricTable(CLUSTER_METRICS, results, paint));
  for (const r of results) {
    parts.push('');
    parts.push(paint.bold(`${clusterLabel(r, results)}`) + paint.dim(` · ${settingsText(r)}`));
    parts.push(nodeTable(r, paint));
    parts.push(summaryLine(r, paint));
    parts.push(loadChart(r, paint, several ? 6 : 10));
  }
  return parts.join('\n') + '\n';
}

function settingsText(r: ClusterResult): string {
  const c = r.cluster;
  const parts = [`${c.nodes} nodes`, c.sharding === 'ketama' ? `ketama, ${c.vnodes} vnodes` : 'hash slots'];
  if (c.replicas > 0) parts.push(`${c.replicas} replica${c.replicas > 1 ? 's' : ''} each`);
  if (c.l1) {
    const l1 = c.l1 as { size: number; ttl: number };
    parts.push(`L1 ${int(l1.size)} entries × ${duration(l1.ttl)} on ${c.appServers} app servers`);
  }
  if (c.fanout) parts.push(`fan-out ×${c.fanout} above ${int(c.hotThreshold as number)} reads/s`);
  if (c.coalesceWindow) parts.push(`coalescing ${duration(c.coalesceWindow as number)}`);
  parts.push(`limit ${int(c.nodeOps)} ops/s per node`, `${formatCapacity(r.capacity.value, r.capacity.unit)} each`, r.policy);
  return parts.join(' · ');
}

function nodeTable(r: ClusterResult, paint: Paint): string {
  const ketama = r.cluster.sharding === 'ketama';
  const head = ['node', ketama ? 'vnodes' : 'slots', 'ring share', 'keys', 'peak ops/s', 'mean ops/s', 's over limit', 'hit ratio'];
  const table = makeTable({ head: head.map((h) => paint.bold(h)), colAligns: ['left', ...head.slice(1).map(() => 'right' as const)] });
  for (const n of r.nodes) {
    const peak = int(n.peakOps);
    table.push([
      n.node === r.hottestNode ? paint.bold(n.node) : n.node,
      ketama ? int(n.vnodes ?? 0) : n.slotRanges ?? '',
      `${(n.ringShare * 100).toFixed(1)}%`,
      int(n.keys),
      n.peakOps > r.cluster.nodeOps ? paint.red(peak) : peak,
      int(n.meanOps),
      n.secondsOverLimit > 0 ? paint.red(duration(n.secondsOverLimit)) : '0',
      ratio(n.hitRatio),
    ]);
  }
  return table.toString();
}

function summaryLine(r: ClusterResult, paint: Paint): string {
  const parts = [`hottest ${r.hottestNode} at ${int(r.hottestNodePeakOps)} ops/s`, `imbalance ${r.imbalance.toFixed(2)} (max/mean)`];
  parts.push(`${int(r.clusterReads)} of ${int(r.reads)} reads reached the cluster`);
  if (r.l1HitRatio !== undefined) parts.push(`L1 hit ratio ${ratio(r.l1HitRatio)}, ${int(r.l1StaleReads ?? 0)} stale reads`);
  if (r.coalescedReads !== undefined) parts.push(`${int(r.coalescedReads)} reads coalesced`);
  if (r.hotKeysFound !== undefined) {
    const first = r.hotKeys?.[0];
    parts.push(`${int(r.hotKeysFound)} hot key${r.hotKeysFound === 1 ? '' : 's'} fanned out${first ? ` (${first.key} at ${seconds(first.detectedAt)} → ${[...new Set(first.copies.map((c) => c.node))].join(', ')})` : ''}`);
  }
  return paint.dim(parts.join(' · '));
}

/**
 * Rows for a chart up to `top`, at most `height` of them, spaced so the limit
 * falls on a row when it can (steps of limit/m), else in multiples of it.
 */
function gridFor(top: number, limit: number, height: number): { rows: number; step: number } {
  let best: { rows: number; step: number } | undefined;
  for (const m of [1, 2, 4, 5, 10, 20, 25, 50, 100]) {
    const rows = Math.ceil(top / (limit / m));
    if (rows <= height) best = { rows: Math.max(rows, 1), step: limit / m };
  }
  if (best) return best;
  for (let k = 2; ; k *= 2) {
    for (const step of [limit * k, limit * k * 1.25, limit * k * 2.5]) {
      const rows = Math.ceil(top / step);
      if (rows <= height) return { rows, step };
    }
  }
}

/** Columns a chart may take: longer series are folded, each column the peak of its windows. */
const CHART_COLUMNS = 64;

/** The series in `columns` columns: each window repeated when there are few, folded (peak of each run) when many. */
function fold(series: readonly number[], columns: number): number[] {
  if (series.length > columns) return peaksIn(series, columns);
  const r = Math.floor(columns / series.length);
  return series.flatMap((v) => new Array<number>(r).fill(v));
}

/**
 * Node load (ops/s) per window. On a colour terminal every node is a line
 * (up to 12); in plain text, where lines cannot be told apart, the hottest
 * node, the mean of the others and the limit.
 */
function loadChart(r: ClusterResult, paint: Paint, height: number): string {
  const ac = asciichart();
  const colour = paint.red('x') !== 'x';
  const windows = r.nodes[0]?.load.length ?? 0;
  if (windows < 2) return paint.dim('(one window: no chart)');
  const columns = windows >= CHART_COLUMNS ? CHART_COLUMNS : windows * Math.floor(CHART_COLUMNS / windows);
  const limit = r.cluster.nodeOps;
  const hottest = r.nodes.find((n) => n.node === r.hottestNode)!;
  let series: number[][];
  let colors: (string | undefined)[];
  let legend: string;
  if (colour && r.nodes.length <= 12) {
    const palette = [ac.red, ac.green, ac.blue, ac.magenta, ac.cyan, ac.yellow, ac.lightred, ac.lightgreen, ac.lightblue, ac.lightmagenta, ac.lightcyan, ac.lightyellow];
    series = r.nodes.map((n) => fold(n.load, columns));
    colors = r.nodes.map((_, i) => palette[i % palette.length]);
    legend = r.nodes.map((n, i) => ac.colored(`── ${n.node}`, colors[i])).join('  ');
  } else {
    const others = r.nodes.filter((n) => n !== hottest);
    const mean = hottest.load.map((_, w) => (others.length ? others.reduce((s, n) => s + n.load[w]!, 0) / others.length : 0));
    series = [fold(hottest.load, columns), fold(mean, columns)];
    colors = colour ? [ac.red, ac.green] : [undefined, undefined];
    legend = `upper line: ${hottest.node} (hottest) · lower line: mean of the other ${others.length} nodes`;
  }
  const scale = gridFor(Math.max(limit, ...series.flat()), limit, height);
  series.push(new Array<number>(columns).fill(limit));
  colors.push(colour ? ac.darkgray : undefined);
  const plot = ac.plot(series, {
    height: scale.rows,
    min: 0,
    max: scale.rows * scale.step,
    colors,
    format: (x: number) => int(x).padStart(9),
  });
  const ws = typeof r.cluster.loadWindowSeconds === 'number' ? r.cluster.loadWindowSeconds : r.cluster.windowSeconds;
  const span = windows * ws;
  const folded = windows > CHART_COLUMNS;
  // Data starts after the 9-character labels, a space and the axis.
  const end = seconds(span);
  const axis = `${' '.repeat(11)}0 s${' '.repeat(Math.max(1, columns - 3 - end.length))}${end}`;
  return [
    paint.dim(`node load, ops/s per ${seconds(ws)} window${folded ? ` (each column the peak of ${seconds(span / columns)})` : ''}; flat line: the limit, ${int(limit)} ops/s`),
    plot,
    paint.dim(axis),
    paint.dim(legend),
  ].join('\n');
}

// ---- cachesim hotkeys ----

export function hotKeysTable(report: HotKeysReport, paint: Paint): string {
  const hasNode = report.keys.some((k) => k.node !== undefined);
  const streaming = report.method === 'space-saving';
  const head = ['#', 'key', 'requests', 'share', ...(streaming ? ['max overcount'] : []), 'peak req/s', ...(report.sharding === 'ketama' ? [] : ['slot']), ...(hasNode ? ['node'] : [])];
  const table = makeTable({ head: head.map((h) => paint.bold(h)), colAligns: ['right', 'left', ...head.slice(2).map(() => 'right' as const)] });
  report.keys.forEach((k, i) => {
    table.push([
      String(i + 1),
      k.key,
      int(k.requests),
      `${(k.share * 100).toFixed(2)}%`,
      ...(streaming ? [int(k.error ?? 0)] : []),
      int(k.peakPerSecond),
      ...(report.sharding === 'ketama' ? [] : [String(k.slot)]),
      ...(hasNode ? [k.node ?? ''] : []),
    ]);
  });
  const t = report.trace;
  const head1 = `${paint.bold('Trace')} ${t.source}: ${int(t.requests)} requests · ${int(t.uniqueKeys)} keys${t.durationSeconds !== undefined ? ` · over ${seconds(t.durationSeconds)}` : ''}`;
  const how = streaming
    ? `top ${report.keys.length} by Space-Saving with ${int(report.counters ?? 0)} counters (counts are upper bounds, at most ± shown above the true count; peaks count from when a key was last admitted)`
    : `top ${report.keys.length} by exact counts`;
  const notes = [paint.dim(`${how}; peak over ${seconds(report.windowSeconds)} windows`)];
  if (report.nodes !== undefined) notes.push(paint.dim(`nodes: ${report.nodes} by ${report.sharding === 'ketama' ? `ketama (${report.vnodes} vnodes)` : 'hash slots'}`));
  return [head1, table.toString(), ...notes].join('\n') + '\n';
}

export const HOTKEYS_CSV_COLUMNS = ['rank', 'key', 'requests', 'share', 'error', 'peakPerSecond', 'slot', 'node'] as const;

export function hotKeysCsv(report: HotKeysReport): string {
  return toCsv(HOTKEYS_CSV_COLUMNS, report.keys.map((k, i) => ({ rank: i + 1, ...k })));
}
