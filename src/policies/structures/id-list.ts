import { growInt32 } from '../../core/typed-arrays.js';

/**
 * Link storage shared by the lists of one policy: an id is in at most one
 * of them at a time, so one prev/next pair per id serves them all.
 */
export class Links {
  prev = new Int32Array(0);
  next = new Int32Array(0);
  grow(n: number): void {
    this.prev = growInt32(this.prev, n);
    this.next = growInt32(this.next, n);
  }
}

/**
 * An intrusive doubly linked list of ids over typed arrays (-1 is null).
 * Front is the most recent end; back is where LRU and FIFO evict.
 */
export class IdList {
  head = -1;
  tail = -1;
  size = 0;

  constructor(private readonly links: Links) {}

  pushFront(id: number): void {
    const { prev, next } = this.links;
    prev[id] = -1;
    next[id] = this.head;
    if (this.head >= 0) prev[this.head] = id;
    else this.tail = id;
    this.head = id;
    this.size++;
  }

  pushBack(id: number): void {
    const { prev, next } = this.links;
    next[id] = -1;
    prev[id] = this.tail;
    if (this.tail >= 0) next[this.tail] = id;
    else this.head = id;
    this.tail = id;
    this.size++;
  }

  remove(id: number): void {
    const { prev, next } = this.links;
    const p = prev[id]!;
    const n = next[id]!;
    if (p >= 0) next[p] = n;
    else this.head = n;
    if (n >= 0) prev[n] = p;
    else this.tail = p;
    prev[id] = -1;
    next[id] = -1;
    this.size--;
  }

  moveToFront(id: number): void {
    if (this.head === id) return;
    const { prev, next } = this.links;
    const p = prev[id]!;
    const n = next[id]!;
    // id is not the head, so p >= 0.
    next[p] = n;
    if (n >= 0) prev[n] = p;
    else this.tail = p;
    prev[id] = -1;
    next[id] = this.head;
    prev[this.head] = id;
    this.head = id;
  }

  /** Remove and return the back, or -1 when empty. */
  popBack(): number {
    const id = this.tail;
    if (id >= 0) this.remove(id);
    return id;
  }

  /** The id after `id` towards the back. */
  nextOf(id: number): number {
    return this.links.next[id]!;
  }

  /** The id before `id` towards the front. */
  prevOf(id: number): number {
    return this.links.prev[id]!;
  }

  /** Ids front to back (for tests and checks). */
  toArray(): number[] {
    const out: number[] = [];
    for (let id = this.head; id >= 0; id = this.links.next[id]!) out.push(id);
    return out;
  }
}
