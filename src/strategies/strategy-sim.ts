import { CacheStore, type CacheCounters, type EvictionListener } from '../engine/store.js';
import type { Simulation } from '../engine/simulation.js';
import { type EvictionPolicy, type PolicyContext } from '../policies/policy.js';
import { growFloat64, growInt32, growUint32, growUint8 } from '../core/typed-arrays.js';
import { round6 } from '../core/numbers.js';
import { OP_READ, OP_WRITE, type TraceChunk } from '../trace/types.js';
import type { StrategyConfig } from './config.js';
import { Database } from './database.js';
import { EventQueue } from './event-queue.js';
import { LatencyHistogram } from './latency-histogram.js';
import { LOAD_EARLY, LoadTable } from './loads.js';
import type { MakeParts, ProtectionPart, StrategyPart } from './parts.js';
import type { StrategyFields } from './result.js';

/** Event kinds on the queue. */
const EV_LOAD = 0;
const EV_TIMER = 1;
const EV_FLUSH = 2;
const EV_CRASH = 3;

/**
 * A caching strategy and a stampede protection over time, between the
 * cache store (the real CacheStore and eviction policy) and a database model.
 * Requests carry times; loads, lock retries, flushes, refreshes and a crash
 * are events on one queue, drained up to each request's time (an event at a
 * request's exact time happens first), so a load still in flight is visible
 * to the requests that arrive meanwhile. finish() drains what is left.
 *
 * Counts: a read served from the cache (fresh, or expired within swr's
 * window) is a hit; any other read is a miss, whether it loads, waits for
 * another's load or waits for a lock. dbReads counts loads actually started
 * (duplicates, refreshes and fallbacks included); dbWrites the versions the
 * database committed. Stale read: the value served was already superseded in
 * the database when the read arrived.
 *
 * The fields below are shared with the strategy and protection classes;
 * they are not an API beyond this folder.
 */
export class StrategySim implements Simulation, EvictionListener {
  readonly counters: CacheCounters;
  readonly store: CacheStore;
  readonly db: Database;
  readonly loads = new LoadTable();
  readonly events = new EventQueue();
  readonly strategy: StrategyPart;
  readonly protection: ProtectionPart;
  readonly cacheLatency: number;
  readonly latencies = new LatencyHistogram();

  /** Newest version any write made, per key (ahead of the database's while write-behind holds it). */
  latest = new Int32Array(0);
  /** Per cached entry: its version, when that version was superseded (Infinity: current), when it was installed, its install count. */
  cachedVersion = new Int32Array(0);
  staleSince = new Float64Array(0);
  installedAt = new Float64Array(0);
  stamp = new Int32Array(0);
  /** The entry's expiry has been counted (a read found it expired). */
  expiredSeen = new Uint8Array(0);
  /** Duration of the key's last load (XFetch's δ). */
  delta = new Float64Array(0);
  /** Size (cost in the store's unit) and TTL of the latest request for each key: what a load installs. */
  keyCost = new Uint32Array(0);
  keyTtl = new Float64Array(0);

  stampedes = 0;
  maxConcurrentLoads = 0;
  staleReads = 0;
  maxStaleness = 0;
  earlyRefreshes = 0;
  /** The trace has ended: refreshers stop, pending work is settled. */
  ended = false;

  private keyCount = 0;
  private requestIndex = 0;
  private started = false;
  /** The latest request time (events after the trace reach dbLoad only if they touch the database). */
  private lastTime = 0;
  private readonly bytes: boolean;

  constructor(policy: EvictionPolicy, readonly ctx: PolicyContext, readonly config: StrategyConfig, makeParts: MakeParts<StrategySim>) {
    this.store = new CacheStore(policy, ctx, 'update', null, this);
    this.counters = this.store.counters;
    this.db = new Database(config.dbLatency, ctx.seed, config.window);
    this.cacheLatency = config.cacheLatency;
    this.bytes = ctx.unit === 'bytes';
    const parts = makeParts(this);
    this.strategy = parts.strategy;
    this.protection = parts.protection;
  }

  /** The store is about to evict the id: the strategy hears of it first (write-behind writes it back). */
  evicting(id: number, now: number): void {
    this.strategy.leaving(id, now);
  }

  grow(n: number): void {
    if (n <= this.keyCount) return;
    this.keyCount = n;
    this.store.grow(n);
    this.db.grow(n);
    this.loads.grow(n);
    this.strategy.grow(n);
    this.protection.grow(n);
    this.latest = growInt32(this.latest, n, 0);
    this.cachedVersion = growInt32(this.cachedVersion, n, 0);
    this.staleSince = growFloat64(this.staleSince, n, Infinity);
    this.installedAt = growFloat64(this.installedAt, n);
    this.stamp = growInt32(this.stamp, n, 0);
    this.expiredSeen = growUint8(this.expiredSeen, n);
    this.delta = growFloat64(this.delta, n);
    this.keyCost = growUint32(this.keyCost, n);
    this.keyTtl = growFloat64(this.keyTtl, n);
  }

  processChunk(c: TraceChunk): void {
    const { times, ids, ops, sizes, ttls } = c;
    const k = this.counters;
    const events = this.events;
    for (let i = 0; i < c.length; i++) {
      const t = times[i]!;
      const id = ids[i]!;
      if (!this.started) this.begin(t);
      if (events.size > 0 && events.peekTime() <= t) this.drain(t);
      if (t > this.lastTime) this.lastTime = t;
      this.ctx.request = this.requestIndex++;
      this.keyCost[id] = this.bytes ? sizes[i]! : 1;
      this.keyTtl[id] = ttls[i]!;
      k.requests++;
      const op = ops[i]!;
      if (op === OP_READ) this.read(id, t, sizes[i]!);
      else if (op === OP_WRITE) {
        k.writes++;
        this.strategy.write(id, t);
      } else {
        k.deletes++;
        this.strategy.del(id, t);
      }
    }
  }

  finish(): void {
    this.ended = true;
    while (this.events.size > 0) this.handleNext();
  }

  result(): StrategyFields {
    const k = this.counters;
    const db = this.db;
    const windowSeconds = db.window;
    const windows = Math.max(db.windows, this.started ? Math.floor((this.lastTime - db.start) / windowSeconds) + 1 : 0);
    const reads = Array.from(db.windowReads.subarray(0, windows));
    const writes = Array.from(db.windowWrites.subarray(0, windows));
    while (reads.length < windows) reads.push(0);
    while (writes.length < windows) writes.push(0);
    let peak = 0;
    for (let w = 0; w < windows; w++) peak = Math.max(peak, reads[w]! + writes[w]!);
    const p = this.config.protection;
    const s = this.config.strategy;
    const earlyApplies = p === 'xfetch' || p === 'background' || s === 'refresh-ahead';
    const ms = (q: number): number => round6(this.latencies.quantile(q) * 1000);
    return {
      strategy: s,
      protection: p,
      stampedes: this.stampedes,
      maxConcurrentLoads: this.maxConcurrentLoads,
      ...this.protection.fields(),
      dbPeakQps: round6(peak / windowSeconds),
      dbMeanQps: windows > 0 ? round6((db.reads + db.writes) / (windows * windowSeconds)) : 0,
      staleReads: this.staleReads,
      maxStalenessSeconds: round6(this.maxStaleness),
      ...(earlyApplies ? { earlyRefreshes: this.earlyRefreshes } : {}),
      ...this.strategy.fields(),
      ...(k.reads > 0 ? { readLatency: { p50: ms(0.5), p95: ms(0.95), p99: ms(0.99) } } : {}),
      dbLoad: { windowSeconds, startSeconds: this.started ? round6(db.start) : 0, reads, writes },
    };
  }

  // ---- what the strategy and protection classes call ----

  /** Start a database load of `id` at time t; returns its slot. */
  load(id: number, t: number, flags: number): number {
    const loads = this.loads;
    const latency = this.db.latency.draw();
    this.db.read(t);
    this.counters.dbReads++;
    if (loads.count[id]! > 0) this.stampedes++;
    if ((flags & LOAD_EARLY) !== 0) this.earlyRefreshes++;
    const slot = loads.add(id, t, t + latency, this.db.version[id]!, flags);
    if (loads.count[id]! > this.maxConcurrentLoads) this.maxConcurrentLoads = loads.count[id]!;
    this.events.push(t + latency, EV_LOAD, id, slot, 0);
    return slot;
  }

  /** A reader loads the value itself; it waited `before` seconds already, and pays one cache round trip and the load. */
  readerLoad(id: number, t: number, before: number, flags = 0): void {
    const slot = this.load(id, t, flags);
    this.latencies.record(before + this.cacheLatency + (this.loads.end[slot]! - t));
  }

  /** A reader shares the load of `id` in flight, or starts one (single-flight). */
  sharedLoad(id: number, t: number): void {
    const slot = this.loads.head[id]!;
    if (slot < 0) {
      this.readerLoad(id, t, 0);
      return;
    }
    this.latencies.record(this.cacheLatency + (this.loads.end[slot]! - t));
    // The shared load read a version a write has superseded since: this reader gets an old value.
    const old = this.loads.superseded[slot]!;
    if (old <= t) this.stale(t - old);
  }

  /** Serve a read from the cached entry of `id` with this latency, checking it against the database. */
  deliverCached(id: number, t: number, latency: number): void {
    this.latencies.record(latency);
    if (this.cachedVersion[id]! < this.db.version[id]!) this.stale(t - this.staleSince[id]!);
  }

  /** Is `id` cached and fresh at t? (A found expiry is counted and the entry dropped.) A fresh entry is touched. */
  lookupFresh(id: number, t: number): boolean {
    if (!this.store.isResident(id)) return false;
    const e = this.store.expiryOf(id);
    if (e === 0 || t <= e) {
      this.store.touch(id, t);
      return true;
    }
    this.foundExpired(id);
    this.dropExpired(id, t);
    return false;
  }

  /**
   * Put version `version` of `id` in the cache at t (size and TTL of the
   * key's latest request). `superseded`: when a newer version was committed,
   * for a load that read an old one. False when the cache refused it.
   */
  install(id: number, t: number, version: number, superseded: number): boolean {
    const ttl = this.keyTtl[id]!;
    if (!this.store.put(id, this.keyCost[id]!, ttl, t)) return false;
    this.cachedVersion[id] = version;
    this.staleSince[id] = version >= this.db.version[id]! ? Infinity : Math.min(superseded, t);
    this.installedAt[id] = t;
    this.stamp[id]++;
    this.expiredSeen[id] = 0;
    this.protection.installed(id, t, ttl);
    return true;
  }

  /** The database commits version `v` of `id` at t. */
  commit(id: number, v: number, t: number): void {
    this.db.commit(id, v, t);
    this.counters.dbWrites++;
    this.loads.supersede(id, t);
    if (this.store.isResident(id) && this.cachedVersion[id]! < v && this.staleSince[id] === Infinity) this.staleSince[id] = t;
  }

  setTimer(t: number, id: number, aux: number): void {
    this.events.push(t, EV_TIMER, id, 0, aux);
  }

  setFlushTimer(t: number, aux: number): void {
    this.events.push(t, EV_FLUSH, -1, 0, aux);
  }

  // ---- internals ----

  private begin(t: number): void {
    this.started = true;
    this.db.start = t;
    if (this.config.crashAt !== undefined) this.events.push(t + this.config.crashAt, EV_CRASH, -1, 0, 0);
  }

  private read(id: number, t: number, size: number): void {
    const k = this.counters;
    k.reads++;
    k.bytesRead += size;
    this.protection.read(id);
    const store = this.store;
    if (store.isResident(id)) {
      const e = store.expiryOf(id);
      if (e === 0 || t <= e) {
        this.hit(id, t, size);
        this.protection.fresh(id, t, e);
        this.strategy.fresh(id, t, e);
        return;
      }
      this.foundExpired(id);
      if (this.protection.expired(id, t, e)) {
        this.hit(id, t, size);
        return;
      }
      this.dropExpired(id, t);
    }
    k.misses++;
    if (this.strategy.sharesLoads) this.sharedLoad(id, t);
    else this.protection.miss(id, t);
  }

  private hit(id: number, t: number, size: number): void {
    const k = this.counters;
    k.hits++;
    k.bytesHit += size;
    this.store.touch(id, t);
    this.deliverCached(id, t, this.cacheLatency);
  }

  private foundExpired(id: number): void {
    if (this.expiredSeen[id] === 0) {
      this.expiredSeen[id] = 1;
      this.counters.expirations++;
    }
  }

  private dropExpired(id: number, t: number): void {
    this.strategy.leaving(id, t);
    this.store.drop(id);
  }

  private stale(seconds: number): void {
    this.staleReads++;
    if (seconds > this.maxStaleness) this.maxStaleness = seconds;
  }

  private drain(t: number): void {
    const events = this.events;
    while (events.size > 0 && events.peekTime() <= t) this.handleNext();
  }

  private handleNext(): void {
    const ev = this.events;
    const kind = ev.pop();
    const t = ev.time;
    if (kind === EV_LOAD) this.loadDone(ev.ref, t);
    else if (kind === EV_TIMER) this.protection.timer(ev.id, t, ev.aux);
    else if (kind === EV_FLUSH) this.strategy.timer(t, ev.aux);
    else this.crash(t);
  }

  private loadDone(slot: number, t: number): void {
    const loads = this.loads;
    const id = loads.key[slot]!;
    const version = loads.version[slot]!;
    const start = loads.start[slot]!;
    const superseded = loads.superseded[slot]!;
    const flags = loads.flags[slot]!;
    loads.remove(slot);
    this.delta[id] = t - start;
    if (this.strategy.accepts(id, version)) this.install(id, t, version, superseded);
    this.protection.loaded(id, start, flags);
  }

  /** The cache process dies and restarts empty: queued writes and locks are lost; loads in flight still finish. */
  private crash(t: number): void {
    this.strategy.crash(t);
    this.protection.crash();
    for (let id = 0; id < this.keyCount; id++) this.store.drop(id);
  }
}
