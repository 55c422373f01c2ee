import type { ClusterResult } from '../cluster/result.js';
import { formatCapacity } from '../core/units.js';
import type { CacheResult } from '../engine/store.js';
import { POLICIES } from '../policies/registry.js';
import type { SimResult } from '../run/results.js';
import type { StrategyResult } from '../strategies/result.js';
import { int, ratio, seconds, type Paint } from './format.js';

/**
 * The metric registry: for each kind of result, every field it reports, in
 * its JSON order. The terminal table, the CSV, the HTML report and the
 * field tables in docs/json.md (checked by a test) all read it, so a new
 * metric is one entry here plus the code that counts it.
 */
export interface Metric<R> {
  /** The JSON field (and CSV column); CSV-only columns (`unit`) have `json: false`. */
  key: string;
  /** What it means: its row in docs/json.md. */
  doc: string;
  /** The table heading (terminal and HTML); absent: not a table column. */
  heading?: string;
  /** The cell's text; `best` when this row stands out in this column (the kind's `best` rule). */
  cell?(r: R, c: CellContext<R>): string;
  /** The column is shown only when this holds for the results (default: always). */
  applies?(results: readonly R[]): boolean;
  /** The CSV cell: the field itself (true), a function of the result, or not in the CSV (false: lists, series). */
  csv: boolean | ((r: R) => unknown);
  /** The CSV column appears only when some result has a value (the kind's own fields). */
  csvWhenPresent?: boolean;
  /** A CSV-only column, not a JSON field (docs/json.md leaves it out). */
  json?: false;
  /** Text, left-aligned in tables. */
  left?: boolean;
}

export interface CellContext<R> {
  paint: Paint;
  all: readonly R[];
  best: boolean;
}

/** One kind's metrics and its table rules. */
export interface KindMetrics<R> {
  kind: R extends { kind: infer K } ? K : never;
  /** Every field, in JSON (and CSV) order. */
  metrics: readonly Metric<R>[];
  /** The terminal table's columns, by key, left to right. */
  table: readonly string[];
  /** Row order in tables (default: as replayed). */
  order?(results: readonly R[]): R[];
  /** The rows that stand out, and the column that shows it: the terminal and the HTML highlight the same cells. */
  best(results: readonly R[]): { key: string; rows: ReadonlySet<R> };
}

const sameCapacity = (a: { capacity: { value: number; unit: string } }): string => `${a.capacity.value}${a.capacity.unit}`;
const distinct = <R>(results: readonly R[], f: (r: R) => string): number => new Set(results.map(f)).size;
const paramsText = (r: { params?: Record<string, string | number> }, sep: string): string => (r.params ? Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(sep) : '');

/**
 * The policy as a row label: parameters only where they differ from the
 * defaults (the JSON has them all), and Belady marked as the ceiling.
 */
export function policyLabel(r: { policy: string; params?: Record<string, string | number> }): string {
  const info = POLICIES.find((p) => p.name === r.policy);
  const changed = Object.entries(r.params ?? {}).filter(([k, v]) => info?.params.find((s) => s.name === k)?.default !== v);
  const name = info?.offline ? `${r.policy} (optimum)` : r.policy;
  return changed.length ? `${name} (${changed.map(([k, v]) => `${k}=${v}`).join(', ')})` : name;
}

/** Results grouped by capacity (in the order given), best hit ratio first within each. */
export function sortedForTable<R extends { capacity: { value: number; unit: string }; hitRatio?: number }>(results: readonly R[]): R[] {
  const capOrder: string[] = [];
  for (const r of results) if (!capOrder.includes(sameCapacity(r))) capOrder.push(sameCapacity(r));
  return [...results].sort((a, b) => {
    const ca = capOrder.indexOf(sameCapacity(a));
    const cb = capOrder.indexOf(sameCapacity(b));
    if (ca !== cb) return ca - cb;
    return (b.hitRatio ?? 0) - (a.hitRatio ?? 0);
  });
}

/** The best online hit ratio at each capacity (Belady is the ceiling, not a choice); none with a single row. */
function bestHitRatio<R extends SimResult>(results: readonly R[]): { key: string; rows: ReadonlySet<R> } {
  const offline = new Set(POLICIES.filter((p) => p.offline).map((p) => p.name));
  const best = new Map<string, number>();
  for (const r of results) if (!offline.has(r.policy)) best.set(sameCapacity(r), Math.max(best.get(sameCapacity(r)) ?? -1, r.hitRatio ?? -1));
  const rows = results.length > 1 ? results.filter((r) => r.hitRatio !== undefined && r.hitRatio === best.get(sameCapacity(r))) : [];
  return { key: 'hitRatio', rows: new Set(rows) };
}

const hasAdmission = (rs: readonly { admission?: string }[]): boolean => rs.some((r) => r.admission !== undefined);

/** The fields every kind's result starts with (docs/json.md), generic over the kind. */
function commonMetrics<R extends SimResult>(): Metric<R>[] {
  const count = (key: keyof CacheResult & string, heading: string | undefined, doc: string): Metric<R> => ({
    key, doc, csv: true, ...(heading ? { heading, cell: (r: R) => int(r[key] as number) } : {}),
  });
  return [
    { key: 'policy', doc: 'the policy\'s name, as `cachesim policies` lists it', heading: 'policy', cell: (r) => policyLabel(r), csv: true, left: true },
    { key: 'params', doc: 'the policy\'s parameters with their values; present only for policies that have parameters', csv: (r) => paramsText(r, ';') },
    { key: 'capacity', doc: '`{ "value", "unit" }`: unit `objects` or `bytes`; a `%` capacity appears resolved', heading: 'capacity', cell: (r) => formatCapacity(r.capacity.value, r.capacity.unit), csv: (r) => r.capacity.value },
    { key: 'unit', doc: 'the capacity\'s unit', json: false, csv: (r) => r.capacity.unit },
    count('requests', undefined, 'requests replayed'),
    count('reads', undefined, 'reads replayed'),
    count('hits', 'hits', 'reads that hit; `hits + misses = reads`'),
    count('misses', 'misses', 'reads that missed'),
    { key: 'hitRatio', doc: 'hits / reads, six decimals; omitted without reads', heading: 'hit ratio', cell: (r, c) => (c.best ? c.paint.green(ratio(r.hitRatio)) : ratio(r.hitRatio)), csv: true },
    { key: 'byteHitRatio', doc: 'bytes hit / bytes read, six decimals; omitted when the trace has no sizes', heading: 'byte hit ratio', cell: (r) => ratio(r.byteHitRatio), applies: (rs) => rs.some((r) => r.byteHitRatio !== undefined), csv: true },
    count('evictions', 'evictions', 'entries the policy evicted to make room'),
    count('expirations', 'expired', 'entries a read found expired'),
    count('dbReads', 'db reads', 'database reads (one per miss)'),
    count('dbWrites', 'db writes', 'database writes (one per write and per delete)'),
    count('writes', undefined, 'writes replayed'),
    count('deletes', undefined, 'deletes replayed'),
    count('rejected', undefined, 'inserts refused: larger than the whole cache, or nothing the policy may evict'),
    { key: 'admission', doc: 'with an admission other than none: its name and parameters', heading: 'admission', cell: (r) => r.admission ?? 'none', applies: hasAdmission, csv: true, csvWhenPresent: true, left: true },
    { key: 'notAdmitted', doc: 'with an admission other than none: the read misses it kept out', heading: 'not admitted', cell: (r) => int(r.notAdmitted ?? 0), applies: hasAdmission, csv: true, csvWhenPresent: true },
  ];
}

export const CACHE_METRICS: KindMetrics<CacheResult> = {
  kind: 'cache',
  metrics: commonMetrics<CacheResult>(),
  table: ['policy', 'admission', 'capacity', 'hitRatio', 'byteHitRatio', 'hits', 'misses', 'notAdmitted', 'evictions', 'expirations', 'dbReads', 'dbWrites'],
  order: sortedForTable,
  best: bestHitRatio,
};

const optionalInt = (v: number | undefined): string => (v === undefined ? '–' : int(v));
const ms = (x: number | undefined): string => (x === undefined ? '–' : Number(x.toPrecision(4)).toString());
const some = <R>(f: (r: R) => boolean) => (rs: readonly R[]): boolean => rs.some(f);
const group = (r: StrategyResult): string => `${r.policy}|${sameCapacity(r)}|${r.strategy}`;

export const STRATEGY_METRICS: KindMetrics<StrategyResult> = {
  kind: 'strategy',
  metrics: [
    ...commonMetrics<StrategyResult>().map((m): Metric<StrategyResult> => {
      // In the strategy table the policy and capacity columns name what differs between rows.
      if (m.key === 'policy') return { ...m, cell: (r) => r.policy, applies: (rs) => distinct(rs, (r) => r.policy) > 1 };
      if (m.key === 'capacity') return { ...m, applies: (rs) => distinct(rs, sameCapacity) > 1 };
      if (m.key === 'hitRatio') return { ...m, cell: (r) => ratio(r.hitRatio) };
      if (m.key === 'dbWrites') return { ...m, applies: some((r) => r.dbWrites > 0 || r.writes + r.deletes > 0) };
      return m;
    }),
    { key: 'strategy', doc: 'the caching strategy', heading: 'strategy', cell: (r) => r.strategy, csv: true, csvWhenPresent: true, left: true },
    { key: 'protection', doc: 'the stampede protection', heading: 'protection', cell: (r) => r.protection, csv: true, csvWhenPresent: true, left: true },
    { key: 'stampedes', doc: 'loads started while another load of the same key was in flight', heading: 'stampedes', cell: (r) => int(r.stampedes), csv: true, csvWhenPresent: true },
    { key: 'maxConcurrentLoads', doc: 'most loads of one key in flight at once', heading: 'max loads', cell: (r) => int(r.maxConcurrentLoads), csv: true, csvWhenPresent: true },
    { key: 'lockWaits', doc: '`lock` only: reads that found the lock taken and waited', heading: 'lock waits', cell: (r) => optionalInt(r.lockWaits), applies: some((r) => r.lockWaits !== undefined), csv: true, csvWhenPresent: true },
    { key: 'lockFallbacks', doc: '`lock` only: waiters that still found no value and loaded themselves', heading: 'fallbacks', cell: (r) => optionalInt(r.lockFallbacks), applies: some((r) => r.lockFallbacks !== undefined), csv: true, csvWhenPresent: true },
    { key: 'dbPeakQps', doc: 'the busiest window\'s database reads + writes, per second', heading: 'peak q/s', cell: (r, c) => (c.best ? c.paint.green(int(r.dbPeakQps)) : int(r.dbPeakQps)), csv: true, csvWhenPresent: true },
    { key: 'dbMeanQps', doc: 'all database reads + writes over the windows from the first request to the last (or to the last database operation), per second', heading: 'mean q/s', cell: (r) => int(r.dbMeanQps), csv: true, csvWhenPresent: true },
    { key: 'staleReads', doc: 'reads served a value the database had already superseded when they arrived', heading: 'stale reads', cell: (r) => int(r.staleReads), csv: true, csvWhenPresent: true },
    { key: 'maxStalenessSeconds', doc: 'the longest such staleness (0 when there were none)', heading: 'max stale', cell: (r) => (r.staleReads > 0 ? seconds(r.maxStalenessSeconds) : '–'), applies: some((r) => r.staleReads > 0), csv: true, csvWhenPresent: true },
    { key: 'earlyRefreshes', doc: 'xfetch, refresh-ahead and background only: reloads of a key that was still valid', heading: 'early', cell: (r) => optionalInt(r.earlyRefreshes), applies: some((r) => r.earlyRefreshes !== undefined), csv: true, csvWhenPresent: true },
    { key: 'lostWrites', doc: 'write-behind only: writes queued and lost in the crash (0 without one)', heading: 'lost writes', cell: (r) => optionalInt(r.lostWrites), applies: some((r) => r.lostWrites !== undefined), csv: true, csvWhenPresent: true },
    { key: 'lostKeys', doc: 'write-behind only: the keys of those writes, in queue order, at most 1,000', csv: false },
    { key: 'lostKeysNotListed', doc: 'present when more than 1,000 keys were lost', csv: false },
    { key: 'readLatency', doc: '`{ p50, p95, p99 }` in milliseconds, over every read; omitted without reads', csv: false },
    { key: 'readLatencyP50Ms', doc: 'readLatency.p50', json: false, heading: 'p50 ms', cell: (r) => ms(r.readLatency?.p50), csv: (r) => r.readLatency?.p50, csvWhenPresent: true },
    { key: 'readLatencyP95Ms', doc: 'readLatency.p95', json: false, heading: 'p95 ms', csv: (r) => r.readLatency?.p95, csvWhenPresent: true },
    { key: 'readLatencyP99Ms', doc: 'readLatency.p99', json: false, heading: 'p99 ms', cell: (r) => ms(r.readLatency?.p99), csv: (r) => r.readLatency?.p99, csvWhenPresent: true },
    { key: 'dbLoad', doc: '`{ windowSeconds, startSeconds, reads: [...], writes: [...] }`: database reads and writes counted per window, from `startSeconds` (the first request\'s time)', csv: false },
  ],
  table: ['policy', 'capacity', 'strategy', 'protection', 'hitRatio', 'dbReads', 'dbWrites', 'dbPeakQps', 'dbMeanQps', 'stampedes', 'maxConcurrentLoads', 'lockWaits', 'lockFallbacks', 'earlyRefreshes', 'expirations', 'staleReads', 'maxStalenessSeconds', 'lostWrites', 'readLatencyP50Ms', 'readLatencyP99Ms'],
  // The lowest peak database load among rows that differ only in protection stands out.
  best(results) {
    if (distinct(results, (r) => r.protection) <= 1) return { key: 'dbPeakQps', rows: new Set() };
    const low = new Map<string, number>();
    for (const r of results) low.set(group(r), Math.min(low.get(group(r)) ?? Infinity, r.dbPeakQps));
    return { key: 'dbPeakQps', rows: new Set(results.filter((r) => r.dbPeakQps === low.get(group(r)))) };
  },
};

/** Seconds as people say them: 1 ms, 0.5 s, 20 s, 2.5 min. */
export function duration(s: number): string {
  return s > 0 && s < 1 ? `${Number((s * 1000).toFixed(3))} ms` : seconds(s);
}

/** A cluster result's label among others: its mitigation set, and what else differs. */
export function clusterLabel(r: ClusterResult, all: readonly ClusterResult[]): string {
  const extra = [distinct(all, (x) => x.policy) > 1 ? r.policy : '', distinct(all, sameCapacity) > 1 ? formatCapacity(r.capacity.value, r.capacity.unit) : ''].filter(Boolean);
  return `mitigation ${r.mitigation}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

const hasL1 = some((r: ClusterResult) => r.l1HitRatio !== undefined);

export const CLUSTER_METRICS: KindMetrics<ClusterResult> = {
  kind: 'cluster',
  metrics: [
    ...commonMetrics<ClusterResult>(),
    { key: 'mitigation', doc: 'the set: `none`, `l1`, `replicas`, `fanout`, `coalesce`, `all`, or a `+` combination', heading: 'mitigation', cell: (r, c) => clusterLabel(r, c.all).replace(/^mitigation /, ''), csv: true, csvWhenPresent: true, left: true },
    { key: 'cluster', doc: 'the settings: `nodes`, `sharding`, `vnodes` (ketama), `replicas`, `nodeOps`, `windowSeconds`; `appServers` and `l1 {size, ttl}` with an L1; `fanout` and `hotThreshold` with fan-out; `coalesceWindow` with coalescing', csv: false },
    { key: 'clusterNodes', doc: 'cluster.nodes', json: false, csv: (r) => r.cluster.nodes, csvWhenPresent: true },
    { key: 'clusterReplicas', doc: 'cluster.replicas', json: false, csv: (r) => r.cluster.replicas, csvWhenPresent: true },
    { key: 'clusterReads', doc: 'reads that reached a node', heading: 'cluster reads', cell: (r) => int(r.clusterReads), csv: true, csvWhenPresent: true },
    { key: 'clusterOps', doc: 'commands all nodes executed (the sum of `nodes[].ops`)', csv: true, csvWhenPresent: true },
    { key: 'hottestNode', doc: 'the node with the busiest window', heading: 'hottest node', cell: (r) => r.hottestNode, csv: true, csvWhenPresent: true, left: true },
    {
      key: 'hottestNodePeakOps', doc: 'that window\'s operations per second', heading: 'peak ops/s', csv: true, csvWhenPresent: true,
      cell: (r, c) => (r.hottestNodePeakOps > r.cluster.nodeOps ? c.paint.red(int(r.hottestNodePeakOps)) : c.best ? c.paint.green(int(r.hottestNodePeakOps)) : int(r.hottestNodePeakOps)),
    },
    { key: 'imbalance', doc: 'the busiest node\'s operations / the mean node\'s', heading: 'imbalance', cell: (r) => r.imbalance.toFixed(2), csv: true, csvWhenPresent: true },
    { key: 'nodesOverLimit', doc: 'nodes that exceeded `nodeOps` in some window', heading: 'nodes over', cell: (r) => `${r.nodesOverLimit} of ${r.nodes.length}`, csv: true, csvWhenPresent: true },
    { key: 'secondsOverLimit', doc: 'the longest any one node spent over the limit', heading: 's over limit', cell: (r, c) => (r.secondsOverLimit > 0 ? c.paint.red(duration(r.secondsOverLimit)) : '0'), csv: true, csvWhenPresent: true },
    { key: 'l1Hits', doc: 'with an L1: reads it served', csv: true, csvWhenPresent: true },
    { key: 'l1HitRatio', doc: 'with an L1: their share of all reads', heading: 'L1 hit ratio', cell: (r) => ratio(r.l1HitRatio), applies: hasL1, csv: true, csvWhenPresent: true },
    { key: 'l1StaleReads', doc: 'with an L1: reads it served older than the database\'s version', heading: 'stale reads', cell: (r) => optionalInt(r.l1StaleReads), applies: hasL1, csv: true, csvWhenPresent: true },
    { key: 'coalescedReads', doc: 'with coalescing: reads that shared another\'s cluster read', csv: true, csvWhenPresent: true },
    { key: 'clusterCallsSaved', doc: 'with an L1 or coalescing: reads that never reached the cluster', csv: true, csvWhenPresent: true },
    { key: 'hotKeysFound', doc: 'with fan-out: how many keys became hot', csv: true, csvWhenPresent: true },
    { key: 'hotKeys', doc: 'with fan-out: the first 20 hot keys: `key`, `detectedAt` (seconds from the trace\'s start), `copies` (`name`, `node`)', csv: false },
    { key: 'nodes', doc: 'per node (primaries, each followed by its replicas): `node`, `role`, `replicaOf`, `slots` and `slotRanges` or `vnodes`, `ringShare`, `keys`, `ops`, `reads`, `peakOps`, `meanOps`, `secondsOverLimit`, `hitRatio` (its shard\'s store), `load` (ops/s per window)', csv: false },
  ],
  table: ['mitigation', 'hottestNode', 'hottestNodePeakOps', 'secondsOverLimit', 'nodesOverLimit', 'imbalance', 'clusterReads', 'l1HitRatio', 'l1StaleReads', 'hitRatio', 'dbReads'],
  // The lowest peak on the hottest node stands out (one that is over the limit shows red instead).
  best(results) {
    if (results.length <= 1) return { key: 'hottestNodePeakOps', rows: new Set() };
    const low = Math.min(...results.map((r) => r.hottestNodePeakOps));
    return { key: 'hottestNodePeakOps', rows: new Set(results.filter((r) => r.hottestNodePeakOps === low)) };
  },
};

/** Every kind's metrics, by kind: the one place reports look a kind up. */
export const METRICS: { [K in SimResult['kind']]: KindMetrics<Extract<SimResult, { kind: K }>> } = {
  cache: CACHE_METRICS,
  strategy: STRATEGY_METRICS,
  cluster: CLUSTER_METRICS,
};

/** A kind's metrics over its results (results of one report share a kind). */
export function metricsOf<R extends SimResult>(kind: R['kind']): KindMetrics<R> {
  return METRICS[kind] as unknown as KindMetrics<R>;
}

/** The table columns that apply to these results, in the kind's order. */
export function tableColumns<R>(m: KindMetrics<R>, results: readonly R[]): Metric<R>[] {
  return m.table.map((key) => m.metrics.find((x) => x.key === key)!).filter((x) => !x.applies || x.applies(results));
}

/** The CSV columns for these results: every column of the kind, its own fields only when some result has them. */
export function csvColumns<R>(m: KindMetrics<R>, results: readonly R[]): Metric<R>[] {
  return m.metrics.filter((x) => x.csv !== false && (!x.csvWhenPresent || results.some((r) => csvValue(x, r) !== undefined)));
}

export function csvValue<R>(m: Metric<R>, r: R): unknown {
  return typeof m.csv === 'function' ? m.csv(r) : (r as Record<string, unknown>)[m.key];
}

/** The rows of docs/json.md's field table for a kind: its own fields (a kind beyond cache lists only what it adds). */
export function metricsDoc<R>(m: KindMetrics<R>, own: (key: string) => boolean = () => true): string {
  const rows = m.metrics.filter((x) => x.json !== false && own(x.key)).map((x) => `| \`${x.key}\` | ${x.doc} |`);
  return ['| field | meaning |', '|---|---|', ...rows].join('\n');
}
