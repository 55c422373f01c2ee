import { growFloat64, growUint8 } from '../../core/typed-arrays.js';
import { IdList, Links } from './id-list.js';

/**
 * Two ghost FIFOs of evicted ids (list 1 and 2), each capped at `cap` in
 * the store's unit, oldest forgotten first; an id is in at most one. What
 * LeCaR and Cacheus keep for their two experts.
 */
export class GhostLists {
  private readonly links = new Links();
  private readonly lists = [new IdList(this.links), new IdList(this.links)] as const;
  private readonly used = [0, 0];
  private where = new Uint8Array(0);
  private cost = new Float64Array(0);

  constructor(readonly cap: number) {}

  grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.cost = growFloat64(this.cost, n);
  }

  /** 0 when the id is in neither list, else 1 or 2. */
  listOf(id: number): number {
    return this.where[id]!;
  }

  /** Remember the id in list 1 or 2, forgetting that list's oldest while it is over its cap. */
  add(id: number, list: 1 | 2, size: number): void {
    this.where[id] = list;
    this.cost[id] = size;
    this.lists[list - 1].pushFront(id);
    this.used[list - 1]! += size;
    while (this.used[list - 1]! > this.cap) this.drop(this.lists[list - 1].tail);
  }

  drop(id: number): void {
    const l = this.where[id]! - 1;
    if (l < 0) return;
    this.lists[l]!.remove(id);
    this.used[l]! -= this.cost[id]!;
    this.where[id] = 0;
  }

  /** Either list over its cap (for checks). */
  overCap(): boolean {
    return this.used[0]! > this.cap || this.used[1]! > this.cap;
  }
}
