import seedrandom from 'seedrandom';

/** The seed used when the user gives none; printed with every result that used randomness. */
export const DEFAULT_SEED = 42;

/**
 * A seeded source of uniform numbers. All randomness in cachesim comes from
 * here, so the same seed gives the same output everywhere. Alea is
 * seedrandom's fast generator (hot paths draw one number per request).
 */
export class Rng {
  private readonly gen: () => number;

  constructor(seed: number | string, stream = '') {
    this.gen = seedrandom.alea(`${seed}${stream ? `/${stream}` : ''}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.gen();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.gen() * n);
  }

  /** Uniform in (0, 1]: safe for Math.log. */
  nextOpen(): number {
    return 1 - this.gen();
  }
}
