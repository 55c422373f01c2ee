/**
 * A histogram over positive values (stack distances in objects or bytes)
 * with a fixed number of bins per doubling: its memory is fixed (about
 * 13,600 bins for values up to 2^53, 218 KB with its byte weights), whatever
 * the trace. Bin i holds the values in (2^((i−1)/256), 2^(i/256)] (bin 0:
 * up to 1), so a bin spans 0.27% of its values; a query at capacity C counts
 * the bins ending at or below C in full and the bin holding C in proportion
 * (linear in log2 v).
 */
export const BINS_PER_DOUBLING = 256;
const BINS = 53 * BINS_PER_DOUBLING + 1;

export class LogHistogram {
  /** Weighted count, and weighted bytes, per bin. */
  private readonly counts = new Float64Array(BINS);
  private readonly bytes = new Float64Array(BINS);
  private top = 0;

  /** Add weight w (and w·bytes) at value v (values below 1 count as 1). */
  add(v: number, w: number, bytes: number): void {
    const i = v <= 1 ? 0 : Math.min(BINS - 1, Math.ceil(Math.log2(v) * BINS_PER_DOUBLING));
    this.counts[i]! += w;
    this.bytes[i]! += w * bytes;
    if (i > this.top) this.top = i;
  }

  /** Weighted count and bytes of the values at most `c`. */
  atMost(c: number): { count: number; bytes: number } {
    if (c < 1) return { count: 0, bytes: 0 };
    const x = Math.log2(c) * BINS_PER_DOUBLING;
    const full = Math.floor(x);
    let count = 0;
    let bytes = 0;
    const end = Math.min(full, this.top);
    for (let i = 0; i <= end; i++) {
      count += this.counts[i]!;
      bytes += this.bytes[i]!;
    }
    const partial = full + 1;
    if (partial <= this.top) {
      const part = x - full;
      count += this.counts[partial]! * part;
      bytes += this.bytes[partial]! * part;
    }
    return { count, bytes };
  }

  /** The smallest value c with atMost(c) ≥ count (interpolated inside its bin), or undefined. */
  smallestReaching(count: number): number | undefined {
    let sum = 0;
    for (let i = 0; i <= this.top; i++) {
      const here = this.counts[i]!;
      if (here > 0 && sum + here >= count) {
        if (i === 0) return 1;
        const part = Math.max(0, Math.min(1, (count - sum) / here));
        return Math.pow(2, (i - 1 + part) / BINS_PER_DOUBLING);
      }
      sum += here;
    }
    return undefined;
  }
}
