import type { OptionSpec } from '../core/option-spec.js';
import { DEFAULT_SEED } from '../core/rng.js';
import { usageError } from '../core/errors.js';
import { oneOf, seedOption } from '../core/options.js';
import { parseBytesLoose, parseCount } from '../core/units.js';
import { findPolicy, resolveParams } from '../policies/registry.js';
import type { TraceSource } from '../trace/types.js';
import { ENGINES } from './memory.js';
import { paramPairs, samplingOption } from './mrc-options.js';
import type { PopularityModel, SizeReport, SizeRequest } from './size.js';
import { openSource, type SourceOptions } from './source.js';
import type { TraceSizeOptions } from './trace-size.js';

type Value = string | number;

/**
 * Everything `cachesim size` accepts, named as its flags are (camelCased:
 * --item-size is itemSize), as `RunOptions` is for `run`. Scenario files use
 * the same names. Values may be strings (as flags give them) or numbers (as
 * JSON holds them). Absent fields take the flags' defaults.
 */
export interface SizeOptions extends SourceOptions {
  hit?: Value;
  items?: Value;
  itemSize?: Value;
  zipf?: Value;
  uniform?: boolean;
  policy?: string;
  /** Policy parameters, with a trace: ["k=v", …] as --param gives them, or { k: v }. */
  param?: string[] | Record<string, Value>;
  sampleRate?: Value;
  sampleSize?: Value;
  onWrite?: string;
  seed?: Value;
  engine?: string;
  keySize?: Value;
  ttl?: boolean;
  growthFactor?: Value;
  fragmentation?: Value;
  replicas?: Value;
  nodeMemory?: Value;
  peakQps?: Value;
  nodeOps?: Value;
}

/** Policies the popularity models answer for. */
export const MODEL_POLICIES = ['lru', 'fifo', 'random', 'lfu'] as const;

/** The checked request, and the trace to size from (read later, by executeSize) when there is one. */
export interface SizePlan {
  request: SizeRequest;
  fromTrace?: { source: TraceSource; options: TraceSizeOptions };
}

/** Check the options and turn them into a sizing request, without reading any trace. */
export async function prepareSize(o: SizeOptions): Promise<SizePlan> {
  if (o.hit === undefined) throw usageError('size needs a target: --hit 0.8 (or 80%)');
  const target = hitOption(String(o.hit));
  const items = o.items !== undefined ? itemsOption(String(o.items)) : undefined;
  const itemSize = o.itemSize !== undefined ? bytesOption('--item-size', String(o.itemSize), 1) : undefined;
  const fromTrace = Boolean(o.trace) || o.workload !== undefined;
  if (o.zipf !== undefined && o.uniform) throw usageError('give --zipf ALPHA or --uniform, not both');
  if (fromTrace && (o.zipf !== undefined || o.uniform)) throw usageError('--trace sizes from the trace itself: drop --zipf/--uniform, or drop --trace');
  let popularity: PopularityModel | undefined;
  if (o.zipf !== undefined) {
    const text = String(o.zipf);
    const a = Number(text);
    if (!(text.trim() !== '' && Number.isFinite(a) && a >= 0 && a <= 10)) throw usageError(`--zipf "${text}" must be a skew from 0 to 10, e.g. 0.99 (0 is uniform)`);
    popularity = { kind: 'zipf', alpha: a };
  } else if (o.uniform) popularity = { kind: 'uniform' };
  if (!fromTrace) {
    if (items === undefined) throw usageError('size needs --items (e.g. 10M) with --item-size, or a --trace');
    if (itemSize === undefined) throw usageError('size needs --item-size (e.g. 2KB) with --items');
  }
  const engine = o.engine !== undefined ? oneOf('--engine', o.engine, ENGINES) : undefined;
  const keySize = bytesOption('--key-size', String(o.keySize ?? '16'), 1);
  const growthFactor = numberOption('--growth-factor', String(o.growthFactor ?? '1.25'), (x) => x > 1 && x <= 4, 'a factor above 1, e.g. 1.25');
  const fragmentation = numberOption('--fragmentation', String(o.fragmentation ?? '1.2'), (x) => x >= 1 && x <= 10, 'a ratio of 1 or more, e.g. 1.2');
  const replicas = numberOption('--replicas', String(o.replicas ?? '0'), (x) => Number.isInteger(x) && x >= 0 && x <= 100, 'a whole number, 0 or more');
  const nodeMemory = o.nodeMemory !== undefined ? bytesOption('--node-memory', String(o.nodeMemory), 1) : undefined;
  const peakQps = o.peakQps !== undefined ? countOption('--peak-qps', String(o.peakQps)) : undefined;
  const nodeOps = countOption('--node-ops', String(o.nodeOps ?? '50000'));
  const policyText = o.policy ?? 'lru';
  const policyName = policyText.trim().toLowerCase();
  const request: SizeRequest = {
    target, items, itemSize, popularity, policy: policyName, engine, keySize, ttl: o.ttl ?? false,
    growthFactor, fragmentation, replicas, nodeMemory, peakQps, nodeOps,
  };
  if (!fromTrace) {
    if (o.param || o.sampleRate !== undefined || o.sampleSize !== undefined) throw usageError('--param, --sample-rate and --sample-size apply with --trace');
    if (!(MODEL_POLICIES as readonly string[]).includes(policyName)) {
      throw usageError(`--policy "${policyText}": the popularity models answer for ${MODEL_POLICIES.join(', ')}; other policies need --trace`);
    }
    return { request };
  }
  if (o.trace === '-') throw usageError('size --trace reads the trace more than once: give a file, not standard input');
  const policy = findPolicy(policyName);
  const params = resolveParams(policy, paramPairs(o.param));
  const writeMode = oneOf('--on-write', o.onWrite ?? 'update', ['update', 'invalidate'] as const);
  const source = await openSource(o);
  request.policy = policy.name;
  return {
    request,
    fromTrace: {
      source,
      options: { policy, params, target, seed: seedOption(o.seed === undefined ? undefined : String(o.seed)), writeMode, sampling: samplingOption(o) },
    },
  };
}

/** Check, size from the trace if there is one, and plan: what `cachesim size` and a scenario's `"command": "size"` do. */
export async function executeSize(o: SizeOptions): Promise<SizeReport> {
  const { request, fromTrace } = await prepareSize(o);
  if (fromTrace) {
    const { sizeFromTrace } = await import('./trace-size.js');
    request.trace = await sizeFromTrace(fromTrace.source, fromTrace.options);
  }
  const { planSize } = await import('./size.js');
  return planSize(request);
}

/** 0.8 or 80%: above 0 and below 1. */
function hitOption(text: string): number {
  const t = text.trim();
  const pct = t.endsWith('%');
  const body = pct ? t.slice(0, -1).trim() : t;
  const n = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(body) ? Number(body) / (pct ? 100 : 1) : NaN;
  if (!(n > 0 && n < 1)) throw usageError(`--hit "${text}" must be a hit ratio above 0 and below 1, e.g. 0.8 or 80%`);
  return n;
}

function itemsOption(text: string): number {
  let n: number;
  try {
    n = parseCount(text, '--items');
  } catch {
    n = NaN;
  }
  if (!(Number.isInteger(n) && n >= 1)) throw usageError(`--items "${text}" must be a whole number of items, 1 or more, e.g. 10M`);
  return n;
}

function bytesOption(flag: string, text: string, min: number): number {
  const n = parseBytesLoose(text, flag);
  if (!(n >= min)) throw usageError(`${flag} "${text}" must be at least ${min} byte${min === 1 ? '' : 's'}`);
  return n;
}

function countOption(flag: string, text: string): number {
  let n: number;
  try {
    n = parseCount(text, flag);
  } catch {
    n = NaN;
  }
  if (!(n > 0 && Number.isFinite(n))) throw usageError(`${flag} "${text}" must be a number above 0, e.g. 50000 or 50k`);
  return n;
}

function numberOption(flag: string, text: string, ok: (x: number) => boolean, what: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || !ok(n)) throw usageError(`${flag} "${text}" must be ${what}`);
  return n;
}

/** `cachesim size`'s options, in the order --help lists them (the trace-reading ones follow, trace/options.ts): its flags and its scenario fields. */
export const SIZE_OPTIONS: readonly OptionSpec[] = [
  { name: 'hit', flag: '--hit <ratio>', help: 'target hit ratio, above 0 and below 1: 0.8 or 80%' },
  { name: 'items', flag: '--items <n>', help: 'distinct items, e.g. 10M (with --trace: defaults to the trace\'s keys)' },
  { name: 'itemSize', flag: '--item-size <bytes>', help: 'value size, e.g. 2KB (KB = 1000 B, KiB = 1024 B; with --trace: defaults to the mean)' },
  { name: 'zipf', flag: '--zipf <alpha>', help: 'popularity: Zipf with this skew, e.g. 0.99 (the YCSB default)' },
  { name: 'uniform', flag: '--uniform', help: 'popularity: every item equally likely (what the working-set rule assumes)' },
  { name: 'trace', flag: '-t, --trace <file>', help: 'size from this trace\'s miss-ratio curve instead of a model' },
  { name: 'policy', flag: '-p, --policy <name>', help: 'the answer the plan uses: lru, fifo, random or lfu with a model; any policy with --trace', default: 'lru' },
  { name: 'param', flag: '--param <k=v>', help: 'a policy parameter, with --trace (repeatable)', repeatable: true },
  { name: 'sampleRate', flag: '--sample-rate <r>', help: 'with --trace: SHARDS sample of this share of keys (estimates, much faster)' },
  { name: 'sampleSize', flag: '--sample-size <n>', help: 'with --trace: SHARDS sample of this many keys' },
  { name: 'onWrite', flag: '--on-write <mode>', help: 'with --trace: what a write does to the cached copy, update or invalidate', default: 'update' },
  { name: 'seed', flag: '--seed <n>', help: `with --trace: seed for sampling and randomised policies (default ${DEFAULT_SEED})` },
  { name: 'engine', flag: '--engine <engine>', help: 'memory as stored by redis or memcached (default: values alone)' },
  { name: 'keySize', flag: '--key-size <bytes>', help: 'key length, for --engine', default: '16' },
  { name: 'ttl', flag: '--ttl', help: 'keys carry a TTL (Redis keeps an expires entry for each)' },
  { name: 'growthFactor', flag: '--growth-factor <f>', help: 'memcached slab growth factor (-f)', default: '1.25' },
  { name: 'fragmentation', flag: '--fragmentation <ratio>', help: 'memory the process really uses over what it allocated (Redis mem_fragmentation_ratio)', default: '1.2' },
  { name: 'replicas', flag: '--replicas <n>', help: 'replicas per shard, besides the primary', default: '0' },
  { name: 'nodeMemory', flag: '--node-memory <bytes>', help: 'memory each node gives the cache (maxmemory or -m), e.g. 16GB' },
  { name: 'peakQps', flag: '--peak-qps <n>', help: 'peak requests per second' },
  { name: 'nodeOps', flag: '--node-ops <n>', help: 'requests per second one node sustains', default: '50000' },
  { name: 'format', flag: '-f, --format <format>', help: 'table, json or csv', default: 'table', output: true },
];
