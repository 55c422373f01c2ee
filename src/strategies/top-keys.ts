import { growFloat64 } from '../core/typed-arrays.js';
import { IndexedHeap } from '../policies/structures/heap.js';

/**
 * The K most-read keys so far, exactly: read counts per key and a min-heap
 * of the current top K by count. A key enters when its count passes the
 * smallest in the heap; on equal counts the key already in stays.
 */
export class TopKeys {
  private reads = new Float64Array(0);
  private readonly heap = new IndexedHeap();
  private seq = 0;

  constructor(readonly k: number) {}

  grow(n: number): void {
    this.reads = growFloat64(this.reads, n);
    this.heap.grow(n);
  }

  read(id: number): void {
    const c = this.reads[id]! + 1;
    this.reads[id] = c;
    const heap = this.heap;
    if (heap.has(id)) heap.set(id, c, this.seq++);
    else if (heap.size < this.k) heap.set(id, c, this.seq++);
    else if (c > heap.key(heap.peek())) {
      heap.remove(heap.peek());
      heap.set(id, c, this.seq++);
    }
  }

  has(id: number): boolean {
    return this.heap.has(id);
  }
}
