import { inputError, usageError } from '../core/errors.js';
import { resolveCapacity, type CapacitySpec } from '../core/units.js';
import type { WriteMode } from '../engine/store.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry.js';
import { type TraceSummary } from '../trace/stats.js';
import { round6 } from '../core/numbers.js';
import type { TraceSource } from '../trace/types.js';
import { kneeIndex, logGrid } from './curve.js';
import { exactBytePoints, exactLruPass, exactObjectPoints, shardsPass, shardsPoints, simulationPass, type HitPoint } from './passes.js';
import type { ShardsSampling } from './shards.js';
import { measureWorkingSet, type WorkingSet } from './working-set.js';

export type CapacityUnit = 'objects' | 'bytes';

export interface MrcSettings {
  policy: PolicyInfo;
  params: PolicyParams;
  unit: CapacityUnit;
  /** Exact capacities to report; otherwise `points` log-spaced from `from` to `to`. */
  capacities?: CapacitySpec[];
  points: number;
  from: CapacitySpec;
  to: CapacitySpec;
  /** SHARDS: LRU curves from a sample; other policies as a miniature simulation. */
  sampling?: ShardsSampling;
  seed: number;
  writeMode: WriteMode;
}

/** One point of the curve, as documented in docs/planning.md. */
export interface MrcPoint {
  capacity: number;
  missRatio: number;
  /** Bytes of reads that missed / bytes of all reads; omitted when the trace has no sizes. */
  byteMissRatio?: number;
}

export type MrcMethod = 'stack-distance' | 'shards' | 'simulation' | 'miniature-simulation';

export interface MrcReport {
  trace: TraceSummary;
  policy: string;
  params?: PolicyParams;
  unit: CapacityUnit;
  /** How the curve was computed: exact LRU stack distances, SHARDS, or simulation. */
  method: MrcMethod;
  /** The SHARDS sample: its rate (the final one for a fixed-size sample) and size. */
  sampling?: { rate: number; sampleKeys?: number; seed: number };
  points: MrcPoint[];
  /** The point past which more cache buys much less (see curve.ts). */
  knee?: MrcPoint;
  /** Where the numbers are approximate, and why. */
  notes?: string[];
}

/**
 * A trace's miss-ratio curve for one policy. LRU: exact Mattson stack
 * distances in one pass (byte capacities need the working set first: two
 * passes), or SHARDS with a sample. Other policies: simulation at every
 * capacity in one replay, on the whole trace or (with a sample) miniature.
 */
export async function buildMrc(source: TraceSource, o: MrcSettings): Promise<MrcReport> {
  const isLru = o.policy.name === 'lru';
  const notes: string[] = [];
  let ws: WorkingSet | undefined;
  let points: HitPoint[];
  let method: MrcMethod;
  let sampling: MrcReport['sampling'];
  let simulatedTrace: TraceSummary | undefined;

  if (isLru && o.sampling) {
    method = 'shards';
    const r = await shardsPass(source, o.sampling, o.seed, o.writeMode);
    ws = r.ws;
    checkSizes(source, o.unit);
    points = shardsPoints(r.shards, grid(o, ws), o.unit, source.columns.size);
    sampling = { rate: round6(r.shards.rate), ...(o.sampling.kind === 'size' ? { sampleKeys: r.shards.trackedKeys } : {}), seed: o.seed };
    notes.push(`SHARDS sample of ${pct(r.shards.rate)} of keys (${r.shards.sampledReads.toLocaleString('en-US')} sampled reads): an estimate; capacities under about ${Math.round(100 / r.shards.rate).toLocaleString('en-US')} ${o.unit === 'objects' ? 'objects' : 'bytes-worth of objects'} hold too few sampled keys to be reliable`);
  } else if (isLru && o.unit === 'objects') {
    method = 'stack-distance';
    const r = await exactLruPass(source, [], o.writeMode);
    ws = r.ws;
    points = exactObjectPoints(r.lru, grid(o, ws), source.columns.size);
    if (r.lru.ttlRereads > 0) notes.push(`${r.lru.ttlRereads.toLocaleString('en-US')} re-reads carry a TTL: the store resets expiry only where they missed, so the curve is approximate (docs/planning.md)`);
  } else {
    ws = needsWorkingSet(o) ? await measureWorkingSet(source) : undefined;
    if (ws && ws.keys === 0) throw inputError(`${source.source}: the trace has no requests (only a header, or every row skipped): give a trace with at least one request`);
    const caps = grid(o, ws);
    if (isLru) {
      method = 'stack-distance';
      const r = await exactLruPass(source, caps, o.writeMode);
      ws = r.ws;
      checkSizes(source, o.unit);
      points = exactBytePoints(r.lru, source.columns.size);
      if (r.lru.sizeChanges > 0) notes.push(`${r.lru.sizeChanges.toLocaleString('en-US')} re-reads change a key's size: the byte curve takes the latest size and is approximate there (docs/planning.md)`);
      if (r.lru.removals > 0) notes.push(`${r.lru.removals.toLocaleString('en-US')} deletes: exact for object capacities, approximate for byte capacities`);
    } else {
      let rate: number | undefined;
      if (o.sampling) {
        const w = ws ?? (await measureWorkingSet(source));
        ws = w;
        rate = o.sampling.kind === 'rate' ? o.sampling.rate : Math.min(1, o.sampling.maxKeys / Math.max(1, w.keys));
        if (rate * w.keys < 1) throw usageError(`a sample of ${pct(rate)} of ${w.keys.toLocaleString('en-US')} keys holds no key: raise --sample-rate or --sample-size`);
        sampling = { rate: round6(rate), seed: o.seed };
        notes.push(`miniature simulation: the ${pct(rate)} of keys in the sample, replayed at capacities × ${round6(rate)}; an estimate`);
      }
      if (ws) checkSizes(source, o.unit);
      method = rate !== undefined && rate < 1 ? 'miniature-simulation' : 'simulation';
      const r = await simulationPass(source, {
        policy: o.policy,
        params: o.params,
        objects: o.unit === 'objects' ? caps : [],
        bytes: o.unit === 'bytes' ? caps : [],
        seed: o.seed,
        writeMode: o.writeMode,
        rate,
      });
      points = o.unit === 'objects' ? r.objects : r.bytes;
      simulatedTrace = r.report.trace;
    }
  }
  const trace = ws ? ws.summary(source) : simulatedTrace;
  if (!trace || trace.requests === 0) throw inputError(`${source.source}: the trace has no requests (only a header, or every row skipped): give a trace with at least one request`);
  const out = points.map(toMrcPoint);
  const knee = kneeIndex(out.map((p) => p.capacity), out.map((p) => p.missRatio));
  return {
    trace,
    policy: o.policy.name,
    ...(o.policy.params.length > 0 ? { params: o.params } : {}),
    unit: o.unit,
    method,
    ...(sampling ? { sampling } : {}),
    points: out,
    ...(knee !== undefined ? { knee: out[knee]! } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

function toMrcPoint(p: HitPoint): MrcPoint {
  const out: MrcPoint = { capacity: p.capacity, missRatio: round6(1 - p.hitRatio) };
  if (p.byteHitRatio !== undefined) out.byteMissRatio = round6(1 - p.byteHitRatio);
  return out;
}

function needsWorkingSet(o: MrcSettings): boolean {
  if (!o.capacities) return true;
  return o.capacities.some((c) => c.kind === 'percent');
}

/** The capacities to report, in the curve's unit. */
function grid(o: MrcSettings, ws: WorkingSet | undefined): number[] {
  const keys = ws?.keys ?? 0;
  const bytes = ws?.stats.uniqueBytes ?? 0;
  const resolve = (c: CapacitySpec): number => {
    if (c.kind !== 'percent' && c.kind !== o.unit) {
      throw usageError(`capacity ${c.value} is in ${c.kind} but the curve is in ${o.unit}: give ${o.unit === 'bytes' ? 'bytes with a unit (64MB)' : 'a count (5000)'} or a share (10%), or change --unit`);
    }
    return resolveCapacity(c.kind === 'percent' ? { ...c, unit: o.unit } : c, keys, bytes).value;
  };
  if (o.capacities) return [...new Set(o.capacities.map(resolve))].sort((a, b) => a - b);
  const lo = resolve(o.from);
  const hi = resolve(o.to);
  if (lo > hi) throw usageError(`--from (${lo}) is above --to (${hi}): the curve runs from the smaller capacity to the larger`);
  return logGrid(lo, hi, o.points);
}

function checkSizes(source: TraceSource, unit: CapacityUnit): void {
  if (unit === 'bytes' && !source.columns.size) {
    throw usageError(`${source.source}: a curve in bytes needs object sizes, and this trace has no size column: map one with --columns size=NAME, or use --unit objects`);
  }
}

function pct(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}
