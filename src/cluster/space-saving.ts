import { IdIndex } from './id-index.js';

/**
 * Space-Saving (Metwally, Agrawal and El Abbadi, 2005): the most frequent
 * keys of a stream in m counters. A monitored key's counter is incremented;
 * a new key takes over the smallest counter, inheriting its count as its
 * possible overcount (`error`). Every key seen more than N/m times in N
 * requests is monitored, and for each monitored key
 * count − error ≤ true count ≤ count. The counters sit in a min-heap, so each
 * request costs O(log m); nothing is allocated per request.
 *
 * Each counter also keeps its key's busiest window (peak requests per
 * window), counted from when the key last took the counter.
 */
export class SpaceSaving {
  size = 0;
  private readonly ids: Int32Array;
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  /** Min-heap of counter numbers by count; pos[c] is counter c's place in it. */
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private readonly index: IdIndex;
  private readonly win: Float64Array;
  private readonly winCount: Float64Array;
  private readonly peak: Float64Array;

  constructor(readonly capacity: number) {
    this.ids = new Int32Array(capacity);
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity);
    this.index = new IdIndex(capacity);
    this.win = new Float64Array(capacity);
    this.winCount = new Float64Array(capacity);
    this.peak = new Float64Array(capacity);
  }

  /** Count one request for id, in window w. */
  offer(id: number, w: number): void {
    let c = this.index.get(id);
    if (c >= 0) {
      this.counts[c]!++;
      this.siftDown(this.pos[c]!);
    } else if (this.size < this.capacity) {
      c = this.size++;
      this.ids[c] = id;
      this.counts[c] = 1;
      this.errors[c] = 0;
      this.heap[c] = c;
      this.pos[c] = c;
      this.index.set(id, c);
      this.resetWindow(c, w);
      this.siftUp(c);
    } else {
      c = this.heap[0]!;
      this.index.delete(this.ids[c]!);
      this.ids[c] = id;
      this.errors[c] = this.counts[c]!;
      this.counts[c]!++;
      this.index.set(id, c);
      this.resetWindow(c, w);
      this.siftDown(0);
    }
    if (this.win[c] !== w) {
      this.win[c] = w;
      this.winCount[c] = 0;
    }
    if (++this.winCount[c]! > this.peak[c]!) this.peak[c] = this.winCount[c]!;
  }

  /** The k largest counters, largest first (ties: the smaller overcount, then the smaller id). */
  top(k: number): { id: number; count: number; error: number; peak: number }[] {
    const order = Array.from({ length: this.size }, (_, c) => c);
    order.sort((a, b) => this.counts[b]! - this.counts[a]! || this.errors[a]! - this.errors[b]! || this.ids[a]! - this.ids[b]!);
    return order.slice(0, k).map((c) => ({ id: this.ids[c]!, count: this.counts[c]!, error: this.errors[c]!, peak: this.peak[c]! }));
  }

  private resetWindow(c: number, w: number): void {
    this.win[c] = w;
    this.winCount[c] = 0;
    this.peak[c] = 0;
  }

  private siftUp(i: number): void {
    const { heap, pos, counts } = this;
    const c = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (counts[p]! <= counts[c]!) break;
      heap[i] = p;
      pos[p] = i;
      i = parent;
    }
    heap[i] = c;
    pos[c] = i;
  }

  private siftDown(i: number): void {
    const { heap, pos, counts } = this;
    const n = this.size;
    const c = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && counts[heap[child + 1]!]! < counts[heap[child]!]!) child++;
      const d = heap[child]!;
      if (counts[d]! >= counts[c]!) break;
      heap[i] = d;
      pos[d] = i;
      i = child;
    }
    heap[i] = c;
    pos[c] = i;
  }
}
