import { Policy, type PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

/** Exact LRU: a hit moves the id to the front; the back is evicted. */
export class LruPolicy extends Policy {
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
    return this.list.tail;
  }

  check(residents: number): string | undefined {
    return this.list.size === residents ? undefined : `list holds ${this.list.size}, store ${residents}`;
  }
}

export const lru: PolicyInfo = {
  name: 'lru',
  family: 'exact',
  description: 'Least recently used, exact: evicts the key whose last access is oldest.',
  params: [],
  create: (ctx) => new LruPolicy(ctx),
};
