import { Policy, type PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

/**
 * Most recently used: evicts the key touched last. Right for cyclic scans
 * larger than the cache, where the newest key is the one needed furthest
 * in the future; poor almost everywhere else. A baseline, as in libCacheSim.
 */
export class MruPolicy extends Policy {
  private readonly links = new Links();
  private readonly list = new IdList(this.links);

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    this.links.grow(n);
  }

  onInsert(id: number): void {
    this.list.pushFront(id);
  }

  onHit(id: number): void {
    this.list.moveToFront(id);
  }

  onRemove(id: number): void {
    this.list.remove(id);
  }

  victim(): number {
    return this.list.head;
  }

  check(residents: number): string | undefined {
    return this.list.size === residents ? undefined : `list holds ${this.list.size}, store ${residents}`;
  }
}

export const mru: PolicyInfo = {
  name: 'mru',
  family: 'linked',
  paper: 'Chou and DeWitt, VLDB 1985',
  description: 'Most recently used: evicts the key touched last (a baseline for looping scans).',
  params: [],
  create: (ctx) => new MruPolicy(ctx),
};
