import { Policy, type PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { IndexedHeap } from './structures/heap.js';

/**
 * Belady's MIN (1966), the offline optimum for a cache of equal-size
 * objects: evict the resident whose next request is furthest in the future
 * (never = infinitely far). A max-heap on next use, so each request costs
 * O(log n). In bytes mode it still ignores sizes (the size-unaware variant,
 * like libCacheSim's Belady): an upper bound on hits only in objects mode.
 * Residents never requested again leave in the order they were last
 * touched.
 */
export class BeladyPolicy extends Policy {
  // Keyed on −(next use): the heap's minimum is the furthest next use.
  private readonly heap = new IndexedHeap();
  private readonly next: Float64Array;

  constructor(ctx: PolicyContext) {
    super(ctx);
    if (!ctx.nextAccess) throw new Error('belady is an offline policy: the replay must provide nextAccess');
    this.next = ctx.nextAccess;
  }

  override grow(n: number): void {
    this.heap.grow(n);
  }

  onInsert(id: number): void {
    const r = this.ctx.request;
    this.heap.set(id, -this.next[r]!, r);
  }

  onHit(id: number): void {
    const r = this.ctx.request;
    this.heap.set(id, -this.next[r]!, r);
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
}

export const belady: PolicyInfo = {
  name: 'belady',
  family: 'offline',
  paper: 'Belady, IBM Systems Journal 1966',
  description: 'Belady\'s MIN, the offline optimum: evicts the key requested furthest in the future (in bytes mode, size-unaware: not an upper bound).',
  params: [],
  offline: true,
  create: (ctx) => new BeladyPolicy(ctx),
};
