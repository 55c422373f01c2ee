/**
 * A popularity model under the independent reference model (IRM): each
 * request goes to key i with a fixed probability p_i. The analytic hit-ratio
 * models (che.ts) only ever sum a function of p_i over the keys, so keys with
 * (almost) the same probability are stored once, as a group with a count:
 * uniform popularity is one group, and Zipf keeps its first ranks one by one
 * and merges the long tail into narrow bins. That keeps a model over a
 * billion keys to about a million terms.
 */
export interface Popularity {
  /** What the model is, as the user typed it: "zipf(alpha=0.99)", "uniform". */
  readonly name: string;
  /** Distinct keys in the model. */
  readonly keys: number;
  /** Probability of each key in group g, most popular group first. */
  readonly p: Float64Array;
  /** Keys in group g (a whole number). */
  readonly count: Float64Array;
}

/** Every key equally likely: the world the working-set formula assumes. */
export function uniformPopularity(keys: number): Popularity {
  checkKeys(keys);
  return { name: 'uniform', keys, p: Float64Array.of(1 / keys), count: Float64Array.of(keys) };
}

/** Ranks kept one by one; beyond this the tail is binned. */
const EXACT_RANKS = 1 << 20;
/** Tail bins span ranks [a, a·(1 + BIN_WIDTH)]: p varies by under 0.01% inside one. */
const BIN_WIDTH = 1e-4;

/**
 * Zipf popularity: rank k of `keys` is requested with probability
 * k^(-alpha) / Σ j^(-alpha). Alpha 0 is uniform. Ranks up to 2^20 are exact;
 * past that each bin of ranks [a, b] carries its exact share of the mass up
 * to the midpoint rule Σ_{k=a..b} k^-α ≈ ∫_{a-½}^{b+½} x^-α dx, whose relative
 * error is below α(α+1)/(24 a²) < 1e-12 there.
 */
export function zipfPopularity(keys: number, alpha: number): Popularity {
  checkKeys(keys);
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new RangeError(`zipf alpha must be 0 or more, got ${alpha}`);
  if (alpha === 0) return { ...uniformPopularity(keys), name: 'zipf(alpha=0)' };
  const exact = Math.min(keys, EXACT_RANKS);
  const ws: number[] = [];
  const ns: number[] = [];
  for (let k = 1; k <= exact; k++) {
    ws.push(Math.pow(k, -alpha));
    ns.push(1);
  }
  let a = exact + 1;
  while (a <= keys) {
    const b = Math.min(keys, Math.max(a, Math.floor(a * (1 + BIN_WIDTH))));
    const n = b - a + 1;
    ws.push(powerIntegral(a - 0.5, b + 0.5, alpha) / n);
    ns.push(n);
    a = b + 1;
  }
  // Normalise, summing from the smallest terms up so the tail is not lost to rounding.
  let total = 0;
  for (let g = ws.length - 1; g >= 0; g--) total += ws[g]! * ns[g]!;
  const p = new Float64Array(ws.length);
  for (let g = 0; g < ws.length; g++) p[g] = ws[g]! / total;
  return { name: `zipf(alpha=${alpha})`, keys, p, count: Float64Array.from(ns) };
}

/** ∫_lo^hi x^-α dx. */
function powerIntegral(lo: number, hi: number, alpha: number): number {
  if (Math.abs(alpha - 1) < 1e-12) return Math.log(hi / lo);
  const e = 1 - alpha;
  return (Math.pow(hi, e) - Math.pow(lo, e)) / e;
}

function checkKeys(keys: number): void {
  if (!(Number.isInteger(keys) && keys >= 1)) throw new RangeError(`a popularity model needs a whole number of keys, 1 or more, got ${keys}`);
}
