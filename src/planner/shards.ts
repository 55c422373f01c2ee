import { fmix32 } from '../core/hash.js';
import type { WriteMode } from '../engine/store.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import { allocChunk, OP_READ, OP_WRITE, type TraceChunk, type TraceColumns, type TraceSource } from '../trace/types.js';
import type { KeyTable } from '../trace/keys.js';
import { LogHistogram } from './histogram.js';
import { RecencyStack } from './recency-stack.js';

/**
 * SHARDS — Spatially Hashed Approximate Reuse Distance Sampling (Waldspurger,
 * Park, Garthwaite & Ahmad, FAST '15). A key is in the sample iff hash(key)
 * mod P < T, so the sample keeps every request of the keys it holds, and a
 * sampled key's stack distance counts only sampled keys: scaled by 1/R
 * (R = T/P) it estimates the full distance. Two variants:
 *
 * - fixed rate: R stays as given; the sample holds about R·M keys. With the
 *   paper's SHARDS_adj correction, the difference between the expected
 *   sampled reads (R × all reads) and those sampled is added to the first
 *   bucket (hits at every size), correcting for a sample that drew too many
 *   or too few hot keys.
 * - fixed size (s_max): start at R = 1 (or the given rate) and, whenever
 *   more than s_max keys are tracked, drop the keys with the largest hash and
 *   lower T to it. Memory is then bounded by s_max whatever the trace.
 *
 * Each sampled reference adds weight 1/R (at the rate then current) to the
 * histograms; that is the paper's "rescale the histogram when R drops" done
 * lazily, and makes every count an estimate of full-trace references.
 *
 * Byte distances sum the sizes of the keys above, scaled by 1/R; unlike the
 * exact byte curve (stack-distance.ts) they do not leave out keys larger than
 * the cache, which matters only at capacities near the largest object.
 */
export type ShardsSampling =
  | { kind: 'rate'; rate: number }
  | { kind: 'size'; maxKeys: number; initialRate?: number };

const TWO32 = 4294967296;

/** A well-mixed 32-bit hash of a key id (murmur3's finaliser over id ⊕ a seed-derived word). */
export function shardsHash(id: number, seedWord: number): number {
  return fmix32(Math.imul(id ^ seedWord, 0x9e3779b1));
}

/** The word a seed mixes into every hash: a different seed draws a different sample. */
export function seedWord(seed: number): number {
  return shardsHash(seed | 0, 0x5bd1e995);
}

export interface ShardsOptions {
  sampling: ShardsSampling;
  seed: number;
  writeMode?: WriteMode;
  /** SHARDS_adj for fixed rate (default on). */
  adjust?: boolean;
}

export class ShardsLru {
  /** Every read of the trace, and their bytes (sampled or not). */
  reads = 0;
  readBytes = 0;
  requests = 0;
  /** Sampled reads, unweighted (N_s) and weighted by 1/R. */
  sampledReads = 0;
  weightedReads = 0;
  weightedReadBytes = 0;
  /** Current sampling rate and threshold: a key is sampled iff its hash < threshold. */
  rate: number;
  threshold: number;
  /** Keys in the sample (fixed size: at most maxKeys). */
  trackedKeys = 0;

  private readonly stack = new RecencyStack();
  private readonly objects = new LogHistogram();
  private readonly bytes = new LogHistogram();
  private readonly seedWord: number;
  private readonly invalidate: boolean;
  private readonly adjust: boolean;
  private readonly maxKeys: number;
  private expiry = new Float64Array(0);
  private tracked = new Uint8Array(0);
  /** Fixed size: tracked keys as a max-heap on hash. */
  private heapHash = new Float64Array(0);
  private heapId = new Int32Array(0);

  constructor(readonly opts: ShardsOptions) {
    const s = opts.sampling;
    const rate = s.kind === 'rate' ? s.rate : s.initialRate ?? 1;
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`sampling rate must be above 0 and at most 1, got ${rate}`);
    this.rate = rate;
    this.threshold = rate * TWO32;
    this.seedWord = seedWord(opts.seed);
    this.invalidate = opts.writeMode === 'invalidate';
    this.adjust = opts.adjust ?? true;
    this.maxKeys = s.kind === 'size' ? s.maxKeys : 0;
    if (s.kind === 'size') {
      if (!(Number.isInteger(s.maxKeys) && s.maxKeys >= 1)) throw new RangeError(`sample size must be a whole number of keys, got ${s.maxKeys}`);
      this.heapHash = new Float64Array(s.maxKeys + 1);
      this.heapId = new Int32Array(s.maxKeys + 1);
    }
  }

  processChunk(c: TraceChunk, keyCount: number): void {
    this.stack.grow(keyCount);
    if (this.expiry.length < keyCount) this.expiry = growFloat64(this.expiry, keyCount);
    if (this.maxKeys > 0 && this.tracked.length < keyCount) this.tracked = growUint8(this.tracked, keyCount);
    const { times, ids, ops, sizes, ttls } = c;
    const n = c.length;
    const word = this.seedWord;
    let reads = 0;
    let readBytes = 0;
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      if (op === OP_READ) {
        reads++;
        readBytes += sizes[i]!;
      }
      const id = ids[i]!;
      const h = shardsHash(id, word);
      if (h >= this.threshold) continue;
      if (this.maxKeys > 0 && this.tracked[id] === 0 && !this.track(id, h)) continue;
      if (op === OP_READ) this.read(id, sizes[i]!, ttls[i]!, times[i]!);
      else if (op === OP_WRITE) this.write(id, sizes[i]!, ttls[i]!, times[i]!);
      else if (this.stack.slotOf[id]! >= 0) this.stack.punch(id);
    }
    this.reads += reads;
    this.readBytes += readBytes;
    this.requests += n;
  }

  private read(id: number, size: number, ttl: number, now: number): void {
    const stack = this.stack;
    const w = 1 / this.rate;
    this.sampledReads++;
    this.weightedReads += w;
    this.weightedReadBytes += w * size;
    let slot = stack.slotOf[id]!;
    if (slot >= 0) {
      const e = this.expiry[id]!;
      if (e !== 0 && now > e) {
        stack.punch(id);
        slot = -1;
      }
    }
    if (slot < 0) {
      stack.insert(id, size);
      this.expiry[id] = ttl > 0 ? now + ttl : 0;
      return;
    }
    stack.query(slot);
    this.objects.add(1 + stack.aboveCount * w, w, size);
    this.bytes.add(stack.sizeOf(id) + stack.aboveBytes * w, w, size);
    stack.moveToTop(id, size);
  }

  private write(id: number, size: number, ttl: number, now: number): void {
    const stack = this.stack;
    if (this.invalidate) {
      if (stack.slotOf[id]! >= 0) stack.punch(id);
      return;
    }
    if (stack.slotOf[id]! >= 0) stack.moveToTop(id, size);
    else stack.insert(id, size);
    this.expiry[id] = ttl > 0 ? now + ttl : 0;
  }

  /**
   * Fixed size: a key seen for the first time below the threshold joins the
   * sample; past s_max, the keys with the largest hash leave it and the
   * threshold drops to that hash. False when the new key itself left.
   */
  private track(id: number, h: number): boolean {
    this.heapPush(h, id);
    this.tracked[id] = 1;
    this.trackedKeys++;
    if (this.trackedKeys <= this.maxKeys) return true;
    const top = this.heapHash[0]!;
    while (this.trackedKeys > 0 && this.heapHash[0] === top) {
      const out = this.heapPop();
      this.tracked[out] = 0;
      this.trackedKeys--;
      if (this.stack.slotOf[out]! >= 0) this.stack.remove(out);
    }
    this.threshold = top;
    this.rate = top / TWO32;
    return h < top;
  }

  private heapPush(h: number, id: number): void {
    const hh = this.heapHash;
    const hi = this.heapId;
    let i = this.trackedKeys;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hh[p]! >= h) break;
      hh[i] = hh[p]!;
      hi[i] = hi[p]!;
      i = p;
    }
    hh[i] = h;
    hi[i] = id;
  }

  /** Remove the largest hash; trackedKeys still counts it. */
  private heapPop(): number {
    const hh = this.heapHash;
    const hi = this.heapId;
    const top = hi[0]!;
    const n = this.trackedKeys - 1;
    const lastH = hh[n]!;
    const lastId = hi[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && hh[c + 1]! > hh[c]!) c++;
      if (hh[c]! <= lastH) break;
      hh[i] = hh[c]!;
      hi[i] = hi[c]!;
      i = c;
    }
    if (n > 0) {
      hh[i] = lastH;
      hi[i] = lastId;
    }
    return top;
  }

  /** Estimated reads of the whole trace: all of them with SHARDS_adj, else the weighted sample. */
  private get estimatedReads(): number {
    return this.adjust ? this.reads : this.weightedReads;
  }

  private get estimatedReadBytes(): number {
    return this.adjust ? this.readBytes : this.weightedReadBytes;
  }

  /** Estimated hit ratio and byte hit ratio at an object capacity. */
  atObjects(capacity: number): { hitRatio: number; byteHitRatio: number } {
    return this.ratios(this.objects.atMost(capacity));
  }

  /** Estimated hit ratio and byte hit ratio at a byte capacity. */
  atBytes(capacity: number): { hitRatio: number; byteHitRatio: number } {
    return this.ratios(this.bytes.atMost(capacity));
  }

  private ratios(h: { count: number; bytes: number }): { hitRatio: number; byteHitRatio: number } {
    let hits = h.count;
    let hitBytes = h.bytes;
    if (this.adjust) {
      // SHARDS_adj: (expected − actual) sampled reads, in full-trace units, hit at every size.
      hits += this.reads - this.weightedReads;
      hitBytes += this.readBytes - this.weightedReadBytes;
    }
    const reads = this.estimatedReads;
    const bytes = this.estimatedReadBytes;
    return { hitRatio: clamp01(reads > 0 ? hits / reads : 0), byteHitRatio: clamp01(bytes > 0 ? hitBytes / bytes : 0) };
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * The requests of the keys a fixed-rate SHARDS sample holds, as a trace:
 * what a "miniature simulation" (Waldspurger et al., ATC '17) replays, any
 * policy, at each capacity scaled by the rate. It counts the reads it saw
 * and kept, for the SHARDS_adj correction of the results (passes.ts).
 */
export class SampledTrace implements TraceSource {
  readonly source: string;
  /** Reads (and their bytes) of the whole trace and of the sample, from the last read through it. */
  reads = 0;
  readBytes = 0;
  sampledReads = 0;
  sampledReadBytes = 0;
  private readonly word: number;
  private readonly threshold: number;

  constructor(private readonly inner: TraceSource, readonly rate: number, seed: number) {
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`sampling rate must be above 0 and at most 1, got ${rate}`);
    this.source = inner.source;
    this.word = seedWord(seed);
    this.threshold = rate * TWO32;
  }

  get keys(): KeyTable {
    return this.inner.keys;
  }

  get columns(): TraceColumns {
    return this.inner.columns;
  }

  get skippedRows(): number {
    return this.inner.skippedRows;
  }

  async *chunks(): AsyncGenerator<TraceChunk> {
    let out = allocChunk();
    this.reads = this.readBytes = this.sampledReads = this.sampledReadBytes = 0;
    for await (const c of this.inner.chunks()) {
      if (c.length > out.ids.length) out = allocChunk(c.length);
      let j = 0;
      for (let i = 0; i < c.length; i++) {
        const id = c.ids[i]!;
        const read = c.ops[i] === OP_READ;
        if (read) {
          this.reads++;
          this.readBytes += c.sizes[i]!;
        }
        if (shardsHash(id, this.word) >= this.threshold) continue;
        if (read) {
          this.sampledReads++;
          this.sampledReadBytes += c.sizes[i]!;
        }
        out.times[j] = c.times[i]!;
        out.ids[j] = id;
        out.ops[j] = c.ops[i]!;
        out.sizes[j] = c.sizes[i]!;
        out.ttls[j] = c.ttls[i]!;
        j++;
      }
      if (j === 0) continue;
      out.length = j;
      yield out;
    }
  }
}
