import { Rng } from '../../core/rng.js';
import { Policy, type PolicyContext } from '../policy.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { DenseSet } from '../structures/dense-set.js';
import { IdList, Links } from '../structures/id-list.js';

/**
 * BeladySize, libCacheSim's size-aware offline reference: evict the resident
 * with the largest size × distance to its next request (a large object
 * needed late frees the most space for the longest). The score of two
 * objects changes order as time passes when their sizes differ, so no heap
 * can keep it: like libCacheSim we compare `samples` residents drawn at
 * random (with replacement), and `samples=0` scans every resident (exact,
 * O(residents) per eviction).
 *
 * A key never requested again is dead: libCacheSim neither inserts it nor
 * keeps it after its last hit. Here a dead key that does not fit is refused
 * (counted in `rejected`); one that fits waits in a FIFO of dead keys, which
 * is emptied before any live key is considered, so it only ever holds space
 * nobody else wanted.
 */
export class BeladySizePolicy extends Policy {
  private readonly next: Float64Array;
  private readonly live = new DenseSet();
  private readonly links = new Links();
  private readonly dead = new IdList(this.links);
  private nextUse = new Float64Array(0);
  private cost = new Float64Array(0);
  private readonly samples: number;
  private state: number;

  constructor(ctx: PolicyContext, samples = 128) {
    super(ctx);
    if (!ctx.nextAccess) throw new Error('belady-size is an offline policy: the replay must provide nextAccess');
    this.next = ctx.nextAccess;
    this.samples = samples;
    const rng = new Rng(ctx.seed, 'belady-size');
    // xorshift32 state: any non-zero 32-bit value.
    this.state = (Math.floor(rng.next() * 0xffffffff) | 0) || 1;
  }

  override grow(n: number): void {
    this.live.grow(n);
    this.links.grow(n);
    if (n > this.nextUse.length) {
      const a = new Float64Array(Math.max(16, n));
      a.set(this.nextUse);
      this.nextUse = a;
      const c = new Float64Array(a.length);
      c.set(this.cost);
      this.cost = c;
    }
  }

  onInsert(id: number, size: number): void {
    this.cost[id] = size;
    this.place(id, this.next[this.ctx.request]!);
  }

  onHit(id: number): void {
    this.move(id, this.next[this.ctx.request]!);
  }

  override onWrite(id: number, size: number): void {
    this.cost[id] = size;
    this.move(id, this.next[this.ctx.request]!);
  }

  onRemove(id: number): void {
    if (this.live.has(id)) this.live.remove(id);
    else this.dead.remove(id);
  }

  victim(_now: number, incoming = -1): number {
    if (this.dead.size > 0) return this.dead.tail;
    // A key with no future is not worth a live key's place.
    if (incoming >= 0 && this.next[this.ctx.request] === Infinity) return -1;
    const n = this.live.size;
    if (n === 0) return -1;
    const now = this.ctx.request;
    const members = this.live.members;
    const nextUse = this.nextUse;
    const cost = this.cost;
    let best = -1;
    let bestScore = -1;
    if (this.samples === 0) {
      for (let i = 0; i < n; i++) {
        const id = members[i]!;
        const score = cost[id]! * (nextUse[id]! - now);
        if (score > bestScore) {
          best = id;
          bestScore = score;
        }
      }
      return best;
    }
    let x = this.state;
    const scale = n * 2.3283064365386963e-10;
    for (let k = 0; k < this.samples; k++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const id = members[((x >>> 0) * scale) | 0]!;
      const score = cost[id]! * (nextUse[id]! - now);
      if (score > bestScore) {
        best = id;
        bestScore = score;
      }
    }
    this.state = x;
    return best;
  }

  check(residents: number): string | undefined {
    const held = this.live.size + this.dead.size;
    return held === residents ? undefined : `live ${this.live.size} + dead ${this.dead.size}, store ${residents}`;
  }

  private place(id: number, nextUse: number): void {
    this.nextUse[id] = nextUse;
    if (nextUse === Infinity) this.dead.pushFront(id);
    else this.live.add(id);
  }

  private move(id: number, nextUse: number): void {
    if (nextUse === Infinity && this.live.has(id)) {
      this.live.remove(id);
      this.dead.pushFront(id);
    }
    this.nextUse[id] = nextUse;
  }
}

export const beladySize: PolicyInfo = {
  name: 'belady-size',
  family: 'offline',
  paper: 'libCacheSim\'s BeladySize (after Belady 1966)',
  description: 'BeladySize (libCacheSim\'s size-aware offline reference): evicts the largest size × distance to the next request, among a random sample.',
  params: [
    { name: 'samples', kind: 'integer', default: 128, min: 0, max: 65536, description: 'residents sampled per eviction (libCacheSim\'s 128); 0 compares every resident (exact, slower)' },
  ],
  offline: true,
  create: (ctx, p: PolicyParams) => new BeladySizePolicy(ctx, Number(p['samples'] ?? 128)),
};
