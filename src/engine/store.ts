import type { Admission } from '../admission/admission.js';
import type { EvictionPolicy, PolicyContext } from '../policies/policy.js';
import { growFloat64, growUint32 } from '../core/typed-arrays.js';
import { OP_READ, OP_WRITE, type TraceChunk } from '../trace/types.js';
import type { RunResult } from './result.js';
import type { CacheCounters, CapacityUnit, Simulation, WriteMode } from './simulation.js';

export type { CacheCounters, CapacityUnit, WriteMode } from './simulation.js';

/** A key's state when it is not cached. */
const ABSENT = -1;

/** What the plain store adds to the counters every result has: nothing. */
export type CacheFields = Record<never, never>;

/** A plain `cachesim run` result: the counters (docs/json.md). */
export interface CacheResult extends RunResult {
  readonly kind: 'cache';
}

/**
 * Told of every eviction before the entry leaves (write-behind writes a dirty
 * entry back then). Simulations above the store pass one; the plain replay does not.
 */
export interface EvictionListener {
  evicting(id: number, now: number): void;
}

/**
 * The cache store: membership, capacity accounting and expiry, over dense
 * key ids. It asks its policy for victims until a new entry fits. One
 * instance replays one policy at one capacity; chunks are fed in order.
 *
 * Semantics (cache-aside): a read that hits counts a hit; a read that misses
 * counts a miss and a database read, then inserts the key with the request's
 * size and TTL. A write is a database write and replaces the cached value,
 * size and TTL (or, with writeMode "invalidate", drops it). A delete is a
 * database write and removes the key. TTLs expire lazily: an expired entry
 * is found on a read, counted in `expirations`, and the read is a miss.
 */
export class CacheStore implements Simulation<CacheFields> {
  readonly counters: CacheCounters = {
    requests: 0, reads: 0, writes: 0, deletes: 0, hits: 0, misses: 0,
    bytesRead: 0, bytesHit: 0, evictions: 0, expirations: 0,
    dbReads: 0, dbWrites: 0, rejected: 0, notAdmitted: 0,
  };
  /** Capacity used, in the store's unit. */
  used = 0;
  residents = 0;

  /**
   * Per id: -1 when not cached; else its expiry time, 0 for none. One array
   * for both, so a lookup touches one cache line.
   */
  private state = new Float64Array(0);
  private cost = new Uint32Array(0);
  /** Costs of a chunk's rows when counting objects: all ones. */
  private ones = new Uint32Array(0);
  private requestBase = 0;

  constructor(
    readonly policy: EvictionPolicy,
    readonly ctx: PolicyContext,
    readonly writeMode: WriteMode = 'update',
    /** Consulted on each read miss before any eviction; null admits everything. */
    readonly admission: Admission | null = null,
    private readonly listener: EvictionListener | null = null,
  ) {}

  get capacity(): number {
    return this.ctx.capacity;
  }

  get unit(): CapacityUnit {
    return this.ctx.unit;
  }

  /** Make room for ids below n, here and in the policy. */
  grow(n: number): void {
    if (n <= this.state.length) return;
    this.state = growFloat64(this.state, n, ABSENT);
    this.cost = growUint32(this.cost, n);
    this.policy.grow(this.state.length);
    this.admission?.grow(this.state.length);
  }

  finish(): void {}

  /** The plain store adds nothing to the counters. */
  result(): CacheFields {
    return {};
  }

  isResident(id: number): boolean {
    return id < this.state.length && this.state[id]! >= 0;
  }

  /** Replay the chunk's requests. Ids must be below the last grow(). */
  processChunk(c: TraceChunk): void {
    const n = c.length;
    let costs = c.sizes;
    if (this.ctx.unit === 'objects') {
      if (this.ones.length < n) this.ones = new Uint32Array(n).fill(1);
      costs = this.ones;
    }
    // Short calls let V8 optimise the loop as a whole function early (see CsvTrace).
    for (let from = 0; from < n; from += 1024) this.processRange(c, costs, from, Math.min(n, from + 1024));
  }

  private processRange(c: TraceChunk, costs: Uint32Array, from: number, to: number): void {
    const { times, ids, ops, sizes, ttls } = c;
    const ctx = this.ctx;
    const policy = this.policy;
    const admission = this.admission;
    const state = this.state;
    const k = this.counters;
    const base = this.requestBase - from;
    let hits = 0;
    let bytesHit = 0;
    let bytesRead = 0;
    let reads = 0;
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      const t = times[i]!;
      ctx.request = base + i;
      if (ops[i] === OP_READ) {
        reads++;
        const size = sizes[i]!;
        bytesRead += size;
        const e = state[id]!;
        if (e >= 0) {
          // Redis treats a key as expired only once now > its expiry time.
          if (e === 0 || t <= e) {
            hits++;
            bytesHit += size;
            policy.onHit(id, t);
            if (admission !== null) admission.onHit(id, size);
            continue;
          }
          k.expirations++;
          this.remove(id);
        }
        k.misses++;
        k.dbReads++;
        // Admission: a missed key may be kept out before anything is evicted for it.
        if (admission !== null && !admission.admit(id, size, costs[i]!, t)) {
          k.notAdmitted++;
          continue;
        }
        this.insert(id, costs[i]!, ttls[i]!, t);
      } else if (ops[i] === OP_WRITE) {
        k.writes++;
        k.dbWrites++;
        this.write(id, costs[i]!, ttls[i]!, t);
      } else {
        k.deletes++;
        k.dbWrites++;
        if (state[id]! >= 0) this.remove(id);
      }
    }
    k.requests += to - from;
    k.reads += reads;
    k.hits += hits;
    k.bytesHit += bytesHit;
    k.bytesRead += bytesRead;
    this.requestBase += to - from;
  }

  /** Make room (evicting) and insert; refused when it cannot fit. */
  private insert(id: number, cost: number, ttl: number, now: number): void {
    const capacity = this.ctx.capacity;
    if (cost > capacity) {
      this.counters.rejected++;
      return;
    }
    while (this.used + cost > capacity) {
      // The policy learns which key is coming: ARC adapts on a ghost hit before it evicts.
      const v = this.policy.victim(now, id, cost);
      if (v < 0) {
        this.counters.rejected++;
        return;
      }
      this.evict(v, now);
    }
    this.cost[id] = cost;
    this.state[id] = ttl > 0 ? now + ttl : 0;
    this.used += cost;
    this.residents++;
    this.policy.onInsert(id, cost, now, ttl);
    if (this.policy.surplus !== undefined) {
      for (let v = this.policy.surplus(); v >= 0; v = this.policy.surplus()) this.evict(v, now);
    }
  }

  private write(id: number, cost: number, ttl: number, now: number): void {
    if (this.state[id]! < 0) {
      if (this.writeMode === 'update') this.insert(id, cost, ttl, now);
      return;
    }
    if (this.writeMode === 'invalidate' || cost > this.ctx.capacity) {
      this.remove(id);
      return;
    }
    this.replace(id, cost, ttl, now);
  }

  /** Replace a resident's value in place: it keeps its place in the policy, touched by the write. False when refused. */
  private replace(id: number, cost: number, ttl: number, now: number): boolean {
    this.used += cost - this.cost[id]!;
    this.cost[id] = cost;
    this.state[id] = ttl > 0 ? now + ttl : 0;
    this.policy.onWrite(id, cost, now, ttl);
    while (this.used > this.ctx.capacity) {
      const v = this.policy.victim(now, -1, 0);
      if (v < 0) {
        // Nothing may be evicted (noeviction): the write is refused, the stale copy dropped.
        this.counters.rejected++;
        this.remove(id);
        return false;
      }
      this.evict(v, now);
    }
    return true;
  }

  // ---- The store for simulations that keep their own clock (src/strategies): not used by processChunk ----

  /** The resident id's expiry time (0 = none). */
  expiryOf(id: number): number {
    return this.state[id]!;
  }

  /** A read found the resident id fresh: the policy hears of the hit. */
  touch(id: number, now: number): void {
    this.policy.onHit(id, now);
  }

  /**
   * Insert the id, or replace its value in place, with this cost and TTL,
   * evicting as needed. False when refused (too large, or nothing the policy
   * may evict; counted in `rejected`): the id is then not resident.
   */
  put(id: number, cost: number, ttl: number, now: number): boolean {
    if (this.state[id]! < 0) {
      this.insert(id, cost, ttl, now);
      return this.state[id]! >= 0;
    }
    if (cost > this.ctx.capacity) {
      this.counters.rejected++;
      this.remove(id);
      return false;
    }
    return this.replace(id, cost, ttl, now);
  }

  /** Remove the id if resident (deleted, invalidated, expired or lost in a crash; not an eviction). */
  drop(id: number): void {
    if (id < this.state.length && this.state[id]! >= 0) this.remove(id);
  }

  private evict(id: number, now: number): void {
    this.counters.evictions++;
    this.listener?.evicting(id, now);
    this.release(id);
    this.policy.onEvict(id);
  }

  private remove(id: number): void {
    this.release(id);
    this.policy.onRemove(id);
  }

  private release(id: number): void {
    this.state[id] = ABSENT;
    this.used -= this.cost[id]!;
    this.residents--;
  }
}
