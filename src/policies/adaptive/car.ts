import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64, growUint8 } from '../../core/typed-arrays.js';
import type { PolicyInfo } from '../registry-types.js';
import { IdList, Links } from '../structures/id-list.js';

const NONE = 0;
const T1 = 1;
const T2 = 2;
const B1 = 3;
const B2 = 4;

/**
 * CAR, CLOCK with Adaptive Replacement (Bansal and Modha, FAST 2004): ARC's
 * idea over two CLOCKs. T1 holds keys seen once recently, T2 keys seen at
 * least twice; a hit only sets the key's reference bit. B1 and B2 remember
 * keys evicted from T1 and T2. To evict, while T1 is at least its target p
 * its oldest key is looked at — referenced: its bit is cleared and it moves
 * to T2; not: it leaves into B1 — else T2's oldest — referenced: cleared and
 * sent round T2 again; not: it leaves into B2. A missed key found in B1
 * raises p by max(1, |B2|/|B1|), one in B2 lowers it by max(1, |B1|/|B2|),
 * and it enters T2; any other key enters T1, after the directory drops B1's
 * oldest (when T1 + B1 would exceed the cache) or B2's (when all four would
 * exceed twice the cache). Sizes are in the store's unit, as our ARC: in
 * bytes a step is the ratio times the missed key's size (one key).
 */
export class CarPolicy extends Policy {
  private readonly links = new Links();
  private readonly t1 = new IdList(this.links);
  private readonly t2 = new IdList(this.links);
  private readonly b1 = new IdList(this.links);
  private readonly b2 = new IdList(this.links);
  private where = new Uint8Array(0);
  private ref = new Uint8Array(0);
  private cost = new Float64Array(0);
  private t1Size = 0;
  private t2Size = 0;
  private b1Size = 0;
  private b2Size = 0;
  /** Target size of T1, in the store's unit. */
  p = 0;

  constructor(ctx: PolicyContext) {
    super(ctx);
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.ref = growUint8(this.ref, n);
    this.cost = growFloat64(this.cost, n);
  }

  onInsert(id: number, size: number): void {
    const c = this.ctx.capacity;
    const w = this.where[id];
    if (w === B1) {
      this.p = Math.min(this.p + Math.max(1, this.b2Size / this.b1Size) * size, c);
      this.dropGhost(id);
    } else if (w === B2) {
      this.p = Math.max(this.p - Math.max(1, this.b1Size / this.b2Size) * size, 0);
      this.dropGhost(id);
    }
    this.cost[id] = size;
    this.ref[id] = 0;
    if (w === B1 || w === B2) {
      this.where[id] = T2;
      this.t2.pushFront(id);
      this.t2Size += size;
      return;
    }
    // Directory replacement: keep T1 + B1 within c and everything within 2c.
    while (this.b1.size > 0 && this.t1Size + this.b1Size + size > c) this.dropGhost(this.b1.tail);
    while (this.b2.size > 0 && this.t1Size + this.t2Size + this.b1Size + this.b2Size + size > 2 * c) this.dropGhost(this.b2.tail);
    this.where[id] = T1;
    this.t1.pushFront(id);
    this.t1Size += size;
  }

  onHit(id: number): void {
    this.ref[id] = 1;
  }

  override onWrite(id: number, size: number): void {
    const d = size - this.cost[id]!;
    if (this.where[id] === T1) this.t1Size += d;
    else this.t2Size += d;
    this.cost[id] = size;
    this.ref[id] = 1;
  }

  onRemove(id: number): void {
    this.leave(id, false);
  }

  override onEvict(id: number): void {
    this.leave(id, true);
  }

  private leave(id: number, evicted: boolean): void {
    const size = this.cost[id]!;
    if (this.where[id] === T1) {
      this.t1.remove(id);
      this.t1Size -= size;
      if (evicted) return this.addGhost(id, B1, size);
    } else {
      this.t2.remove(id);
      this.t2Size -= size;
      if (evicted) return this.addGhost(id, B2, size);
    }
    this.where[id] = NONE;
  }

  victim(): number {
    const ref = this.ref;
    for (;;) {
      const fromT1 = this.t2.size === 0 || (this.t1.size > 0 && this.t1Size >= Math.max(1, this.p));
      if (fromT1) {
        const id = this.t1.tail;
        if (id < 0) return -1;
        if (ref[id] === 0) return id;
        ref[id] = 0;
        this.t1.remove(id);
        this.t1Size -= this.cost[id]!;
        this.where[id] = T2;
        this.t2.pushFront(id);
        this.t2Size += this.cost[id]!;
      } else {
        const id = this.t2.tail;
        if (ref[id] === 0) return id;
        ref[id] = 0;
        this.t2.moveToFront(id);
      }
    }
  }

  check(residents: number): string | undefined {
    if (this.t1.size + this.t2.size !== residents) return `T1 ${this.t1.size} + T2 ${this.t2.size}, store ${residents}`;
    if (this.p < 0 || this.p > this.ctx.capacity) return `p = ${this.p} outside [0, ${this.ctx.capacity}]`;
    return undefined;
  }

  /** Which list the id is in (for tests). */
  listOf(id: number): 'T1' | 'T2' | 'B1' | 'B2' | 'none' {
    return (['none', 'T1', 'T2', 'B1', 'B2'] as const)[this.where[id]!]!;
  }

  private addGhost(id: number, list: number, size: number): void {
    this.where[id] = list;
    if (list === B1) {
      this.b1.pushFront(id);
      this.b1Size += size;
    } else {
      this.b2.pushFront(id);
      this.b2Size += size;
    }
  }

  private dropGhost(id: number): void {
    if (this.where[id] === B1) {
      this.b1.remove(id);
      this.b1Size -= this.cost[id]!;
    } else {
      this.b2.remove(id);
      this.b2Size -= this.cost[id]!;
    }
    this.where[id] = NONE;
  }
}

export const car: PolicyInfo = {
  name: 'car',
  family: 'adaptive',
  paper: 'Bansal and Modha, FAST 2004',
  description: 'CAR: ARC over two CLOCKs (reference bits instead of moves on a hit), adapting T1\'s target from ghost hits.',
  params: [],
  create: (ctx) => new CarPolicy(ctx),
};
