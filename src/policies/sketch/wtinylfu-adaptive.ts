import type { PolicyContext } from '../policy.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { PROTECTED, WINDOW, WTinyLfuPolicy } from '../wtinylfu.js';

/**
 * Adaptive W-TinyLFU (Einziger, Eytan, Friedman and Manes, "Adaptive
 * software cache management", Middleware 2018), with Caffeine's simple hill
 * climber: every `sample` × capacity requests (× the resident entries when
 * the capacity is in bytes) it compares the hit ratio of
 * that sample with the previous one; if it did not fall it keeps moving the
 * window's share the same way, else it turns back. The step starts at
 * `step` (6.25%) of the cache, decays by `step-decay` (0.98) each sample,
 * and jumps back to its start when the hit ratio moves by `restart` (0.05)
 * or more. A smaller window passes its LRU keys to probation; a larger one
 * takes probation's LRU keys (then protected's). The first move enlarges
 * the window, from 1% (Caffeine's defaults throughout).
 */
export class AdaptiveWTinyLfuPolicy extends WTinyLfuPolicy {
  private hits = 0;
  private misses = 0;
  private previousHitRatio = 0;
  private stepSize: number;
  private readonly initialStep: number;
  private readonly sample: number;

  constructor(
    ctx: PolicyContext,
    windowRatio: number,
    private readonly protectedRatio: number,
    sample: number,
    step: number,
    private readonly stepDecay: number,
    private readonly restart: number,
  ) {
    super(ctx, windowRatio, protectedRatio);
    this.initialStep = step * ctx.capacity;
    this.stepSize = this.initialStep;
    this.sample = sample;
  }

  override onInsert(id: number, size: number): void {
    super.onInsert(id, size);
    this.misses++;
    this.maybeClimb();
  }

  override onHit(id: number): void {
    super.onHit(id);
    this.hits++;
    this.maybeClimb();
  }

  /** The window's share now, in the store's unit (for tests). */
  get windowShare(): number {
    return this.windowCap;
  }

  private maybeClimb(): void {
    // Caffeine samples 10 × the maximum entries; in bytes, 10 × the entries now resident.
    const entries = this.ctx.unit === 'objects' ? this.ctx.capacity : this.window.size + this.probation.size + this.protect.size;
    if (this.hits + this.misses < Math.max(1, Math.round(this.sample * entries))) return;
    const hitRatio = this.hits / (this.hits + this.misses);
    const change = hitRatio - this.previousHitRatio;
    const amount = change >= 0 ? this.stepSize : -this.stepSize;
    this.stepSize = Math.abs(change) >= this.restart ? this.initialStep * (amount >= 0 ? 1 : -1) : this.stepDecay * amount;
    this.previousHitRatio = hitRatio;
    this.hits = 0;
    this.misses = 0;
    this.resizeWindow(this.windowCap + amount);
  }

  private resizeWindow(target: number): void {
    const c = this.ctx.capacity;
    this.windowCap = Math.min(c, Math.max(0, target));
    this.protectedCap = (c - this.windowCap) * this.protectedRatio;
    // A smaller window: its LRU keys go to probation.
    while (this.windowUsed > this.windowCap && this.window.size > 0) this.windowToProbation();
    // A larger one: main's LRU keys (probation first) move into the window's MRU end.
    while (this.windowUsed < this.windowCap) {
      const from = this.probation.size > 0 ? this.probation : this.protect;
      const id = from.tail;
      if (id < 0 || this.windowUsed + this.costs[id]! > this.windowCap) break;
      from.remove(id);
      if (this.where[id] === PROTECTED) this.protectedUsed -= this.costs[id]!;
      this.where[id] = WINDOW;
      this.window.pushFront(id);
      this.windowUsed += this.costs[id]!;
    }
    this.demoteProtected();
  }
}

export const wtinylfuAdaptive: PolicyInfo = {
  name: 'wtinylfu-adaptive',
  family: 'sketch',
  paper: 'Einziger, Eytan, Friedman and Manes, Middleware 2018',
  description: 'Adaptive W-TinyLFU: W-TinyLFU whose window share a hill climber moves toward the higher hit ratio (Caffeine\'s simulator).',
  params: [
    { name: 'window-ratio', kind: 'number', default: 0.01, min: 0, max: 1, description: 'starting share of the window (Caffeine: 0.01)' },
    { name: 'protected-ratio', kind: 'number', default: 0.8, min: 0, max: 1, description: 'share of the main cache that is protected (0.8)' },
    { name: 'sample', kind: 'number', default: 10, min: 0.01, max: 1000, description: 'requests per hit-ratio sample, times the capacity (Caffeine\'s percent-sample 10)' },
    { name: 'step', kind: 'number', default: 0.0625, min: 0, max: 1, description: 'first step of the window share, as a share of the cache (Caffeine\'s pivot 0.0625)' },
    { name: 'step-decay', kind: 'number', default: 0.98, min: 0, max: 1, description: 'factor on the step after each sample (0.98)' },
    { name: 'restart', kind: 'number', default: 0.05, min: 0, max: 1, description: 'a hit-ratio change this large restarts the step at its first size (0.05)' },
  ],
  create: (ctx, p: PolicyParams) => new AdaptiveWTinyLfuPolicy(ctx, Number(p['window-ratio']), Number(p['protected-ratio']), Number(p['sample']), Number(p['step']), Number(p['step-decay']), Number(p['restart'])),
};
