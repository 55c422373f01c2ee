import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64, growUint8 } from '../../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { IndexedHeap } from '../structures/heap.js';

/**
 * LRU-K (O'Neil, O'Neil and Weikum, SIGMOD 1993): evict the resident whose
 * K-th most recent reference is oldest (the largest backward K-distance).
 * A key with fewer than K references has an infinite distance; among those
 * the subsidiary policy is LRU (the oldest last reference goes first), as
 * the paper suggests. Time is the request number. The reference history is
 * retained after a key leaves (the paper's retained information period,
 * here unbounded: one K-slot row per key ever seen), so a key that returns
 * is judged on all its references. No correlated-reference period: every
 * request counts.
 */
export class LruKPolicy extends Policy {
  private readonly heap = new IndexedHeap();
  /** Per id, its last K reference times, newest at row[(n-1) % K]. */
  private hist = new Float64Array(0);
  /** Per id, references seen (capped at K). */
  private seen = new Uint8Array(0);
  /** Per id, slot of the newest reference in its row. */
  private newest = new Uint8Array(0);

  constructor(ctx: PolicyContext, private readonly k = 2) {
    super(ctx);
  }

  override grow(n: number): void {
    this.heap.grow(n);
    this.hist = growFloat64(this.hist, n * this.k);
    this.seen = growUint8(this.seen, n);
    this.newest = growUint8(this.newest, n);
  }

  onInsert(id: number): void {
    this.reference(id);
  }

  onHit(id: number): void {
    this.reference(id);
  }

  onRemove(id: number): void {
    this.heap.remove(id);
  }

  victim(): number {
    return this.heap.peek();
  }

  check(residents: number): string | undefined {
    if (!this.heap.valid()) return 'heap order broken';
    return this.heap.size === residents ? undefined : `heap holds ${this.heap.size}, store ${residents}`;
  }

  /** The backward K-distance of a resident at request `now` (Infinity with fewer than K references; for tests). */
  distance(id: number, now: number): number {
    if (this.seen[id]! < this.k) return Infinity;
    const oldest = (this.newest[id]! + 1) % this.k;
    return now - this.hist[id * this.k + oldest]!;
  }

  private reference(id: number): void {
    const k = this.k;
    const t = this.ctx.request;
    const s = this.seen[id]!;
    const slot = s === 0 ? 0 : (this.newest[id]! + 1) % k;
    this.hist[id * k + slot] = t;
    this.newest[id] = slot;
    if (s < k) this.seen[id] = s + 1;
    // Min-heap key: the K-th most recent reference time, −1 (before any time)
    // while there are fewer than K; ties by the last reference (LRU).
    const kth = s + 1 < k ? -1 : this.hist[id * k + ((slot + 1) % k)]!;
    this.heap.set(id, kth, t);
  }
}

export const lruK: PolicyInfo = {
  name: 'lru-k',
  family: 'linked',
  paper: 'O\'Neil, O\'Neil and Weikum, SIGMOD 1993',
  description: 'LRU-K: evicts the key whose K-th most recent reference is oldest; keys seen fewer than K times first, by LRU.',
  params: [
    { name: 'k', kind: 'integer', default: 2, min: 1, max: 8, description: 'references remembered per key (the paper\'s LRU-2 by default; k=1 is LRU)' },
  ],
  create: (ctx, p: PolicyParams) => new LruKPolicy(ctx, Number(p['k'] ?? 2)),
};
