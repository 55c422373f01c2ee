import { growInt32 } from '../../core/typed-arrays.js';

/**
 * A set of ids in a dense array with swap-remove: O(1) insert, remove and
 * uniform random pick. This is how Redis-style sampling policies draw.
 */
export class DenseSet {
  members = new Int32Array(16);
  size = 0;
  private pos = new Int32Array(0);

  grow(n: number): void {
    this.pos = growInt32(this.pos, n);
  }

  has(id: number): boolean {
    return this.pos[id]! >= 0;
  }

  add(id: number): void {
    if (this.pos[id]! >= 0) return;
    if (this.size === this.members.length) {
      const m = new Int32Array(this.size * 2);
      m.set(this.members);
      this.members = m;
    }
    this.members[this.size] = id;
    this.pos[id] = this.size;
    this.size++;
  }

  remove(id: number): void {
    const p = this.pos[id]!;
    if (p < 0) return;
    const last = this.members[--this.size]!;
    this.members[p] = last;
    this.pos[last] = p;
    this.pos[id] = -1;
  }

  /** The member at index i (0 ≤ i < size). */
  at(i: number): number {
    return this.members[i]!;
  }
}
