import { Rng } from '../../core/rng.js';
import { Policy, type PolicyContext } from '../policy.js';
import type { ParamSpec } from '../registry-types.js';
import { DenseSet } from '../structures/dense-set.js';
import { EVICTION_POOL_SIZE, EvictionPool } from './pool.js';

/** Which keys a Redis policy may evict: every key, or only keys with a TTL (volatile-*). */
export type RedisScope = 'allkeys' | 'volatile';

/** redis.conf maxmemory-samples. Redis 7 accepts any count; Redis 8 caps it at 64, as we do. */
export const SAMPLES_PARAM: ParamSpec = {
  name: 'samples',
  kind: 'integer',
  default: 5,
  min: 1,
  max: 64,
  description: 'keys sampled per eviction into the 16-entry pool (Redis maxmemory-samples)',
};

/**
 * The keys a Redis policy samples from: the whole keyspace (allkeys-*), or
 * the keys with a TTL (Redis's `expires` dictionary, volatile-*). A write
 * without a TTL makes a key persistent (SET drops the TTL), so it leaves
 * the volatile set; a write with one puts it back.
 */
export class Keyspace {
  readonly set = new DenseSet();

  constructor(readonly scope: RedisScope) {}

  grow(n: number): void {
    this.set.grow(n);
  }

  insert(id: number, ttl: number | undefined): void {
    if (this.scope === 'allkeys' || (ttl ?? 0) > 0) this.set.add(id);
  }

  write(id: number, ttl: number | undefined): void {
    if (this.scope === 'allkeys') return;
    if ((ttl ?? 0) > 0) this.set.add(id);
    else this.set.remove(id);
  }

  check(residents: number): string | undefined {
    const n = this.set.size;
    if (this.scope === 'allkeys') return n === residents ? undefined : `keyspace holds ${n}, store ${residents}`;
    return n <= residents ? undefined : `volatile set holds ${n}, more than the store's ${residents}`;
  }
}

/**
 * Redis's sampled eviction (evict.c performEvictions with
 * evictionPoolPopulate), shared by the LRU, LFU and TTL policies: each
 * eviction samples `samples` distinct keys of the keyspace (all of them
 * when there are no more), merges them by score into the 16-entry pool kept
 * across evictions, then scans the pool from the best end, dropping every
 * entry it looks at, and evicts the first that still exists in the
 * keyspace; when only ghosts were left, it samples again. Subclasses give
 * the score (higher = evicted sooner) and keep their per-key metadata.
 *
 * Sampling is uniform; Redis's dictGetSomeKeys walks consecutive hash
 * buckets from a random one, which is close to uniform for a hash table
 * (FACTS.md: a uniform model matched Redis within ±0.003).
 */
export abstract class RedisSampledPolicy extends Policy {
  readonly keyspace: Keyspace;
  readonly pool = new EvictionPool();
  protected readonly samples: number;
  private readonly sampleRng: Rng;
  /** The indices drawn in one sampling round (no allocation per eviction). */
  private readonly drawn: Int32Array;

  constructor(ctx: PolicyContext, scope: RedisScope, samples: number) {
    super(ctx);
    this.keyspace = new Keyspace(scope);
    this.samples = samples;
    this.sampleRng = new Rng(ctx.seed, 'redis-sample');
    this.drawn = new Int32Array(samples);
  }

  /** The key's eviction score now: idle seconds, 255 − LFU counter, or the expiry's inverse. */
  protected abstract score(id: number, now: number): number;

  override grow(n: number): void {
    this.keyspace.grow(n);
  }

  onRemove(id: number): void {
    this.keyspace.set.remove(id);
  }

  victim(now: number): number {
    const set = this.keyspace.set;
    if (set.size === 0) return -1;
    const pool = this.pool;
    for (;;) {
      this.populate(now);
      for (let k = EVICTION_POOL_SIZE - 1; k >= 0; k--) {
        const id = pool.ids[k]!;
        if (id < 0) continue;
        pool.clear(k);
        if (set.has(id)) return id;
        // A ghost: evicted or deleted (or no longer volatile) since it was sampled.
      }
    }
  }

  /**
   * evictionPoolPopulate: sample min(samples, keys) distinct keys and insert
   * each into the pool. With no more keys than samples, every key is taken
   * in set order (what hand-worked tests rely on).
   */
  private populate(now: number): void {
    const set = this.keyspace.set;
    const n = set.size;
    if (n <= this.samples) {
      for (let i = 0; i < n; i++) {
        const id = set.at(i);
        this.pool.insert(id, this.score(id, now));
      }
      return;
    }
    const drawn = this.drawn;
    const rng = this.sampleRng;
    for (let j = 0; j < this.samples; j++) {
      let i = rng.int(n);
      // Redraw a repeat: samples ≤ 64 keys out of more than that.
      for (let seen = 0; seen < j; ) {
        if (drawn[seen] === i) {
          i = rng.int(n);
          seen = 0;
        } else seen++;
      }
      drawn[j] = i;
      const id = set.at(i);
      this.pool.insert(id, this.score(id, now));
    }
  }

  check(residents: number): string | undefined {
    return this.keyspace.check(residents);
  }
}
