import { usageError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { parseBytesLoose, parseSeconds } from '../core/units.js';

/**
 * Value sizes and TTLs as users type them:
 *
 *   1000, 2KB, 0, 5m                fixed (bytes for sizes, seconds for TTLs; TTL 0 = none)
 *   uniform:min=100,max=2KB         uniform between min and max
 *   lognormal:median=1KB,sigma=1    log-normal: median·e^(sigma·Z), Z standard normal
 *   exp:mean=300                    exponential with that mean
 *
 * Sizes are whole bytes, at least 1 (a trace's size column is Uint32). TTLs
 * are seconds; a random TTL is never exactly 0, since 0 means "no TTL".
 */
export type DistributionKind = 'fixed' | 'uniform' | 'lognormal' | 'exp';

/** What a distribution draws: value sizes in bytes, or TTLs in seconds. */
export type DistributionUse = 'size' | 'ttl';

export interface ValueDistribution {
  readonly kind: DistributionKind;
  readonly use: DistributionUse;
  /** Canonical text that parses back to the same distribution: "1000", "uniform:min=100,max=2000". */
  readonly text: string;
  /** Expected value of a draw (before sizes are rounded to whole bytes). */
  readonly mean: number;
  /** One draw; stateless apart from the Rng, so replays regenerate the same values. */
  draw(rng: Rng): number;
  /** Fixed values record as numbers, the rest as their text. */
  toJSON(): number | string;
}

/** Largest size the Uint32 size column holds. */
export const MAX_SIZE_BYTES = 0xffffffff;

/** Smallest random TTL: keeps a draw of exactly 0 from meaning "no TTL". */
const MIN_RANDOM_TTL = 1e-6;

/** Sizes round to whole bytes in [1, MAX_SIZE_BYTES]; TTLs stay positive. */
function finish(x: number, use: DistributionUse): number {
  if (use === 'size') {
    const r = Math.round(x);
    return r < 1 ? 1 : r > MAX_SIZE_BYTES ? MAX_SIZE_BYTES : r;
  }
  return x < MIN_RANDOM_TTL ? MIN_RANDOM_TTL : x;
}

export class FixedDistribution implements ValueDistribution {
  readonly kind = 'fixed';
  readonly use: DistributionUse;
  readonly value: number;
  readonly text: string;
  readonly mean: number;
  constructor(value: number, use: DistributionUse) {
    this.use = use;
    this.value = value;
    this.text = String(value);
    this.mean = value;
  }
  draw(_rng: Rng): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
}

export class UniformDistribution implements ValueDistribution {
  readonly kind = 'uniform';
  readonly use: DistributionUse;
  readonly min: number;
  readonly max: number;
  readonly text: string;
  readonly mean: number;
  /** Sizes draw whole bytes min..max inclusive, so the span counts both ends. */
  private readonly span: number;
  constructor(min: number, max: number, use: DistributionUse) {
    this.use = use;
    this.min = min;
    this.max = max;
    this.text = `uniform:min=${min},max=${max}`;
    this.mean = (min + max) / 2;
    this.span = use === 'size' ? max - min + 1 : max - min;
  }
  draw(rng: Rng): number {
    const x = this.min + rng.next() * this.span;
    return this.use === 'size' ? Math.floor(x) : finish(x, 'ttl');
  }
  toJSON(): string {
    return this.text;
  }
}

export class LognormalDistribution implements ValueDistribution {
  readonly kind = 'lognormal';
  readonly use: DistributionUse;
  readonly median: number;
  readonly sigma: number;
  readonly text: string;
  readonly mean: number;
  constructor(median: number, sigma: number, use: DistributionUse) {
    this.use = use;
    this.median = median;
    this.sigma = sigma;
    this.text = `lognormal:median=${median},sigma=${sigma}`;
    this.mean = median * Math.exp((sigma * sigma) / 2);
  }
  draw(rng: Rng): number {
    // Box–Muller, using one of the pair: keeping the spare would make the
    // distribution stateful, and a replay would then start mid-pair.
    const z = Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(2 * Math.PI * rng.next());
    return finish(this.median * Math.exp(this.sigma * z), this.use);
  }
  toJSON(): string {
    return this.text;
  }
}

export class ExponentialDistribution implements ValueDistribution {
  readonly kind = 'exp';
  readonly use: DistributionUse;
  readonly mean: number;
  readonly text: string;
  constructor(mean: number, use: DistributionUse) {
    this.use = use;
    this.mean = mean;
    this.text = `exp:mean=${mean}`;
  }
  draw(rng: Rng): number {
    return finish(-this.mean * Math.log(rng.nextOpen()), this.use);
  }
  toJSON(): string {
    return this.text;
  }
}

const FORMS: Record<DistributionUse, string> = {
  size: 'a fixed size (1000, 2KB), uniform:min=100,max=2KB, lognormal:median=1KB,sigma=1 or exp:mean=1KB',
  ttl: 'fixed seconds (300, 5m; 0 = no TTL), uniform:min=60,max=600, exp:mean=300 or lognormal:median=300,sigma=1',
};

const PARAMS: Record<Exclude<DistributionKind, 'fixed'>, readonly string[]> = {
  uniform: ['min', 'max'],
  lognormal: ['median', 'sigma'],
  exp: ['mean'],
};

/** Parse a value-size distribution: bytes, with units allowed (2KB, 1KiB). */
export function parseSizeDistribution(input: string | number): ValueDistribution {
  return parseDistribution(input, 'size');
}

/** Parse a TTL distribution: seconds, with units allowed (5m, 1h); 0 = no TTL. */
export function parseTtlDistribution(input: string | number): ValueDistribution {
  return parseDistribution(input, 'ttl');
}

export function parseDistribution(input: string | number, use: DistributionUse): ValueDistribution {
  const label = `${use} "${input}"`;
  if (typeof input === 'number' || !input.includes(':')) {
    if (typeof input === 'string' && input.trim() === '') throw usageError(`${use} is empty: use ${FORMS[use]}`);
    const v = amount(input, use, use);
    if (use === 'size' && v < 1) throw usageError(`${label} must be at least 1 byte`);
    return new FixedDistribution(v, use);
  }

  const colon = input.indexOf(':');
  const kind = input.slice(0, colon).trim().toLowerCase();
  if (!(kind in PARAMS)) throw usageError(`${label} is not a distribution: use ${FORMS[use]}`);
  const names = PARAMS[kind as keyof typeof PARAMS];

  const params = new Map<string, string>();
  for (const part of input.slice(colon + 1).split(',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (eq < 0 || name === '') throw usageError(`${label}: write parameters as name=value separated by commas, e.g. ${kind}:${names.map((n) => `${n}=…`).join(',')}`);
    if (!names.includes(name)) throw usageError(`${label}: ${kind} takes ${names.join(' and ')}, not ${name}`);
    if (params.has(name)) throw usageError(`${label}: ${name} is given twice`);
    params.set(name, part.slice(eq + 1).trim());
  }
  const missing = names.filter((n) => !params.has(n));
  if (missing.length > 0) throw usageError(`${label}: ${kind} needs ${names.join(' and ')} (missing ${missing.join(', ')}); accepted forms: ${FORMS[use]}`);

  // sigma is a plain number; every other parameter is in the distribution's unit.
  const get = (name: string): number => amount(params.get(name)!, use, `${use} ${kind} ${name}`);
  switch (kind) {
    case 'uniform': {
      const min = get('min');
      const max = get('max');
      if (use === 'size' && min < 1) throw usageError(`${label}: min must be at least 1 byte`);
      if (max < min) throw usageError(`${label}: max must be at least min`);
      if (use === 'ttl' && max === 0) throw usageError(`${label}: max must be above 0 (for no TTL, use ttl 0)`);
      return new UniformDistribution(min, max, use);
    }
    case 'lognormal': {
      const median = get('median');
      const sigmaText = params.get('sigma')!;
      const sigma = Number(sigmaText);
      if (sigmaText === '' || !Number.isFinite(sigma) || sigma < 0) throw usageError(`${label}: sigma must be a number, 0 or more (e.g. 1)`);
      if (!(median > 0)) throw usageError(`${label}: median must be above 0`);
      return new LognormalDistribution(median, sigma, use);
    }
    default: {
      const mean = get('mean');
      if (!(mean > 0)) throw usageError(`${label}: mean must be above 0`);
      return new ExponentialDistribution(mean, use);
    }
  }
}

/** A size in bytes (bare number or with a unit) or a duration in seconds. */
function amount(input: string | number, use: DistributionUse, what: string): number {
  if (use === 'ttl') return parseSeconds(input, what);
  if (typeof input === 'number') {
    if (!(Number.isInteger(input) && input >= 0)) throw usageError(`${what} must be a whole number of bytes (got ${input})`);
    if (input > MAX_SIZE_BYTES) throw usageError(`${what} must be at most ${MAX_SIZE_BYTES} bytes`);
    return input;
  }
  const v = parseBytesLoose(input, what);
  if (v > MAX_SIZE_BYTES) throw usageError(`${what} "${input}" must be at most 4.29 GB (${MAX_SIZE_BYTES} bytes)`);
  return v;
}
