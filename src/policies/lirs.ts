import { Policy, type PolicyContext } from './policy.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

const NONE = 0;
const LIR = 1;
/** HIR and resident (in Q). */
const HIR = 2;
/** HIR, evicted, still remembered in the stack S. */
const GHOST = 3;

/**
 * LIRS (Jiang and Zhang, SIGMETRICS 2002). Keys with a short reuse distance
 * (LIR) own most of the cache; the rest (Lhirs, 1% by default, at least one
 * unit) holds HIR keys in a FIFO Q, and eviction always takes Q's oldest.
 * The LRU stack S orders LIR keys and recently seen HIR keys, resident or
 * not, and its bottom is always LIR ("pruning" drops HIR entries from
 * there). A hit on an HIR key still in S means its reuse distance beats the
 * oldest LIR key's: it becomes LIR and S's bottom LIR key drops to HIR (the
 * HIR→LIR switch); a miss on a key remembered in S does the same. While the
 * LIR set has room, every new key is LIR. S keeps non-resident entries
 * while S totals at most `stack-limit` × the cache (as libCacheSim's
 * LIRS.c, oldest non-resident dropped first).
 */
export class LirsPolicy extends Policy {
  private readonly stackLinks = new Links();
  private readonly queueLinks = new Links();
  /** Stack S: front = most recent. */
  private readonly s = new IdList(this.stackLinks);
  /** Q: resident HIR keys, front = newest, back = next victim. */
  private readonly q = new IdList(this.queueLinks);
  /** Non-resident HIR keys in S, front = most recently evicted. */
  private readonly ghosts = new IdList(this.queueLinks);
  private status = new Uint8Array(0);
  private inS = new Uint8Array(0);
  private costs = new Float64Array(0);
  private lirUsed = 0;
  private hirUsed = 0;
  private stackUsed = 0;
  private readonly lirCap: number;
  private readonly stackCap: number;

  constructor(ctx: PolicyContext, hirRatio = 0.01, stackLimit = 2) {
    super(ctx);
    const hirCap = Math.max(1, Math.floor(ctx.capacity * hirRatio));
    this.lirCap = ctx.capacity - hirCap;
    this.stackCap = stackLimit * ctx.capacity;
  }

  override grow(n: number): void {
    this.stackLinks.grow(n);
    this.queueLinks.grow(n);
    this.status = growUint8(this.status, n);
    this.inS = growUint8(this.inS, n);
    this.costs = growFloat64(this.costs, n);
  }

  onInsert(id: number, cost: number): void {
    if (this.status[id] === GHOST) {
      // Reuse distance shorter than the oldest LIR key's: becomes LIR.
      this.ghosts.remove(id);
      this.stackUsed += cost - this.costs[id]!;
      this.costs[id] = cost;
      this.status[id] = LIR;
      this.lirUsed += cost;
      this.s.moveToFront(id);
      this.shrinkLir();
    } else {
      this.costs[id] = cost;
      this.inS[id] = 1;
      this.s.pushFront(id);
      this.stackUsed += cost;
      if (this.lirUsed + cost <= this.lirCap) {
        this.status[id] = LIR;
        this.lirUsed += cost;
      } else {
        this.status[id] = HIR;
        this.q.pushFront(id);
        this.hirUsed += cost;
      }
    }
    this.limitStack();
  }

  onHit(id: number): void {
    if (this.status[id] === LIR) {
      const wasBottom = this.s.tail === id;
      this.s.moveToFront(id);
      if (wasBottom) this.prune();
      return;
    }
    // A resident HIR key.
    if (this.inS[id] === 1) {
      this.s.moveToFront(id);
      this.q.remove(id);
      this.hirUsed -= this.costs[id]!;
      this.status[id] = LIR;
      this.lirUsed += this.costs[id]!;
      this.shrinkLir();
    } else {
      this.inS[id] = 1;
      this.s.pushFront(id);
      this.stackUsed += this.costs[id]!;
      this.q.moveToFront(id);
      this.limitStack();
    }
  }

  override onWrite(id: number, cost: number): void {
    const delta = cost - this.costs[id]!;
    this.costs[id] = cost;
    if (this.status[id] === LIR) this.lirUsed += delta;
    else this.hirUsed += delta;
    if (this.inS[id] === 1) this.stackUsed += delta;
    this.onHit(id);
    // A LIR key that grew can push the LIR set over its share.
    if (this.lirUsed > this.lirCap) this.shrinkLir();
  }

  onRemove(id: number): void {
    this.leave(id, false);
  }

  override onEvict(id: number): void {
    this.leave(id, true);
  }

  private leave(id: number, evicted: boolean): void {
    const cost = this.costs[id]!;
    if (this.status[id] === HIR) {
      this.q.remove(id);
      this.hirUsed -= cost;
      if (evicted && this.inS[id] === 1) {
        this.status[id] = GHOST;
        this.ghosts.pushFront(id);
        return;
      }
      if (this.inS[id] === 1) this.leaveStack(id);
    } else {
      // LIR: deleted or expired (or evicted when Q was empty).
      this.lirUsed -= cost;
      this.leaveStack(id);
      this.prune();
    }
    this.status[id] = NONE;
  }

  victim(): number {
    // Q is empty only when sizes leave no room for HIR keys: then the bottom LIR key goes.
    const id = this.q.size > 0 ? this.q.tail : this.s.tail;
    return id;
  }

  /** 'lir', 'hir', 'ghost' (non-resident, in S) or 'none' (for tests). */
  statusOf(id: number): 'none' | 'lir' | 'hir' | 'ghost' {
    return (['none', 'lir', 'hir', 'ghost'] as const)[this.status[id]!]!;
  }

  /** Stack S, most recent first (for tests). */
  stack(): number[] {
    return this.s.toArray();
  }

  /** Q, newest first (for tests). */
  queue(): number[] {
    return this.q.toArray();
  }

  check(residents: number): string | undefined {
    let lir = 0;
    for (const id of this.s.toArray()) if (this.status[id] === LIR) lir++;
    if (lir + this.q.size !== residents) return `LIR ${lir} + Q ${this.q.size} ≠ store ${residents}`;
    if (this.s.size > 0 && this.status[this.s.tail] !== LIR) return 'the bottom of S is not LIR';
    if (this.lirUsed > this.lirCap && this.s.size > 1) return `LIR set ${this.lirUsed} > ${this.lirCap}`;
    return undefined;
  }

  /** Move bottom LIR keys to Q until the LIR set fits its share. */
  private shrinkLir(): void {
    while (this.lirUsed > this.lirCap && this.s.size > 0) {
      const b = this.s.tail;
      const cost = this.costs[b]!;
      this.leaveStack(b);
      this.status[b] = HIR;
      this.lirUsed -= cost;
      this.hirUsed += cost;
      this.q.pushFront(b);
      this.prune();
    }
    this.limitStack();
  }

  /** Drop HIR entries from the bottom of S until it is LIR. */
  private prune(): void {
    for (let id = this.s.tail; id >= 0 && this.status[id] !== LIR; id = this.s.tail) {
      this.leaveStack(id);
      if (this.status[id] === GHOST) {
        this.ghosts.remove(id);
        this.status[id] = NONE;
      }
    }
  }

  private limitStack(): void {
    while (this.stackUsed > this.stackCap && this.ghosts.size > 0) {
      const id = this.ghosts.popBack();
      this.leaveStack(id);
      this.status[id] = NONE;
    }
  }

  private leaveStack(id: number): void {
    this.s.remove(id);
    this.inS[id] = 0;
    this.stackUsed -= this.costs[id]!;
  }
}

export const lirs: PolicyInfo = {
  name: 'lirs',
  family: 'irr',
  paper: 'Jiang and Zhang, SIGMETRICS 2002',
  description: 'LIRS: ranks keys by reuse distance; low-reuse-distance (LIR) keys stay, HIR keys cycle through a small queue.',
  params: [
    { name: 'hir-ratio', kind: 'number', default: 0.01, min: 0, max: 1, description: 'share of the cache for resident HIR keys (paper and libCacheSim: 0.01, at least one unit)' },
    { name: 'stack-limit', kind: 'number', default: 2, min: 1, max: 100, description: 'stack S may hold this many times the cache before dropping remembered keys (libCacheSim: 2)' },
  ],
  create: (ctx, p: PolicyParams) => new LirsPolicy(ctx, Number(p['hir-ratio'] ?? 0.01), Number(p['stack-limit'] ?? 2)),
};
