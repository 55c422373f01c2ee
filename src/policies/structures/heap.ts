import { growInt32 } from '../../core/typed-arrays.js';

/**
 * A binary min-heap of ids over typed arrays, with each id's position kept
 * so any member can be re-keyed or removed in O(log n). Order: smaller `key`
 * first; equal keys by smaller `tie` (callers pass a sequence number, so
 * equal priorities leave first-in-first-out). Keys live beside the ids in
 * heap order, so a sift reads contiguous memory. What Belady, GDSF and
 * LFU-DA evict from.
 */
export class IndexedHeap {
  size = 0;
  private ids = new Int32Array(16);
  private keys = new Float64Array(16);
  private ties = new Float64Array(16);
  private pos = new Int32Array(0);

  grow(n: number): void {
    this.pos = growInt32(this.pos, n);
  }

  has(id: number): boolean {
    return this.pos[id]! >= 0;
  }

  /** The id's key (it must be present). */
  key(id: number): number {
    return this.keys[this.pos[id]!]!;
  }

  /** The id with the smallest (key, tie), or -1 when empty. */
  peek(): number {
    return this.size > 0 ? this.ids[0]! : -1;
  }

  /** Insert the id, or re-key it when already present. */
  set(id: number, key: number, tie: number): void {
    let i = this.pos[id]!;
    if (i < 0) {
      if (this.size === this.ids.length) this.enlarge();
      i = this.size++;
      this.ids[i] = id;
      this.pos[id] = i;
      this.keys[i] = key;
      this.ties[i] = tie;
      this.siftUp(i);
      return;
    }
    const k = this.keys[i]!;
    const up = key < k || (key === k && tie < this.ties[i]!);
    this.keys[i] = key;
    this.ties[i] = tie;
    if (up) this.siftUp(i);
    else this.siftDown(i);
  }

  remove(id: number): void {
    const i = this.pos[id]!;
    if (i < 0) return;
    this.pos[id] = -1;
    const last = --this.size;
    if (i === last) return;
    const moved = this.ids[last]!;
    const k = this.keys[last]!;
    const t = this.ties[last]!;
    this.ids[i] = moved;
    this.keys[i] = k;
    this.ties[i] = t;
    this.pos[moved] = i;
    this.siftUp(i);
    if (this.pos[moved] === i) this.siftDown(i);
  }

  /** Heap order holds everywhere (for tests). */
  valid(): boolean {
    const { keys, ties } = this;
    for (let i = 1; i < this.size; i++) {
      const p = (i - 1) >> 1;
      if (keys[i]! < keys[p]! || (keys[i] === keys[p] && ties[i]! < ties[p]!)) return false;
    }
    return true;
  }

  private siftUp(i: number): void {
    const { ids, keys, ties, pos } = this;
    const id = ids[i]!;
    const k = keys[i]!;
    const t = ties[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (!(k < pk || (k === pk && t < ties[p]!))) break;
      ids[i] = ids[p]!;
      keys[i] = pk;
      ties[i] = ties[p]!;
      pos[ids[i]!] = i;
      i = p;
    }
    ids[i] = id;
    keys[i] = k;
    ties[i] = t;
    pos[id] = i;
  }

  private siftDown(i: number): void {
    const { ids, keys, ties, pos } = this;
    const n = this.size;
    const id = ids[i]!;
    const k = keys[i]!;
    const t = ties[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ck = keys[c]!;
      let ct = ties[c]!;
      const r = c + 1;
      if (r < n) {
        const rk = keys[r]!;
        if (rk < ck || (rk === ck && ties[r]! < ct)) {
          c = r;
          ck = rk;
          ct = ties[r]!;
        }
      }
      if (!(ck < k || (ck === k && ct < t))) break;
      ids[i] = ids[c]!;
      keys[i] = ck;
      ties[i] = ct;
      pos[ids[i]!] = i;
      i = c;
    }
    ids[i] = id;
    keys[i] = k;
    ties[i] = t;
    pos[id] = i;
  }

  private enlarge(): void {
    const n = this.ids.length * 2;
    const ids = new Int32Array(n);
    ids.set(this.ids);
    const keys = new Float64Array(n);
    keys.set(this.keys);
    const ties = new Float64Array(n);
    ties.set(this.ties);
    this.ids = ids;
    this.keys = keys;
    this.ties = ties;
  }
}
