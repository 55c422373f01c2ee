/**
 * What every eviction policy sees. The cache store owns membership, capacity
 * and expiry; a policy owns only the order in which residents leave.
 */
export interface PolicyContext {
  /** Capacity in the store's unit (objects, or bytes). */
  readonly capacity: number;
  readonly unit: 'objects' | 'bytes';
  /** Seed for any randomness the policy uses. */
  readonly seed: number;
  /**
   * The number (0-based) of the request being served, across the whole
   * trace. The store updates it before every policy call; offline policies
   * (Belady) use it to look up the future.
   */
  request: number;
  /**
   * For offline policies (registry entry `offline: true`) only: for each
   * request of the whole trace, the 0-based number of the next request for
   * the same key, or Infinity when there is none. Null for online policies.
   */
  readonly nextAccess: Float64Array | null;
}

export interface EvictionPolicy {
  /** Make room for ids below n (called before a chunk whose keys reach n). */
  grow(n: number): void;
  /** A new resident: `cost` is its cost in the store's unit (1, or its bytes); `ttl` its TTL in seconds (0 = none). */
  onInsert(id: number, cost: number, now: number, ttl?: number): void;
  /** A read found the id resident and fresh. */
  onHit(id: number, now: number): void;
  /** A write replaced a resident's value; `cost` is its new cost, `ttl` its new TTL (0 = none). */
  onWrite(id: number, cost: number, now: number, ttl?: number): void;
  /** The id left the cache without being evicted: deleted, expired or invalidated. */
  onRemove(id: number): void;
  /**
   * The store evicted the id (the one victim() just returned). Policies that
   * remember evicted keys (ARC's and 2Q's ghosts) do it here.
   */
  onEvict(id: number): void;
  /**
   * The resident to evict next, or -1 to refuse (noeviction, or nothing
   * evictable). `incoming` is the key about to be inserted and `cost` its
   * cost (-1 and 0 when a write grows a resident instead); the incoming key
   * is not resident and must not be returned.
   */
  victim(now: number, incoming?: number, cost?: number): number;
  /**
   * Optional: after an insert, a resident the policy wants out although the
   * cache has room (a part of it over its own share, as libCacheSim's SR-LRU
   * keeps it), or -1. The store evicts what it names until it says -1.
   */
  surplus?(): number;
  /** Invariant check for tests: a description of what is wrong, or undefined. */
  check?(residents: number): string | undefined;
}

/** Shared defaults: a write is an access, an eviction a removal, growth a no-op. */
export abstract class Policy implements EvictionPolicy {
  constructor(protected readonly ctx: PolicyContext) {}
  grow(_n: number): void {}
  abstract onInsert(id: number, cost: number, now: number, ttl?: number): void;
  abstract onHit(id: number, now: number): void;
  onWrite(id: number, _cost: number, now: number, _ttl?: number): void {
    this.onHit(id, now);
  }
  abstract onRemove(id: number): void;
  onEvict(id: number): void {
    this.onRemove(id);
  }
  abstract victim(now: number, incoming?: number, cost?: number): number;
}
