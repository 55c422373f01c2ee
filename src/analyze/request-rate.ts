import { usageError } from '../core/errors.js';

/** Windows the automatic width aims to stay under: enough for a chart, small in the JSON. */
export const AUTO_WINDOWS = 200;
/** The narrowest automatic window, 2^-10 s (about a millisecond). */
const MIN_AUTO_WIDTH = 2 ** -10;
/** A fixed --window may not split the trace into more windows than this. */
export const MAX_WINDOWS = 1_000_000;

/**
 * Requests per time window, from the first request's time, in memory that
 * follows the windows, not the requests. With no width given, windows start
 * at 2^-10 s and double (merging neighbours) whenever the trace outgrows
 * AUTO_WINDOWS of them, so the width is the smallest power of two seconds
 * that covers the trace in fewer than AUTO_WINDOWS windows: read in one
 * pass, without knowing the duration up front, and the same for any chunking
 * (dividing by a power of two is exact, so merging pairs equals counting
 * with the doubled width). A request earlier than the first counts in the
 * first window.
 */
export class RequestRate {
  width: number;
  start = NaN;
  used = 0;
  private counts: Float64Array;
  private readonly fixed: boolean;

  constructor(windowSeconds?: number) {
    this.fixed = windowSeconds !== undefined;
    this.width = windowSeconds ?? MIN_AUTO_WIDTH;
    this.counts = new Float64Array(this.fixed ? 1024 : AUTO_WINDOWS);
  }

  add(t: number): void {
    if (Number.isNaN(this.start)) this.start = t;
    let i = Math.floor((t - this.start) / this.width);
    if (i < 0) i = 0;
    if (i >= this.counts.length) i = this.makeRoom(i);
    this.counts[i]!++;
    if (i >= this.used) this.used = i + 1;
  }

  /** Requests in each window, first to last. */
  windows(): number[] {
    return Array.from(this.counts.subarray(0, this.used));
  }

  private makeRoom(i: number): number {
    if (!this.fixed) {
      while (i >= AUTO_WINDOWS) {
        const c = this.counts;
        for (let j = 0; j < AUTO_WINDOWS / 2; j++) c[j] = c[2 * j]! + c[2 * j + 1]!;
        c.fill(0, AUTO_WINDOWS / 2);
        this.used = Math.ceil(this.used / 2);
        this.width *= 2;
        i = Math.floor(i / 2);
      }
      return i;
    }
    if (i >= MAX_WINDOWS) {
      throw usageError(`--window ${this.width}s splits this trace into more than ${MAX_WINDOWS.toLocaleString('en-US')} windows: give a wider window, or leave --window out to have one chosen`);
    }
    let n = this.counts.length * 2;
    while (n <= i) n *= 2;
    const next = new Float64Array(Math.min(n, MAX_WINDOWS));
    next.set(this.counts);
    this.counts = next;
    return i;
  }
}
