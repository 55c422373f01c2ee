import { type PolicyContext } from './policy.js';
import { growFloat64 } from '../core/typed-arrays.js';
import type { PolicyInfo } from './registry-types.js';
import { GreedyDualPolicy } from './greedy-dual.js';

/**
 * GreedyDual-Size-Frequency (Cherkasova, 1998), size-aware: priority
 * K = L + F / size, with F the key's hits since it came in (1 on insert),
 * size its cost in the store's unit and L the cache age (see
 * GreedyDualPolicy). Small, often-hit keys stay; large, cold ones go first. In
 * objects mode every size is 1 and GDSF orders keys as LFU-DA does.
 * As in the paper, a missed key is always admitted (libCacheSim inserts it
 * first and may evict it at once; see docs/policies.md).
 */
export class GdsfPolicy extends GreedyDualPolicy {
  private costs = new Float64Array(0);

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    super.grow(n);
    this.costs = growFloat64(this.costs, n);
  }

  protected weight(id: number): number {
    return 1 / this.costs[id]!;
  }

  override onInsert(id: number, cost: number): void {
    this.costs[id] = cost > 0 ? cost : 1;
    super.onInsert(id);
  }

  override onWrite(id: number, cost: number): void {
    this.costs[id] = cost > 0 ? cost : 1;
    this.onHit(id);
  }
}

export const gdsf: PolicyInfo = {
  name: 'gdsf',
  family: 'greedy',
  paper: 'Cherkasova, HP Labs 1998',
  description: 'GreedyDual-Size-Frequency: priority = age + hits / size; evicts large, cold keys first (size-aware).',
  params: [],
  create: (ctx) => new GdsfPolicy(ctx),
};
