import { Policy, type PolicyContext } from './policy.js';
import { growFloat64 } from '../core/typed-arrays.js';
import { IndexedHeap } from './structures/heap.js';

/**
 * The GreedyDual family (LFU-DA, GDSF): a key's priority is K = L + F·w,
 * F its hits since it came in (1 on insert), w its weight (1, or 1/size),
 * and L the cache age: the priority of the last key evicted. Touching a key
 * recomputes K with the current L; the lowest K is evicted, equal K in the
 * order they were last touched.
 */
export abstract class GreedyDualPolicy extends Policy {
  private readonly heap = new IndexedHeap();
  private freq = new Float64Array(0);
  /** The cache age L: priority of the last evicted key. */
  age = 0;
  private touches = 0;

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  /** The key's weight w. */
  protected abstract weight(id: number): number;

  override grow(n: number): void {
    this.heap.grow(n);
    this.freq = growFloat64(this.freq, n);
  }

  onInsert(id: number, _cost?: number): void {
    this.freq[id] = 1;
    this.heap.set(id, this.age + this.weight(id), this.touches++);
  }

  onHit(id: number): void {
    const f = ++this.freq[id]!;
    this.heap.set(id, this.age + f * this.weight(id), this.touches++);
  }

  onRemove(id: number): void {
    this.heap.remove(id);
  }

  override onEvict(id: number): void {
    this.age = this.heap.key(id);
    this.heap.remove(id);
  }

  victim(): number {
    return this.heap.peek();
  }

  /** The key's current priority K (for tests). */
  priority(id: number): number {
    return this.heap.key(id);
  }

  check(residents: number): string | undefined {
    if (!this.heap.valid()) return 'heap order broken';
    return this.heap.size === residents ? undefined : `heap holds ${this.heap.size}, store ${residents}`;
  }
}
