import { inputError, usageError } from '../core/errors.js';
import type { WriteMode } from '../engine/store.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry.js';
import { type TraceSummary } from '../trace/stats.js';
import { round6 } from '../core/numbers.js';
import type { TraceSource } from '../trace/types.js';
import { linearGrid, logGrid } from './curve.js';
import { exactBytePoints, exactLruPass, shardsPass, shardsPoints, simulationPass, type HitPoint } from './passes.js';
import type { ShardsSampling } from './shards.js';
import { measureWorkingSet } from './working-set.js';

/**
 * The smallest cache reaching a target hit ratio on a trace, in objects and
 * in bytes. The hit ratio is hits / reads (a byte capacity changes which
 * reads hit, not what is counted). Found by refining a bracket: a log-spaced
 * grid over the whole range, then a linear grid inside the first interval
 * that crosses the target, and again, until the answer is exact (objects) or
 * within 0.1% (bytes). Exact LRU answers in objects straight from its
 * distance histogram, and its byte-distance histogram puts the byte answer
 * in a ±2% bracket that one exact pass then checks and refines; SHARDS
 * answers everything from its one pass; a simulation reads the trace once
 * per refinement (its capacities are all simulated in that one read).
 *
 * For a policy whose hit ratio is not monotone in capacity (FIFO's Belady
 * anomaly, random replacement's noise) the answer is the first crossing the
 * refinement finds: a capacity that reaches the target, just above one that
 * does not.
 */
export interface TraceSizeOptions {
  policy: PolicyInfo;
  params: PolicyParams;
  target: number;
  seed: number;
  writeMode: WriteMode;
  sampling?: ShardsSampling;
}

export interface CapacityAnswer {
  /** The smallest capacity found reaching the target. */
  capacity: number;
  /** Hit ratio measured there. */
  hitRatio: number;
  /** The answer lies within this much above the true smallest capacity (0: exact). */
  resolution: number;
}

export interface TraceSizeResult {
  trace: TraceSummary;
  policy: string;
  method: 'stack-distance' | 'shards' | 'simulation' | 'miniature-simulation';
  /** Hit ratio with every key cached (only first reads miss): the ceiling. */
  bestHitRatio: number;
  /** Undefined when the target is above the ceiling. */
  objects?: CapacityAnswer;
  /** Only for traces with sizes. */
  bytes?: CapacityAnswer;
  /** Mean object size (bytes per distinct key, first-seen sizes). */
  meanObjectSize?: number;
  /** Reads of the trace this took. */
  passes: number;
  sampleRate?: number;
}

const GRID = 32;
const BYTE_TOLERANCE = 0.001;

interface Bracket {
  /** Largest capacity known to miss the target (0: none yet). */
  lo: number;
  /** Smallest capacity known to reach it (or, before any round, the top of the range). */
  hi: number;
  hitRatio: number;
  done: boolean;
  integerExact: boolean;
  /**
   * Next round's grid: log-spaced over (lo, hi] (hi = everything fits, not yet
   * checked); linear inside a checked bracket; or "seeded": an estimate's
   * bracket whose two ends are both still to be checked.
   */
  mode: 'log' | 'linear' | 'seeded';
  /** Where a seeded bracket falls back to when its top misses too. */
  top: number;
}

export async function sizeFromTrace(source: TraceSource, o: TraceSizeOptions): Promise<TraceSizeResult> {
  const isLru = o.policy.name === 'lru';
  let passes = 0;
  if (isLru && o.sampling) {
    const { shards, ws } = await shardsPass(source, o.sampling, o.seed, o.writeMode);
    passes = 1;
    const hasSizes = source.columns.size;
    const keys = ws.keys;
    if (keys === 0) throw inputError(`${source.source}: the trace has no requests (only a header, or every row skipped): give a trace with at least one request`);
    const at = (unit: 'objects' | 'bytes') => async (caps: number[]): Promise<HitPoint[]> => shardsPoints(shards, caps, unit, hasSizes);
    const best = shards.atObjects(keys).hitRatio;
    const objects = await refine(at('objects'), keys, o.target, false);
    const bytes = hasSizes ? await refine(at('bytes'), ws.maxBytes, o.target, false) : undefined;
    return result(o.policy.name, ws.summary(source), 'shards', best, objects, bytes, passes, ws.stats.uniqueBytes / keys, hasSizes, round6(shards.rate));
  }

  // Exact LRU: objects exact from one pass; other policies: a working-set pass first.
  let trace: TraceSummary;
  let keys: number;
  let maxBytes: number;
  let meanSize: number;
  let objects: Bracket | undefined;
  let best: number;
  let hasSizes: boolean;
  let byteSeed: [number, number] | undefined;
  if (isLru) {
    const { lru, ws } = await exactLruPass(source, [], o.writeMode, true);
    passes++;
    keys = ws.keys;
    if (keys === 0) throw inputError(`${source.source}: the trace has no requests (only a header, or every row skipped): give a trace with at least one request`);
    trace = ws.summary(source);
    maxBytes = ws.maxBytes;
    meanSize = ws.stats.uniqueBytes / keys;
    hasSizes = source.columns.size;
    best = lru.reads > 0 ? lru.objectHits(keys).hits / lru.reads : 0;
    const c = lru.smallestObjectCapacity(o.target);
    if (c !== undefined) objects = { lo: c - 1, hi: c, hitRatio: lru.objectHits(c).hits / lru.reads, done: true, integerExact: true, mode: 'linear', top: keys };
    // The byte-distance histogram places the byte answer within its bins; the exact grid then checks a ±2% bracket.
    const est = lru.byteDistances?.smallestReaching(o.target * lru.reads);
    if (hasSizes && est !== undefined) byteSeed = [Math.max(1, Math.floor(est * 0.98)), Math.min(Math.max(1, maxBytes), Math.ceil(est * 1.02))];
  } else {
    const ws = await measureWorkingSet(source);
    passes++;
    keys = ws.keys;
    if (keys === 0) throw inputError(`${source.source}: the trace has no requests (only a header, or every row skipped): give a trace with at least one request`);
    trace = ws.summary(source);
    maxBytes = ws.maxBytes;
    meanSize = ws.stats.uniqueBytes / keys;
    hasSizes = source.columns.size;
    best = NaN;
  }
  let rate: number | undefined;
  if (!isLru && o.sampling) {
    rate = o.sampling.kind === 'rate' ? o.sampling.rate : Math.min(1, o.sampling.maxKeys / keys);
    if (rate * keys < 1) throw usageError(`a sample of ${rate} of ${keys.toLocaleString('en-US')} keys holds no key: raise --sample-rate or --sample-size`);
  }

  // Both units refined together: one read of the trace per round evaluates both grids.
  const objB: Bracket | undefined = isLru ? objects : bracket(keys, true);
  const byteB: Bracket | undefined = hasSizes ? bracket(Math.max(1, maxBytes), false) : undefined;
  if (byteB && byteSeed && byteSeed[0] < byteSeed[1]) Object.assign(byteB, { lo: byteSeed[0], hi: byteSeed[1], mode: 'seeded' });
  let first = true;
  let objectsReachable = isLru ? objects !== undefined : true;
  let bytesReachable = true;
  for (let round = 0; round < 16; round++) {
    const objCaps = objB && !objB.done && objectsReachable ? candidates(objB) : [];
    const byteCaps = byteB && !byteB.done && bytesReachable ? candidates(byteB) : [];
    if (objCaps.length === 0 && byteCaps.length === 0) break;
    let objPts: HitPoint[];
    let bytePts: HitPoint[];
    if (isLru) {
      const { lru } = await exactLruPass(source, byteCaps, o.writeMode);
      objPts = [];
      bytePts = exactBytePoints(lru, hasSizes);
    } else {
      const r = await simulationPass(source, { policy: o.policy, params: o.params, objects: objCaps, bytes: byteCaps, seed: o.seed, writeMode: o.writeMode, rate });
      objPts = r.objects;
      bytePts = r.bytes;
      if (first) best = r.objects[r.objects.length - 1]?.hitRatio ?? NaN;
    }
    passes++;
    if (objCaps.length > 0) objectsReachable = narrow(objB!, objPts, o.target);
    if (byteCaps.length > 0) bytesReachable = narrow(byteB!, bytePts, o.target);
    first = false;
  }
  if (!isLru && !objectsReachable) objects = undefined;
  else if (!isLru) objects = objB;
  return result(o.policy.name, trace, isLru ? 'stack-distance' : rate !== undefined && rate < 1 ? 'miniature-simulation' : 'simulation', best, objects, bytesReachable ? byteB : undefined, passes, meanSize, hasSizes, rate);
}

function bracket(top: number, integerExact: boolean): Bracket {
  return { lo: 0, hi: top, hitRatio: NaN, done: false, integerExact, mode: 'log', top };
}

/** In-memory refinement (SHARDS): evaluate as often as needed. */
async function refine(evaluate: (caps: number[]) => Promise<HitPoint[]>, hi: number, target: number, integerExact: boolean): Promise<Bracket | undefined> {
  const b = bracket(Math.max(1, hi), integerExact);
  for (let round = 0; round < 16 && !b.done; round++) {
    if (!narrow(b, await evaluate(candidates(b)), target)) return undefined;
  }
  return b;
}

function candidates(b: Bracket): number[] {
  if (b.mode === 'log') return logGrid(Math.max(1, b.lo), b.hi, GRID);
  if (b.mode === 'seeded') return [b.lo, ...linearGrid(b.lo, b.hi, 2 * GRID)];
  return linearGrid(b.lo, b.hi, GRID);
}

/**
 * Move the bracket to the first candidate reaching the target. False when a
 * log round (which ends where everything fits) finds none: out of reach.
 */
function narrow(b: Bracket, pts: HitPoint[], target: number): boolean {
  const need = target * (1 - 1e-12);
  const k = pts.findIndex((p) => p.hitRatio >= need);
  if (k < 0) {
    if (b.mode === 'log') return false;
    if (b.mode === 'seeded') {
      // The estimate was low: search above it, up to everything fitting.
      Object.assign(b, { lo: b.hi, hi: b.top, mode: 'log' });
      return true;
    }
    b.done = true; // a linear round ends at the known hi; only rounding noise gets here
    return true;
  }
  if (k === 0 && b.mode === 'seeded') {
    // The estimate was high: search below its low end, which already reaches the target.
    Object.assign(b, { lo: 0, hi: pts[0]!.capacity, hitRatio: pts[0]!.hitRatio, mode: 'log' });
    return true;
  }
  b.lo = k > 0 ? pts[k - 1]!.capacity : b.lo;
  b.hi = pts[k]!.capacity;
  b.hitRatio = pts[k]!.hitRatio;
  b.mode = 'linear';
  b.done = b.hi - b.lo <= (b.integerExact ? 1 : Math.max(1, b.hi * BYTE_TOLERANCE));
  return true;
}

function result(
  policy: string, trace: TraceSummary, method: TraceSizeResult['method'], best: number,
  objects: Bracket | undefined, bytes: Bracket | undefined, passes: number, meanSize: number, hasSizes: boolean, rate?: number,
): TraceSizeResult {
  const answer = (b: Bracket | undefined): CapacityAnswer | undefined => b && Number.isFinite(b.hitRatio)
    ? { capacity: b.hi, hitRatio: round6(b.hitRatio), resolution: b.hi - b.lo <= 1 ? 0 : b.hi - b.lo }
    : undefined;
  const out: TraceSizeResult = { trace, policy, method, bestHitRatio: round6(best), passes };
  const obj = answer(objects);
  const byt = answer(bytes);
  if (obj) out.objects = obj;
  if (byt) out.bytes = byt;
  if (hasSizes) out.meanObjectSize = round6(meanSize);
  if (rate !== undefined) out.sampleRate = rate;
  return out;
}
