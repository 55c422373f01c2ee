import { Policy, type PolicyContext } from './policy.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

const NONE = 0;
const SMALL = 1;
const MAIN = 2;
const GHOST = 3;

/**
 * S3-FIFO (Yang et al., SOSP 2023), following libCacheSim's S3FIFO.c: a
 * small FIFO (10% of the cache), a main FIFO (the rest) and a ghost FIFO of
 * recently evicted keys (sized as 90% of the cache, in the store's unit).
 *
 * - A new key enters the small queue; a key found in the ghost queue goes
 *   straight to main. Before the first eviction, once the small queue is
 *   full, new keys go to main (libCacheSim's current rule).
 * - A hit adds one to the key's counter (kept at most 3: only "≥ 2" and
 *   "min(count, 3)" are ever asked).
 * - Evicting: from main when main is over its share or the small queue is
 *   empty, else from small. Small's oldest key moves to main when it has
 *   at least `move-threshold` hits, else it is evicted into the ghost queue.
 *   Main is a 2-bit CLOCK: its oldest key, if hit, is reinserted with
 *   min(count, 3) − 1, else evicted.
 */
export class S3FifoPolicy extends Policy {
  private readonly links = new Links();
  private readonly small = new IdList(this.links);
  private readonly main = new IdList(this.links);
  private readonly ghost = new IdList(this.links);
  private where = new Uint8Array(0);
  private freq = new Uint8Array(0);
  private costs = new Float64Array(0);
  private smallUsed = 0;
  private mainUsed = 0;
  private ghostUsed = 0;
  private readonly smallCap: number;
  private readonly mainCap: number;
  private readonly ghostCap: number;
  private readonly threshold: number;
  private hasEvicted = false;

  constructor(ctx: PolicyContext, smallRatio = 0.1, ghostRatio = 0.9, threshold = 2) {
    super(ctx);
    this.smallCap = Math.floor(ctx.capacity * smallRatio);
    this.mainCap = ctx.capacity - this.smallCap;
    this.ghostCap = Math.floor(ctx.capacity * ghostRatio);
    this.threshold = Math.min(threshold, 3);
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.freq = growUint8(this.freq, n);
    this.costs = growFloat64(this.costs, n);
  }

  onInsert(id: number, cost: number): void {
    this.freq[id] = 0;
    if (this.where[id] === GHOST) {
      this.ghost.remove(id);
      this.ghostUsed -= this.costs[id]!;
      this.costs[id] = cost;
      this.toMain(id);
      return;
    }
    this.costs[id] = cost;
    // libCacheSim refuses a key at least as large as the small queue; the
    // store has already made room, so a key larger than it goes to main.
    if ((!this.hasEvicted && this.smallUsed >= this.smallCap) || cost > this.smallCap) {
      this.toMain(id);
    } else {
      this.where[id] = SMALL;
      this.small.pushFront(id);
      this.smallUsed += cost;
    }
  }

  onHit(id: number): void {
    if (this.freq[id]! < 3) this.freq[id]!++;
  }

  override onWrite(id: number, cost: number): void {
    const delta = cost - this.costs[id]!;
    this.costs[id] = cost;
    if (this.where[id] === SMALL) this.smallUsed += delta;
    else this.mainUsed += delta;
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
    if (w === SMALL) {
      this.small.remove(id);
      this.smallUsed -= cost;
    } else if (w === MAIN) {
      this.main.remove(id);
      this.mainUsed -= cost;
    }
    this.where[id] = NONE;
    // Only a key evicted from the small queue is remembered as a ghost.
    if (evicted && w === SMALL) this.addGhost(id, cost);
  }

  victim(): number {
    this.hasEvicted = true;
    let id = -1;
    if (this.mainUsed > this.mainCap || this.small.size === 0) id = this.victimFromMain();
    if (id < 0) id = this.victimFromSmall();
    if (id < 0) id = this.victimFromMain();
    return id;
  }

  /** Which queue holds the id: 'small', 'main', 'ghost' or 'none' (for tests). */
  queueOf(id: number): 'none' | 'small' | 'main' | 'ghost' {
    return (['none', 'small', 'main', 'ghost'] as const)[this.where[id]!]!;
  }

  check(residents: number): string | undefined {
    if (this.small.size + this.main.size !== residents) {
      return `queues hold ${this.small.size + this.main.size}, store ${residents}`;
    }
    if (this.ghostUsed > this.ghostCap) return `ghost queue holds ${this.ghostUsed} > ${this.ghostCap}`;
    let s = 0;
    for (const id of this.small.toArray()) s += this.costs[id]!;
    let m = 0;
    for (const id of this.main.toArray()) m += this.costs[id]!;
    if (s !== this.smallUsed || m !== this.mainUsed) return 'queue costs are out of step';
    return undefined;
  }

  private toMain(id: number): void {
    this.where[id] = MAIN;
    this.main.pushFront(id);
    this.mainUsed += this.costs[id]!;
  }

  private victimFromMain(): number {
    const main = this.main;
    const freq = this.freq;
    for (let id = main.tail; id >= 0; id = main.tail) {
      const f = freq[id]!;
      if (f === 0) return id;
      freq[id] = Math.min(f, 3) - 1;
      main.moveToFront(id);
    }
    return -1;
  }

  private victimFromSmall(): number {
    const small = this.small;
    for (let id = small.tail; id >= 0; id = small.tail) {
      if (this.freq[id]! < this.threshold) return id;
      // Hit often enough while in probation: promoted, counter starts again.
      small.remove(id);
      this.smallUsed -= this.costs[id]!;
      this.freq[id] = 0;
      this.toMain(id);
    }
    return -1;
  }

  private addGhost(id: number, cost: number): void {
    if (cost > this.ghostCap) return;
    while (this.ghostUsed + cost > this.ghostCap) {
      const old = this.ghost.popBack();
      this.ghostUsed -= this.costs[old]!;
      this.where[old] = NONE;
    }
    this.where[id] = GHOST;
    this.costs[id] = cost;
    this.ghost.pushFront(id);
    this.ghostUsed += cost;
  }
}

export const s3fifo: PolicyInfo = {
  name: 's3fifo',
  family: 'queues',
  description: 'S3-FIFO: small probationary FIFO, main 2-bit CLOCK FIFO and a ghost FIFO (libCacheSim\'s rules).',
  params: [
    { name: 'small-ratio', kind: 'number', default: 0.1, min: 0, max: 1, description: 'share of the cache for the small FIFO (libCacheSim: 0.10)' },
    { name: 'ghost-ratio', kind: 'number', default: 0.9, min: 0, max: 10, description: 'ghost FIFO size as a share of the cache (libCacheSim: 0.90)' },
    { name: 'move-threshold', kind: 'integer', default: 2, min: 1, max: 3, description: 'hits in the small FIFO that move a key to main (libCacheSim: 2)' },
  ],
  create: (ctx, p: PolicyParams) =>
    new S3FifoPolicy(ctx, Number(p['small-ratio'] ?? 0.1), Number(p['ghost-ratio'] ?? 0.9), Number(p['move-threshold'] ?? 2)),
};
