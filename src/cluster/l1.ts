import { IdIndex } from './id-index.js';

/**
 * A process-local cache on one application server, in front of the cluster
 * (an "L1", like Caffeine or a plain in-process LRU map): at most `size`
 * entries, each kept `ttl` seconds from when it was filled, least recently
 * used evicted first. Each entry remembers the version of the value it was
 * filled with, so a read it serves after a write elsewhere can be counted as
 * stale. Typed arrays and a fixed-size index: no allocation per request.
 */
export class L1Cache {
  /** Entries in use. */
  count = 0;
  private readonly index: IdIndex;
  private readonly ids: Int32Array;
  private readonly expiry: Float64Array;
  private readonly versions: Float64Array;
  // LRU order: a doubly linked list over slots, most recent at head.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = -1;
  private tail = -1;

  constructor(readonly size: number, readonly ttl: number) {
    this.index = new IdIndex(size);
    this.ids = new Int32Array(size);
    this.expiry = new Float64Array(size);
    this.versions = new Float64Array(size);
    this.prev = new Int32Array(size);
    this.next = new Int32Array(size);
  }

  /** The slot holding a fresh copy of id (touched as most recent), or -1. An expired copy is dropped. */
  lookup(id: number, now: number): number {
    const s = this.index.get(id);
    if (s < 0) return -1;
    if (now > this.expiry[s]!) {
      this.removeSlot(s);
      return -1;
    }
    this.toFront(s);
    return s;
  }

  /** The version the entry in slot s was filled with. */
  versionAt(slot: number): number {
    return this.versions[slot]!;
  }

  /** Keep id's value (at `version`) for ttl seconds from now, evicting the least recently used entry if full. */
  fill(id: number, now: number, version: number): void {
    let s = this.index.get(id);
    if (s < 0) {
      if (this.count < this.size) {
        s = this.count++;
      } else {
        s = this.tail;
        this.unlink(s);
        this.index.delete(this.ids[s]!);
      }
      this.ids[s] = id;
      this.index.set(id, s);
      this.linkFront(s);
    } else {
      this.toFront(s);
    }
    this.expiry[s] = now + this.ttl;
    this.versions[s] = version;
  }

  /** Drop id's copy (this server wrote the key). */
  invalidate(id: number): void {
    const s = this.index.get(id);
    if (s >= 0) this.removeSlot(s);
  }

  /** Remove slot s, moving the last used slot into it so slots stay dense (0..count-1). */
  private removeSlot(s: number): void {
    this.unlink(s);
    this.index.delete(this.ids[s]!);
    const last = --this.count;
    if (s === last) return;
    // Move the entry in slot `last` to slot s.
    const id = this.ids[last]!;
    const p = this.prev[last]!;
    const n = this.next[last]!;
    this.ids[s] = id;
    this.expiry[s] = this.expiry[last]!;
    this.versions[s] = this.versions[last]!;
    this.prev[s] = p;
    this.next[s] = n;
    if (p >= 0) this.next[p] = s;
    else this.head = s;
    if (n >= 0) this.prev[n] = s;
    else this.tail = s;
    this.index.set(id, s);
  }

  private toFront(s: number): void {
    if (this.head === s) return;
    this.unlink(s);
    this.linkFront(s);
  }

  private linkFront(s: number): void {
    this.prev[s] = -1;
    this.next[s] = this.head;
    if (this.head >= 0) this.prev[this.head] = s;
    this.head = s;
    if (this.tail < 0) this.tail = s;
  }

  private unlink(s: number): void {
    const p = this.prev[s]!;
    const n = this.next[s]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }
}
