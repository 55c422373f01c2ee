import { Policy, type PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

/** FIFO: evicts in insertion order; hits and writes change nothing. */
export class FifoPolicy extends Policy {
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

  onHit(): void {}

  override onWrite(): void {}

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

export const fifo: PolicyInfo = {
  name: 'fifo',
  family: 'exact',
  paper: 'textbook (the baseline of Belady 1966)',
  description: 'First in, first out: evicts the key inserted longest ago; hits do not reorder.',
  params: [],
  create: (ctx) => new FifoPolicy(ctx),
};
