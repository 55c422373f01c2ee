import { Policy, type PolicyContext } from './policy.js';
import { growFloat64, growInt32 } from '../core/typed-arrays.js';
import type { PolicyInfo } from './registry-types.js';

/**
 * Exact in-cache LFU in O(1) per operation (Shah, Mitra and Matani, 2010):
 * a list of frequency buckets in increasing order, each holding its ids
 * from most to least recently touched. A new key starts at 1, a hit adds 1,
 * the victim is the least recently touched id of the lowest bucket, and an
 * evicted key's count is forgotten.
 */
export class LfuPolicy extends Policy {
  // Per id: its bucket and its neighbours inside the bucket.
  private bucketOf = new Int32Array(0);
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  // Per bucket slot: its frequency, its id list, its neighbours in the bucket list.
  private bFreq = new Float64Array(0);
  private bHead = new Int32Array(0);
  private bTail = new Int32Array(0);
  private bPrev = new Int32Array(0);
  private bNext = new Int32Array(0);
  private freeBuckets = new Int32Array(0);
  private freeCount = 0;
  private bucketSlots = 0;
  /** The lowest-frequency bucket, or -1 when empty. */
  private minBucket = -1;

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    this.bucketOf = growInt32(this.bucketOf, n);
    this.prev = growInt32(this.prev, n);
    this.next = growInt32(this.next, n);
    // At most one bucket per resident, plus one made before an emptied one is freed.
    const slots = n + 1;
    if (slots > this.bucketSlots) {
      this.bFreq = growFloat64(this.bFreq, slots);
      this.bHead = growInt32(this.bHead, slots);
      this.bTail = growInt32(this.bTail, slots);
      this.bPrev = growInt32(this.bPrev, slots);
      this.bNext = growInt32(this.bNext, slots);
      const free = new Int32Array(this.bFreq.length);
      free.set(this.freeBuckets.subarray(0, this.freeCount));
      let f = this.freeCount;
      for (let b = this.bFreq.length - 1; b >= this.bucketSlots; b--) free[f++] = b;
      this.freeBuckets = free;
      this.freeCount = f;
      this.bucketSlots = this.bFreq.length;
    }
  }

  onInsert(id: number): void {
    let b = this.minBucket;
    if (b < 0 || this.bFreq[b] !== 1) b = this.newBucket(1, -1, b);
    this.pushFront(b, id);
  }

  onHit(id: number): void {
    const b = this.bucketOf[id]!;
    const f = this.bFreq[b]! + 1;
    let nb = this.bNext[b]!;
    if (nb < 0 || this.bFreq[nb] !== f) nb = this.newBucket(f, b, nb);
    this.unlink(b, id);
    this.pushFront(nb, id);
    if (this.bHead[b]! < 0) this.freeBucket(b);
  }

  onRemove(id: number): void {
    const b = this.bucketOf[id]!;
    this.unlink(b, id);
    if (this.bHead[b]! < 0) this.freeBucket(b);
  }

  victim(): number {
    return this.minBucket < 0 ? -1 : this.bTail[this.minBucket]!;
  }

  /** The most recently touched id of the lowest bucket, or -1 (CR-LFU's victim). */
  newestOfLowest(): number {
    return this.minBucket < 0 ? -1 : this.bHead[this.minBucket]!;
  }

  /** The id's current count (for tests and reports). */
  frequency(id: number): number {
    return this.bFreq[this.bucketOf[id]!]!;
  }

  check(residents: number): string | undefined {
    let n = 0;
    let last = 0;
    for (let b = this.minBucket; b >= 0; b = this.bNext[b]!) {
      if (!(this.bFreq[b]! > last)) return 'bucket frequencies are not increasing';
      last = this.bFreq[b]!;
      for (let id = this.bHead[b]!; id >= 0; id = this.next[id]!) n++;
    }
    return n === residents ? undefined : `buckets hold ${n}, store ${residents}`;
  }

  private newBucket(freq: number, after: number, before: number): number {
    const b = this.freeBuckets[--this.freeCount]!;
    this.bFreq[b] = freq;
    this.bHead[b] = -1;
    this.bTail[b] = -1;
    this.bPrev[b] = after;
    this.bNext[b] = before;
    if (after >= 0) this.bNext[after] = b;
    else this.minBucket = b;
    if (before >= 0) this.bPrev[before] = b;
    return b;
  }

  private freeBucket(b: number): void {
    const p = this.bPrev[b]!;
    const n = this.bNext[b]!;
    if (p >= 0) this.bNext[p] = n;
    else this.minBucket = n;
    if (n >= 0) this.bPrev[n] = p;
    this.freeBuckets[this.freeCount++] = b;
  }

  private pushFront(b: number, id: number): void {
    const h = this.bHead[b]!;
    this.bucketOf[id] = b;
    this.prev[id] = -1;
    this.next[id] = h;
    if (h >= 0) this.prev[h] = id;
    else this.bTail[b] = id;
    this.bHead[b] = id;
  }

  private unlink(b: number, id: number): void {
    const p = this.prev[id]!;
    const n = this.next[id]!;
    if (p >= 0) this.next[p] = n;
    else this.bHead[b] = n;
    if (n >= 0) this.prev[n] = p;
    else this.bTail[b] = p;
  }
}

export const lfu: PolicyInfo = {
  name: 'lfu',
  family: 'exact',
  paper: 'Shah, Mitra and Matani, an O(1) LFU, 2010',
  description: 'Least frequently used, exact (in-cache counts): evicts the lowest count, oldest touch first among equals.',
  params: [],
  create: (ctx) => new LfuPolicy(ctx),
};
