import type { WriteMode } from '../engine/store.js';
import { growFloat64 } from '../core/typed-arrays.js';
import { OP_READ, OP_WRITE, type TraceChunk } from '../trace/types.js';
import { LogHistogram } from './histogram.js';
import { RecencyStack } from './recency-stack.js';

/**
 * Exact LRU miss-ratio curves in one pass (Mattson et al. 1970: LRU has the
 * inclusion property, so one stack of keys in recency order answers every
 * capacity at once), with the stack kept in a Fenwick tree: O(N log M) for N
 * requests over M keys.
 *
 * The store's semantics (src/engine/cache.ts), and how each maps to the stack:
 * - a read of a key in the stack hits at every capacity its stack distance
 *   fits in, and the key moves to the top;
 * - a read of a key not in the stack misses everywhere and pushes it with
 *   the request's size; an expired key (its TTL passed) is taken out first;
 * - a write puts the key on top with its new size and TTL (update), or takes
 *   it out (invalidate); a delete takes it out, leaving a hole (see
 *   recency-stack.ts) so that the caches it left keep its place free.
 *
 * Object capacities: a key is cached at capacity C iff fewer than C keys are
 * above it, so the distance histogram gives the exact curve at every C.
 *
 * Byte capacities: the store never admits an object larger than the cache,
 * and evicts from the LRU end until a new object fits. By induction, the
 * cache at capacity B holds the longest prefix of the stack — counting only
 * keys of at most B bytes — whose sizes sum to at most B. A read of key y
 * (recorded size s) hits at B iff s ≤ B and s + Σ{sizes ≤ B above y} ≤ B.
 * Because of the "≤ B" filter, inclusion fails (a 100-byte object evicts a
 * 1-byte one at B = 100 but is refused at B = 50), so the byte curve is
 * counted exactly at a grid of capacities chosen up front: distance without
 * the filter settles every capacity at or above it, and for smaller ones
 * the keys larger than each capacity are subtracted with one more tree per
 * capacity that some object exceeds.
 *
 * Where exactness ends: the store records a key's size (and TTL) when it
 * enters the cache. When a key is re-read with a different size, it hit at
 * some capacities (keeping the old size) and missed at others (taking the
 * new one), and from then on the stack differs per capacity; the same holds
 * for a TTL on a re-read. The stack takes the new size (what a miss would
 * store: on CloudPhysics, where 14% of reads change a block's size, that
 * stays within 0.003 of the store's byte hit ratios, against 0.017 for
 * keeping the old size) and keeps the old expiry, and counts such reads in
 * `sizeChanges` and `ttlRereads`. Object curves do not depend on sizes and
 * stay exact; the TTL case affects both. Holes are
 * exact for object capacities only: a deleted key's bytes free a different
 * amount of room at each byte capacity, so for bytes a delete simply takes the
 * key out, and `removals` counts them. With all three zero, both curves equal
 * the store's exactly, at every capacity; with only `removals` above zero,
 * the object curve still does.
 */
export interface LruStackOptions {
  /** Byte capacities to count exactly (any order; deduplicated and sorted). */
  byteCapacities?: readonly number[];
  /** What a write does, as for `run --on-write`. */
  writeMode?: WriteMode;
  /**
   * Also keep a histogram of byte distances (0.27% bins, keys larger than the
   * cache not left out): a fast first estimate of the byte curve, which the
   * exact grid then confirms.
   */
  byteHistogram?: boolean;
}

/** Hits at one capacity. */
export interface CapacityHits {
  capacity: number;
  hits: number;
  /** Sum of the request sizes of reads that hit. */
  hitBytes: number;
}

export class LruStackDistance {
  requests = 0;
  reads = 0;
  readBytes = 0;
  /** Reads that miss at every capacity: first reads, reads after a delete or an expiry. */
  coldMisses = 0;
  /** Re-reads whose size differs from the recorded size (see the class comment). */
  sizeChanges = 0;
  /** Re-reads that carried a TTL. */
  ttlRereads = 0;
  /** Deletes (and invalidating writes) of keys in the stack: exact for objects, not for bytes. */
  removals = 0;
  /** Largest object size seen. */
  maxSize = 0;

  private readonly stack: RecencyStack;
  private readonly invalidate: boolean;
  private expiry = new Float64Array(0);
  /** Reads that hit at stack depth d (1 = the top), and their bytes. */
  private depthHits = new Float64Array(1024);
  private depthBytes = new Float64Array(1024);
  private maxDepth = 0;
  /** Byte grid, ascending. */
  readonly byteCapacities: Float64Array;
  /** Byte distances of re-reads, when asked for. */
  readonly byteDistances: LogHistogram | undefined;
  /** Hits at grid index ≥ k, as a difference array, and hits at k alone. */
  private readonly gridFrom: Float64Array;
  private readonly gridFromBytes: Float64Array;
  private readonly gridOnly: Float64Array;
  private readonly gridOnlyBytes: Float64Array;

  constructor(opts: LruStackOptions = {}) {
    const caps = [...new Set(opts.byteCapacities ?? [])].sort((a, b) => a - b);
    for (const c of caps) if (!(c >= 1)) throw new RangeError(`byte capacity must be at least 1, got ${c}`);
    this.byteCapacities = Float64Array.from(caps);
    this.gridFrom = new Float64Array(caps.length + 1);
    this.gridFromBytes = new Float64Array(caps.length + 1);
    this.gridOnly = new Float64Array(caps.length);
    this.gridOnlyBytes = new Float64Array(caps.length);
    this.byteDistances = opts.byteHistogram ? new LogHistogram() : undefined;
    this.stack = new RecencyStack(caps.length > 0 || opts.byteHistogram === true, caps);
    this.invalidate = opts.writeMode === 'invalidate';
  }

  /** Feed the next chunk; `keyCount` bounds its ids (the source's keys.size). */
  processChunk(c: TraceChunk, keyCount: number): void {
    this.stack.grow(keyCount);
    if (this.expiry.length < keyCount) this.expiry = growFloat64(this.expiry, keyCount);
    const { times, ids, ops, sizes, ttls } = c;
    const n = c.length;
    for (let i = 0; i < n; i++) {
      const size = sizes[i]!;
      if (size > this.maxSize) this.maxSize = size;
      const op = ops[i]!;
      if (op === OP_READ) this.read(ids[i]!, size, ttls[i]!, times[i]!);
      else if (op === OP_WRITE) this.write(ids[i]!, size, ttls[i]!, times[i]!);
      else this.remove(ids[i]!);
    }
    this.requests += n;
  }

  private read(id: number, size: number, ttl: number, now: number): void {
    const stack = this.stack;
    this.reads++;
    this.readBytes += size;
    let slot = stack.slotOf[id]!;
    if (slot >= 0) {
      const e = this.expiry[id]!;
      // As the store: expired only once now is past the expiry time.
      if (e !== 0 && now > e) {
        stack.punch(id);
        slot = -1;
      }
    }
    if (slot < 0) {
      this.coldMisses++;
      stack.insert(id, size);
      this.expiry[id] = ttl > 0 ? now + ttl : 0;
      return;
    }
    stack.query(slot);
    const depth = stack.aboveCount + 1;
    if (depth >= this.depthHits.length) {
      this.depthHits = growFloat64(this.depthHits, depth + 1);
      this.depthBytes = growFloat64(this.depthBytes, depth + 1);
    }
    this.depthHits[depth]!++;
    this.depthBytes[depth]! += size;
    if (depth > this.maxDepth) this.maxDepth = depth;
    const recorded = stack.sizeOf(id);
    if (recorded !== size) this.sizeChanges++;
    if (ttl > 0) this.ttlRereads++;
    if (this.byteCapacities.length > 0) this.countBytes(recorded, slot, size);
    if (this.byteDistances) this.byteDistances.add(recorded + stack.aboveBytes, 1, size);
    stack.moveToTop(id, size);
  }

  /** Grid hits for a re-read of a key with recorded size s (see the class comment). */
  private countBytes(s: number, slot: number, requestSize: number): void {
    const caps = this.byteCapacities;
    const stack = this.stack;
    const above = stack.aboveBytes;
    const fit = lowerBound(caps, s);
    const all = lowerBound(caps, s + above);
    this.gridFrom[all]! += 1;
    this.gridFromBytes[all]! += requestSize;
    const last = Math.min(all, stack.bigUsed);
    for (let k = fit; k < last; k++) {
      const big = stack.bigAbove(k, slot);
      if (big > 0 && s + above - big <= caps[k]!) {
        this.gridOnly[k]! += 1;
        this.gridOnlyBytes[k]! += requestSize;
      }
    }
  }

  private write(id: number, size: number, ttl: number, now: number): void {
    if (this.invalidate) {
      this.remove(id);
      return;
    }
    const stack = this.stack;
    if (stack.slotOf[id]! >= 0) stack.moveToTop(id, size);
    else stack.insert(id, size);
    this.expiry[id] = ttl > 0 ? now + ttl : 0;
  }

  /** A delete, or a write that invalidates. */
  private remove(id: number): void {
    if (this.stack.slotOf[id]! < 0) return;
    this.stack.punch(id);
    this.removals++;
  }

  /** Exact hits at an object capacity. */
  objectHits(capacity: number): CapacityHits {
    let hits = 0;
    let hitBytes = 0;
    const top = Math.min(Math.floor(capacity), this.maxDepth);
    for (let d = 1; d <= top; d++) {
      hits += this.depthHits[d]!;
      hitBytes += this.depthBytes[d]!;
    }
    return { capacity, hits, hitBytes };
  }

  /** Exact hits at each object capacity (any order). */
  objectCurve(capacities: readonly number[]): CapacityHits[] {
    return capacities.map((c) => this.objectHits(c));
  }

  /** Exact hits at each grid byte capacity, ascending. */
  byteCurve(): CapacityHits[] {
    const out: CapacityHits[] = [];
    let hits = 0;
    let hitBytes = 0;
    for (let k = 0; k < this.byteCapacities.length; k++) {
      hits += this.gridFrom[k]!;
      hitBytes += this.gridFromBytes[k]!;
      out.push({ capacity: this.byteCapacities[k]!, hits: hits + this.gridOnly[k]!, hitBytes: hitBytes + this.gridOnlyBytes[k]! });
    }
    return out;
  }

  /** The smallest object capacity whose hit ratio (hits / reads) reaches `target`, or undefined. */
  smallestObjectCapacity(target: number): number | undefined {
    const need = target * this.reads * (1 - 1e-12);
    let hits = 0;
    for (let d = 1; d <= this.maxDepth; d++) {
      hits += this.depthHits[d]!;
      if (hits >= need && hits > 0) return d;
    }
    return undefined;
  }

  /** Distinct keys in the stack at the end (what a cache of unlimited size would hold). */
  get keysInStack(): number {
    return this.stack.live;
  }
}

/** The first index whose value is at least x (a.length when none). */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
