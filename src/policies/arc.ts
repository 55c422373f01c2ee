import { Policy, type PolicyContext } from './policy.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

const NONE = 0;
const T1 = 1;
const T2 = 2;
const B1 = 3;
const B2 = 4;

/**
 * ARC (Megiddo and Modha, FAST 2003). T1 holds keys seen once recently, T2
 * keys seen at least twice; B1 and B2 remember (ids and sizes only) keys
 * recently evicted from each. The target size p of T1 adapts: a miss on a
 * key in B1 raises it by max(|B2|/|B1|, 1), one in B2 lowers it by
 * max(|B1|/|B2|, 1) (in bytes mode, times the key's size: p is in bytes;
 * `step=byte` moves it by that many bytes instead, as libCacheSim does).
 * REPLACE evicts T1's LRU key (into B1) while T1 is larger than p, else
 * T2's (into B2); a key found in B1 or B2 comes back into T2. Lists are
 * measured in the store's unit, as libCacheSim does, so ghost bounds are
 * |T1|+|B1| ≤ c and |T1|+|T2|+|B1|+|B2| ≤ 2c.
 *
 * The store tells victim() which key is coming in, so a miss on a ghost key
 * adapts p before its eviction and the paper's tie rule ("|T1| = p and the
 * key is in B2") applies: the paper's order exactly, and with step=byte
 * libCacheSim's counts. (Called without the incoming key, the adaptation
 * lands when the key is inserted, one eviction late.)
 */
export class ArcPolicy extends Policy {
  private readonly links = new Links();
  private readonly t1 = new IdList(this.links);
  private readonly t2 = new IdList(this.links);
  private readonly b1 = new IdList(this.links);
  private readonly b2 = new IdList(this.links);
  private where = new Uint8Array(0);
  private costs = new Float64Array(0);
  private t1Used = 0;
  private t2Used = 0;
  private b1Used = 0;
  private b2Used = 0;
  /** Target size of T1, in the store's unit. */
  p = 0;
  private readonly c: number;
  /** In bytes mode, p moves by the key's size (one object, as the paper's one page). */
  private readonly stepBySize: boolean;
  /** The last victim leaves without a ghost (T1 alone filled the cache). */
  private victimNoGhost = false;
  /** Set once victim() has been told the incoming key: then ghost bounds are kept there. */
  private informed = false;
  /** The incoming key found on a ghost list during this request's victim() calls. */
  private ghostHit = -1;
  private ghostHitFromB2 = false;
  private ghostHitRequest = -1;

  constructor(ctx: PolicyContext, step: 'object' | 'byte' = 'object') {
    super(ctx);
    this.c = ctx.capacity;
    this.stepBySize = ctx.unit === 'bytes' && step === 'object';
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.costs = growFloat64(this.costs, n);
  }

  onInsert(id: number, cost: number): void {
    const w = this.where[id];
    if (id === this.ghostHit) {
      // Adapted and taken off its ghost list in victim().
      this.ghostHit = -1;
      this.toT2(id, cost);
      return;
    }
    if (w === B1 || w === B2) {
      this.adapt(id, cost);
      this.toT2(id, cost);
      return;
    }
    if (!this.informed) {
      // Without the incoming key at eviction time, ghost bounds are kept here.
      const c = this.c;
      while (this.b1.size > 0 && this.t1Used + this.b1Used + cost > c) this.dropGhost(this.b1);
      while (this.b2.size > 0 && this.t1Used + this.t2Used + this.b1Used + this.b2Used + cost > 2 * c) this.dropGhost(this.b2);
    }
    this.costs[id] = cost;
    this.where[id] = T1;
    this.t1.pushFront(id);
    this.t1Used += cost;
  }

  onHit(id: number): void {
    if (this.where[id] === T2) {
      this.t2.moveToFront(id);
      return;
    }
    const cost = this.costs[id]!;
    this.t1.remove(id);
    this.t1Used -= cost;
    this.where[id] = T2;
    this.t2.pushFront(id);
    this.t2Used += cost;
  }

  override onWrite(id: number, cost: number): void {
    const delta = cost - this.costs[id]!;
    this.costs[id] = cost;
    if (this.where[id] === T1) this.t1Used += delta;
    else this.t2Used += delta;
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
    if (w === T1) {
      this.t1.remove(id);
      this.t1Used -= cost;
      if (evicted && !this.victimNoGhost) {
        this.where[id] = B1;
        this.b1.pushFront(id);
        this.b1Used += cost;
      }
    } else if (w === T2) {
      this.t2.remove(id);
      this.t2Used -= cost;
      if (evicted) {
        this.where[id] = B2;
        this.b2.pushFront(id);
        this.b2Used += cost;
      }
    }
  }

  /**
   * The next key to evict. `incoming` and `size` (the key about to be
   * inserted) are optional: with them ARC follows the paper exactly (p
   * adapts before the eviction a ghost hit causes); without them, as the
   * store calls it today, the adaptation lands when the key is inserted.
   */
  victim(_now?: number, incoming = -1, cost = 1): number {
    let id: number;
    this.victimNoGhost = false;
    if (incoming >= 0) {
      this.informed = true;
      if (this.ghostHitRequest !== this.ctx.request) {
        this.ghostHitRequest = this.ctx.request;
        this.ghostHit = -1;
        const w = this.where[incoming];
        if (w === B1 || w === B2) {
          this.ghostHitFromB2 = w === B2;
          this.adapt(incoming, cost);
          this.ghostHit = incoming;
        }
      }
    }
    if (incoming >= 0 && this.ghostHit === incoming) {
      id = this.replace(this.ghostHitFromB2);
    } else if (this.t1Used + this.b1Used + (incoming >= 0 ? cost : 1) > this.c) {
      // Case IV-A: L1 is full. With the incoming key known, B1's LRU is dropped first.
      if (this.b1.size > 0) {
        if (incoming >= 0) this.dropGhost(this.b1);
        id = this.replace(false);
      } else {
        id = this.t1.tail;
        this.victimNoGhost = true;
      }
    } else {
      if (incoming >= 0 && this.b2.size > 0 && this.t1Used + this.t2Used + this.b1Used + this.b2Used >= 2 * this.c) {
        this.dropGhost(this.b2);
      }
      id = this.replace(false);
    }
    return id;
  }

  /** Which list holds the id: 't1', 't2', 'b1', 'b2' or 'none' (for tests). */
  listOf(id: number): 'none' | 't1' | 't2' | 'b1' | 'b2' {
    return (['none', 't1', 't2', 'b1', 'b2'] as const)[this.where[id]!]!;
  }

  /** Ids of a list, most recent first (for tests). */
  list(name: 't1' | 't2' | 'b1' | 'b2'): number[] {
    return this[name].toArray();
  }

  check(residents: number): string | undefined {
    const n = this.t1.size + this.t2.size;
    if (n !== residents) return `T1+T2 hold ${n}, store ${residents}`;
    const sum = (l: IdList): number => l.toArray().reduce((a, id) => a + this.costs[id]!, 0);
    if (sum(this.t1) !== this.t1Used || sum(this.t2) !== this.t2Used || sum(this.b1) !== this.b1Used || sum(this.b2) !== this.b2Used) {
      return 'list costs are out of step';
    }
    if (this.p < 0 || this.p > this.c) return `p = ${this.p} outside [0, ${this.c}]`;
    return undefined;
  }

  /** REPLACE(x, p): T1's LRU key while T1 exceeds p, else T2's. */
  private replace(incomingInB2: boolean): number {
    const t1 = this.t1Used;
    if ((t1 > 0 && (t1 > this.p || (t1 === this.p && incomingInB2))) || this.t2.size === 0) return this.t1.tail;
    return this.t2.tail;
  }

  /** A miss on a ghost: move p towards the list that would have hit, drop the ghost entry. */
  private adapt(id: number, cost: number): void {
    const unit = this.stepBySize ? cost : 1;
    if (this.where[id] === B1) {
      this.p = Math.min(this.p + Math.max(this.b2Used / this.b1Used, 1) * unit, this.c);
      this.b1.remove(id);
      this.b1Used -= this.costs[id]!;
    } else {
      this.p = Math.max(this.p - Math.max(this.b1Used / this.b2Used, 1) * unit, 0);
      this.b2.remove(id);
      this.b2Used -= this.costs[id]!;
    }
    this.where[id] = NONE;
  }

  private toT2(id: number, cost: number): void {
    this.costs[id] = cost;
    this.where[id] = T2;
    this.t2.pushFront(id);
    this.t2Used += cost;
  }

  private dropGhost(list: IdList): void {
    const id = list.popBack();
    if (list === this.b1) this.b1Used -= this.costs[id]!;
    else this.b2Used -= this.costs[id]!;
    this.where[id] = NONE;
  }
}

export const arc: PolicyInfo = {
  name: 'arc',
  family: 'adaptive',
  paper: 'Megiddo and Modha, FAST 2003',
  description: 'ARC: balances a recency list and a frequency list, tuning the split from two ghost lists.',
  params: [
    {
      name: 'step',
      kind: 'string',
      default: 'object',
      choices: ['object', 'byte'],
      description: 'bytes mode only: p moves by the missed key\'s size (object, the paper\'s one page) or by bytes (byte, as libCacheSim)',
    },
  ],
  create: (ctx, p: PolicyParams) => new ArcPolicy(ctx, p['step'] === 'byte' ? 'byte' : 'object'),
};
