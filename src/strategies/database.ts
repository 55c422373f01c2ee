import { usageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { growFloat64, growInt32 } from '../core/typed-arrays.js';
import type { DbLatency } from './config.js';

/** z such that P(Z ≤ z) = 0.99 for a standard normal Z. */
const Z99 = 2.3263478740408408;

/** More windows than this is a window far too small for the trace: refuse rather than exhaust memory. */
const MAX_WINDOWS = 2_000_000;

/**
 * Database read latency: fixed, or lognormal with the given median and 99th
 * percentile (μ = ln median, σ = ln(p99 / median) / z₀.₉₉). Normal draws by
 * Box–Muller from the run's seed.
 */
export class LatencyModel {
  private readonly mu: number;
  private readonly sigma: number;
  private readonly fixed: number;
  private spare = NaN;

  constructor(spec: DbLatency, private readonly rng: Rng) {
    if (spec.kind === 'fixed') {
      this.fixed = spec.seconds;
      this.mu = 0;
      this.sigma = 0;
    } else {
      this.fixed = -1;
      this.mu = Math.log(spec.median);
      this.sigma = Math.log(spec.p99 / spec.median) / Z99;
    }
  }

  /** One latency, in seconds. */
  draw(): number {
    if (this.fixed >= 0) return this.fixed;
    let z = this.spare;
    if (Number.isNaN(z)) {
      const r = Math.sqrt(-2 * Math.log(this.rng.nextOpen()));
      const a = 2 * Math.PI * this.rng.next();
      z = r * Math.cos(a);
      this.spare = r * Math.sin(a);
    } else {
      this.spare = NaN;
    }
    return Math.exp(this.mu + this.sigma * z);
  }
}

/**
 * The database behind the cache: one committed version per key (each write
 * that reaches it commits a newer one) and the load on it, counted in
 * windows of `window` seconds from the first request. A read takes the
 * latency model's time and returns the version committed when it starts.
 */
export class Database {
  /** Version committed per key (0 = the value the trace starts with). */
  version = new Int32Array(0);
  reads = 0;
  writes = 0;
  /** Start of window 0: the first request's time (NaN until then). */
  start = NaN;
  windowReads = new Float64Array(0);
  windowWrites = new Float64Array(0);
  /** Windows touched so far. */
  windows = 0;
  readonly latency: LatencyModel;

  constructor(spec: DbLatency, seed: number, readonly window: number) {
    this.latency = new LatencyModel(spec, new Rng(seed, 'db-latency'));
  }

  grow(n: number): void {
    this.version = growInt32(this.version, n, 0);
  }

  /** A read starts at time t: counted in its window. */
  read(t: number): void {
    this.reads++;
    // The window first: windowAt may replace the arrays.
    const w = this.windowAt(t);
    this.windowReads[w]++;
  }

  /** Version `v` of key `id` is written at time t. */
  commit(id: number, v: number, t: number): void {
    this.version[id] = v;
    this.writes++;
    const w = this.windowAt(t);
    this.windowWrites[w]++;
  }

  private windowAt(t: number): number {
    if (Number.isNaN(this.start)) this.start = t;
    const w = Math.max(0, Math.floor((t - this.start) / this.window));
    if (w >= this.windows) {
      if (w >= MAX_WINDOWS) {
        throw usageError(`the database load would need more than ${MAX_WINDOWS.toLocaleString('en-US')} windows of ${this.window} s: give a longer --window`);
      }
      this.windows = w + 1;
      if (w >= this.windowReads.length) {
        this.windowReads = growFloat64(this.windowReads, w + 1);
        this.windowWrites = growFloat64(this.windowWrites, w + 1);
      }
    }
    return w;
  }
}
