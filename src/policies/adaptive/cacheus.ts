import { Rng } from '../../core/rng.js';
import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64 } from '../../core/typed-arrays.js';
import type { PolicyInfo } from '../registry-types.js';
import { GhostLists } from '../structures/ghost-lists.js';
import { CrLfuPolicy } from './cr-lfu.js';
import { SrLruPolicy } from './sr-lru.js';

const NONE = 0 as const;
const SR_GHOST = 1 as const;
const CR_GHOST = 2 as const;

/**
 * Cacheus (Rodriguez, Yusuf, Lyons, Paz, Rangaswami, Liu, Zhao and
 * Narasimhan, FAST 2021), as libCacheSim's `Cacheus.c`: LeCaR's scheme with
 * SR-LRU and CR-LFU as the experts and a learning rate that adapts. Each
 * eviction follows SR-LRU with probability w (seeded), else CR-LFU; a
 * victim both name leaves without a trace, otherwise it is remembered in the
 * chooser's ghost LRU list (half the cache each, in the store's unit). A
 * miss on a ghost multiplies that expert's weight by e^(−λ), then both are
 * normalised. Every `capacity` requests λ moves: by ±|λ·Δλ| in the direction
 * that raised the hit ratio, or, after ten windows without gain at a fixed
 * λ, to a fresh random value in [0.001, 1); it starts random in that range.
 * libCacheSim also carries CR-LFU's count through SR-LRU's history, so a
 * key that returns resumes its count; here it restarts at 1.
 */
export class CacheusPolicy extends Policy {
  private readonly sr: SrLruPolicy;
  private readonly cr: CrLfuPolicy;
  private readonly ghosts: GhostLists;
  private cost = new Float64Array(0);
  private readonly rng: Rng;
  /** Weight of SR-LRU (CR-LFU's is 1 − it). */
  wSr = 0.5;
  /** The learning rate λ. */
  learningRate: number;
  private previousRate = 0;
  private previousHitRatio = 0;
  private hits = 0;
  private requests = 0;
  private unlearn = 0;
  private readonly interval: number;
  private lastVictim = -1;
  private lastExpert: 0 | 1 | 2 = NONE;

  constructor(ctx: PolicyContext) {
    super(ctx);
    this.sr = new SrLruPolicy(ctx);
    this.cr = new CrLfuPolicy(ctx);
    this.ghosts = new GhostLists(ctx.capacity / 2);
    this.rng = new Rng(ctx.seed, 'cacheus');
    this.learningRate = this.randomRate();
    this.interval = Math.max(1, Math.round(ctx.capacity));
  }

  override grow(n: number): void {
    this.sr.grow(n);
    this.cr.grow(n);
    this.ghosts.grow(n);
    this.cost = growFloat64(this.cost, n);
  }

  onInsert(id: number, size: number, now: number): void {
    this.learnFrom(id);
    this.cost[id] = size;
    this.sr.onInsert(id, size);
    this.cr.onInsert(id);
    this.tick(false, now);
  }

  onHit(id: number, now: number): void {
    this.sr.onHit(id);
    this.cr.onHit(id);
    this.tick(true, now);
  }

  override onWrite(id: number, size: number, now: number): void {
    this.cost[id] = size;
    this.sr.onWrite(id, size);
    this.cr.onHit(id);
    void now;
  }

  onRemove(id: number): void {
    this.sr.onRemove(id);
    this.cr.onRemove(id);
    if (id === this.lastVictim && this.lastExpert !== NONE) this.ghosts.add(id, this.lastExpert, this.cost[id]!);
    this.lastVictim = -1;
  }

  victim(now: number, incoming = -1, size = 0): number {
    // The ghost is consulted before anything is evicted (which could push the key out of it).
    if (incoming >= 0) this.learnFrom(incoming);
    const a = this.sr.victim(now, incoming, size);
    const b = this.cr.victim();
    let v: number;
    if (a === b) {
      this.lastExpert = NONE;
      v = a;
    } else if (this.rng.next() < this.wSr) {
      this.lastExpert = SR_GHOST;
      v = a;
    } else {
      this.lastExpert = CR_GHOST;
      v = b;
    }
    // SR-LRU remembers every key it loses in its history, whoever chose it.
    this.sr.evicting(v);
    return (this.lastVictim = v);
  }

  /** SR-LRU's SR list over its share pushes its LRU key out (into SR-LRU's history only), as in libCacheSim. */
  surplus(): number {
    const v = this.sr.surplus();
    if (v >= 0) {
      this.lastExpert = NONE;
      this.lastVictim = v;
    }
    return v;
  }

  check(residents: number): string | undefined {
    const problem = this.sr.check(residents) ?? this.cr.check(residents);
    if (problem) return problem;
    if (!(this.wSr >= 0 && this.wSr <= 1)) return `w = ${this.wSr}`;
    return undefined;
  }

  /** A missed key in a ghost list: the expert that evicted it was wrong, its weight × e^(−λ). */
  private learnFrom(id: number): void {
    const g = this.ghosts.listOf(id);
    if (g === NONE) return;
    const e = Math.exp(-this.learningRate);
    const wSr = g === SR_GHOST ? this.wSr * e : this.wSr;
    const wCr = g === CR_GHOST ? (1 - this.wSr) * e : 1 - this.wSr;
    this.wSr = wSr / (wSr + wCr);
    this.ghosts.drop(id);
  }

  /** Which expert's ghost list holds the id (for tests). */
  ghostListOf(id: number): 'sr-lru' | 'cr-lfu' | 'none' {
    return (['none', 'sr-lru', 'cr-lfu'] as const)[this.ghosts.listOf(id)]!;
  }

  /** Every `capacity` requests, move λ the way the hit ratio went. */
  private tick(hit: boolean, _now: number): void {
    if (hit) this.hits++;
    if (++this.requests % this.interval !== 0) return;
    const hitRatio = this.hits / this.interval;
    const dHit = hitRatio - this.previousHitRatio;
    const dRate = this.learningRate - this.previousRate;
    this.previousRate = this.learningRate;
    this.previousHitRatio = hitRatio;
    if (dRate !== 0) {
      const sign = dHit / dRate > 0 ? 1 : -1;
      const next = this.learningRate + sign * Math.abs(this.learningRate * dRate);
      this.learningRate = next > 0.001 ? next : 0.0001;
      this.unlearn = 0;
    } else if (hitRatio === 0 || dHit <= 0) {
      this.unlearn++;
    } else if (this.unlearn >= 10) {
      this.unlearn = 0;
      this.learningRate = this.randomRate();
    }
    this.hits = 0;
  }

  private randomRate(): number {
    return 0.001 + Math.floor(this.rng.next() * 1000) / 1000;
  }

}

export const cacheus: PolicyInfo = {
  name: 'cacheus',
  family: 'adaptive',
  paper: 'Rodriguez et al., FAST 2021',
  description: 'Cacheus: LeCaR\'s learned choice between SR-LRU and CR-LFU, with an adaptive learning rate.',
  params: [],
  create: (ctx) => new CacheusPolicy(ctx),
};
