import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64, growUint8 } from '../../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { IdList, Links } from '../structures/id-list.js';

const HOT = 1;
const REF = 2;
const TEST = 4;
const RESIDENT = 8;
const LISTED = 16;

/**
 * CLOCK-Pro (Jiang, Chen and Zhang, USENIX ATC 2005): LIRS's reuse-distance
 * idea on one clock. Pages are hot or cold; a cold page starts a test
 * period when it comes in, and one re-used within it becomes hot. Cold
 * pages evicted during their test period stay on the clock as non-resident
 * entries (at most the cache's size of them). Three hands sweep the clock:
 *
 * - HAND_cold finds the victim: a cold resident page without its reference
 *   bit leaves (non-resident if still in test); one with the bit set is
 *   promoted to hot if in its test period, else given a new test period;
 *   either way it moves to the list head.
 * - HAND_hot demotes a hot page whose bit is clear (a set bit is cleared)
 *   when hot pages exceed m − mc, and ends the test periods it passes.
 * - HAND_test ends test periods and drops non-resident pages when there are
 *   too many.
 *
 * mc, the target for cold resident pages, adapts: +1 when a page misses
 * during its test period (a cold page should have stayed), −1 when a test
 * period ends unused. It starts at `cold-ratio` of the cache (1%, as LIRS's
 * HIR share) and stays within [1, m − 1] units. While hot pages total
 * under m − mc, new pages come in hot (as LIRS's LIR set fills).
 *
 * The clock is an IdList whose tail is HAND_hot: advancing HAND_hot moves
 * the tail to the head, which keeps the circular order, and "the list head,
 * just behind HAND_hot" is the IdList's front.
 */
export class ClockProPolicy extends Policy {
  private readonly links = new Links();
  private readonly clock = new IdList(this.links);
  private flags = new Uint8Array(0);
  private cost = new Float64Array(0);
  private handCold = -1;
  private handTest = -1;
  private hotSize = 0;
  private coldSize = 0;
  private nonResidentSize = 0;
  /** Target for cold resident pages, in the store's unit. */
  coldTarget: number;
  private readonly minCold: number;
  private readonly maxCold: number;

  constructor(ctx: PolicyContext, coldRatio = 0.01) {
    super(ctx);
    const m = ctx.capacity;
    this.minCold = Math.min(1, m);
    this.maxCold = Math.max(this.minCold, m - 1);
    this.coldTarget = Math.min(this.maxCold, Math.max(this.minCold, m * coldRatio));
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.flags = growUint8(this.flags, n);
    this.cost = growFloat64(this.cost, n);
  }

  onInsert(id: number, size: number): void {
    const f = this.flags[id]!;
    const m = this.ctx.capacity;
    if (f & LISTED) {
      // A miss in its test period: it should have stayed, so cold pages get more room.
      this.nonResidentSize -= this.cost[id]!;
      this.unlink(id);
      this.cost[id] = size;
      this.coldTarget = Math.min(this.maxCold, this.coldTarget + size);
      this.flags[id] = HOT | RESIDENT | LISTED;
      this.clock.pushFront(id);
      this.hotSize += size;
      this.balanceHot();
      return;
    }
    this.cost[id] = size;
    if (this.hotSize + size <= m - this.coldTarget) {
      this.flags[id] = HOT | RESIDENT | LISTED;
      this.hotSize += size;
    } else {
      this.flags[id] = TEST | RESIDENT | LISTED;
      this.coldSize += size;
    }
    this.clock.pushFront(id);
  }

  onHit(id: number): void {
    this.flags[id]! |= REF;
  }

  override onWrite(id: number, size: number): void {
    const d = size - this.cost[id]!;
    if (this.flags[id]! & HOT) this.hotSize += d;
    else this.coldSize += d;
    this.cost[id] = size;
    this.flags[id]! |= REF;
  }

  onRemove(id: number): void {
    this.leave(id, false);
  }

  override onEvict(id: number): void {
    this.leave(id, true);
  }

  private leave(id: number, evicted: boolean): void {
    const f = this.flags[id]!;
    const size = this.cost[id]!;
    if (f & HOT) this.hotSize -= size;
    else this.coldSize -= size;
    if (evicted && !(f & HOT) && f & TEST) {
      // Stays on the clock, non-resident, until its test period ends.
      this.flags[id] = TEST | LISTED;
      this.nonResidentSize += size;
      while (this.nonResidentSize > this.ctx.capacity) this.runHandTest();
      return;
    }
    this.unlink(id);
    this.flags[id] = 0;
  }

  victim(): number {
    if (this.hotSize + this.coldSize === 0) return -1;
    for (;;) {
      if (this.coldSize === 0) {
        this.runHandHot();
        continue;
      }
      let q = this.handCold;
      if (q < 0) q = this.clock.tail;
      const f = this.flags[q]!;
      if ((f & (HOT | RESIDENT)) !== RESIDENT) {
        this.handCold = this.after(q);
        continue;
      }
      if (!(f & REF)) {
        this.handCold = this.after(q);
        return q;
      }
      this.handCold = this.after(q);
      this.unlink(q);
      this.clock.pushFront(q);
      if (f & TEST) {
        // Re-used within its test period: hot.
        this.flags[q] = HOT | RESIDENT | LISTED;
        this.coldSize -= this.cost[q]!;
        this.hotSize += this.cost[q]!;
        this.balanceHot();
      } else {
        this.flags[q] = TEST | RESIDENT | LISTED;
      }
    }
  }

  check(residents: number): string | undefined {
    let n = 0;
    let listed = 0;
    for (let id = this.clock.head; id >= 0; id = this.clock.nextOf(id)) {
      listed++;
      if (this.flags[id]! & RESIDENT) n++;
    }
    if (listed !== this.clock.size) return 'clock size out of step';
    if (n !== residents) return `clock holds ${n} residents, store ${residents}`;
    if (this.nonResidentSize > this.ctx.capacity) return `${this.nonResidentSize} non-resident, more than the cache`;
    return undefined;
  }

  /** The page's state (for tests). */
  stateOf(id: number): 'hot' | 'cold' | 'cold-test' | 'non-resident' | 'none' {
    const f = this.flags[id]!;
    if (!(f & LISTED)) return 'none';
    if (!(f & RESIDENT)) return 'non-resident';
    if (f & HOT) return 'hot';
    return f & TEST ? 'cold-test' : 'cold';
  }

  /** HAND_hot runs while hot pages are over their share m − mc. */
  private balanceHot(): void {
    while (this.hotSize > this.ctx.capacity - this.coldTarget && this.hotSize > 0) this.runHandHot();
  }

  /** Sweep HAND_hot until one hot page is demoted, ending the test periods it passes. */
  private runHandHot(): void {
    for (;;) {
      const q = this.clock.tail;
      if (q < 0) return;
      const f = this.flags[q]!;
      if (f & HOT) {
        if (f & REF) {
          this.flags[q] = f & ~REF;
          this.advanceHot();
          continue;
        }
        this.flags[q] = RESIDENT | LISTED;
        this.hotSize -= this.cost[q]!;
        this.coldSize += this.cost[q]!;
        this.advanceHot();
        return;
      }
      if (f & TEST) this.endTest(q);
      else this.advanceHot();
    }
  }

  /** Sweep HAND_test until one non-resident page is dropped. */
  private runHandTest(): void {
    for (;;) {
      let q = this.handTest;
      if (q < 0) q = this.clock.tail;
      const f = this.flags[q]!;
      this.handTest = this.after(q);
      if (!(f & HOT) && f & TEST) {
        const nonResident = !(f & RESIDENT);
        this.endTest(q);
        if (nonResident) return;
      }
    }
  }

  /** A test period ends unused: a non-resident page leaves the clock and cold pages get less room. */
  private endTest(q: number): void {
    const f = this.flags[q]!;
    if (f & RESIDENT) {
      this.flags[q] = f & ~TEST;
      if (this.clock.tail === q) this.advanceHot();
      return;
    }
    this.nonResidentSize -= this.cost[q]!;
    this.coldTarget = Math.max(this.minCold, this.coldTarget - this.cost[q]!);
    this.unlink(q);
    this.flags[q] = 0;
  }

  /** HAND_hot moves on one page: the tail goes round to the head, the circle unchanged. */
  private advanceHot(): void {
    const t = this.clock.tail;
    if (t >= 0) this.clock.moveToFront(t);
  }

  /** The page after q in the sweep (towards the head, wrapping to the tail). */
  private after(q: number): number {
    const p = this.clock.prevOf(q);
    return p >= 0 ? p : this.clock.tail;
  }

  /** Take q off the clock, moving any hand that rests on it to the next page. */
  private unlink(q: number): void {
    const next = this.clock.size > 1 ? this.after(q) : -1;
    if (this.handCold === q) this.handCold = next;
    if (this.handTest === q) this.handTest = next;
    this.clock.remove(q);
  }
}

export const clockPro: PolicyInfo = {
  name: 'clock-pro',
  family: 'irr',
  paper: 'Jiang, Chen and Zhang, USENIX ATC 2005',
  description: 'CLOCK-Pro: LIRS on a clock; hot and cold pages, test periods remembered past eviction, an adaptive cold share.',
  params: [
    { name: 'cold-ratio', kind: 'number', default: 0.01, min: 0, max: 1, description: 'starting share of cold resident pages, adapted as the run goes (1%, as LIRS\'s HIR share)' },
  ],
  create: (ctx, p: PolicyParams) => new ClockProPolicy(ctx, Number(p['cold-ratio'] ?? 0.01)),
};
