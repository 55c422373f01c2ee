import { Policy, type PolicyContext } from '../policy.js';
import type { PolicyInfo } from '../registry-types.js';

/**
 * Redis's noeviction (evict.c performEvictions returns EVICT_FAIL): nothing
 * is ever evicted. Once memory is full, a write that would add data fails
 * with OOM; the store counts the refused insert in `rejected`, and the read
 * that missed is still served from the database.
 */
export class NoEvictionPolicy extends Policy {
  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  onInsert(): void {}

  onHit(): void {}

  override onWrite(): void {}

  onRemove(): void {}

  victim(): number {
    return -1;
  }
}

export const noeviction: PolicyInfo = {
  name: 'noeviction',
  family: 'redis',
  description: 'Redis noeviction: never evicts; once full, inserts are refused (counted as rejected) and reads go to the database.',
  params: [],
  create: (ctx) => new NoEvictionPolicy(ctx),
};
