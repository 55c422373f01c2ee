import { Rng } from '../../core/rng.js';
import { Policy, type PolicyContext } from '../policy.js';
import type { PolicyInfo } from '../registry-types.js';
import { Keyspace, type RedisScope } from './sampled.js';

/**
 * Redis's allkeys-random and volatile-random (evict.c performEvictions):
 * one key drawn at random per eviction (dictGetRandomKey) from the whole
 * keyspace or from the keys with a TTL; no pool, no sampling. Redis's draw
 * picks a random bucket, then a random entry of its chain, which is close
 * to uniform; ours is uniform and seeded.
 */
export class RedisRandomPolicy extends Policy {
  readonly keyspace: Keyspace;
  private readonly rng: Rng;

  constructor(ctx: PolicyContext, scope: RedisScope) {
    super(ctx);
    this.keyspace = new Keyspace(scope);
    this.rng = new Rng(ctx.seed, 'redis-random');
  }

  override grow(n: number): void {
    this.keyspace.grow(n);
  }

  onInsert(id: number, _cost: number, _now: number, ttl?: number): void {
    this.keyspace.insert(id, ttl);
  }

  onHit(): void {}

  override onWrite(id: number, _cost: number, _now: number, ttl?: number): void {
    this.keyspace.write(id, ttl);
  }

  onRemove(id: number): void {
    this.keyspace.set.remove(id);
  }

  victim(): number {
    const set = this.keyspace.set;
    return set.size === 0 ? -1 : set.at(this.rng.int(set.size));
  }

  check(residents: number): string | undefined {
    return this.keyspace.check(residents);
  }
}

function randomInfo(scope: RedisScope): PolicyInfo {
  const keys = scope === 'allkeys' ? 'a key chosen uniformly at random' : 'a key with a TTL chosen at random';
  return {
    name: `${scope}-random`,
    family: 'redis',
    description: `Redis ${scope}-random: evicts ${keys}, one draw per eviction (seeded).`,
    params: [],
    create: (ctx) => new RedisRandomPolicy(ctx, scope),
  };
}

export const allkeysRandom: PolicyInfo = randomInfo('allkeys');
export const volatileRandom: PolicyInfo = randomInfo('volatile');
