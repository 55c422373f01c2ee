import type { PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { GreedyDualPolicy } from './greedy-dual.js';

/**
 * LFU with dynamic aging (Arlitt, Cherkasova, Dilley, Friedrich and Jin,
 * 2000): priority K = F + L, F the key's hits since it came in and L the
 * cache age (see GreedyDualPolicy). Touching a key recomputes K with the
 * current L, so keys that were popular long ago age out instead of staying
 * forever as in LFU.
 */
export class LfuDaPolicy extends GreedyDualPolicy {
  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  protected weight(): number {
    return 1;
  }
}

export const lfuda: PolicyInfo = {
  name: 'lfuda',
  family: 'greedy',
  paper: 'Arlitt, Cherkasova, Dilley, Friedrich and Jin, 2000',
  description: 'LFU with dynamic aging: priority = hits + cache age, so once-popular keys age out.',
  params: [],
  create: (ctx) => new LfuDaPolicy(ctx),
};
