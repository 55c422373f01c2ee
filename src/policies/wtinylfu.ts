import { Policy, type PolicyContext } from './policy.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';
import { FrequencySketch } from './structures/count-min.js';
import { IdList, Links } from './structures/id-list.js';

export const WINDOW = 1;
const PROBATION = 2;
export const PROTECTED = 3;

/**
 * W-TinyLFU (Einziger, Friedman and Manes, ACM ToS 2017), shaped like
 * Caffeine's simulator: new keys enter a small LRU window (1%); the rest is
 * a segmented LRU main cache, 20% probation and 80% protected. When the
 * cache is full and a new key arrives, the window's LRU key becomes a
 * candidate for main and duels the probation LRU key: the candidate is
 * admitted only if the frequency sketch counts it strictly more often,
 * else it is the one evicted. So a one-hit wonder passes through the
 * window and out, without displacing anything in main. A probation hit
 * promotes to protected; protected overflow demotes its LRU key back to
 * probation. Every access is counted in a Count-Min sketch of 4-bit
 * counters halved every 10 × capacity accesses; an optional doorkeeper
 * Bloom filter absorbs first accesses.
 */
export class WTinyLfuPolicy extends Policy {
  protected readonly links = new Links();
  protected readonly window = new IdList(this.links);
  protected readonly probation = new IdList(this.links);
  protected readonly protect = new IdList(this.links);
  protected where = new Uint8Array(0);
  protected costs = new Float64Array(0);
  protected windowUsed = 0;
  protected protectedUsed = 0;
  /** Shares in the store's unit; the adaptive variant moves them. */
  protected windowCap: number;
  protected protectedCap: number;
  readonly sketch: FrequencySketch;
  private readonly sizedByObjects: boolean;
  /** Duels lost by the window candidate (for tests and curiosity). */
  rejected = 0;

  constructor(ctx: PolicyContext, windowRatio = 0.01, protectedRatio = 0.8, doorkeeper = false) {
    super(ctx);
    this.windowCap = Math.floor(ctx.capacity * windowRatio);
    this.protectedCap = Math.floor((ctx.capacity - this.windowCap) * protectedRatio);
    this.sizedByObjects = ctx.unit === 'objects';
    // In bytes the number of entries is unknown: start small and grow with the cache.
    this.sketch = new FrequencySketch(this.sizedByObjects ? ctx.capacity : 1024, doorkeeper);
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.costs = growFloat64(this.costs, n);
  }

  onInsert(id: number, cost: number): void {
    this.sketch.increment(id);
    this.costs[id] = cost;
    this.where[id] = WINDOW;
    this.window.pushFront(id);
    this.windowUsed += cost;
    // While the cache has room, window overflow moves into probation unchallenged.
    while (this.windowUsed > this.windowCap && this.window.size > 1) this.windowToProbation();
    if (!this.sizedByObjects) {
      const entries = this.window.size + this.probation.size + this.protect.size;
      if (entries > this.sketch.capacity) this.sketch.resize(2 * this.sketch.capacity);
    }
  }

  onHit(id: number): void {
    this.sketch.increment(id);
    const w = this.where[id];
    if (w === WINDOW) {
      this.window.moveToFront(id);
    } else if (w === PROTECTED) {
      this.protect.moveToFront(id);
    } else {
      this.probation.remove(id);
      this.where[id] = PROTECTED;
      this.protect.pushFront(id);
      this.protectedUsed += this.costs[id]!;
      this.demoteProtected();
    }
  }

  override onWrite(id: number, cost: number): void {
    const delta = cost - this.costs[id]!;
    this.costs[id] = cost;
    const w = this.where[id];
    if (w === WINDOW) this.windowUsed += delta;
    else if (w === PROTECTED) this.protectedUsed += delta;
    this.onHit(id);
    this.demoteProtected();
  }

  onRemove(id: number): void {
    const w = this.where[id];
    const cost = this.costs[id]!;
    if (w === WINDOW) {
      this.window.remove(id);
      this.windowUsed -= cost;
    } else if (w === PROTECTED) {
      this.protect.remove(id);
      this.protectedUsed -= cost;
    } else {
      this.probation.remove(id);
    }
    this.where[id] = 0;
  }

  victim(): number {
    if (this.window.size > 0 && this.windowUsed >= this.windowCap) {
      // The incoming key will push the window's LRU key out: it challenges main.
      const candidate = this.window.tail;
      this.windowToProbation();
      const v = this.probation.tail;
      if (v === candidate) return candidate;
      if (this.sketch.frequency(candidate) > this.sketch.frequency(v)) return v;
      this.rejected++;
      return candidate;
    }
    if (this.probation.size > 0) return this.probation.tail;
    if (this.protect.size > 0) return this.protect.tail;
    return this.window.tail;
  }

  /** 'window', 'probation', 'protected' or 'none' (for tests). */
  segmentOf(id: number): 'none' | 'window' | 'probation' | 'protected' {
    return (['none', 'window', 'probation', 'protected'] as const)[this.where[id]!]!;
  }

  check(residents: number): string | undefined {
    const n = this.window.size + this.probation.size + this.protect.size;
    if (n !== residents) return `segments hold ${n}, store ${residents}`;
    if (this.protectedUsed > this.protectedCap && this.protect.size > 1) return 'protected is over its share';
    return undefined;
  }

  /** Protected over its share: its LRU keys drop back to probation. */
  protected demoteProtected(): void {
    while (this.protectedUsed > this.protectedCap && this.protect.size > 1) {
      const d = this.protect.popBack();
      this.protectedUsed -= this.costs[d]!;
      this.where[d] = PROBATION;
      this.probation.pushFront(d);
    }
  }

  protected windowToProbation(): void {
    const id = this.window.popBack();
    this.windowUsed -= this.costs[id]!;
    this.where[id] = PROBATION;
    this.probation.pushFront(id);
  }
}

export const wtinylfu: PolicyInfo = {
  name: 'wtinylfu',
  family: 'sketch',
  paper: 'Einziger, Friedman and Manes, ACM ToS 2017',
  description: 'W-TinyLFU: LRU window, then a frequency-sketch admission duel into a segmented LRU main cache.',
  params: [
    { name: 'window-ratio', kind: 'number', default: 0.01, min: 0, max: 1, description: 'share of the cache for the LRU window (Caffeine and libCacheSim: 0.01)' },
    { name: 'protected-ratio', kind: 'number', default: 0.8, min: 0, max: 1, description: 'share of the main cache that is protected (Caffeine and libCacheSim: 0.8)' },
    { name: 'doorkeeper', kind: 'integer', default: 0, min: 0, max: 1, description: '1 = put a Bloom-filter doorkeeper before the sketch (default 0, as Caffeine)' },
  ],
  create: (ctx, p: PolicyParams) =>
    new WTinyLfuPolicy(ctx, Number(p['window-ratio'] ?? 0.01), Number(p['protected-ratio'] ?? 0.8), Number(p['doorkeeper'] ?? 0) === 1),
};
