import { mix32 } from '../policies/structures/count-min.js';

/**
 * A fixed-size map from key ids (non-negative integers) to small integers
 * (slots of a bounded structure: an L1 cache's entries, Space-Saving's
 * counters), for at most `maxEntries` ids at a time. Open addressing with
 * linear probing over typed arrays at most half full; deletion shifts later
 * entries back, so no tombstones build up.
 */
export class IdIndex {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(maxEntries: number) {
    let cap = 16;
    while (cap < maxEntries * 2) cap *= 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The value stored for id, or -1. */
  get(id: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let j = mix32(id) & mask; ; j = (j + 1) & mask) {
      const k = keys[j]!;
      if (k === id) return this.values[j]!;
      if (k === -1) return -1;
    }
  }

  /** Store (or replace) id's value. The caller keeps within maxEntries. */
  set(id: number, value: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let j = mix32(id) & mask;
    while (keys[j] !== -1 && keys[j] !== id) j = (j + 1) & mask;
    keys[j] = id;
    this.values[j] = value;
  }

  delete(id: number): void {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let j = mix32(id) & mask;
    while (keys[j] !== id) {
      if (keys[j] === -1) return;
      j = (j + 1) & mask;
    }
    // Backward-shift: move each later entry of the run into the hole if its home allows.
    let hole = j;
    for (let k = (j + 1) & mask; keys[k] !== -1; k = (k + 1) & mask) {
      const home = mix32(keys[k]!) & mask;
      // The entry at k may fill the hole when its home is not cyclically in (hole, k].
      const inRange = hole <= k ? home > hole && home <= k : home > hole || home <= k;
      if (!inRange) {
        keys[hole] = keys[k]!;
        values[hole] = values[k]!;
        hole = k;
      }
    }
    keys[hole] = -1;
  }
}
