import { Rng } from '../core/rng.js';
import { Policy, type PolicyContext } from './policy.js';
import type { PolicyInfo } from './registry-types.js';
import { DenseSet } from './structures/dense-set.js';

/** Random: evicts a resident chosen uniformly (seeded). */
export class RandomPolicy extends Policy {
  private readonly set = new DenseSet();
  private readonly rng: Rng;

  constructor(ctx: PolicyContext) {
    super(ctx);
    this.rng = new Rng(ctx.seed, 'random-eviction');
  }

  override grow(n: number): void {
    this.set.grow(n);
  }

  onInsert(id: number): void {
    this.set.add(id);
  }

  onHit(): void {}

  override onWrite(): void {}

  onRemove(id: number): void {
    this.set.remove(id);
  }

  victim(): number {
    const n = this.set.size;
    return n === 0 ? -1 : this.set.at(this.rng.int(n));
  }

  check(residents: number): string | undefined {
    return this.set.size === residents ? undefined : `set holds ${this.set.size}, store ${residents}`;
  }
}

export const random: PolicyInfo = {
  name: 'random',
  family: 'exact',
  paper: 'textbook (Belady 1966)',
  description: 'Random eviction: a resident chosen uniformly at random (seeded, reproducible).',
  params: [],
  create: (ctx) => new RandomPolicy(ctx),
};
