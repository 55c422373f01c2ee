import type { WriteMode } from '../engine/store.js';
import { replay, type RunReport, type RunSpec } from '../engine/replay.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry.js';
import type { TraceSource } from '../trace/types.js';
import { ShardsLru, SampledTrace, type ShardsSampling } from './shards.js';
import { LruStackDistance } from './stack-distance.js';
import { WorkingSet } from './working-set.js';
import { SIMULATIONS } from '../run/kinds.js';

/**
 * The reads of a trace that produce hit ratios at many capacities: each
 * function here reads the trace once. The exact LRU pass and the SHARDS
 * pass answer any capacity afterwards (from their distance histograms);
 * byte capacities of the exact pass and every simulation need their
 * capacities up front.
 */

/** Hit ratios at one capacity; byteHitRatio only when the trace has sizes. */
export interface HitPoint {
  capacity: number;
  hitRatio: number;
  byteHitRatio?: number;
}

/** One read: exact LRU distances (and byte hits at `byteCapacities`), plus the working set. */
export async function exactLruPass(source: TraceSource, byteCapacities: readonly number[], writeMode: WriteMode, byteHistogram = false): Promise<{ lru: LruStackDistance; ws: WorkingSet }> {
  const lru = new LruStackDistance({ byteCapacities, writeMode, byteHistogram });
  const ws = new WorkingSet();
  for await (const c of source.chunks()) {
    ws.add(c);
    lru.processChunk(c, source.keys.size);
  }
  return { lru, ws };
}

export function exactObjectPoints(lru: LruStackDistance, capacities: readonly number[], hasSizes: boolean): HitPoint[] {
  return capacities.map((c) => point(c, lru.objectHits(c), lru.reads, lru.readBytes, hasSizes));
}

export function exactBytePoints(lru: LruStackDistance, hasSizes: boolean): HitPoint[] {
  return lru.byteCurve().map((h) => point(h.capacity, h, lru.reads, lru.readBytes, hasSizes));
}

function point(capacity: number, h: { hits: number; hitBytes: number }, reads: number, readBytes: number, hasSizes: boolean): HitPoint {
  const p: HitPoint = { capacity, hitRatio: reads > 0 ? h.hits / reads : 0 };
  if (hasSizes) p.byteHitRatio = readBytes > 0 ? h.hitBytes / readBytes : 0;
  return p;
}

/** One read: SHARDS-sampled LRU distances, plus the working set (of the whole trace). */
export async function shardsPass(source: TraceSource, sampling: ShardsSampling, seed: number, writeMode: WriteMode): Promise<{ shards: ShardsLru; ws: WorkingSet }> {
  const shards = new ShardsLru({ sampling, seed, writeMode });
  const ws = new WorkingSet();
  for await (const c of source.chunks()) {
    ws.add(c);
    shards.processChunk(c, source.keys.size);
  }
  return { shards, ws };
}

export function shardsPoints(shards: ShardsLru, capacities: readonly number[], unit: 'objects' | 'bytes', hasSizes: boolean): HitPoint[] {
  return capacities.map((capacity) => {
    const r = unit === 'objects' ? shards.atObjects(capacity) : shards.atBytes(capacity);
    const p: HitPoint = { capacity, hitRatio: r.hitRatio };
    if (hasSizes) p.byteHitRatio = r.byteHitRatio;
    return p;
  });
}

export interface SimulationRequest {
  policy: PolicyInfo;
  params: PolicyParams;
  objects: readonly number[];
  bytes: readonly number[];
  seed: number;
  writeMode: WriteMode;
  /** Miniature simulation: replay only a SHARDS sample at this rate, capacities scaled by it. */
  rate?: number;
}

/**
 * One read: the policy simulated at every capacity (replay() runs all of them
 * from that read). With a rate, the simulation is a miniature one: the
 * sampled keys' requests at capacities × rate, whose hit ratios estimate the
 * full cache's (Waldspurger et al., "Cache Modeling and Optimization using
 * Miniature Simulations", USENIX ATC '17).
 */
/**
 * SHARDS_adj for a miniature simulation: the sample drew N_s reads where
 * R·N were expected; the difference counts as hits at every size (the paper's
 * correction for a sample with too many or too few hot keys).
 */
function adjust(p: HitPoint, s: SampledTrace, rate: number): void {
  const expected = rate * s.reads;
  if (expected > 0) p.hitRatio = clamp01((p.hitRatio * s.sampledReads + expected - s.sampledReads) / expected);
  const expectedBytes = rate * s.readBytes;
  if (p.byteHitRatio !== undefined && expectedBytes > 0) {
    p.byteHitRatio = clamp01((p.byteHitRatio * s.sampledReadBytes + expectedBytes - s.sampledReadBytes) / expectedBytes);
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export async function simulationPass(source: TraceSource, req: SimulationRequest): Promise<{ objects: HitPoint[]; bytes: HitPoint[]; report: RunReport }> {
  const rate = req.rate ?? 1;
  const scale = (c: number): number => Math.max(1, Math.round(c * rate));
  const specs: RunSpec[] = [
    ...req.objects.map((c): RunSpec => ({ policy: req.policy, params: req.params, capacity: { kind: 'objects', value: scale(c) } })),
    ...req.bytes.map((c): RunSpec => ({ policy: req.policy, params: req.params, capacity: { kind: 'bytes', value: scale(c) } })),
  ];
  const sample = rate < 1 ? new SampledTrace(source, rate, req.seed) : undefined;
  const report = await replay(sample ?? source, specs, { kinds: SIMULATIONS, seed: req.seed, writeMode: req.writeMode });
  const hasSizes = source.columns.size;
  const toPoint = (capacity: number, i: number): HitPoint => {
    const r = report.results[i]!;
    const p: HitPoint = { capacity, hitRatio: r.hitRatio ?? 0 };
    if (hasSizes) p.byteHitRatio = r.byteHitRatio ?? 0;
    if (sample) adjust(p, sample, rate);
    return p;
  };
  return {
    objects: req.objects.map((c, i) => toPoint(c, i)),
    bytes: req.bytes.map((c, i) => toPoint(c, req.objects.length + i)),
    report,
  };
}
