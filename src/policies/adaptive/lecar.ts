import { Rng } from '../../core/rng.js';
import { LfuPolicy } from '../lfu.js';
import { LruPolicy } from '../lru.js';
import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64 } from '../../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { GhostLists } from '../structures/ghost-lists.js';

const NONE = 0 as const;
const LRU_GHOST = 1 as const;
const LFU_GHOST = 2 as const;

/**
 * LeCaR (Vietri, Rodriguez, Martinez, Lyons, Liu, Rangaswami, Zhao and
 * Narasimhan, HotStorage 2018): two experts, LRU and LFU, over the same
 * residents; each eviction follows one, drawn with probability w_LRU or
 * w_LFU = 1 − w_LRU (seeded). When both name the same key it leaves
 * without a trace; otherwise it is remembered in the ghost FIFO of the
 * expert that chose it (each up to half the cache, in the store's unit). A
 * miss on a ghost is that expert's regret: its weight is multiplied by
 * e^(−λ·d^t), t the requests since the eviction, and both are normalised.
 * λ = `learning-rate` (0.45) and d = 0.005^(1/capacity), the paper's and
 * libCacheSim's values. The LFU expert counts hits since the key came in
 * (a returning key starts at 1), ties to the least recently touched.
 */
export class LeCaRPolicy extends Policy {
  private readonly lru: LruPolicy;
  private readonly lfu: LfuPolicy;
  private readonly ghosts: GhostLists;
  private evictedAt = new Float64Array(0);
  private cost = new Float64Array(0);
  private readonly discount: number;
  private readonly rng: Rng;
  /** Weight of the LRU expert (LFU's is 1 − it). */
  wLru: number;
  /** Which expert chose the last victim: a ghost list, or NONE when both agreed. */
  private lastExpert: 0 | 1 | 2 = NONE;

  constructor(ctx: PolicyContext, private readonly learningRate = 0.45, initialLru = 0.5) {
    super(ctx);
    this.lru = new LruPolicy(ctx);
    this.lfu = new LfuPolicy(ctx);
    this.ghosts = new GhostLists(ctx.capacity / 2);
    this.discount = Math.pow(0.005, 1 / ctx.capacity);
    this.rng = new Rng(ctx.seed, 'lecar');
    this.wLru = initialLru;
  }

  override grow(n: number): void {
    this.lru.grow(n);
    this.lfu.grow(n);
    this.ghosts.grow(n);
    this.evictedAt = growFloat64(this.evictedAt, n);
    this.cost = growFloat64(this.cost, n);
  }

  onInsert(id: number, size: number, now: number): void {
    this.learnFrom(id);
    this.cost[id] = size;
    this.lru.onInsert(id);
    this.lfu.onInsert(id);
    void now;
  }

  onHit(id: number): void {
    this.lru.onHit(id);
    this.lfu.onHit(id);
  }

  override onWrite(id: number, size: number): void {
    this.cost[id] = size;
    this.onHit(id);
  }

  onRemove(id: number): void {
    this.leave(id, false);
  }

  override onEvict(id: number): void {
    this.leave(id, true);
  }

  private leave(id: number, evicted: boolean): void {
    this.lru.onRemove(id);
    this.lfu.onRemove(id);
    if (evicted && this.lastExpert !== NONE) {
      this.evictedAt[id] = this.ctx.request;
      this.ghosts.add(id, this.lastExpert, this.cost[id]!);
    }
  }

  victim(_now: number, incoming = -1): number {
    // The ghost is consulted before anything is evicted (which could push the key out of it), as libCacheSim.
    if (incoming >= 0) this.learnFrom(incoming);
    const a = this.lru.victim();
    const b = this.lfu.victim();
    if (a === b) {
      this.lastExpert = NONE;
      return a;
    }
    if (this.rng.next() < this.wLru) {
      this.lastExpert = LRU_GHOST;
      return a;
    }
    this.lastExpert = LFU_GHOST;
    return b;
  }

  check(residents: number): string | undefined {
    const problem = this.lru.check(residents) ?? this.lfu.check(residents);
    if (problem) return problem;
    if (this.ghosts.overCap()) return 'a ghost list holds more than half the cache';
    if (!(this.wLru >= 0 && this.wLru <= 1)) return `w_LRU = ${this.wLru}`;
    return undefined;
  }

  /** Which ghost list holds the id (for tests). */
  ghostListOf(id: number): 'lru' | 'lfu' | 'none' {
    return (['none', 'lru', 'lfu'] as const)[this.ghosts.listOf(id)]!;
  }

  private learnFrom(id: number): void {
    const g = this.ghosts.listOf(id);
    if (g === NONE) return;
    const t = this.ctx.request - this.evictedAt[id]!;
    this.regret(g === LRU_GHOST, Math.pow(this.discount, t));
    this.ghosts.drop(id);
  }

  /** The expert that evicted a key just missed again is penalised: w ← w·e^(−λ·r), then both normalised. */
  private regret(lruWasWrong: boolean, r: number): void {
    let wrong = lruWasWrong ? this.wLru : 1 - this.wLru;
    let other = 1 - wrong;
    // The small terms keep a weight from reaching 0 for good, as libCacheSim.
    wrong = wrong * Math.exp(-this.learningRate * r) + 1e-10;
    const s = wrong + other + 2e-10;
    wrong /= s;
    other = (other + 1e-10) / s;
    this.wLru = lruWasWrong ? wrong : other;
  }

}

export const lecar: PolicyInfo = {
  name: 'lecar',
  family: 'adaptive',
  paper: 'Vietri et al., HotStorage 2018',
  description: 'LeCaR: evicts by LRU or LFU, drawn by learned weights; a miss on a key an expert evicted lowers that expert\'s weight.',
  params: [
    { name: 'learning-rate', kind: 'number', default: 0.45, min: 0, max: 10, description: 'λ, how much one regret moves the weights (the paper\'s 0.45)' },
    { name: 'lru-weight', kind: 'number', default: 0.5, min: 0, max: 1, description: 'starting weight of the LRU expert (0.5)' },
  ],
  create: (ctx, p: PolicyParams) => new LeCaRPolicy(ctx, Number(p['learning-rate'] ?? 0.45), Number(p['lru-weight'] ?? 0.5)),
};
