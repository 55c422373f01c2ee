import { usageError } from '../core/errors.js';
import { flagName, type OptionSpec } from '../core/option-spec.js';
import { parseCount } from '../core/units.js';
import { parseSeconds } from '../core/units.js';
import type { WriteMode } from '../engine/store.js';

/**
 * The settings of one strategy simulation, as plain JSON (they cross to
 * worker threads and are what a scenario records), and the parsing of the
 * run options that make them. Durations are in seconds.
 */

export const STRATEGY_NAMES = ['cache-aside', 'read-through', 'write-through', 'write-behind', 'refresh-ahead'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export const PROTECTION_NAMES = ['none', 'lock', 'coalesce', 'xfetch', 'swr', 'background'] as const;
export type ProtectionName = (typeof PROTECTION_NAMES)[number];

/** Database read latency: fixed, or lognormal fitted to a median and a 99th percentile. */
export type DbLatency =
  | { kind: 'fixed'; seconds: number }
  | { kind: 'lognormal'; median: number; p99: number };

export interface StrategyConfig {
  kind: 'strategy';
  strategy: StrategyName;
  protection: ProtectionName;
  dbLatency: DbLatency;
  /** What an application write does to the cached copy (cache-aside, read-through, refresh-ahead). */
  writeMode: WriteMode;
  /** Write-behind: seconds from the first queued write to its flush, and the queued keys that flush at once. */
  flushInterval: number;
  batchSize: number;
  /** Trace time (seconds) at which the cache crashes and restarts empty; absent = never. */
  crashAt?: number;
  /** Refresh-ahead and background: the share of the TTL after which an entry is reloaded. */
  refreshAhead: number;
  /** XFetch's β. */
  beta: number;
  /** swr: seconds an expired value may still be served while one reload runs. */
  staleWindow: number;
  /** background: refresh only the K most-read keys; absent = every key. */
  refreshTop?: number;
  /** Seconds per database-load window (dbLoad, dbPeakQps). */
  window: number;
  /** Seconds per cache round trip, added to read latencies. */
  cacheLatency: number;
}

export const STRATEGY_DEFAULTS = {
  strategy: 'cache-aside',
  protection: 'none',
  dbLatency: '5ms',
  writeMode: 'invalidate',
  flushInterval: 1,
  batchSize: 100,
  refreshAhead: 0.8,
  beta: 1,
  staleWindow: 10,
  window: 1,
  cacheLatency: 0.0005,
} as const;

/** The run options the strategy simulation reads, named as the flags (camelCase). */
export interface StrategyOptions {
  strategy?: string | string[];
  protect?: string | string[];
  dbLatency?: string | number;
  onWrite?: string;
  flushInterval?: string | number;
  batchSize?: string | number;
  crashAt?: string | number;
  refreshAhead?: string | number;
  beta?: string | number;
  staleWindow?: string | number;
  refreshTop?: string | number;
  window?: string | number;
  cacheLatency?: string | number;
}

/** Does the user ask for the strategy simulation at all? */
export function wantsStrategies(o: StrategyOptions): boolean {
  return STARTERS.some((name) => o[name as keyof StrategyOptions] !== undefined);
}

/** What the "applies only with" rules of the strategy options look at. */
export interface StrategyChoice {
  strategies: readonly StrategyName[];
  protections: readonly ProtectionName[];
}

const secondsText = (s: number): string => (s < 1 ? `${Number((s * 1000).toPrecision(6))}ms` : `${s}s`);
const d = STRATEGY_DEFAULTS;
const uses = (...names: StrategyName[]) => (c: StrategyChoice): boolean => names.some((n) => c.strategies.includes(n));
const guards = (...names: ProtectionName[]) => (c: StrategyChoice): boolean => names.some((n) => c.protections.includes(n));

/**
 * The strategy options (docs/strategies.md): --strategy, --protect or
 * --db-latency make every result a strategy run; the others need one of
 * those, and some only a particular strategy or protection (appliesWith).
 */
export const STRATEGY_OPTIONS: readonly OptionSpec<StrategyChoice>[] = [
  { name: 'strategy', flag: '--strategy <list>', help: `caching strategies over time: ${STRATEGY_NAMES.join(', ')}, a comma list, or all (default ${d.strategy} once any strategy option is given)` },
  { name: 'protect', flag: '--protect <list>', help: `stampede protections: ${PROTECTION_NAMES.join(', ')}, a comma list, or all (default ${d.protection})` },
  { name: 'dbLatency', flag: '--db-latency <latency>', help: `database read latency: fixed (5ms) or lognormal, median=5ms,p99=50ms (default ${d.dbLatency})` },
  { name: 'flushInterval', flag: '--flush-interval <time>', help: `write-behind: a queued write is flushed this long after the first one queued (default ${secondsText(d.flushInterval)})`, appliesWith: { test: uses('write-behind'), needs: '--strategy write-behind' } },
  { name: 'batchSize', flag: '--batch-size <n>', help: `write-behind: flush at once when this many distinct keys are queued (default ${d.batchSize})`, appliesWith: { test: uses('write-behind'), needs: '--strategy write-behind' } },
  { name: 'crashAt', flag: '--crash-at <time>', help: 'the cache crashes and restarts empty this long after the first request; write-behind loses its queue' },
  { name: 'refreshAhead', flag: '--refresh-ahead <share>', help: `refresh-ahead and background: reload once this share of the TTL has passed (default ${d.refreshAhead})`, appliesWith: { test: (c) => uses('refresh-ahead')(c) || guards('background')(c), needs: '--strategy refresh-ahead or --protect background' } },
  { name: 'beta', flag: '--beta <b>', help: `xfetch: β, how early entries are recomputed (default ${d.beta})`, appliesWith: { test: guards('xfetch'), needs: '--protect xfetch' } },
  { name: 'staleWindow', flag: '--stale-window <time>', help: `swr: how long after expiry the old value is still served while it reloads (default ${secondsText(d.staleWindow)})`, appliesWith: { test: guards('swr'), needs: '--protect swr' } },
  { name: 'refreshTop', flag: '--refresh-top <k>', help: 'background: refresh only the K most-read keys (default all keys)', appliesWith: { test: guards('background'), needs: '--protect background' } },
  { name: 'window', flag: '--window <time>', help: `window for database load (dbLoad, dbPeakQps) (default ${secondsText(d.window)})` },
  { name: 'cacheLatency', flag: '--cache-latency <time>', help: `one cache round trip, added to read latencies (default ${secondsText(d.cacheLatency)})` },
];

/** --on-write is a plain run's option too (run/options.ts); with strategies it applies only to these. */
const ON_WRITE_APPLIES = {
  test: uses('cache-aside', 'read-through', 'refresh-ahead'),
  needs: '--strategy cache-aside, read-through or refresh-ahead (write-through always updates the cache, write-behind always writes it first)',
};

/** The options that turn the strategy simulation on. */
const STARTERS = ['strategy', 'protect', 'dbLatency'];

/**
 * One config per strategy × protection (strategies outer), or undefined when
 * no strategy, protection or database latency is asked for: the run is then
 * a plain cache replay and these options must not be given.
 */
export function strategyConfigs(o: StrategyOptions): StrategyConfig[] | undefined {
  const given = (name: string): boolean => o[name as keyof StrategyOptions] !== undefined;
  if (!wantsStrategies(o)) {
    for (const spec of STRATEGY_OPTIONS) {
      // A cluster run has load windows of its own (--nodes with --window).
      if (spec.name === 'window' && (o as { nodes?: unknown }).nodes !== undefined) continue;
      if (given(spec.name)) throw usageError(`${flagName(spec)} applies to the strategy simulation: add --strategy (e.g. cache-aside), --protect or --db-latency`);
    }
    return undefined;
  }
  const choice: StrategyChoice = {
    strategies: names('--strategy', o.strategy, STRATEGY_DEFAULTS.strategy, STRATEGY_NAMES),
    protections: names('--protect', o.protect, STRATEGY_DEFAULTS.protection, PROTECTION_NAMES),
  };
  const rules = [...STRATEGY_OPTIONS.map((spec) => [spec.name, flagName(spec), spec.appliesWith] as const), ['onWrite', '--on-write', ON_WRITE_APPLIES] as const];
  for (const [name, flag, applies] of rules) {
    if (applies && given(name) && !applies.test(choice)) throw usageError(`${flag} applies only with ${applies.needs}`);
  }
  const { strategies, protections } = choice;
  const writeMode: WriteMode = o.onWrite === undefined ? STRATEGY_DEFAULTS.writeMode : o.onWrite === 'update' || o.onWrite === 'invalidate' ? o.onWrite : badOnWrite(o.onWrite);
  const base = {
    dbLatency: parseDbLatency(o.dbLatency ?? STRATEGY_DEFAULTS.dbLatency),
    writeMode,
    flushInterval: positiveSeconds('--flush-interval', o.flushInterval, STRATEGY_DEFAULTS.flushInterval),
    batchSize: wholeNumber('--batch-size', o.batchSize, STRATEGY_DEFAULTS.batchSize),
    ...(o.crashAt !== undefined ? { crashAt: parseSeconds(typeof o.crashAt === 'number' ? o.crashAt : String(o.crashAt), '--crash-at') } : {}),
    refreshAhead: share('--refresh-ahead', o.refreshAhead, STRATEGY_DEFAULTS.refreshAhead),
    beta: positiveNumber('--beta', o.beta, STRATEGY_DEFAULTS.beta),
    staleWindow: positiveSeconds('--stale-window', o.staleWindow, STRATEGY_DEFAULTS.staleWindow),
    ...(o.refreshTop !== undefined ? { refreshTop: wholeNumber('--refresh-top', o.refreshTop, 1) } : {}),
    window: positiveSeconds('--window', o.window, STRATEGY_DEFAULTS.window),
    cacheLatency: seconds('--cache-latency', o.cacheLatency, STRATEGY_DEFAULTS.cacheLatency),
  };
  const out: StrategyConfig[] = [];
  for (const strategy of strategies) {
    for (const protection of protections) out.push({ kind: 'strategy', strategy, protection, ...base });
  }
  return out;
}

/** "5ms", "0.005" (seconds), or "median=5ms,p99=50ms" (lognormal through both). */
export function parseDbLatency(input: string | number): DbLatency {
  if (typeof input === 'number' || !input.includes('=')) {
    const s = seconds('--db-latency', input, 0);
    return { kind: 'fixed', seconds: s };
  }
  const parts: Record<string, string> = {};
  for (const part of input.split(',')) {
    const eq = part.indexOf('=');
    const k = part.slice(0, eq).trim().toLowerCase();
    if (eq <= 0 || (k !== 'median' && k !== 'p99')) {
      throw usageError(`--db-latency "${input}" is not a latency: use a fixed time (5ms) or median=5ms,p99=50ms`);
    }
    parts[k] = part.slice(eq + 1).trim();
  }
  if (parts.median === undefined || parts.p99 === undefined) {
    throw usageError(`--db-latency "${input}" needs both median and p99, e.g. median=5ms,p99=50ms`);
  }
  const median = parseSeconds(parts.median, '--db-latency median');
  const p99 = parseSeconds(parts.p99, '--db-latency p99');
  if (!(median > 0)) throw usageError(`--db-latency median must be above 0 (got ${parts.median})`);
  if (!(p99 >= median)) throw usageError(`--db-latency p99 (${parts.p99}) must be at least the median (${parts.median})`);
  return { kind: 'lognormal', median, p99 };
}

/** The latency in words, for tables: "5 ms" or "median 5 ms, p99 50 ms". */
export function describeDbLatency(l: DbLatency): string {
  const ms = (s: number): string => `${Number((s * 1000).toPrecision(6))} ms`;
  return l.kind === 'fixed' ? ms(l.seconds) : `median ${ms(l.median)}, p99 ${ms(l.p99)}`;
}

function badOnWrite(v: string): never {
  throw usageError(`--on-write "${v}" is not one of update, invalidate`);
}

function names<T extends string>(flag: string, value: string | string[] | undefined, fallback: T, all: readonly T[]): T[] {
  const items = (value === undefined ? [fallback] : Array.isArray(value) ? value : String(value).split(','))
    .map((s) => String(s).trim())
    .filter(Boolean);
  if (items.length === 0) throw usageError(`${flag} is empty: give one of ${all.join(', ')}, a comma list, or all`);
  const out: T[] = [];
  for (const item of items) {
    const picked = item === 'all' ? all : [item as T];
    for (const p of picked) {
      if (!all.includes(p)) throw usageError(`${flag} "${item}" is not one of ${all.join(', ')} (or all)`);
      if (!out.includes(p)) out.push(p);
    }
  }
  return out;
}

function seconds(flag: string, v: string | number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  return parseSeconds(typeof v === 'number' ? v : String(v), flag);
}

function positiveSeconds(flag: string, v: string | number | undefined, fallback: number): number {
  const s = seconds(flag, v, fallback);
  if (!(s > 0)) throw usageError(`${flag} must be above 0 seconds (got ${v})`);
  return s;
}

function number(flag: string, v: string | number, what: string): number {
  const n = typeof v === 'number' ? v : /^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?\s*$/i.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw usageError(`${flag} "${v}" is not a number: use ${what}`);
  return n;
}

function positiveNumber(flag: string, v: string | number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = number(flag, v, 'a number above 0, e.g. 1');
  if (!(n > 0)) throw usageError(`${flag} must be above 0 (got ${v})`);
  return n;
}

function share(flag: string, v: string | number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = number(flag, v, 'a share of the TTL above 0 and below 1, e.g. 0.8');
  if (!(n > 0 && n < 1)) throw usageError(`${flag} must be above 0 and below 1, e.g. 0.8 (got ${v})`);
  return n;
}

function wholeNumber(flag: string, v: string | number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = typeof v === 'number' ? v : parseCount(String(v), flag);
  if (!(Number.isInteger(n) && n >= 1)) throw usageError(`${flag} must be a whole number, at least 1 (got ${v})`);
  return n;
}
