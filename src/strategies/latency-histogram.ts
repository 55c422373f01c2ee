/** Smallest latency told apart, and the bucket width: each bucket spans a factor of 1 + 1/512 (0.2%). */
const FLOOR = 1e-7;
const PER_LN = 1 / Math.log1p(1 / 512);
/** Buckets up to 10⁵ s. */
const BUCKETS = Math.ceil(Math.log(1e5 / FLOOR) * PER_LN) + 2;

/**
 * Read latencies, for percentiles without keeping every sample: logarithmic
 * buckets 0.2% wide, each remembering the smallest latency that fell in it.
 * A percentile is the nearest-rank one (the ⌈p·n⌉-th smallest latency),
 * reported as the smallest latency in its bucket: exact when the bucket
 * holds one distinct value (every hit costs the same), otherwise low by at
 * most 0.2%.
 */
export class LatencyHistogram {
  count = 0;
  private readonly counts = new Float64Array(BUCKETS);
  private readonly mins = new Float64Array(BUCKETS).fill(Infinity);

  record(seconds: number): void {
    const b = seconds <= FLOOR ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(seconds / FLOOR) * PER_LN));
    this.counts[b]++;
    if (seconds < this.mins[b]!) this.mins[b] = seconds;
    this.count++;
  }

  /** The p-quantile (0 < p ≤ 1) in seconds; NaN without samples. */
  quantile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return this.mins[b]!;
    }
    return NaN;
  }
}
