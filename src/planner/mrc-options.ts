import type { OptionSpec } from '../core/option-spec.js';
import { DEFAULT_SEED } from '../core/rng.js';
import { usageError } from '../core/errors.js';
import { oneOf, parsePairs, seedOption } from '../core/options.js';
import { parseCapacity, parseCount } from '../core/units.js';
import { expandPolicies, resolveParams } from '../policies/registry.js';
import type { TraceSource } from '../trace/types.js';
import type { MrcReport, MrcSettings } from './mrc.js';
import type { ShardsSampling } from './shards.js';
import { openSource, type SourceOptions } from './source.js';

type Value = string | number;

/**
 * Everything `cachesim mrc` accepts, named as its flags are (camelCased:
 * --sample-rate is sampleRate), as `RunOptions` is for `run`. Scenario files
 * use the same names. Values may be strings (as flags give them) or numbers
 * and lists (as JSON holds them). Absent fields take the flags' defaults.
 */
export interface MrcOptions extends SourceOptions {
  policy?: string;
  unit?: string;
  points?: Value;
  from?: Value;
  to?: Value;
  /** Exact capacities: "1000,10k" as the flag gives them, or a list. */
  capacities?: Value | Value[];
  sampleRate?: Value;
  sampleSize?: Value;
  seed?: Value;
  onWrite?: string;
  /** Policy parameters: ["k=v", …] as --param gives them, or { k: v }. */
  param?: string[] | Record<string, Value>;
}

/** --sample-rate 0.01 / 1%, or --sample-size 10k: a SHARDS sample, or none. */
export function samplingOption(o: { sampleRate?: Value; sampleSize?: Value }): ShardsSampling | undefined {
  if (o.sampleRate !== undefined && o.sampleSize !== undefined) {
    throw usageError('give --sample-rate or --sample-size, not both: a fixed rate, or a fixed number of sampled keys');
  }
  if (o.sampleRate !== undefined) {
    const text = String(o.sampleRate).trim();
    const pct = /%$/.test(text);
    const n = Number(pct ? text.slice(0, -1) : text) / (pct ? 100 : 1);
    if (!(n > 0 && n <= 1) || text === '') throw usageError(`--sample-rate "${o.sampleRate}" must be a share above 0 and at most 1, e.g. 0.01 or 1%`);
    return { kind: 'rate', rate: n };
  }
  if (o.sampleSize !== undefined) {
    let n: number;
    try {
      n = parseCount(String(o.sampleSize), '--sample-size');
    } catch {
      n = NaN;
    }
    if (!(Number.isInteger(n) && n >= 1)) throw usageError(`--sample-size "${o.sampleSize}" must be a whole number of keys, e.g. 10000 or 64k`);
    return { kind: 'size', maxKeys: n };
  }
  return undefined;
}

/** --param as flags give it (["k=v", …]) or as a scenario writes it ({ k: v }). */
export function paramPairs(param: string[] | Record<string, Value> | undefined): Record<string, string> {
  if (param === undefined || Array.isArray(param)) return parsePairs('--param', param);
  return Object.fromEntries(Object.entries(param).map(([k, v]) => [k, String(v)]));
}

export interface MrcPlan {
  source: TraceSource;
  settings: MrcSettings;
}

/** Check the options and turn them into the trace and the curve's settings, without reading the trace. */
export async function prepareMrc(o: MrcOptions): Promise<MrcPlan> {
  if (!o.trace && o.workload === undefined) throw usageError('mrc needs a trace: --trace FILE (make one with cachesim gen --out FILE)');
  const unit = oneOf('--unit', o.unit ?? 'objects', ['objects', 'bytes'] as const);
  const writeMode = oneOf('--on-write', o.onWrite ?? 'update', ['update', 'invalidate'] as const);
  const policies = expandPolicies(o.policy ?? 'lru');
  if (policies.length !== 1) throw usageError(`mrc draws one policy's curve: give one --policy (got ${policies.map((p) => p.name).join(', ')})`);
  const policy = policies[0]!;
  const params = resolveParams(policy, paramPairs(o.param));
  const pointsText = String(o.points ?? '20');
  const n = Number(pointsText);
  if (!(Number.isInteger(n) && n >= 2 && n <= 1000)) throw usageError(`--points "${pointsText}" must be a whole number from 2 to 1000`);
  const capacityList = o.capacities === undefined ? undefined : Array.isArray(o.capacities) ? o.capacities.map(String) : String(o.capacities).split(',');
  const capacities = capacityList?.map((c) => c.trim()).filter(Boolean).map((c) => parseCapacity(c, unit));
  if (capacities && capacities.length === 0) throw usageError('--capacities is empty: give e.g. 1000,10k,100k or 1%,10%,100%');
  const sampling = samplingOption(o);
  const onePass = policy.name === 'lru' && (sampling !== undefined || unit === 'objects');
  if (o.trace === '-' && !onePass) {
    throw usageError('this curve reads the trace more than once (a byte curve, or a simulated policy): give a file, not standard input');
  }
  const source = await openSource(o);
  return {
    source,
    settings: {
      policy,
      params,
      unit,
      capacities,
      points: n,
      from: parseCapacity(String(o.from ?? '1%'), unit),
      to: parseCapacity(String(o.to ?? '100%'), unit),
      sampling,
      seed: seedOption(o.seed === undefined ? undefined : String(o.seed)),
      writeMode,
    },
  };
}

/** Plan and draw the curve: what `cachesim mrc` and a scenario's `"command": "mrc"` do. */
export async function executeMrc(o: MrcOptions): Promise<MrcReport> {
  const plan = await prepareMrc(o);
  const { buildMrc } = await import('./mrc.js');
  return buildMrc(plan.source, plan.settings);
}

/** `cachesim mrc`'s options, in the order --help lists them (the trace-reading ones follow, trace/options.ts): its flags and its scenario fields. */
export const MRC_OPTIONS: readonly OptionSpec[] = [
  { name: 'trace', flag: '-t, --trace <file>', help: 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input (LRU in objects, or with a sample: curves that take one read)' },
  { name: 'policy', flag: '-p, --policy <name>', help: 'policy (see cachesim policies); lru is exact from stack distances, others are simulated', default: 'lru' },
  { name: 'unit', flag: '--unit <unit>', help: 'capacity in objects or bytes', default: 'objects' },
  { name: 'points', flag: '--points <n>', help: 'capacities on the curve, log-spaced from --from to --to', default: '20' },
  { name: 'from', flag: '--from <capacity>', help: 'smallest capacity: objects (1000), bytes (64MB) or a share of the working set (1%)', default: '1%' },
  { name: 'to', flag: '--to <capacity>', help: 'largest capacity, as --from', default: '100%' },
  { name: 'capacities', flag: '-c, --capacities <list>', help: 'exact capacities instead of --points/--from/--to, comma separated' },
  { name: 'sampleRate', flag: '--sample-rate <r>', help: 'SHARDS: sample this share of keys (0.01 or 1%); other policies: miniature simulation' },
  { name: 'sampleSize', flag: '--sample-size <n>', help: 'SHARDS with a fixed number of sampled keys (bounded memory), e.g. 8192' },
  { name: 'param', flag: '--param <k=v>', help: 'a policy parameter (repeatable)', repeatable: true },
  { name: 'onWrite', flag: '--on-write <mode>', help: 'what a write does to the cached copy: update or invalidate', default: 'update' },
  { name: 'seed', flag: '--seed <n>', help: `seed for sampling and randomised policies (default ${DEFAULT_SEED})` },
  { name: 'format', flag: '-f, --format <format>', help: 'table (chart and points), json or csv', default: 'table', output: true },
];
