import { growFloat64, Policy, type PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { IndexedHeap } from './structures/heap.js';

/**
 * GreedyDual-Size-Frequency (Cherkasova, 1998), size-aware: priority
 * K = L + F / size, with F the key's hits since it came in (1 on insert),
 * size its cost in the store's unit and L the priority of the last key
 * evicted. Small, often-hit keys stay; large, cold ones go first. In
 * objects mode every size is 1 and GDSF orders keys as LFU-DA does.
 * As in the paper, a missed key is always admitted (libCacheSim inserts it
 * first and may evict it at once; see docs/policies.md).
 */
export class GdsfPolicy extends Policy {
  private readonly heap = new IndexedHeap();
  private freq = new Float64Array(0);
  private sizes = new Float64Array(0);
  /** The inflation value L: priority of the last evicted key. */
  age = 0;
  private touches = 0;
  private lastVictim = -1;

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    this.heap.grow(n);
    this.freq = growFloat64(this.freq, n);
    this.sizes = growFloat64(this.sizes, n);
  }

  onInsert(id: number, size: number): void {
    this.freq[id] = 1;
    this.sizes[id] = size > 0 ? size : 1;
    this.heap.set(id, this.age + 1 / this.sizes[id]!, this.touches++);
  }

  onHit(id: number): void {
    const f = ++this.freq[id]!;
    this.heap.set(id, this.age + f / this.sizes[id]!, this.touches++);
  }

  override onWrite(id: number, size: number): void {
    this.sizes[id] = size > 0 ? size : 1;
    this.onHit(id);
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

  /** The key's current priority (for tests). */
  priority(id: number): number {
    return this.heap.key(id);
  }

  check(residents: number): string | undefined {
    if (!this.heap.valid()) return 'heap order broken';
    return this.heap.size === residents ? undefined : `heap holds ${this.heap.size}, store ${residents}`;
  }
}

export const gdsf: PolicyInfo = {
  name: 'gdsf',
  family: 'greedy',
  description: 'GreedyDual-Size-Frequency: priority = age + hits / size; evicts large, cold keys first (size-aware).',
  params: [],
  create: (ctx) => new GdsfPolicy(ctx),
};
