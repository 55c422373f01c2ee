import { Rng } from '../core/rng.js';
import { growFloat64 } from '../core/typed-arrays.js';
import type { ProtectionName, StrategyConfig } from './config.js';
import { LOAD_EARLY, LOAD_LOCK_HOLDER } from './loads.js';
import type { ProtectionPart } from './parts.js';
import type { StrategyFields } from './result.js';
import type { StrategySim } from './strategy-sim.js';
import { TopKeys } from './top-keys.js';

/** The seed design's lock: SET lock:key NX EX 5; waiters sleep 50 ms and read again. */
export const LOCK_TTL_SECONDS = 5;
export const LOCK_WAIT_SECONDS = 0.05;

/**
 * What a stampede protection decides: how a read that finds no usable value
 * is served, and whether reads of fresh or just-expired entries start a
 * reload. The simulation calls these hooks; the defaults are `none`'s: every
 * missing read loads from the database itself, and nothing reloads early.
 */
export abstract class Protection implements ProtectionPart {
  abstract readonly name: ProtectionName;

  constructor(protected readonly sim: StrategySim) {}

  grow(_n: number): void {}

  /** Every read, before it is served. */
  read(_id: number): void {}

  /** A read found the key fresh (it has been served). `expiry` is 0 for no TTL. */
  fresh(_id: number, _t: number, _expiry: number): void {}

  /** A read found the key expired: serve it anyway (true) or let it miss (false). */
  expired(_id: number, _t: number, _expiry: number): boolean {
    return false;
  }

  /** A read found no usable value: serve it. */
  miss(id: number, t: number): void {
    this.sim.readerLoad(id, t, 0);
  }

  /** An entry was installed with this TTL (0 = none). */
  installed(_id: number, _t: number, _ttl: number): void {}

  /** A timer this protection set has fired. */
  timer(_id: number, _t: number, _aux: number): void {}

  /** A load of `id` started at `start` has finished. */
  loaded(_id: number, _start: number, _flags: number): void {}

  /** The cache crashed: anything the protection kept in it is gone. */
  crash(): void {}

  /** Counters that apply to this protection only. */
  fields(): Pick<StrategyFields, 'lockWaits' | 'lockFallbacks'> {
    return {};
  }
}

/** No protection: every read that misses loads from the database. */
export class NoProtection extends Protection {
  readonly name = 'none';
}

/**
 * The seed design's mutex: a missing read takes `SET lock:key NX EX 5` and
 * loads; a read that finds the lock taken sleeps 50 ms, reads again, and if
 * the value is still missing loads from the database itself (a fallback).
 * Latency: the holder pays GET + SET NX + the load; a waiter GET + SET NX +
 * 50 ms + GET, plus the load when it falls back.
 */
export class LockProtection extends Protection {
  readonly name = 'lock';
  lockWaits = 0;
  lockFallbacks = 0;
  /** When each key's lock expires; 0 = not held. */
  private lockUntil = new Float64Array(0);

  override grow(n: number): void {
    this.lockUntil = growFloat64(this.lockUntil, n);
  }

  override miss(id: number, t: number): void {
    const sim = this.sim;
    if (this.lockUntil[id]! > t) {
      this.lockWaits++;
      sim.setTimer(t + LOCK_WAIT_SECONDS, id, t);
      return;
    }
    this.lockUntil[id] = t + LOCK_TTL_SECONDS;
    sim.readerLoad(id, t, sim.cacheLatency, LOAD_LOCK_HOLDER);
  }

  /** A waiter reads again. */
  override timer(id: number, t: number, arrival: number): void {
    const sim = this.sim;
    const waited = t - arrival + 2 * sim.cacheLatency;
    if (sim.lookupFresh(id, t)) {
      sim.deliverCached(id, t, waited + sim.cacheLatency);
      return;
    }
    this.lockFallbacks++;
    sim.readerLoad(id, t, waited);
  }

  override loaded(id: number, start: number, flags: number): void {
    // DEL lock:key, unless it expired meanwhile and another reader holds it now.
    if ((flags & LOAD_LOCK_HOLDER) !== 0 && this.lockUntil[id] === start + LOCK_TTL_SECONDS) this.lockUntil[id] = 0;
  }

  override crash(): void {
    this.lockUntil.fill(0);
  }

  override fields(): Pick<StrategyFields, 'lockWaits' | 'lockFallbacks'> {
    return { lockWaits: this.lockWaits, lockFallbacks: this.lockFallbacks };
  }
}

/** Single-flight: a read that misses while a load of its key is in flight waits for that load. */
export class CoalesceProtection extends Protection {
  readonly name = 'coalesce';

  override miss(id: number, t: number): void {
    this.sim.sharedLoad(id, t);
  }
}

/**
 * XFetch, probabilistic early expiration (Vattani, Chierichetti and
 * Lowenstein, VLDB 2015): a read at time t of a fresh entry recomputes it
 * early when t − δ·β·ln(u) ≥ expiry, u uniform in (0, 1], δ the duration of
 * the key's last load. The reader is served the cached value; the reload runs
 * in the background, one per key at a time. Misses are not coordinated.
 */
export class XFetchProtection extends Protection {
  readonly name = 'xfetch';
  private readonly rng: Rng;
  private readonly beta: number;

  constructor(sim: StrategySim, cfg: StrategyConfig, seed: number) {
    super(sim);
    this.rng = new Rng(seed, 'xfetch');
    this.beta = cfg.beta;
  }

  override fresh(id: number, t: number, expiry: number): void {
    const sim = this.sim;
    if (expiry === 0 || sim.loads.count[id]! > 0) return;
    const delta = sim.delta[id]!;
    if (delta > 0 && t - delta * this.beta * Math.log(this.rng.nextOpen()) >= expiry) sim.load(id, t, LOAD_EARLY);
  }
}

/**
 * Stale-while-revalidate: for `staleWindow` seconds after expiry the old
 * value is still served (a hit) while one background reload runs. Later
 * reads, and reads of absent keys, miss as with no protection.
 */
export class SwrProtection extends Protection {
  readonly name = 'swr';
  private readonly window: number;

  constructor(sim: StrategySim, cfg: StrategyConfig) {
    super(sim);
    this.window = cfg.staleWindow;
  }

  override expired(id: number, t: number, expiry: number): boolean {
    if (t > expiry + this.window) return false;
    if (this.sim.loads.count[id] === 0) this.sim.load(id, t, 0);
    return true;
  }
}

/**
 * A background refresher: every entry with a TTL (or, with `refreshTop`,
 * every entry of the K most-read keys) is reloaded once `refreshAhead` of
 * its TTL has passed, whether or not anyone reads it, so it never expires.
 */
export class BackgroundProtection extends Protection {
  readonly name = 'background';
  private readonly share: number;
  private readonly top: TopKeys | null;

  constructor(sim: StrategySim, cfg: StrategyConfig) {
    super(sim);
    this.share = cfg.refreshAhead;
    this.top = cfg.refreshTop === undefined ? null : new TopKeys(cfg.refreshTop);
  }

  override grow(n: number): void {
    this.top?.grow(n);
  }

  override read(id: number): void {
    this.top?.read(id);
  }

  override installed(id: number, t: number, ttl: number): void {
    if (ttl > 0) this.sim.setTimer(t + this.share * ttl, id, this.sim.stamp[id]!);
  }

  /** Refresh the entry installed with this stamp, if it is still there. */
  override timer(id: number, t: number, stamp: number): void {
    const sim = this.sim;
    if (sim.ended || sim.stamp[id] !== stamp || !sim.store.isResident(id) || sim.loads.count[id]! > 0) return;
    if (this.top !== null && !this.top.has(id)) return;
    sim.load(id, t, LOAD_EARLY);
  }
}

export function createProtection(name: ProtectionName, sim: StrategySim, cfg: StrategyConfig, seed: number): Protection {
  switch (name) {
    case 'none': return new NoProtection(sim);
    case 'lock': return new LockProtection(sim);
    case 'coalesce': return new CoalesceProtection(sim);
    case 'xfetch': return new XFetchProtection(sim, cfg, seed);
    case 'swr': return new SwrProtection(sim, cfg);
    case 'background': return new BackgroundProtection(sim, cfg);
  }
}
