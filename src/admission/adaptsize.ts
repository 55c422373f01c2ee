import { Rng } from '../core/rng.js';
import { growFloat64, growInt32 } from '../core/typed-arrays.js';
import type { Admission, AdmissionContext } from './admission.js';

/**
 * AdaptSize (Berger, Sitaraman and Harchol-Balter, NSDI 2017): admit a
 * missed object of s bytes with probability e^(−s/c), and re-tune c every
 * `interval` requests to the value a Markov model of the cache predicts
 * gives the highest object hit ratio.
 *
 * The model, as the paper's: object i, requested at rate r_i, with cost
 * w_i in the store's unit and admission chance a_i = e^(−s_i/c), is in an
 * LRU-like cache of characteristic time μ with probability
 * h_i = a_i(e^(r_i μ) − 1) / (1 + a_i(e^(r_i μ) − 1)); μ is the value at
 * which Σ w_i h_i fills the capacity (found by bisection), and c is chosen
 * among powers of two (from 1 byte to twice the largest object) by the
 * predicted hit ratio Σ r_i h_i / Σ r_i. Rates are requests per interval,
 * smoothed across intervals (0.3 × the old rate + 0.7 × the new count, so
 * a key unseen for long is forgotten), and μ is capped at 4 intervals (our
 * choice: the rates say nothing about longer times). Until the first
 * interval ends every object is admitted.
 */
export class AdaptSize implements Admission {
  /** The current size scale c, bytes (Infinity: admit all). */
  c = Infinity;
  private readonly rng: Rng;
  private count = new Float64Array(0);
  private rate = new Float64Array(0);
  private size = new Float64Array(0);
  private cost = new Float64Array(0);
  /** Ids with a count or a rate, and each id's place there (-1: none). */
  private tracked = new Int32Array(16);
  private trackedCount = 0;
  private slot = new Int32Array(0);
  private requests = 0;

  constructor(private readonly ctx: AdmissionContext, private readonly interval = 250_000) {
    this.rng = new Rng(ctx.seed, 'adaptsize');
  }

  grow(n: number): void {
    this.count = growFloat64(this.count, n);
    this.rate = growFloat64(this.rate, n);
    this.size = growFloat64(this.size, n);
    this.cost = growFloat64(this.cost, n);
    this.slot = growInt32(this.slot, n);
  }

  admit(id: number, size: number, cost: number): boolean {
    this.record(id, size, cost);
    if (this.c === Infinity) return true;
    return this.rng.next() < Math.exp(-size / this.c);
  }

  onHit(id: number, size: number): void {
    // A hit's cost is the one recorded at its miss.
    this.record(id, size, -1);
  }

  private record(id: number, bytes: number, cost: number): void {
    if (this.slot[id]! < 0) {
      if (this.trackedCount === this.tracked.length) {
        const t = new Int32Array(this.tracked.length * 2);
        t.set(this.tracked);
        this.tracked = t;
      }
      this.slot[id] = this.trackedCount;
      this.tracked[this.trackedCount++] = id;
    }
    this.count[id]!++;
    // Bytes for the admission chance; the cost (bytes, or 1 per object) for the capacity.
    this.size[id] = bytes;
    if (cost >= 0) this.cost[id] = cost;
    if (++this.requests % this.interval === 0) this.tune();
  }

  /** Fold this interval's counts into the rates and pick the best c. */
  tune(): void {
    const ids: number[] = [];
    for (let i = 0; i < this.trackedCount; ) {
      const id = this.tracked[i]!;
      const r = 0.3 * this.rate[id]! + 0.7 * this.count[id]!;
      this.count[id] = 0;
      this.rate[id] = r;
      if (r < 0.01) {
        // Forgotten: swap-remove.
        const last = this.tracked[--this.trackedCount]!;
        this.tracked[i] = last;
        this.slot[last] = i;
        this.slot[id] = -1;
        this.rate[id] = 0;
        continue;
      }
      ids.push(id);
      i++;
    }
    const n = ids.length;
    if (n === 0) return;
    const r = new Float64Array(n);
    const s = new Float64Array(n);
    const w = new Float64Array(n);
    let total = 0;
    let maxSize = 1;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      r[i] = this.rate[id]!;
      s[i] = this.size[id]!;
      w[i] = this.cost[id]!;
      total += w[i]!;
      if (s[i]! > maxSize) maxSize = s[i]!;
    }
    // Everything fits: admit everything.
    if (total <= this.ctx.capacity) {
      this.c = Infinity;
      return;
    }
    let best = -1;
    let bestC = Infinity;
    for (let k = 0; 2 ** k <= 2 * maxSize; k++) {
      const c = 2 ** k;
      const ohr = predictedHitRatio(r, s, w, c, this.ctx.capacity);
      if (ohr > best) {
        best = ohr;
        bestC = c;
      }
    }
    this.c = bestC;
  }
}

/** The longest characteristic time the model may assume, in intervals. */
const HORIZON = 4;

/** log(e^x − 1), without overflow for large x. */
function logExpm1(x: number): number {
  return x > 30 ? x : Math.log(Math.expm1(x));
}

/** The model's object hit ratio at size scale c: μ solved by bisection on the capacity. */
export function predictedHitRatio(r: Float64Array, s: Float64Array, w: Float64Array, c: number, capacity: number): number {
  const n = r.length;
  const filled = (mu: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += w[i]! * inCache(r[i]!, s[i]!, c, mu);
    return sum;
  };
  // Bisection on log μ: Σ w_i h_i(μ) grows with μ. μ is capped at HORIZON intervals: rates come
  // from a few intervals, and without a cap a c that admits almost nothing would look ideal (given
  // unbounded time, every object would get in once and stay).
  let lo = -30;
  let hi = Math.log(HORIZON);
  if (filled(Math.exp(hi)) <= capacity) lo = hi;
  else {
    for (let it = 0; it < 40; it++) {
      const mid = (lo + hi) / 2;
      if (filled(Math.exp(mid)) > capacity) hi = mid;
      else lo = mid;
    }
  }
  const mu = Math.exp(lo);
  let hits = 0;
  let reqs = 0;
  for (let i = 0; i < n; i++) {
    hits += r[i]! * inCache(r[i]!, s[i]!, c, mu);
    reqs += r[i]!;
  }
  return hits / reqs;
}

/** h = aE / (1 + aE), E = e^(rμ) − 1, a = e^(−s/c); in logs so that neither overflows. */
function inCache(rate: number, size: number, c: number, mu: number): number {
  const logAE = -size / c + logExpm1(rate * mu);
  return 1 / (1 + Math.exp(-logAE));
}
