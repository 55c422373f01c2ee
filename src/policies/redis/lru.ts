import { type PolicyContext } from '../policy.js';
import { growInt32 } from '../../core/typed-arrays.js';
import type { PolicyInfo } from '../registry-types.js';
import { lruClock, lruIdle } from './clock.js';
import { RedisSampledPolicy, SAMPLES_PARAM, type RedisScope } from './sampled.js';

/**
 * Redis's approximated LRU (allkeys-lru, volatile-lru). Every access stamps
 * the key with the LRU clock (db.c lookupKey: `val->lru = LRU_CLOCK()`; a
 * new key gets it at creation, object.c createObject), whole seconds modulo
 * 2^24; the pool ranks sampled keys by idle time (evict.c
 * estimateObjectIdleTime), so keys touched in the same second tie.
 */
export class RedisLruPolicy extends RedisSampledPolicy {
  private stamp = new Int32Array(0);

  constructor(ctx: PolicyContext, scope: RedisScope, samples: number) {
    super(ctx, scope, samples);
  }

  override grow(n: number): void {
    super.grow(n);
    this.stamp = growInt32(this.stamp, n, 0);
  }

  onInsert(id: number, _cost: number, now: number, ttl?: number): void {
    this.stamp[id] = lruClock(now);
    this.keyspace.insert(id, ttl);
  }

  onHit(id: number, now: number): void {
    this.stamp[id] = lruClock(now);
  }

  /** SET looks the key up first (a touch), and sets or drops its TTL. */
  override onWrite(id: number, _cost: number, now: number, ttl?: number): void {
    this.stamp[id] = lruClock(now);
    this.keyspace.write(id, ttl);
  }

  /** Idle seconds by the 24-bit clock. */
  protected score(id: number, now: number): number {
    return lruIdle(lruClock(now), this.stamp[id]!);
  }
}

function lruInfo(scope: RedisScope): PolicyInfo {
  const keys = scope === 'allkeys' ? 'any key' : 'only keys with a TTL';
  return {
    name: `${scope}-lru`,
    family: 'redis',
    description: `Redis ${scope}-lru: evicts ${keys}, the longest idle of sampled candidates (16-entry pool, 1-second LRU clock).`,
    params: [SAMPLES_PARAM],
    create: (ctx, p) => new RedisLruPolicy(ctx, scope, p.samples as number),
  };
}

export const allkeysLru: PolicyInfo = lruInfo('allkeys');
export const volatileLru: PolicyInfo = lruInfo('volatile');
