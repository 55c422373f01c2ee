import { Policy, type PolicyContext } from './policy.js';
import { growInt32 } from '../core/typed-arrays.js';
import type { PolicyInfo } from './registry-types.js';

/**
 * Exact LRU: a hit moves the id to the front; the back is evicted. The list
 * is written out here rather than through IdList: LRU is the yardstick of the
 * speed benchmark, and its hit path is the hottest code in a replay.
 */
export class LruPolicy extends Policy {
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private head = -1;
  private tail = -1;
  private size = 0;

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    this.prev = growInt32(this.prev, n);
    this.next = growInt32(this.next, n);
  }

  onInsert(id: number): void {
    const next = this.next;
    this.prev[id] = -1;
    next[id] = this.head;
    if (this.head >= 0) this.prev[this.head] = id;
    else this.tail = id;
    this.head = id;
    this.size++;
  }

  onHit(id: number): void {
    const head = this.head;
    if (head === id) return;
    const prev = this.prev;
    const next = this.next;
    // id is not the head, so it has a predecessor.
    const p = prev[id]!;
    const n = next[id]!;
    next[p] = n;
    if (n >= 0) prev[n] = p;
    else this.tail = p;
    prev[id] = -1;
    next[id] = head;
    prev[head] = id;
    this.head = id;
  }

  onRemove(id: number): void {
    const prev = this.prev;
    const next = this.next;
    const p = prev[id]!;
    const n = next[id]!;
    if (p >= 0) next[p] = n;
    else this.head = n;
    if (n >= 0) prev[n] = p;
    else this.tail = p;
    this.size--;
  }

  victim(): number {
    return this.tail;
  }

  check(residents: number): string | undefined {
    return this.size === residents ? undefined : `list holds ${this.size}, store ${residents}`;
  }
}

export const lru: PolicyInfo = {
  name: 'lru',
  family: 'exact',
  paper: 'Mattson, Gecsei, Slutz and Traiger, IBM Systems Journal 1970',
  description: 'Least recently used, exact: evicts the key whose last access is oldest.',
  params: [],
  create: (ctx) => new LruPolicy(ctx),
};
