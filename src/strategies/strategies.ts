import { growInt32, growUint8 } from '../core/typed-arrays.js';
import type { StrategyConfig, StrategyName } from './config.js';
import { LOAD_EARLY } from './loads.js';
import type { StrategyPart } from './parts.js';
import type { StrategyFields } from './result.js';
import type { StrategySim } from './strategy-sim.js';

/** Lost keys listed in the result at most; the count is always exact. */
export const MAX_LOST_KEYS_LISTED = 1000;

/**
 * What a caching strategy decides: what a write and a delete do, whether a
 * finished load may go into the cache, and (refresh-ahead) whether a read
 * reloads early. Versions: every write makes the key's next version
 * (`sim.latest`); the database commits it now, or later (write-behind).
 */
export abstract class Strategy implements StrategyPart {
  abstract readonly name: StrategyName;
  /** Concurrent misses for one key share one load (the cache loads, as read-through caches do). */
  readonly sharesLoads: boolean = false;

  constructor(protected readonly sim: StrategySim) {}

  grow(_n: number): void {}

  abstract write(id: number, t: number): void;

  /** A delete reaches the database at once, in every strategy, and drops the cached copy. */
  del(id: number, t: number): void {
    const sim = this.sim;
    sim.commit(id, ++sim.latest[id]!, t);
    sim.store.drop(id);
  }

  /** May a load that read `version` put it in the cache? */
  accepts(_id: number, _version: number): boolean {
    return true;
  }

  /** A read found the key fresh (it has been served). */
  fresh(_id: number, _t: number, _expiry: number): void {}

  /** The entry is leaving the cache (evicted, or dropped expired). */
  leaving(_id: number, _t: number): void {}

  /** The flush timer this strategy set has fired. */
  timer(_t: number, _aux: number): void {}

  crash(_t: number): void {}

  fields(): Pick<StrategyFields, 'lostWrites' | 'lostKeys' | 'lostKeysNotListed'> {
    return {};
  }
}

/**
 * The application reads the cache; on a miss it reads the database and puts
 * the value in the cache (blindly: a load that read an old version still
 * overwrites, which is the invalidation race). A write goes to the database,
 * then invalidates the cached copy (or, with on-write update, sets it).
 */
export class CacheAside extends Strategy {
  readonly name: StrategyName = 'cache-aside';
  private readonly update: boolean;

  constructor(sim: StrategySim, cfg: StrategyConfig) {
    super(sim);
    this.update = cfg.writeMode === 'update';
  }

  write(id: number, t: number): void {
    const sim = this.sim;
    const v = ++sim.latest[id]!;
    sim.commit(id, v, t);
    if (this.update) sim.install(id, t, v, Infinity);
    else sim.store.drop(id);
  }
}

/** As cache-aside, but the cache does the loading, and concurrent misses for a key share one load. */
export class ReadThrough extends CacheAside {
  override readonly name: StrategyName = 'read-through';
  override readonly sharesLoads: boolean = true;
}

/** As cache-aside, plus: a read that hits once `refreshAhead` of the entry's TTL has passed reloads it in the background. */
export class RefreshAhead extends CacheAside {
  override readonly name: StrategyName = 'refresh-ahead';
  private readonly share: number;

  constructor(sim: StrategySim, cfg: StrategyConfig) {
    super(sim, cfg);
    this.share = cfg.refreshAhead;
  }

  override fresh(id: number, t: number, expiry: number): void {
    const sim = this.sim;
    if (expiry === 0 || sim.loads.count[id]! > 0) return;
    const born = sim.installedAt[id]!;
    if (t - born >= this.share * (expiry - born)) sim.load(id, t, LOAD_EARLY);
  }
}

/**
 * A write goes to the cache and the database together. The cache sees every
 * write, so a load that read a version older than the newest write is
 * dropped instead of overwriting it.
 */
export class WriteThrough extends Strategy {
  readonly name: StrategyName = 'write-through';

  write(id: number, t: number): void {
    const sim = this.sim;
    const v = ++sim.latest[id]!;
    sim.commit(id, v, t);
    sim.install(id, t, v, Infinity);
  }

  override accepts(id: number, version: number): boolean {
    return this.sim.latest[id]! <= version;
  }
}

/**
 * A write goes to the cache at once and is queued for the database,
 * coalesced per key. A flush window opens at the first write queued after a
 * flush and closes `flushInterval` seconds later, or at once when
 * `batchSize` distinct keys are queued; the flush writes each queued key's
 * newest version. A dirty entry that leaves the cache before its flush is
 * written then. A crash loses every queued write (counted, keys listed).
 */
export class WriteBehind extends Strategy {
  readonly name: StrategyName = 'write-behind';
  lostWrites = 0;
  readonly lostKeys: number[] = [];
  private readonly lostSeen = new Set<number>();
  private readonly interval: number;
  private readonly batchSize: number;
  private dirty = new Uint8Array(0);
  /** Writes absorbed per dirty key since its last flush. */
  private pending = new Int32Array(0);
  /** Keys in the order they were queued (some may have left: written on eviction, or deleted). */
  private queue = new Int32Array(16);
  private queued = 0;
  private dirtyCount = 0;
  /** A flush window is open (its timer is set); the timer carries `generation`, and a flush or crash moves it on. */
  private windowOpen = false;
  private generation = 0;

  constructor(sim: StrategySim, cfg: StrategyConfig) {
    super(sim);
    this.interval = cfg.flushInterval;
    this.batchSize = cfg.batchSize;
  }

  override grow(n: number): void {
    this.dirty = growUint8(this.dirty, n);
    this.pending = growInt32(this.pending, n, 0);
  }

  write(id: number, t: number): void {
    const sim = this.sim;
    const v = ++sim.latest[id]!;
    if (!sim.install(id, t, v, Infinity)) {
      // The cache refused it (too large, or nothing evictable): write it through.
      this.forget(id);
      sim.commit(id, v, t);
      return;
    }
    if (this.dirty[id] === 0) {
      this.dirty[id] = 1;
      this.dirtyCount++;
      if (this.queued === this.queue.length) this.queue = growInt32(this.queue, this.queued + 1, 0);
      this.queue[this.queued++] = id;
    }
    this.pending[id]++;
    if (!this.windowOpen) {
      this.windowOpen = true;
      sim.setFlushTimer(t + this.interval, this.generation);
    }
    if (this.dirtyCount >= this.batchSize) this.flush(t);
  }

  override del(id: number, t: number): void {
    // The delete supersedes the queued write: it is not lost, it is replaced.
    this.forget(id);
    super.del(id, t);
  }

  override accepts(id: number, version: number): boolean {
    return this.sim.latest[id]! <= version;
  }

  override leaving(id: number, t: number): void {
    if (this.dirty[id] === 0) return;
    this.forget(id);
    this.sim.commit(id, this.sim.latest[id]!, t);
  }

  override timer(t: number, generation: number): void {
    if (generation === this.generation) this.flush(t);
  }

  override crash(): void {
    const sim = this.sim;
    for (let i = 0; i < this.queued; i++) {
      const id = this.queue[i]!;
      if (this.dirty[id] === 0) continue;
      this.lostWrites += this.pending[id]!;
      if (!this.lostSeen.has(id)) {
        this.lostSeen.add(id);
        if (this.lostKeys.length < MAX_LOST_KEYS_LISTED) this.lostKeys.push(id);
      }
      // The lost versions never existed for anyone after the crash: the database's is the newest.
      sim.latest[id] = sim.db.version[id]!;
      this.forget(id);
    }
    this.closeWindow();
  }

  override fields(): Pick<StrategyFields, 'lostWrites' | 'lostKeys' | 'lostKeysNotListed'> {
    return {
      lostWrites: this.lostWrites,
      lostKeys: this.lostKeys,
      ...(this.lostSeen.size > this.lostKeys.length ? { lostKeysNotListed: this.lostSeen.size - this.lostKeys.length } : {}),
    };
  }

  private flush(t: number): void {
    const sim = this.sim;
    for (let i = 0; i < this.queued; i++) {
      const id = this.queue[i]!;
      if (this.dirty[id] === 0) continue;
      this.forget(id);
      sim.commit(id, sim.latest[id]!, t);
    }
    this.closeWindow();
  }

  private forget(id: number): void {
    if (this.dirty[id] === 0) return;
    this.dirty[id] = 0;
    this.pending[id] = 0;
    this.dirtyCount--;
  }

  private closeWindow(): void {
    this.queued = 0;
    this.windowOpen = false;
    this.generation++;
  }
}

export function createStrategy(name: StrategyName, sim: StrategySim, cfg: StrategyConfig): Strategy {
  switch (name) {
    case 'cache-aside': return new CacheAside(sim, cfg);
    case 'read-through': return new ReadThrough(sim, cfg);
    case 'refresh-ahead': return new RefreshAhead(sim, cfg);
    case 'write-through': return new WriteThrough(sim);
    case 'write-behind': return new WriteBehind(sim, cfg);
  }
}
