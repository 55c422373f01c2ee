import { usageError } from '../core/errors.js';
import { DEFAULT_SEED } from '../core/rng.js';
import { parseCount } from '../core/units.js';
import { parseSizeDistribution, parseTtlDistribution, type ValueDistribution } from './distributions.js';
import { parseSeconds } from '../core/units.js';

/**
 * What the synthetic workload generator makes. Field names are the CLI's
 * option names (commander camel-cases --write-ratio to writeRatio) and the
 * names a scenario file records, so `parseGenSpec(JSON.parse(JSON.stringify(spec)))`
 * gives the same spec back.
 */
export type WorkloadDist = 'zipf' | 'uniform' | 'hotkey';

/** The popularity a hot-key workload falls back to outside its hot share. */
export type BaseDist = 'zipf' | 'uniform';

interface CommonSpec {
  /** Distinct keys, numbered 0..keys-1. */
  keys: number;
  requests: number;
  seed: number;
  /** Mean requests per second (Poisson arrivals). */
  rate: number;
  /** Share of requests that are writes (set), and deletes; the rest are reads (get). */
  writeRatio: number;
  deleteRatio: number;
  /** Value size in bytes, drawn per request. */
  size: ValueDistribution;
  /** TTL in seconds, drawn per request; fixed 0 = no TTL. */
  ttl: ValueDistribution;
  /**
   * A scan overlay (present together, exactly when scanKeys is given): from
   * scanStart, and again every scanEvery seconds (absent = one scan), a scan
   * walks scanKeys cold keys in order, each read once; while it runs, each
   * request is the scan's next key with probability scanShare, otherwise
   * ordinary traffic. Scan keys are numbered after the key space (keys,
   * keys + 1, …), fresh for every scan, so no scan read is ever requested
   * again. A scan due while the previous one still runs starts when it ends.
   */
  scanKeys?: number;
  scanStart?: number;
  scanEvery?: number;
  scanShare?: number;
}

export interface ZipfSpec extends CommonSpec {
  dist: 'zipf';
  /** Skew: rank k is requested ∝ k^(-alpha). */
  alpha: number;
}

export interface UniformSpec extends CommonSpec {
  dist: 'uniform';
}

export interface HotkeySpec extends CommonSpec {
  dist: 'hotkey';
  base: BaseDist;
  /** Present exactly when base is zipf. */
  alpha?: number;
  /** How many keys are hot (picked at random from the seed). */
  hotKeys: number;
  /** In a burst, the chance a request goes to a hot key (uniformly among them). */
  hotShare: number;
  /** Seconds from the start of the trace to the first burst. */
  burstStart: number;
  /** Seconds each burst lasts; absent = to the end of the trace. */
  burstDuration?: number;
  /** Seconds from one burst's start to the next; absent = one burst only. */
  burstEvery?: number;
}

export type GenSpec = ZipfSpec | UniformSpec | HotkeySpec;

/** A spec as typed: commander gives strings, a scenario file numbers or strings. */
export type RawGenSpec = { readonly [field: string]: unknown };

/**
 * Defaults, in one place for help text. Sizes default to a fixed 1000 bytes:
 * a round, typical small cache value, and with every value the same size an
 * object capacity and a byte capacity mean the same thing, so results stay
 * easy to compare until the user asks for a size distribution.
 */
export const GEN_DEFAULTS = {
  dist: 'zipf',
  alpha: 1,
  keys: 100_000,
  requests: 1_000_000,
  seed: DEFAULT_SEED,
  rate: 1000,
  writeRatio: 0,
  deleteRatio: 0,
  size: 1000,
  ttl: 0,
  base: 'zipf',
  hotKeys: 1,
  hotShare: 0.5,
  burstStart: 0,
  scanStart: 0,
  scanShare: 0.5,
} as const;

/** Every field a spec may have, in the order specs are recorded. */
export const GEN_SPEC_FIELDS = [
  'dist', 'base', 'alpha', 'keys', 'requests', 'seed', 'rate', 'writeRatio', 'deleteRatio', 'size', 'ttl',
  'hotKeys', 'hotShare', 'burstStart', 'burstDuration', 'burstEvery',
  'scanKeys', 'scanStart', 'scanEvery', 'scanShare',
] as const;

const HOTKEY_FIELDS = ['base', 'hotKeys', 'hotShare', 'burstStart', 'burstDuration', 'burstEvery'] as const;
const SCAN_FIELDS = ['scanStart', 'scanEvery', 'scanShare'] as const;

/** Key ids are Int32. */
const MAX_KEYS = 0x7fffffff;

export interface ParseGenSpecOptions {
  /** Skip fields that are not workload fields (a commander options object holds others). Default: reject them, naming the valid ones. */
  ignoreUnknown?: boolean;
}

/**
 * Check and normalise a workload spec. Absent fields take GEN_DEFAULTS; every
 * bad value throws a usage error (exit 2) naming the field and the fix. A
 * field that cannot apply (alpha with dist uniform, hotShare without hotkey)
 * is an error too, since the user expected it to change something.
 */
export function parseGenSpec(raw: RawGenSpec, options: ParseGenSpecOptions = {}): GenSpec {
  if (!options.ignoreUnknown) {
    for (const field of Object.keys(raw)) {
      if (raw[field] !== undefined && !(GEN_SPEC_FIELDS as readonly string[]).includes(field)) {
        throw usageError(`unknown workload field "${field}": valid fields are ${GEN_SPEC_FIELDS.join(', ')}`);
      }
    }
  }

  const distText = text(raw, 'dist') ?? GEN_DEFAULTS.dist;
  const dist = distText.toLowerCase();
  if (dist !== 'zipf' && dist !== 'uniform' && dist !== 'hotkey') {
    throw usageError(`dist "${distText}" is not a workload: use zipf, uniform or hotkey`);
  }
  if (dist !== 'hotkey') {
    for (const field of HOTKEY_FIELDS) {
      if (given(raw, field)) throw usageError(`${field} applies only to dist hotkey: use dist hotkey, or drop ${field}`);
    }
  }

  let base: BaseDist | undefined;
  if (dist === 'hotkey') {
    const baseText = text(raw, 'base') ?? GEN_DEFAULTS.base;
    const b = baseText.toLowerCase();
    if (b !== 'zipf' && b !== 'uniform') throw usageError(`base "${baseText}" is not a base popularity: use zipf or uniform`);
    base = b;
  }
  const usesZipf = dist === 'zipf' || base === 'zipf';
  if (!usesZipf && given(raw, 'alpha')) {
    throw usageError(`alpha applies only to zipf popularity (dist zipf, or dist hotkey with base zipf): drop alpha or use zipf`);
  }
  const alpha = usesZipf ? alphaOf(raw) : undefined;

  const keys = count(raw, 'keys', GEN_DEFAULTS.keys, 1, MAX_KEYS);
  const requests = count(raw, 'requests', GEN_DEFAULTS.requests, 1, Number.MAX_SAFE_INTEGER);
  const seed = seedOf(raw);
  const rate = rateOf(raw);
  const writeRatio = ratio(raw, 'writeRatio', GEN_DEFAULTS.writeRatio);
  const deleteRatio = ratio(raw, 'deleteRatio', GEN_DEFAULTS.deleteRatio);
  if (writeRatio + deleteRatio > 1 + 1e-12) {
    throw usageError(`writeRatio + deleteRatio must be at most 1 (got ${writeRatio} + ${deleteRatio}): the rest of the requests are reads`);
  }
  const size = parseSizeDistribution(textOrNumber(raw, 'size') ?? GEN_DEFAULTS.size);
  const ttl = parseTtlDistribution(textOrNumber(raw, 'ttl') ?? GEN_DEFAULTS.ttl);

  const scan = scanOf(raw, keys, requests);

  // Fields are set in GEN_SPEC_FIELDS order so recorded JSON is byte-stable (the scan's come last).
  if (dist === 'zipf') return { dist, alpha: alpha!, keys, requests, seed, rate, writeRatio, deleteRatio, size, ttl, ...scan };
  if (dist === 'uniform') return { dist, keys, requests, seed, rate, writeRatio, deleteRatio, size, ttl, ...scan };

  const hotKeys = count(raw, 'hotKeys', GEN_DEFAULTS.hotKeys, 1, MAX_KEYS);
  if (hotKeys > keys) throw usageError(`hotKeys (${hotKeys}) must be at most keys (${keys})`);
  const hotShareRaw = textOrNumber(raw, 'hotShare');
  const hotShare = hotShareRaw === undefined ? GEN_DEFAULTS.hotShare : toNumber(hotShareRaw, 'hotShare', 'a share above 0 and at most 1, e.g. 0.5');
  if (!(hotShare > 0 && hotShare <= 1)) throw usageError(`hotShare must be above 0 and at most 1, e.g. 0.5 (got ${hotShareRaw})`);
  const burstStart = seconds(raw, 'burstStart') ?? GEN_DEFAULTS.burstStart;
  const burstDuration = seconds(raw, 'burstDuration');
  if (burstDuration !== undefined && !(burstDuration > 0)) throw usageError(`burstDuration must be above 0 seconds; leave it out for a burst to the end of the trace`);
  const burstEvery = seconds(raw, 'burstEvery');
  if (burstEvery !== undefined) {
    if (burstDuration === undefined) throw usageError(`burstEvery needs a burstDuration shorter than it (a burst without one lasts to the end of the trace)`);
    if (!(burstEvery > burstDuration)) throw usageError(`burstEvery (${burstEvery}s) must be longer than burstDuration (${burstDuration}s)`);
  }
  const spec: HotkeySpec = { dist, base: base!, keys, requests, seed, rate, writeRatio, deleteRatio, size, ttl, hotKeys, hotShare, burstStart };
  if (alpha !== undefined) spec.alpha = alpha;
  if (burstDuration !== undefined) spec.burstDuration = burstDuration;
  if (burstEvery !== undefined) spec.burstEvery = burstEvery;
  return orderFields({ ...spec, ...scan });
}

/** The scan overlay's fields, all four or none (docs/scenarios.md, README's `cachesim gen`). */
function scanOf(raw: RawGenSpec, keys: number, requests: number): Pick<CommonSpec, 'scanKeys' | 'scanStart' | 'scanEvery' | 'scanShare'> {
  if (!given(raw, 'scanKeys')) {
    for (const field of SCAN_FIELDS) {
      if (given(raw, field)) throw usageError(`${field} applies only to a scan: give scanKeys too (how many cold keys one scan reads), or drop ${field}`);
    }
    return {};
  }
  const scanKeys = count(raw, 'scanKeys', 0, 1, MAX_KEYS);
  const scanStart = seconds(raw, 'scanStart') ?? GEN_DEFAULTS.scanStart;
  const scanEvery = seconds(raw, 'scanEvery');
  if (scanEvery !== undefined && !(scanEvery > 0)) throw usageError('scanEvery must be above 0 seconds; leave it out for one scan only');
  const shareRaw = textOrNumber(raw, 'scanShare');
  const scanShare = shareRaw === undefined ? GEN_DEFAULTS.scanShare : toNumber(shareRaw, 'scanShare', 'a share above 0 and at most 1, e.g. 0.5');
  if (!(scanShare > 0 && scanShare <= 1)) throw usageError(`scanShare must be above 0 and at most 1, e.g. 0.5 (got ${shareRaw})`);
  // Scan keys are numbered from `keys` on: the last one a trace can reach must still be a key id.
  const scanRequests = scanEvery === undefined ? Math.min(scanKeys, requests) : requests;
  if (keys + scanRequests > MAX_KEYS + 1) throw usageError(`keys + the scans' keys must stay under ${MAX_KEYS + 1} (got ${keys} keys and up to ${scanRequests} scan keys): fewer requests, or fewer keys`);
  const out: Pick<CommonSpec, 'scanKeys' | 'scanStart' | 'scanEvery' | 'scanShare'> = { scanKeys, scanStart };
  if (scanEvery !== undefined) out.scanEvery = scanEvery;
  out.scanShare = scanShare;
  return out;
}

/** The spec as a plain object in recording order (what JSON.stringify writes). */
export function genSpecToJSON(spec: GenSpec): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const rec = spec as unknown as Record<string, unknown>;
  for (const field of GEN_SPEC_FIELDS) {
    const v = rec[field];
    if (v === undefined) continue;
    out[field] = typeof v === 'object' && v !== null ? (v as ValueDistribution).toJSON() : (v as number | string);
  }
  return out;
}

/**
 * What the user would recognise, e.g. `zipf(alpha=1, keys=100000, requests=1000000, seed=42)`;
 * rate, ratios, size and ttl are added only when they differ from the defaults.
 */
export function describeGenSpec(spec: GenSpec): string {
  const parts: string[] = [];
  if (spec.dist === 'hotkey') parts.push(`base=${spec.base}`);
  if (spec.dist !== 'uniform' && spec.alpha !== undefined) parts.push(`alpha=${spec.alpha}`);
  parts.push(`keys=${spec.keys}`, `requests=${spec.requests}`, `seed=${spec.seed}`);
  if (spec.dist === 'hotkey') {
    parts.push(`hotKeys=${spec.hotKeys}`, `hotShare=${spec.hotShare}`, `burstStart=${spec.burstStart}`);
    if (spec.burstDuration !== undefined) parts.push(`burstDuration=${spec.burstDuration}`);
    if (spec.burstEvery !== undefined) parts.push(`burstEvery=${spec.burstEvery}`);
  }
  if (spec.scanKeys !== undefined) {
    parts.push(`scanKeys=${spec.scanKeys}`, `scanStart=${spec.scanStart}`);
    if (spec.scanEvery !== undefined) parts.push(`scanEvery=${spec.scanEvery}`);
    parts.push(`scanShare=${spec.scanShare}`);
  }
  if (spec.rate !== GEN_DEFAULTS.rate) parts.push(`rate=${spec.rate}`);
  if (spec.writeRatio !== 0) parts.push(`writeRatio=${spec.writeRatio}`);
  if (spec.deleteRatio !== 0) parts.push(`deleteRatio=${spec.deleteRatio}`);
  if (spec.size.text !== String(GEN_DEFAULTS.size)) parts.push(`size=${spec.size.text}`);
  if (spec.ttl.text !== String(GEN_DEFAULTS.ttl)) parts.push(`ttl=${spec.ttl.text}`);
  return `${spec.dist}(${parts.join(', ')})`;
}

function orderFields<T extends GenSpec>(spec: T): T {
  const rec = spec as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of GEN_SPEC_FIELDS) if (rec[field] !== undefined) out[field] = rec[field];
  return out as unknown as T;
}

// ---- reading one field (internal) ----

function given(raw: RawGenSpec, field: string): boolean {
  return raw[field] !== undefined && raw[field] !== null;
}

/** The field as a string or number, or undefined when absent. */
function textOrNumber(raw: RawGenSpec, field: string): string | number | undefined {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v.trim() === '') throw usageError(`${field} is empty: give it a value or leave it out`);
    return v.trim();
  }
  throw usageError(`${field} needs a value (got ${JSON.stringify(v)})`);
}

function text(raw: RawGenSpec, field: string): string | undefined {
  const v = textOrNumber(raw, field);
  return v === undefined ? undefined : String(v);
}

function toNumber(v: string | number, field: string, what: string): number {
  const n = typeof v === 'number' ? v : /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?$/i.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw usageError(`${field} "${v}" is not a number: use ${what}`);
  return n;
}

function alphaOf(raw: RawGenSpec): number {
  const v = textOrNumber(raw, 'alpha');
  if (v === undefined) return GEN_DEFAULTS.alpha;
  const n = toNumber(v, 'alpha', 'a skew above 0, e.g. 0.8, 1 or 1.2');
  if (!(n > 0)) throw usageError(`alpha must be above 0, e.g. 0.8, 1 or 1.2 (got ${v})`);
  return n;
}

/** A whole number in [min, max]; strings may use k/M/G ("10M"). */
function count(raw: RawGenSpec, field: string, fallback: number, min: number, max: number): number {
  const v = textOrNumber(raw, field);
  if (v === undefined) return fallback;
  const n = typeof v === 'number' ? v : parseCount(v, field);
  if (!(Number.isInteger(n) && n >= min)) throw usageError(`${field} must be a whole number, at least ${min}, e.g. 1000 or 10M (got ${v})`);
  if (n > max) throw usageError(`${field} must be at most ${max} (got ${v})`);
  return n;
}

function seedOf(raw: RawGenSpec): number {
  const v = textOrNumber(raw, 'seed');
  if (v === undefined) return GEN_DEFAULTS.seed;
  const n = typeof v === 'number' ? v : /^[-+]?[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw usageError(`seed "${v}" must be a whole number, e.g. 42`);
  return n;
}

function rateOf(raw: RawGenSpec): number {
  const v = textOrNumber(raw, 'rate');
  if (v === undefined) return GEN_DEFAULTS.rate;
  const n = typeof v === 'number' ? v : parseCount(v, 'rate');
  if (!(n > 0 && Number.isFinite(n))) throw usageError(`rate must be above 0 requests per second, e.g. 1000 or 50k (got ${v})`);
  return n;
}

/** A share in [0, 1]: 0.25, or "25%". */
function ratio(raw: RawGenSpec, field: string, fallback: number): number {
  const v = textOrNumber(raw, field);
  if (v === undefined) return fallback;
  const percent = typeof v === 'string' && v.endsWith('%');
  const n = toNumber(percent ? v.slice(0, -1).trim() : v, field, 'a share between 0 and 1, e.g. 0.1 or 10%') / (percent ? 100 : 1);
  if (!(n >= 0 && n <= 1)) throw usageError(`${field} must be between 0 and 1, e.g. 0.1 or 10% (got ${v})`);
  return n;
}

function seconds(raw: RawGenSpec, field: string): number | undefined {
  const v = textOrNumber(raw, field);
  return v === undefined ? undefined : parseSeconds(v, field);
}
