import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { parseCapacity, parseCount } from '../../core/units.js';
import type { ShardsSampling } from '../../planner/shards.js';
import { expandPolicies, resolveParams } from '../../policies/registry.js';
import { toJson } from '../../report/format.js';
import { openTrace } from '../../trace/open.js';
import { out, paintFor } from '../io.js';
import { collect, oneOf, outputFormat, parsePairs, seedOption, traceOptions, type TraceFlags } from '../options.js';
import { addTraceFlags } from './run.js';

interface MrcFlags extends TraceFlags {
  trace?: string;
  policy: string;
  unit: string;
  points: string;
  from: string;
  to: string;
  capacities?: string;
  sampleRate?: string;
  sampleSize?: string;
  seed?: string;
  onWrite: string;
  param?: string[];
  format?: string;
}

/** --sample-rate 0.01 / 1%, or --sample-size 10k: a SHARDS sample, or none. */
export function samplingOption(flags: { sampleRate?: string; sampleSize?: string }): ShardsSampling | undefined {
  if (flags.sampleRate !== undefined && flags.sampleSize !== undefined) {
    throw usageError('give --sample-rate or --sample-size, not both: a fixed rate, or a fixed number of sampled keys');
  }
  if (flags.sampleRate !== undefined) {
    const text = flags.sampleRate.trim();
    const pct = /%$/.test(text);
    const n = Number(pct ? text.slice(0, -1) : text) / (pct ? 100 : 1);
    if (!(n > 0 && n <= 1) || text === '') throw usageError(`--sample-rate "${flags.sampleRate}" must be a share above 0 and at most 1, e.g. 0.01 or 1%`);
    return { kind: 'rate', rate: n };
  }
  if (flags.sampleSize !== undefined) {
    let n: number;
    try {
      n = parseCount(flags.sampleSize, '--sample-size');
    } catch {
      n = NaN;
    }
    if (!(Number.isInteger(n) && n >= 1)) throw usageError(`--sample-size "${flags.sampleSize}" must be a whole number of keys, e.g. 10000 or 64k`);
    return { kind: 'size', maxKeys: n };
  }
  return undefined;
}

export function registerMrc(program: Command): void {
  const cmd = program
    .command('mrc')
    .description('miss-ratio curve of a trace: exact LRU in one pass, SHARDS sampling, or any policy simulated at many capacities')
    .option('-t, --trace <file>', 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input (LRU in objects, or with a sample: curves that take one read)')
    .option('-p, --policy <name>', 'policy (see cachesim policies); lru is exact from stack distances, others are simulated', 'lru')
    .option('--unit <unit>', 'capacity in objects or bytes', 'objects')
    .option('--points <n>', 'capacities on the curve, log-spaced from --from to --to', '20')
    .option('--from <capacity>', 'smallest capacity: objects (1000), bytes (64MB) or a share of the working set (1%)', '1%')
    .option('--to <capacity>', 'largest capacity, as --from', '100%')
    .option('-c, --capacities <list>', 'exact capacities instead of --points/--from/--to, comma separated')
    .option('--sample-rate <r>', 'SHARDS: sample this share of keys (0.01 or 1%); other policies: miniature simulation')
    .option('--sample-size <n>', 'SHARDS with a fixed number of sampled keys (bounded memory), e.g. 8192')
    .option('--param <k=v>', 'a policy parameter (repeatable)', collect)
    .option('--on-write <mode>', 'what a write does to the cached copy: update or invalidate', 'update')
    .option('--seed <n>', 'seed for sampling and randomised policies (default 42)')
    .option('-f, --format <format>', 'table (chart and points), json or csv', 'table');
  addTraceFlags(cmd).action(async (flags: MrcFlags) => {
    if (!flags.trace) throw usageError('mrc needs a trace: --trace FILE (make one with cachesim gen --out FILE)');
    const format = outputFormat(flags.format);
    const unit = oneOf('--unit', flags.unit, ['objects', 'bytes'] as const);
    const onWrite = oneOf('--on-write', flags.onWrite, ['update', 'invalidate'] as const);
    const policies = expandPolicies(flags.policy);
    if (policies.length !== 1) throw usageError(`mrc draws one policy's curve: give one --policy (got ${policies.map((p) => p.name).join(', ')})`);
    const policy = policies[0]!;
    const params = resolveParams(policy, parsePairs('--param', flags.param));
    const n = Number(flags.points);
    if (!(Number.isInteger(n) && n >= 2 && n <= 1000)) throw usageError(`--points "${flags.points}" must be a whole number from 2 to 1000`);
    const capacities = flags.capacities?.split(',').map((c) => c.trim()).filter(Boolean).map((c) => parseCapacity(c, unit));
    if (capacities && capacities.length === 0) throw usageError('--capacities is empty: give e.g. 1000,10k,100k or 1%,10%,100%');
    const sampling = samplingOption(flags);
    const onePass = policy.name === 'lru' && (sampling !== undefined || unit === 'objects');
    if (flags.trace === '-' && !onePass) {
      throw usageError('this curve reads the trace more than once (a byte curve, or a simulated policy): give a file, not standard input');
    }
    const { buildMrc } = await import('../../planner/mrc.js');
    const report = await buildMrc(openTrace(flags.trace, traceOptions(flags)), {
      policy,
      params,
      unit,
      capacities,
      points: n,
      from: parseCapacity(flags.from, unit),
      to: parseCapacity(flags.to, unit),
      sampling,
      seed: seedOption(flags.seed),
      onWrite,
    });
    if (format === 'json') out(toJson(report));
    else {
      const { mrcCsv, mrcTable } = await import('../../report/mrc-report.js');
      out(format === 'csv' ? mrcCsv(report) : mrcTable(report, await paintFor(process.stdout)));
    }
  });
}
