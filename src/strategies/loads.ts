import { growInt32 } from '../core/typed-arrays.js';

/** A load's flags. */
export const LOAD_EARLY = 1;
export const LOAD_LOCK_HOLDER = 2;

/**
 * Database loads in flight, in slots reused through a free list, with each
 * key's loads linked newest first. A load remembers the version it read and
 * when that version was superseded: a write committed while the load is in
 * flight marks every load of the key that had not yet been superseded (they
 * sit at the front of the list, so marking stops at the first marked one).
 */
export class LoadTable {
  /** Loads in flight per key. */
  count = new Int32Array(0);
  /** Newest load in flight per key, or -1. */
  head = new Int32Array(0);

  key = new Int32Array(16);
  start = new Float64Array(16);
  end = new Float64Array(16);
  version = new Int32Array(16);
  /** Time the version read was superseded by a commit; Infinity while current. */
  superseded = new Float64Array(16);
  flags = new Uint8Array(16);
  private next = new Int32Array(16);
  private prev = new Int32Array(16);
  private free = new Int32Array(16);
  private freeCount = 0;
  private used = 0;

  grow(n: number): void {
    this.count = growInt32(this.count, n, 0);
    this.head = growInt32(this.head, n, -1);
  }

  /** Record a load of `id` from `start` to `end` that read `version`; returns its slot. */
  add(id: number, start: number, end: number, version: number, flags: number): number {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot();
    this.key[slot] = id;
    this.start[slot] = start;
    this.end[slot] = end;
    this.version[slot] = version;
    this.superseded[slot] = Infinity;
    this.flags[slot] = flags;
    const h = this.head[id]!;
    this.next[slot] = h;
    this.prev[slot] = -1;
    if (h >= 0) this.prev[h] = slot;
    this.head[id] = slot;
    this.count[id]++;
    return slot;
  }

  /** The load has finished: unlink and free its slot (its fields stay readable until the next add). */
  remove(slot: number): void {
    const id = this.key[slot]!;
    const n = this.next[slot]!;
    const p = this.prev[slot]!;
    if (p >= 0) this.next[p] = n;
    else this.head[id] = n;
    if (n >= 0) this.prev[n] = p;
    this.count[id]--;
    this.free[this.freeCount++] = slot;
  }

  /** A write to `id` committed at time t: loads still holding the current version now hold an old one. */
  supersede(id: number, t: number): void {
    for (let s = this.head[id]!; s >= 0 && this.superseded[s] === Infinity; s = this.next[s]!) this.superseded[s] = t;
  }

  private newSlot(): number {
    if (this.used === this.key.length) {
      const n = this.key.length * 2;
      this.key = growInt32(this.key, n, 0);
      this.version = growInt32(this.version, n, 0);
      this.next = growInt32(this.next, n, 0);
      this.prev = growInt32(this.prev, n, 0);
      this.free = growInt32(this.free, n, 0);
      const f = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(n);
        b.set(a);
        return b;
      };
      this.start = f(this.start);
      this.end = f(this.end);
      this.superseded = f(this.superseded);
      const fl = new Uint8Array(n);
      fl.set(this.flags);
      this.flags = fl;
    }
    return this.used++;
  }
}
