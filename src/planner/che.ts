import { uniformPopularity, zipfPopularity, type Popularity } from './popularity.js';

/**
 * Analytic hit ratios under the independent reference model, and their
 * inverses (the smallest cache reaching a target), solved numerically.
 *
 * LRU — Che's approximation (Che, Tung & Wang, IEEE JSAC 2002; Fricker, Robert
 * & Roberts 2012 on why it is so accurate): a key stays in an LRU cache for
 * a "characteristic time" T after its last request, the same T for every key,
 * so key i is cached with probability 1 − e^(−p_i T); T is the root of
 *   Σ_i (1 − e^(−p_i T)) = C,
 * and the hit ratio is Σ_i p_i (1 − e^(−p_i T)).
 *
 * FIFO and random replacement — the same idea with the occupancy of a cache
 * that does not reorder on a hit (Gelenbe 1973; Martina, Garetto & Leonardi,
 * INFOCOM 2014): key i is cached with probability p_i T / (1 + p_i T), T the
 * root of Σ_i p_i T / (1 + p_i T) = C; FIFO and random share the curve.
 *
 * Perfect LFU — the C most popular keys always cached: the hit ratio is the
 * probability mass of the top C keys.
 *
 * Every capacity here counts objects. Under uniform popularity all three
 * give C / N: the working-set formula is the uniform special case.
 */

/** Relative accuracy the solvers stop at. */
const TOLERANCE = 1e-13;
const MAX_ITERATIONS = 10_000;

/**
 * Solve F(T) = target for T ≥ 0, where F is increasing and concave with F(0) = 0
 * (every F below is). Newton's method from T = 0 then climbs monotonically to
 * the root, never overshooting, so no bracketing is needed.
 */
function solveConcave(f: (t: number) => { value: number; slope: number }, target: number): number {
  let t = 0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const { value, slope } = f(t);
    const gap = target - value;
    if (gap <= target * TOLERANCE || slope <= 0) return t;
    const step = gap / slope;
    t += step;
    if (step <= t * TOLERANCE) return t;
  }
  return t;
}

// ---- LRU (Che) and FIFO / random (its FIFO form) ----

/**
 * The one thing the two models differ in: the chance a key requested at rate
 * p is in a cache of characteristic time T, as a function of x = pT, with its
 * derivative. LRU (Che): 1 − e^(−x). FIFO and random: x / (1 + x).
 */
interface KeyOccupancy {
  f(x: number): number;
  df(x: number): number;
}

const LRU: KeyOccupancy = { f: (x) => -Math.expm1(-x), df: (x) => Math.exp(-x) };
const FIFO: KeyOccupancy = { f: (x) => x / (1 + x), df: (x) => 1 / ((1 + x) * (1 + x)) };

/** Expected cached keys Σ n·f(pT) and its derivative in T. */
function occupancy(m: KeyOccupancy, pop: Popularity, t: number): { value: number; slope: number } {
  const { p, count } = pop;
  let value = 0;
  let slope = 0;
  for (let g = p.length - 1; g >= 0; g--) {
    const pg = p[g]!;
    value += count[g]! * m.f(pg * t);
    slope += count[g]! * pg * m.df(pg * t);
  }
  return { value, slope };
}

/** Hit ratio Σ n·p·f(pT) and its derivative in T. */
function hits(m: KeyOccupancy, pop: Popularity, t: number): { value: number; slope: number } {
  const { p, count } = pop;
  let value = 0;
  let slope = 0;
  for (let g = p.length - 1; g >= 0; g--) {
    const pg = p[g]!;
    const w = count[g]! * pg;
    value += w * m.f(pg * t);
    slope += w * pg * m.df(pg * t);
  }
  return { value, slope };
}

function characteristicTime(m: KeyOccupancy, pop: Popularity, capacity: number): number {
  if (capacity >= pop.keys) return Infinity;
  if (capacity <= 0) return 0;
  return solveConcave((t) => occupancy(m, pop, t), capacity);
}

function hitRatioOf(m: KeyOccupancy, pop: Popularity, capacity: number): number {
  if (capacity >= pop.keys) return 1;
  if (capacity <= 0) return 0;
  return hits(m, pop, characteristicTime(m, pop, capacity)).value;
}

/** The cache size (objects, not rounded) at which the model's hit ratio is exactly `target`. */
function capacityExact(m: KeyOccupancy, pop: Popularity, target: number): number {
  checkTarget(target);
  const t = solveConcave((x) => hits(m, pop, x), target);
  return Math.min(pop.keys, occupancy(m, pop, t).value);
}

/** Che's characteristic time for an LRU cache of `capacity` objects (Infinity when everything fits). */
export const lruCharacteristicTime = (pop: Popularity, capacity: number): number => characteristicTime(LRU, pop, capacity);
/** LRU hit ratio by Che's approximation for a cache of `capacity` objects. */
export const lruHitRatioOf = (pop: Popularity, capacity: number): number => hitRatioOf(LRU, pop, capacity);
/** The cache size (objects, not rounded) at which Che's LRU hit ratio is exactly `target`. */
export const lruCapacityExact = (pop: Popularity, target: number): number => capacityExact(LRU, pop, target);
/** The FIFO form's characteristic time. */
export const fifoCharacteristicTime = (pop: Popularity, capacity: number): number => characteristicTime(FIFO, pop, capacity);
/** FIFO (and random replacement) hit ratio for a cache of `capacity` objects. */
export const fifoHitRatioOf = (pop: Popularity, capacity: number): number => hitRatioOf(FIFO, pop, capacity);
/** The cache size (objects, not rounded) at which the FIFO form's hit ratio is exactly `target`. */
export const fifoCapacityExact = (pop: Popularity, target: number): number => capacityExact(FIFO, pop, target);

// ---- perfect LFU ----

/** Probability mass of the `capacity` most popular keys (a partial group counts pro rata). */
export function lfuHitRatioOf(pop: Popularity, capacity: number): number {
  if (capacity >= pop.keys) return 1;
  if (capacity <= 0) return 0;
  const { p, count } = pop;
  let left = capacity;
  let mass = 0;
  for (let g = 0; g < p.length && left > 0; g++) {
    const take = Math.min(left, count[g]!);
    mass += take * p[g]!;
    left -= take;
  }
  return Math.min(1, mass);
}

/** The smallest whole number of top keys whose mass reaches `target`. */
export function lfuCapacityFor(pop: Popularity, target: number): number {
  checkTarget(target);
  const { p, count } = pop;
  let mass = 0;
  let keys = 0;
  // A hair of slack so a target computed from this very model is reached, not missed by rounding.
  const goal = target * (1 - 1e-12);
  for (let g = 0; g < p.length; g++) {
    const groupMass = count[g]! * p[g]!;
    if (mass + groupMass >= goal) return Math.min(pop.keys, keys + Math.max(1, Math.ceil((goal - mass) / p[g]! - 1e-9)));
    mass += groupMass;
    keys += count[g]!;
  }
  return pop.keys;
}

// ---- the answers the planner prints ----

/** The smallest whole cache (objects) whose Che LRU hit ratio reaches `target`. */
export function lruCapacityFor(pop: Popularity, target: number): number {
  return wholeCapacity(lruCapacityExact(pop, target), pop.keys);
}

/** The smallest whole cache (objects) whose FIFO/random hit ratio reaches `target`. */
export function fifoCapacityFor(pop: Popularity, target: number): number {
  return wholeCapacity(fifoCapacityExact(pop, target), pop.keys);
}

function wholeCapacity(c: number, keys: number): number {
  // Rounding noise must not turn an exact 10000 into 10001; an absolute guard,
  // so a true 1,440,031.11 still rounds up to 1,440,032.
  return Math.min(keys, Math.max(1, Math.ceil(c - 1e-6)));
}

function checkTarget(target: number): void {
  if (!(target > 0 && target < 1)) throw new RangeError(`a target hit ratio must be above 0 and below 1, got ${target}`);
}

// ---- convenience over Zipf parameters (alpha 0 = uniform) ----

let memo: { keys: number; alpha: number; pop: Popularity } | undefined;

/** The Zipf model for (alpha, keys), kept for repeated calls with the same pair. */
export function zipfModel(alpha: number, keys: number): Popularity {
  if (memo && memo.keys === keys && memo.alpha === alpha) return memo.pop;
  const pop = alpha === 0 ? uniformPopularity(keys) : zipfPopularity(keys, alpha);
  memo = { keys, alpha, pop };
  return pop;
}

/** Che's LRU hit ratio for Zipf(alpha) over `keys` keys and a cache of `capacity` objects. */
export function cheLruHitRatio(alpha: number, keys: number, capacity: number): number {
  return lruHitRatioOf(zipfModel(alpha, keys), capacity);
}

/** The FIFO/random form of Che's approximation, same arguments. */
export function cheFifoHitRatio(alpha: number, keys: number, capacity: number): number {
  return fifoHitRatioOf(zipfModel(alpha, keys), capacity);
}

/** Perfect LFU (top-`capacity` mass), same arguments. */
export function lfuHitRatio(alpha: number, keys: number, capacity: number): number {
  return lfuHitRatioOf(zipfModel(alpha, keys), capacity);
}

/** Inverse of cheLruHitRatio: the smallest whole capacity reaching `hitRatio`. */
export function cheLruCapacity(alpha: number, keys: number, hitRatio: number): number {
  return lruCapacityFor(zipfModel(alpha, keys), hitRatio);
}

export function cheFifoCapacity(alpha: number, keys: number, hitRatio: number): number {
  return fifoCapacityFor(zipfModel(alpha, keys), hitRatio);
}

export function lfuCapacity(alpha: number, keys: number, hitRatio: number): number {
  return lfuCapacityFor(zipfModel(alpha, keys), hitRatio);
}
