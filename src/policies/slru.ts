import { Policy, type PolicyContext } from './policy.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

/**
 * Segmented LRU (Karedla, Love and Wherry, 1994) with n equal segments, as
 * libCacheSim's SLRU.c: segment 0 is probation, n − 1 the most protected.
 * A new key goes to the lowest segment with room for it (so a cold cache
 * fills every segment), else to segment 0. A hit moves the key to the head
 * of the next segment up (the top segment: to its own head); a segment
 * over its share passes its LRU key down to the head of the segment below,
 * cascading. The victim is the LRU key of the lowest non-empty segment.
 *
 * One difference: when the cascade overfills segment 0, libCacheSim evicts
 * at once, during the hit; here segment 0 stays over its share until the
 * next insert needs room, and then gives up the same key.
 */
export class SlruPolicy extends Policy {
  private readonly links = new Links();
  private readonly segs: IdList[];
  private readonly used: Float64Array;
  private readonly caps: Float64Array;
  private segOf = new Uint8Array(0);
  private costs = new Float64Array(0);

  constructor(ctx: PolicyContext, segments = 4) {
    super(ctx);
    this.segs = Array.from({ length: segments }, () => new IdList(this.links));
    this.used = new Float64Array(segments);
    this.caps = new Float64Array(segments).fill(Math.floor(ctx.capacity / segments));
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.segOf = growUint8(this.segOf, n);
    this.costs = growFloat64(this.costs, n);
  }

  onInsert(id: number, cost: number): void {
    const n = this.segs.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (this.used[i]! + cost <= this.caps[i]!) {
        s = i;
        break;
      }
    }
    this.costs[id] = cost;
    this.put(id, s);
  }

  onHit(id: number): void {
    let s = this.segOf[id]!;
    if (s === this.segs.length - 1) {
      this.segs[s]!.moveToFront(id);
    } else {
      this.take(id);
      this.put(id, ++s);
    }
    // (Only a write that grew a key can overfill the top segment.)
    if (s >= 1) while (this.used[s]! > this.caps[s]!) this.cool(s);
  }

  override onWrite(id: number, cost: number): void {
    this.used[this.segOf[id]!]! += cost - this.costs[id]!;
    this.costs[id] = cost;
    this.onHit(id);
  }

  onRemove(id: number): void {
    this.take(id);
  }

  victim(): number {
    for (const seg of this.segs) if (seg.size > 0) return seg.tail;
    return -1;
  }

  /** The id's segment, 0 = probation (for tests). */
  segmentOf(id: number): number {
    return this.segOf[id]!;
  }

  /** Ids of segment i, most recent first (for tests). */
  segment(i: number): number[] {
    return this.segs[i]!.toArray();
  }

  check(residents: number): string | undefined {
    let n = 0;
    for (let i = 0; i < this.segs.length; i++) {
      const ids = this.segs[i]!.toArray();
      n += ids.length;
      let bytes = 0;
      for (const id of ids) bytes += this.costs[id]!;
      if (bytes !== this.used[i]) return `segment ${i} cost is out of step`;
      if (i > 0 && bytes > this.caps[i]!) return `segment ${i} is over its share`;
    }
    return n === residents ? undefined : `segments hold ${n}, store ${residents}`;
  }

  /** Move segment i's LRU key to the head of segment i − 1, cascading down to segment 1. */
  private cool(i: number): void {
    const id = this.segs[i]!.tail;
    this.take(id);
    this.put(id, i - 1);
    if (i - 1 >= 1) while (this.used[i - 1]! > this.caps[i - 1]!) this.cool(i - 1);
  }

  private put(id: number, s: number): void {
    this.segOf[id] = s;
    this.segs[s]!.pushFront(id);
    this.used[s]! += this.costs[id]!;
  }

  private take(id: number): void {
    const s = this.segOf[id]!;
    this.segs[s]!.remove(id);
    this.used[s]! -= this.costs[id]!;
  }
}

export const slru: PolicyInfo = {
  name: 'slru',
  family: 'queues',
  paper: 'Karedla, Love and Wherry, IEEE Computer 1994',
  description: 'Segmented LRU: equal LRU segments; a hit promotes one segment up, overflow demotes down.',
  params: [
    {
      name: 'segments',
      kind: 'integer',
      default: 4,
      min: 1,
      max: 16,
      description: 'number of equal segments (libCacheSim\'s default is 4; its regression test uses 5)',
    },
  ],
  create: (ctx, p: PolicyParams) => new SlruPolicy(ctx, Number(p['segments'] ?? 4)),
};
