/**
 * Counts of non-negative values in power-of-two buckets: bucket k holds the
 * values in [2^k, 2^(k+1)), and values of exactly 0 have a bucket of their
 * own. Fixed memory (one slot per possible double exponent), so a histogram
 * over a trace of any length costs the same.
 */
const OFFSET = 1075; // 2^-1074 is the smallest positive double
const SLOTS = OFFSET + 1025;

/** One bucket as reported: `from ≤ value < to`; the zero bucket is { from: 0, to: 0 }. */
export interface Bucket {
  from: number;
  to: number;
  count: number;
}

/** 2^(i − OFFSET), so the exactness check below is a load, not a Math.pow. */
const POW2 = Float64Array.from({ length: SLOTS + 1 }, (_, i) => 2 ** (i - OFFSET));

/** floor(log2 v) for v > 0, exact at powers of two (Math.log2 may round across one). */
export function log2Floor(v: number): number {
  // Whole numbers below 2^32 (sizes, distances): count the leading zero bits.
  if (v >= 1 && v < 4294967296 && v === Math.floor(v)) return 31 - Math.clz32(v);
  let k = Math.floor(Math.log2(v));
  if (POW2[k + OFFSET]! > v) k--;
  else if (POW2[k + 1 + OFFSET]! <= v) k++;
  return k;
}

export class Log2Buckets {
  zeros = 0;
  total = 0;
  private readonly counts = new Float64Array(SLOTS);
  private lo = SLOTS;
  private hi = -1;

  add(v: number, w = 1): void {
    this.total += w;
    if (v <= 0) {
      this.zeros += w;
      return;
    }
    const i = log2Floor(v) + OFFSET;
    this.counts[i]! += w;
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
  }

  /**
   * The buckets from the zero bucket (when any value was 0) through the
   * lowest to the highest non-empty one, empty ones between included so a
   * chart's x axis stays even.
   */
  buckets(): Bucket[] {
    const out: Bucket[] = [];
    if (this.zeros > 0) out.push({ from: 0, to: 0, count: this.zeros });
    for (let i = this.lo; i <= this.hi; i++) {
      const k = i - OFFSET;
      out.push({ from: 2 ** k, to: 2 ** (k + 1), count: this.counts[i]! });
    }
    return out;
  }
}
