import type { Rng } from '../core/rng.js';

/**
 * Zipf popularity: rank k in 1..n is requested with probability
 * k^(-alpha) / H(n, alpha), where H is the generalised harmonic number.
 *
 * Sampling is rejection-inversion (Hörmann & Derflinger 1996, "Rejection-
 * inversion to generate variates from monotone discrete distributions"), in
 * the form Apache Commons RNG's RejectionInversionZipfSampler uses: O(1)
 * memory and O(1) expected time per draw for any n and any alpha > 0, with no
 * CDF table (a table over 10M keys would cost 80 MB and a binary search per draw).
 *
 * The paper's hat integral (x^(1-alpha))/(1-alpha) is undefined at alpha = 1;
 * Commons uses H(x) = (x^(1-alpha) - 1)/(1-alpha), whose limit at alpha = 1 is
 * log(x), and writes it and its inverse with expm1(y)/y and log1p(y)/y so they
 * stay accurate at and near alpha = 1 (with a Taylor series when |y| is tiny).
 */
export class ZipfSampler {
  readonly n: number;
  readonly alpha: number;
  /** H(1.5) - h(1): the bottom of the area; [this, H(1.5)] maps to rank 1. */
  private readonly hIntegralX1: number;
  /** H(n + 0.5): the top of the area. */
  private readonly hIntegralN: number;
  /** Squeeze: a draw within this distance of its rank is accepted without evaluating h. */
  private readonly squeeze: number;

  constructor(n: number, alpha: number) {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`ZipfSampler needs n >= 1, got ${n}`);
    if (!(alpha > 0 && Number.isFinite(alpha))) throw new RangeError(`ZipfSampler needs alpha > 0, got ${alpha}`);
    this.n = n;
    this.alpha = alpha;
    this.hIntegralX1 = hIntegral(1.5, alpha) - 1;
    this.hIntegralN = hIntegral(n + 0.5, alpha);
    this.squeeze = 2 - hIntegralInverse(hIntegral(2.5, alpha) - h(2, alpha), alpha);
  }

  /** A rank in 1..n; rank 1 is the most popular. */
  sample(rng: Rng): number {
    const n = this.n;
    const alpha = this.alpha;
    const top = this.hIntegralN;
    const width = this.hIntegralX1 - top;
    for (;;) {
      // u is uniform in (H(1.5) - 1, H(n + 0.5)]: the area under the hat.
      const u = top + rng.next() * width;
      const x = hIntegralInverse(u, alpha);
      let k = Math.trunc(x + 0.5);
      // Rounding can push x a hair outside [0.5, n + 0.5].
      if (k < 1) k = 1;
      else if (k > n) k = n;
      // Accept if inside the squeeze, or if u lies in the part of k's strip
      // [H(k + 0.5) - h(k), H(k + 0.5)] whose width is exactly P(k) unnormalised.
      if (k - x <= this.squeeze || u >= hIntegral(k + 0.5, alpha) - h(k, alpha)) return k;
    }
  }
}

/** h(x) = x^(-alpha): the unnormalised pmf, extended to real x. */
function h(x: number, alpha: number): number {
  return Math.exp(-alpha * Math.log(x));
}

/** H(x) = (x^(1-alpha) - 1) / (1 - alpha), or log(x) at alpha = 1; H' = h. */
function hIntegral(x: number, alpha: number): number {
  const logX = Math.log(x);
  return expm1OverX((1 - alpha) * logX) * logX;
}

/** H^-1(y) = (1 + y(1 - alpha))^(1/(1-alpha)), or exp(y) at alpha = 1. */
function hIntegralInverse(y: number, alpha: number): number {
  let t = y * (1 - alpha);
  // Mathematically t >= -1 over the sampled range; rounding can dip below.
  if (t < -1) t = -1;
  return Math.exp(log1pOverX(t) * y);
}

/** Below this, the helpers use a Taylor series (the quotients lose digits near 0). */
const TAYLOR_THRESHOLD = 1e-8;

/** log(1 + x) / x, accurate near 0. */
function log1pOverX(x: number): number {
  if (Math.abs(x) > TAYLOR_THRESHOLD) return Math.log1p(x) / x;
  return 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** (exp(x) - 1) / x, accurate near 0. */
function expm1OverX(x: number): number {
  if (Math.abs(x) > TAYLOR_THRESHOLD) return Math.expm1(x) / x;
  return 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/**
 * The generalised harmonic number H(n, alpha) = sum over k = 1..n of k^(-alpha):
 * the Zipf normalising constant. O(n); summed from the smallest term up so
 * the tail is not lost to rounding.
 */
export function generalizedHarmonic(n: number, alpha: number): number {
  let sum = 0;
  for (let k = n; k >= 1; k--) sum += Math.pow(k, -alpha);
  return sum;
}

/** The exact probability of rank k among n ranks. Pass `harmonic` when calling in a loop. */
export function zipfPmf(k: number, n: number, alpha: number, harmonic = generalizedHarmonic(n, alpha)): number {
  if (k < 1 || k > n) return 0;
  return Math.pow(k, -alpha) / harmonic;
}
