import { Policy, type PolicyContext } from './policy.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

const NONE = 0;
const IN = 1;
const AM = 2;
const OUT = 3;

/**
 * 2Q, the full version (Johnson and Shasha, VLDB 1994). A first access puts
 * a key in A1in, a FIFO; hits there change nothing. A key evicted from A1in
 * is remembered (id only) in A1out, a FIFO ghost queue; a miss on a key in
 * A1out puts it in Am, an LRU of keys seen twice. To make room: if A1in
 * holds more than Kin, its oldest key goes (into A1out), else Am's LRU key
 * (forgotten). Kin = 25% and Kout = 50% of the cache, in the store's unit.
 *
 * libCacheSim's TwoQ.c gives Am a fixed share (the rest of the cache) and
 * evicts inside it when full; the paper does not, and neither do we: Am
 * may borrow space A1in is not using.
 */
export class TwoQPolicy extends Policy {
  private readonly links = new Links();
  private readonly ain = new IdList(this.links);
  private readonly am = new IdList(this.links);
  private readonly aout = new IdList(this.links);
  private where = new Uint8Array(0);
  private costs = new Float64Array(0);
  private inUsed = 0;
  private outUsed = 0;
  private readonly inCap: number;
  private readonly outCap: number;

  constructor(ctx: PolicyContext, inRatio = 0.25, outRatio = 0.5) {
    super(ctx);
    this.inCap = Math.floor(ctx.capacity * inRatio);
    this.outCap = Math.floor(ctx.capacity * outRatio);
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.costs = growFloat64(this.costs, n);
  }

  onInsert(id: number, cost: number): void {
    if (this.where[id] === OUT) {
      this.aout.remove(id);
      this.outUsed -= this.costs[id]!;
      this.costs[id] = cost;
      this.where[id] = AM;
      this.am.pushFront(id);
      return;
    }
    this.costs[id] = cost;
    this.where[id] = IN;
    this.ain.pushFront(id);
    this.inUsed += cost;
  }

  onHit(id: number): void {
    if (this.where[id] === AM) this.am.moveToFront(id);
  }

  override onWrite(id: number, cost: number): void {
    if (this.where[id] === IN) this.inUsed += cost - this.costs[id]!;
    this.costs[id] = cost;
    this.onHit(id);
  }

  onRemove(id: number): void {
    this.leave(id, false);
  }

  override onEvict(id: number): void {
    this.leave(id, true);
  }

  private leave(id: number, evicted: boolean): void {
    const w = this.where[id];
    const cost = this.costs[id]!;
    this.where[id] = NONE;
    if (w === AM) {
      this.am.remove(id);
    } else if (w === IN) {
      this.ain.remove(id);
      this.inUsed -= cost;
      if (evicted) this.remember(id, cost);
    }
  }

  victim(): number {
    let id: number;
    if (this.inUsed > this.inCap || this.am.size === 0) id = this.ain.tail;
    else id = this.am.tail;
    return id;
  }

  /** Which queue holds the id: 'a1in', 'am', 'a1out' or 'none' (for tests). */
  queueOf(id: number): 'none' | 'a1in' | 'am' | 'a1out' {
    return (['none', 'a1in', 'am', 'a1out'] as const)[this.where[id]!]!;
  }

  check(residents: number): string | undefined {
    const n = this.ain.size + this.am.size;
    if (n !== residents) return `queues hold ${n}, store ${residents}`;
    if (this.outUsed > this.outCap) return `A1out holds ${this.outUsed} > ${this.outCap}`;
    return undefined;
  }

  private remember(id: number, cost: number): void {
    if (cost > this.outCap) return;
    while (this.outUsed + cost > this.outCap) {
      const old = this.aout.popBack();
      this.outUsed -= this.costs[old]!;
      this.where[old] = NONE;
    }
    this.where[id] = OUT;
    this.aout.pushFront(id);
    this.outUsed += cost;
  }
}

export const twoQ: PolicyInfo = {
  name: '2q',
  family: 'queues',
  paper: 'Johnson and Shasha, VLDB 1994',
  description: '2Q: FIFO for first-timers, LRU for keys seen twice, a ghost FIFO that tells them apart.',
  params: [
    { name: 'in-ratio', kind: 'number', default: 0.25, min: 0, max: 1, description: 'Kin: share of the cache above which A1in gives up its oldest key (paper and libCacheSim: 0.25)' },
    { name: 'out-ratio', kind: 'number', default: 0.5, min: 0, max: 10, description: 'Kout: size of the A1out ghost queue as a share of the cache (paper and libCacheSim: 0.5)' },
  ],
  create: (ctx, p: PolicyParams) => new TwoQPolicy(ctx, Number(p['in-ratio'] ?? 0.25), Number(p['out-ratio'] ?? 0.5)),
};
