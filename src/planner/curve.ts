/** Capacity grids and the knee of a miss-ratio curve. */

/**
 * `points` whole capacities from lo to hi, evenly spaced in log(capacity)
 * (both ends included, duplicates after rounding dropped).
 */
export function logGrid(lo: number, hi: number, points: number): number[] {
  const a = Math.max(1, Math.round(lo));
  const b = Math.max(a, Math.round(hi));
  if (points <= 1 || a === b) return [b];
  const out: number[] = [];
  for (let i = 0; i < points; i++) {
    const c = Math.round(a * Math.pow(b / a, i / (points - 1)));
    if (out.length === 0 || c > out[out.length - 1]!) out.push(c);
  }
  return out;
}

/** `points` whole capacities strictly between lo and hi, then hi; evenly spaced. */
export function linearGrid(lo: number, hi: number, points: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= points; i++) {
    const c = Math.round(lo + ((hi - lo) * i) / points);
    if (c > lo && (out.length === 0 || c > out[out.length - 1]!)) out.push(c);
  }
  if (out.length === 0 || out[out.length - 1] !== hi) out.push(hi);
  return out;
}

/**
 * The knee: the point farthest below the straight line from the first point
 * to the last, both axes scaled to [0, 1] (the idea of Kneedle, Satopää et
 * al., ICDCS workshops 2011, for a falling convex curve). Capacity is taken
 * on a linear scale, the one memory is paid in: past the knee, each extra
 * gigabyte buys less than the average one. (On a log scale a Zipf curve is
 * nearly straight and has no knee to speak of.) Undefined when the curve is
 * too short or no point lies at least 2% of the curve's height below that line.
 */
export function kneeIndex(capacities: readonly number[], missRatios: readonly number[]): number | undefined {
  const n = capacities.length;
  if (n < 3) return undefined;
  const x0 = capacities[0]!;
  const x1 = capacities[n - 1]!;
  const y0 = missRatios[0]!;
  const y1 = missRatios[n - 1]!;
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of missRatios) {
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  if (!(x1 > x0) || !(hi > lo)) return undefined;
  let best = -1;
  let bestGap = 0.02;
  for (let i = 1; i < n - 1; i++) {
    const t = (capacities[i]! - x0) / (x1 - x0);
    const chord = y0 + t * (y1 - y0);
    const gap = (chord - missRatios[i]!) / (hi - lo);
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best >= 0 ? best : undefined;
}
