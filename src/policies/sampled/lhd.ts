import { Rng } from '../../core/rng.js';
import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64, growUint8 } from '../../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { DenseSet } from '../structures/dense-set.js';

/** Constants of Beckmann's LHD code, as libCacheSim ships it (LHD/lhd.hpp). */
const HIT_AGE_CLASSES = 16;
const MAX_AGE = 20000;
const ADMISSIONS = 8;
const EXPLORER_BUDGET_FRACTION = 0.01;
const EXPLORE_INVERSE_PROBABILITY = 32;
const AGE_COARSENING_ERROR_TOLERANCE = 0.01;
const RECONFIGURATION = 1 << 20;
const EWMA_DECAY = 0.9;
/** The lowest float32, the code's rank for an age past the histograms (it also enters the victims' average). */
const LOWEST = -3.4028234663852886e38;

/**
 * LHD, least hit density (Beckmann, Chen and Cidon, NSDI 2018), following
 * the authors' code that libCacheSim ships: evict, among a random sample of
 * residents (8, then `samples` after 50 reconfigurations) and the last 8
 * admitted keys that looked poor, the lowest hit density per unit of size.
 * A key's density is read from its class (by the sum of its last two hit
 * ages, in 16 log classes) at its current age (requests since its last
 * access, coarsened by 2^shift): the expected hits over the expected space
 * time still to come, estimated from each class's age histograms of hits and
 * evictions, decayed by 0.9 and re-modelled every 2^20 accesses (until the
 * first, densities are the code's prior (class + 1)/(age + 1)). Ages past
 * 20,000 units rank lowest. Until 50 reconfigurations, 1 key in 32 (within a
 * budget of 1% of the cache) is an explorer, ranked one higher so it lives
 * long enough to be measured. Hits and evictions are what the histograms
 * count: a delete or an expiry is not the policy's decision and is not.
 */
export class LhdPolicy extends Policy {
  private readonly residents = new DenseSet();
  private stamp = new Float64Array(0);
  private lastHitAge = new Float64Array(0);
  private lastLastHitAge = new Float64Array(0);
  private cost = new Float64Array(0);
  private explorer = new Uint8Array(0);
  private readonly hits = new Float64Array(HIT_AGE_CLASSES * MAX_AGE);
  private readonly evictions = new Float64Array(HIT_AGE_CLASSES * MAX_AGE);
  private readonly densities = new Float64Array(HIT_AGE_CLASSES * MAX_AGE);
  private readonly recentlyAdmitted = new Int32Array(ADMISSIONS).fill(-1);
  private recentHead = 0;
  private timestamp = 0;
  private nextReconfiguration = RECONFIGURATION;
  private reconfigurations = 0;
  private shift = 10;
  private ewmaObjects = 0;
  private ewmaObjectsMass = 0;
  private ewmaVictimDensity = 0;
  private explorerBudget: number;
  private state: number;
  private readonly rng: Rng;

  constructor(ctx: PolicyContext, private readonly samples = 32) {
    super(ctx);
    this.explorerBudget = ctx.capacity * EXPLORER_BUDGET_FRACTION;
    for (let c = 0; c < HIT_AGE_CLASSES; c++) {
      for (let a = 0; a < MAX_AGE; a++) this.densities[c * MAX_AGE + a] = (c + 1) / (a + 1);
    }
    this.rng = new Rng(ctx.seed, 'lhd');
    this.state = (Math.floor(this.rng.next() * 0xffffffff) | 0) || 1;
  }

  override grow(n: number): void {
    this.residents.grow(n);
    this.stamp = growFloat64(this.stamp, n);
    this.lastHitAge = growFloat64(this.lastHitAge, n);
    this.lastLastHitAge = growFloat64(this.lastLastHitAge, n);
    this.cost = growFloat64(this.cost, n);
    this.explorer = growUint8(this.explorer, n);
  }

  onInsert(id: number, size: number): void {
    this.residents.add(id);
    this.lastLastHitAge[id] = MAX_AGE;
    this.lastHitAge[id] = 0;
    this.update(id, size, true);
  }

  onHit(id: number): void {
    const age = this.ageOf(id);
    this.hits[this.classOf(id) * MAX_AGE + age]! += 1;
    if (this.explorer[id]) this.explorerBudget += this.cost[id]!;
    this.lastLastHitAge[id] = this.lastHitAge[id]!;
    this.lastHitAge[id] = age;
    this.update(id, this.cost[id]!, false);
  }

  override onWrite(id: number, size: number): void {
    this.onHit(id);
    this.cost[id] = size;
  }

  onRemove(id: number): void {
    this.leave(id, false);
  }

  override onEvict(id: number): void {
    this.leave(id, true);
  }

  private leave(id: number, evicted: boolean): void {
    if (evicted) this.evictions[this.classOf(id) * MAX_AGE + this.ageOf(id)]! += 1;
    if (this.explorer[id]) this.explorerBudget += this.cost[id]!;
    this.residents.remove(id);
  }

  victim(): number {
    const n = this.residents.size;
    if (n === 0) return -1;
    let victim = -1;
    let victimRank = Infinity;
    const candidates = this.reconfigurations > 50 ? this.samples : 8;
    let x = this.state;
    const scale = n * 2.3283064365386963e-10;
    for (let i = 0; i < candidates; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const id = this.residents.at(((x >>> 0) * scale) | 0);
      const rank = this.density(id);
      if (rank < victimRank) {
        victim = id;
        victimRank = rank;
      }
    }
    this.state = x;
    for (let i = 0; i < ADMISSIONS; i++) {
      const id = this.recentlyAdmitted[i]!;
      if (id < 0 || !this.residents.has(id)) continue;
      const rank = this.density(id);
      if (rank < victimRank) {
        victim = id;
        victimRank = rank;
      }
    }
    this.ewmaVictimDensity = EWMA_DECAY * this.ewmaVictimDensity + (1 - EWMA_DECAY) * victimRank;
    return victim;
  }

  check(residents: number): string | undefined {
    return this.residents.size === residents ? undefined : `sample set holds ${this.residents.size}, store ${residents}`;
  }

  /** Hit density per unit of size at the key's current age (for tests). */
  density(id: number): number {
    const age = this.ageOf(id);
    if (age === MAX_AGE - 1) return LOWEST;
    let d = this.densities[this.classOf(id) * MAX_AGE + age]! / this.cost[id]!;
    if (this.explorer[id]) d += 1;
    return d;
  }

  private update(id: number, size: number, inserted: boolean): void {
    this.stamp[id] = this.timestamp;
    this.cost[id] = size;
    const explore = this.rng.int(EXPLORE_INVERSE_PROBABILITY) === 0;
    if (explore && this.explorerBudget > 0 && this.reconfigurations < 50) {
      this.explorer[id] = 1;
      this.explorerBudget -= size;
    } else {
      this.explorer[id] = 0;
    }
    if (inserted && !explore && this.density(id) < this.ewmaVictimDensity) {
      this.recentlyAdmitted[this.recentHead++ % ADMISSIONS] = id;
    }
    this.timestamp++;
    if (--this.nextReconfiguration === 0) {
      this.reconfigure();
      this.nextReconfiguration = RECONFIGURATION;
      this.reconfigurations++;
    }
  }

  private ageOf(id: number): number {
    const age = Math.floor((this.timestamp - this.stamp[id]!) / 2 ** this.shift);
    return age >= MAX_AGE ? MAX_AGE - 1 : age;
  }

  /** Class by the sum of the last two hit ages, in log steps (age 0: the last class). */
  private classOf(id: number): number {
    let age = this.lastHitAge[id]! + this.lastLastHitAge[id]!;
    if (age === 0) return HIT_AGE_CLASSES - 1;
    let log = 0;
    while (age < MAX_AGE && log < HIT_AGE_CLASSES - 1) {
      age *= 2;
      log++;
    }
    return log;
  }

  private reconfigure(): void {
    for (let i = 0; i < this.hits.length; i++) {
      this.hits[i]! *= EWMA_DECAY;
      this.evictions[i]! *= EWMA_DECAY;
    }
    this.adaptAgeCoarsening();
    this.modelHitDensity();
  }

  /** Densities from the histograms: expected hits over expected space time, from each age on. */
  private modelHitDensity(): void {
    for (let c = 0; c < HIT_AGE_CLASSES; c++) {
      const base = c * MAX_AGE;
      let events = this.hits[base + MAX_AGE - 1]! + this.evictions[base + MAX_AGE - 1]!;
      let hits = this.hits[base + MAX_AGE - 1]!;
      let lifetime = events;
      for (let a = MAX_AGE - 2; a >= 0; a--) {
        hits += this.hits[base + a]!;
        events += this.hits[base + a]! + this.evictions[base + a]!;
        lifetime += events;
        this.densities[base + a] = events > 1e-5 ? hits / lifetime : 0;
      }
    }
  }

  /** At the 5th and 25th reconfigurations, re-choose the age unit so ages span the histograms. */
  private adaptAgeCoarsening(): void {
    this.ewmaObjects = this.ewmaObjects * EWMA_DECAY + this.residents.size;
    this.ewmaObjectsMass = this.ewmaObjectsMass * EWMA_DECAY + 1;
    if (this.reconfigurations !== 5 && this.reconfigurations !== 25) return;
    const optimal = this.ewmaObjects / this.ewmaObjectsMass / (AGE_COARSENING_ERROR_TOLERANCE * MAX_AGE);
    let log2 = 1;
    while (2 ** log2 < optimal) log2++;
    const delta = log2 - this.shift;
    this.shift = log2;
    this.ewmaObjects *= 8;
    this.ewmaObjectsMass *= 8;
    for (let c = 0; c < HIT_AGE_CLASSES; c++) {
      const b = c * MAX_AGE;
      const h = this.hits;
      const e = this.evictions;
      if (delta < 0) {
        const d = -delta;
        for (let a = MAX_AGE >> d; a < MAX_AGE - 1; a++) {
          h[b + MAX_AGE - 1]! += h[b + a]!;
          e[b + MAX_AGE - 1]! += e[b + a]!;
        }
        for (let a = MAX_AGE - 2; a >= 0; a--) {
          h[b + a] = h[b + (a >> d)]! / 2 ** d;
          e[b + a] = e[b + (a >> d)]! / 2 ** d;
        }
      } else if (delta > 0) {
        for (let a = 0; a < MAX_AGE >> delta; a++) {
          let hs = 0;
          let es = 0;
          for (let i = 0; i < 2 ** delta; i++) {
            hs += h[b + (a << delta) + i]!;
            es += e[b + (a << delta) + i]!;
          }
          h[b + a] = hs;
          e[b + a] = es;
        }
        for (let a = MAX_AGE >> delta; a < MAX_AGE - 1; a++) {
          h[b + a] = 0;
          e[b + a] = 0;
        }
      }
    }
  }
}

export const lhd: PolicyInfo = {
  name: 'lhd',
  family: 'sampled',
  paper: 'Beckmann, Chen and Cidon, NSDI 2018',
  description: 'LHD: among a random sample, evicts the least hit density per byte, learned per class from age histograms of hits and evictions.',
  params: [
    { name: 'samples', kind: 'integer', default: 32, min: 1, max: 1024, description: 'residents sampled per eviction once the model has settled (50 reconfigurations; 8 before), as the authors\' code' },
  ],
  create: (ctx, p: PolicyParams) => new LhdPolicy(ctx, Number(p['samples'] ?? 32)),
};
