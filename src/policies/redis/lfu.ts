import { Rng } from '../../core/rng.js';
import { type PolicyContext } from '../policy.js';
import { growInt32 } from '../../core/typed-arrays.js';
import type { ParamSpec, PolicyInfo } from '../registry-types.js';
import {
  LFU_INIT_VAL,
  lfuCounter,
  lfuDecrAndReturn,
  lfuIncrProbability,
  lfuMinutes,
  lfuPack,
} from './clock.js';
import { RedisSampledPolicy, SAMPLES_PARAM, type RedisScope } from './sampled.js';

export const LFU_LOG_FACTOR_PARAM: ParamSpec = {
  name: 'lfu-log-factor',
  kind: 'integer',
  default: 10,
  min: 0,
  description: 'how slowly the 8-bit counter grows: an access increments it with chance 1/((counter−5)·factor+1) (Redis lfu-log-factor)',
};

export const LFU_DECAY_TIME_PARAM: ParamSpec = {
  name: 'lfu-decay-time',
  kind: 'integer',
  default: 1,
  min: 0,
  description: 'minutes per one-step decay of an idle key\'s counter; 0 never decays (Redis lfu-decay-time)',
};

/**
 * Redis's approximated LFU (allkeys-lfu, volatile-lfu). Each key holds the
 * 24-bit field of evict.c: minutes of its last access (16 bits) over a
 * logarithmic counter (8 bits). A new key starts at LFU_INIT_VAL = 5
 * (object.c createObject). An access (db.c updateLFU) first decays the
 * counter by one per `lfu-decay-time` minutes elapsed (LFUDecrAndReturn),
 * then increments it with chance 1/((counter − 5)·factor + 1)
 * (LFULogIncr), saturating at 255, and stamps the minute. The pool ranks
 * sampled keys by 255 − decayed counter (evictionPoolPopulate).
 */
export class RedisLfuPolicy extends RedisSampledPolicy {
  private field = new Int32Array(0);
  private readonly rng: Rng;

  constructor(
    ctx: PolicyContext,
    scope: RedisScope,
    samples: number,
    private readonly logFactor: number,
    private readonly decayTime: number,
  ) {
    super(ctx, scope, samples);
    this.rng = new Rng(ctx.seed, 'redis-lfu');
  }

  override grow(n: number): void {
    super.grow(n);
    this.field = growInt32(this.field, n, 0);
  }

  onInsert(id: number, _cost: number, now: number, ttl?: number): void {
    this.field[id] = lfuPack(lfuMinutes(now), LFU_INIT_VAL);
    this.keyspace.insert(id, ttl);
  }

  onHit(id: number, now: number): void {
    const minutes = lfuMinutes(now);
    let counter = lfuDecrAndReturn(this.field[id]!, minutes, this.decayTime);
    const p = lfuIncrProbability(counter, this.logFactor);
    // Redis draws even when p = 1; skipping that draw changes no outcome.
    if (p >= 1 || (p > 0 && this.rng.next() < p)) counter++;
    this.field[id] = lfuPack(minutes, counter);
  }

  /**
   * SET looks the key up first (an access: updateLFU), and the new value
   * inherits the old one's field (db.c dbSetValue); the TTL is set or dropped.
   */
  override onWrite(id: number, _cost: number, now: number, ttl?: number): void {
    this.onHit(id, now);
    this.keyspace.write(id, ttl);
  }

  /** The key's counter as Redis would report it now (OBJECT FREQ): decayed, not stored. */
  counterOf(id: number, now: number): number {
    return lfuDecrAndReturn(this.field[id]!, lfuMinutes(now), this.decayTime);
  }

  /** The stored counter, before any pending decay (for tests). */
  storedCounter(id: number): number {
    return lfuCounter(this.field[id]!);
  }

  protected score(id: number, now: number): number {
    return 255 - lfuDecrAndReturn(this.field[id]!, lfuMinutes(now), this.decayTime);
  }
}

function lfuInfo(scope: RedisScope): PolicyInfo {
  const keys = scope === 'allkeys' ? 'any key' : 'only keys with a TTL';
  return {
    name: `${scope}-lfu`,
    family: 'redis',
    description: `Redis ${scope}-lfu: evicts ${keys}, the least frequent of sampled candidates by Redis's 8-bit logarithmic, decaying counter.`,
    params: [SAMPLES_PARAM, LFU_LOG_FACTOR_PARAM, LFU_DECAY_TIME_PARAM],
    create: (ctx, p) =>
      new RedisLfuPolicy(ctx, scope, p.samples as number, p['lfu-log-factor'] as number, p['lfu-decay-time'] as number),
  };
}

export const allkeysLfu: PolicyInfo = lfuInfo('allkeys');
export const volatileLfu: PolicyInfo = lfuInfo('volatile');
