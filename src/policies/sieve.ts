import { Policy, type PolicyContext } from './policy.js';
import { growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

/**
 * SIEVE (Zhang et al., NSDI 2024): a FIFO queue with one visited bit per
 * key and a hand. A hit only sets the bit. To evict, the hand walks from
 * where it stopped towards the newer end (from the oldest key when it has
 * no position or falls off the newest), clearing set bits, and evicts the
 * first key whose bit is clear; it then rests on that key's newer
 * neighbour. Survivors are never moved, unlike CLOCK's reinsertion.
 */
export class SievePolicy extends Policy {
  private readonly links = new Links();
  // Front = newest, back = oldest.
  private readonly list = new IdList(this.links);
  private visited = new Uint8Array(0);
  /** Where the next search starts; -1 = at the oldest key. */
  private hand = -1;

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.visited = growUint8(this.visited, n);
  }

  onInsert(id: number): void {
    this.visited[id] = 0;
    this.list.pushFront(id);
  }

  onHit(id: number): void {
    this.visited[id] = 1;
  }

  onRemove(id: number): void {
    if (id === this.hand) this.hand = this.list.prevOf(id);
    this.list.remove(id);
  }

  victim(): number {
    const list = this.list;
    const visited = this.visited;
    let id = this.hand >= 0 ? this.hand : list.tail;
    if (id < 0) return -1;
    while (visited[id] === 1) {
      visited[id] = 0;
      const newer = list.prevOf(id);
      id = newer >= 0 ? newer : list.tail;
    }
    this.hand = list.prevOf(id);
    return id;
  }

  /** The hand's key, or -1 when it will start at the oldest (for tests). */
  handPosition(): number {
    return this.hand;
  }

  isVisited(id: number): boolean {
    return this.visited[id] === 1;
  }

  /** Ids from newest to oldest (for tests). */
  order(): number[] {
    return this.list.toArray();
  }

  check(residents: number): string | undefined {
    return this.list.size === residents ? undefined : `list holds ${this.list.size}, store ${residents}`;
  }
}

export const sieve: PolicyInfo = {
  name: 'sieve',
  family: 'linked',
  paper: 'Zhang, Yang, Yue, Vigfusson and Rashmi, NSDI 2024',
  description: 'SIEVE: FIFO with a visited bit and a moving hand that skips (and clears) visited keys.',
  params: [],
  create: (ctx) => new SievePolicy(ctx),
};
