/** evict.c EVPOOL_SIZE. */
export const EVICTION_POOL_SIZE = 16;

/**
 * Redis's eviction pool (evict.c, struct evictionPoolEntry and
 * evictionPoolPopulate): up to 16 candidates kept across evictions, in
 * ascending score order, the best candidate on the right. A score is
 * "higher = evict sooner" (idle time, 255 − LFU counter, or the inverse of
 * the expiry time). Entries are never refreshed: a candidate keeps the score
 * it had when sampled, and a key evicted or deleted since stays as a ghost
 * until an eviction scan reaches it. The same key may sit in the pool twice.
 */
export class EvictionPool {
  /** Key id per slot, -1 for an empty slot; occupied slots are always a prefix. */
  readonly ids = new Int32Array(EVICTION_POOL_SIZE).fill(-1);
  readonly scores = new Float64Array(EVICTION_POOL_SIZE);

  /**
   * evictionPoolPopulate's insertion of one sampled key. The new entry goes
   * before the first entry whose score is not smaller, so among equal
   * scores the entries inserted earlier stay to the right and are evicted
   * first. When the pool is full, an entry worse than every one held is
   * dropped, and otherwise the worst entry (slot 0) makes room.
   */
  insert(id: number, score: number): void {
    const ids = this.ids;
    const scores = this.scores;
    const last = EVICTION_POOL_SIZE - 1;
    let k = 0;
    while (k < EVICTION_POOL_SIZE && ids[k]! >= 0 && scores[k]! < score) k++;
    if (k === 0 && ids[last]! >= 0) return;
    if (k < EVICTION_POOL_SIZE && ids[k]! < 0) {
      // An empty slot: nothing to move.
    } else if (ids[last]! < 0) {
      // Room on the right: shift k.. one place right (plain loops: copyWithin costs more at this size).
      for (let j = last; j > k; j--) {
        ids[j] = ids[j - 1]!;
        scores[j] = scores[j - 1]!;
      }
    } else {
      // Full: shift 1..k-1 one place left, dropping slot 0, and take k-1.
      k--;
      for (let j = 0; j < k; j++) {
        ids[j] = ids[j + 1]!;
        scores[j] = scores[j + 1]!;
      }
    }
    ids[k] = id;
    scores[k] = score;
  }

  /** Empty the slot (performEvictions removes every entry it looks at). */
  clear(slot: number): void {
    this.ids[slot] = -1;
    this.scores[slot] = 0;
  }

  /** Occupied slots, worst first (for tests and invariant checks). */
  entries(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let k = 0; k < EVICTION_POOL_SIZE; k++) {
      if (this.ids[k]! >= 0) out.push({ id: this.ids[k]!, score: this.scores[k]! });
    }
    return out;
  }
}
