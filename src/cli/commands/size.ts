import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { parseBytesLoose, parseCount } from '../../core/units.js';
import type { PopularityModel, SizeRequest } from '../../planner/size.js';
import { findPolicy, resolveParams } from '../../policies/registry.js';
import { toJson } from '../../report/format.js';
import { openTrace } from '../../trace/open.js';
import { out, paintFor } from '../io.js';
import { collect, oneOf, parsePairs, seedOption, traceOptions, type TraceFlags } from '../options.js';
import { samplingOption } from './mrc.js';
import { addTraceFlags } from './run.js';

interface SizeFlags extends TraceFlags {
  hit?: string;
  items?: string;
  itemSize?: string;
  zipf?: string;
  uniform?: boolean;
  trace?: string;
  policy: string;
  param?: string[];
  sampleRate?: string;
  sampleSize?: string;
  onWrite: string;
  seed?: string;
  engine?: string;
  keySize: string;
  ttl?: boolean;
  growthFactor?: string;
  fragmentation: string;
  replicas: string;
  nodeMemory?: string;
  peakQps?: string;
  nodeOps: string;
  format: string;
}

/** Policies the popularity models answer for. */
const MODEL_POLICIES = ['lru', 'fifo', 'random', 'lfu'] as const;

export function registerSize(program: Command): void {
  const cmd = program
    .command('size')
    .description('from a target hit ratio to items, memory and nodes: the working-set rule beside workload-aware answers')
    .option('--hit <ratio>', 'target hit ratio, above 0 and below 1: 0.8 or 80%')
    .option('--items <n>', 'distinct items, e.g. 10M (with --trace: defaults to the trace\'s keys)')
    .option('--item-size <bytes>', 'value size, e.g. 2KB (KB = 1000 B, KiB = 1024 B; with --trace: defaults to the mean)')
    .option('--zipf <alpha>', 'popularity: Zipf with this skew, e.g. 0.99 (the YCSB default)')
    .option('--uniform', 'popularity: every item equally likely (what the working-set rule assumes)')
    .option('-t, --trace <file>', 'size from this trace\'s miss-ratio curve instead of a model')
    .option('-p, --policy <name>', 'the answer the plan uses: lru, fifo, random or lfu with a model; any policy with --trace', 'lru')
    .option('--param <k=v>', 'a policy parameter, with --trace (repeatable)', collect)
    .option('--sample-rate <r>', 'with --trace: SHARDS sample of this share of keys (estimates, much faster)')
    .option('--sample-size <n>', 'with --trace: SHARDS sample of this many keys')
    .option('--on-write <mode>', 'with --trace: what a write does to the cached copy, update or invalidate', 'update')
    .option('--seed <n>', 'with --trace: seed for sampling and randomised policies (default 42)')
    .option('--engine <engine>', 'memory as stored by redis or memcached (default: values alone)')
    .option('--key-size <bytes>', 'key length, for --engine', '16')
    .option('--ttl', 'keys carry a TTL (Redis keeps an expires entry for each)')
    .option('--growth-factor <f>', 'memcached slab growth factor (-f)', '1.25')
    .option('--fragmentation <ratio>', 'memory the process really uses over what it allocated (Redis mem_fragmentation_ratio)', '1.2')
    .option('--replicas <n>', 'replicas per shard, besides the primary', '0')
    .option('--node-memory <bytes>', 'memory each node gives the cache (maxmemory or -m), e.g. 16GB')
    .option('--peak-qps <n>', 'peak requests per second')
    .option('--node-ops <n>', 'requests per second one node sustains', '50000')
    .option('-f, --format <format>', 'table or json', 'table');
  addTraceFlags(cmd).action(async (flags: SizeFlags) => {
    const format = oneOf('--format', flags.format, ['table', 'json'] as const);
    if (flags.hit === undefined) throw usageError('size needs a target: --hit 0.8 (or 80%)');
    const target = hitOption(flags.hit);
    const items = flags.items !== undefined ? itemsOption(flags.items) : undefined;
    const itemSize = flags.itemSize !== undefined ? bytesOption('--item-size', flags.itemSize, 1) : undefined;
    if (flags.zipf !== undefined && flags.uniform) throw usageError('give --zipf ALPHA or --uniform, not both');
    if (flags.trace && (flags.zipf !== undefined || flags.uniform)) throw usageError('--trace sizes from the trace itself: drop --zipf/--uniform, or drop --trace');
    let popularity: PopularityModel | undefined;
    if (flags.zipf !== undefined) {
      const a = Number(flags.zipf);
      if (!(flags.zipf.trim() !== '' && Number.isFinite(a) && a >= 0 && a <= 10)) throw usageError(`--zipf "${flags.zipf}" must be a skew from 0 to 10, e.g. 0.99 (0 is uniform)`);
      popularity = { kind: 'zipf', alpha: a };
    } else if (flags.uniform) popularity = { kind: 'uniform' };
    if (!flags.trace) {
      if (items === undefined) throw usageError('size needs --items (e.g. 10M) with --item-size, or a --trace');
      if (itemSize === undefined) throw usageError('size needs --item-size (e.g. 2KB) with --items');
    }
    const { ENGINES } = await import('../../planner/memory.js');
    const engine = flags.engine !== undefined ? oneOf('--engine', flags.engine, ENGINES) : undefined;
    const keySize = bytesOption('--key-size', flags.keySize, 1);
    const growthFactor = numberOption('--growth-factor', flags.growthFactor ?? '1.25', (x) => x > 1 && x <= 4, 'a factor above 1, e.g. 1.25');
    const fragmentation = numberOption('--fragmentation', flags.fragmentation, (x) => x >= 1 && x <= 10, 'a ratio of 1 or more, e.g. 1.2');
    const replicas = numberOption('--replicas', flags.replicas, (x) => Number.isInteger(x) && x >= 0 && x <= 100, 'a whole number, 0 or more');
    const nodeMemory = flags.nodeMemory !== undefined ? bytesOption('--node-memory', flags.nodeMemory, 1) : undefined;
    const peakQps = flags.peakQps !== undefined ? countOption('--peak-qps', flags.peakQps) : undefined;
    const nodeOps = countOption('--node-ops', flags.nodeOps);
    let policyName = flags.policy.trim().toLowerCase();
    const request: SizeRequest = {
      target, items, itemSize, popularity, policy: policyName, engine, keySize, ttl: flags.ttl ?? false,
      growthFactor, fragmentation, replicas, nodeMemory, peakQps, nodeOps,
    };
    if (flags.trace) {
      if (flags.trace === '-') throw usageError('size --trace reads the trace more than once: give a file, not standard input');
      const policy = findPolicy(policyName);
      policyName = policy.name;
      const params = resolveParams(policy, parsePairs('--param', flags.param));
      const onWrite = oneOf('--on-write', flags.onWrite, ['update', 'invalidate'] as const);
      const { sizeFromTrace } = await import('../../planner/trace-size.js');
      request.trace = await sizeFromTrace(openTrace(flags.trace, traceOptions(flags)), {
        policy, params, target, seed: seedOption(flags.seed), onWrite, sampling: samplingOption(flags),
      });
      request.policy = policy.name;
    } else {
      if (flags.param || flags.sampleRate !== undefined || flags.sampleSize !== undefined) throw usageError('--param, --sample-rate and --sample-size apply with --trace');
      if (!(MODEL_POLICIES as readonly string[]).includes(policyName)) {
        throw usageError(`--policy "${flags.policy}": the popularity models answer for ${MODEL_POLICIES.join(', ')}; other policies need --trace`);
      }
    }
    const { planSize } = await import('../../planner/size.js');
    const report = planSize(request);
    if (format === 'json') out(toJson(report));
    else {
      const { sizeTable } = await import('../../report/size-report.js');
      out(sizeTable(report, await paintFor(process.stdout)));
    }
  });
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
