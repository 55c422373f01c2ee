import { growFloat64, Policy, type PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { IndexedHeap } from './structures/heap.js';

/**
 * LFU with dynamic aging (Arlitt, Cherkasova, Dilley, Friedrich and Jin,
 * 2000): a key's priority is K = F + L, where F counts its hits since it
 * came in (1 on insert) and L, the cache age, is the priority of the last
 * key evicted. Touching a key recomputes K with the current L, so keys that
 * were popular long ago age out instead of staying forever as in LFU. The
 * lowest K is evicted; equal K leave in the order they were last touched.
 */
export class LfuDaPolicy extends Policy {
  private readonly heap = new IndexedHeap();
  private freq = new Float64Array(0);
  /** The cache age: priority of the last evicted key. */
  age = 0;
  private touches = 0;
  private lastVictim = -1;

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    this.heap.grow(n);
    this.freq = growFloat64(this.freq, n);
  }

  onInsert(id: number): void {
    this.freq[id] = 1;
    this.heap.set(id, this.age + 1, this.touches++);
  }

  onHit(id: number): void {
    const f = ++this.freq[id]!;
    this.heap.set(id, this.age + f, this.touches++);
  }

  onRemove(id: number): void {
    if (id === this.lastVictim) this.age = this.heap.key(id);
    this.lastVictim = -1;
    this.heap.remove(id);
  }

  victim(): number {
    this.lastVictim = this.heap.peek();
    return this.lastVictim;
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

export const lfuda: PolicyInfo = {
  name: 'lfuda',
  family: 'greedy',
  description: 'LFU with dynamic aging: priority = hits + cache age, so once-popular keys age out.',
  params: [],
  create: (ctx) => new LfuDaPolicy(ctx),
};
