import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { parseCapacity } from '../../core/units.js';
import { replay, type RunSpec } from '../../engine/replay.js';
import { expandPolicies, resolveParams } from '../../policies/registry.js';
import { toJson } from '../../report/format.js';
import { runCsv, runTable } from '../../report/run-report.js';
import { openTrace } from '../../trace/open.js';
import { out, paintFor } from '../io.js';
import { collect, oneOf, outputFormat, parsePairs, seedOption, threadsOption, traceOptions, type TraceFlags } from '../options.js';

interface RunFlags extends TraceFlags {
  trace?: string;
  policy: string;
  capacity: string;
  unit: string;
  format?: string;
  seed?: string;
  onWrite: string;
  param?: string[];
  samples?: string;
  lfuLogFactor?: string;
  lfuDecayTime?: string;
  threads: string;
}

export function addTraceFlags(cmd: Command): Command {
  return cmd
    .option('--columns <map>', 'which CSV column holds what, e.g. time=time,key=lbn,size=size (positions for a headerless file: key=2)')
    .option('--header', 'the first row is a header even though --columns gives positions')
    .option('--time-unit <unit>', 'unit of the time column: s, ms or us', 's')
    .option('--trace-format <format>', 'auto (by file name), csv or oracleGeneral', 'auto')
    .option('--skip-bad-rows', 'count and skip malformed rows instead of stopping');
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('replay a trace against eviction policies at one or more capacities')
    .option('-t, --trace <file>', 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input')
    .option('-p, --policy <list>', 'policies, comma separated, or all (see cachesim policies)', 'lru')
    .option('-c, --capacity <list>', 'capacities, comma separated: objects (5000, 10k), bytes (64MB, 2GiB) or a share of the working set (10%)', '10%')
    .option('--unit <unit>', 'what a % capacity counts: objects (unique keys) or bytes (unique bytes)', 'objects')
    .option('--param <k=v>', 'a policy parameter, for every chosen policy that has it (repeatable)', collect)
    .option('--samples <n>', 'Redis policies: keys sampled per eviction (maxmemory-samples, default 5); same as --param samples=N')
    .option('--lfu-log-factor <n>', 'Redis LFU policies: counter growth factor (default 10); same as --param lfu-log-factor=N')
    .option('--lfu-decay-time <min>', 'Redis LFU policies: minutes per counter decay step, 0 = never (default 1); same as --param lfu-decay-time=N')
    .option('--on-write <mode>', 'what a write does to the cached copy: update (replace it) or invalidate (drop it)', 'update')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .option('--seed <n>', 'seed for randomised policies (default 42)')
    .option('--threads <n>', 'worker threads for the simulations: a number, 0 for none, or auto (by the size of the work)', 'auto');
  addTraceFlags(cmd).action(async (flags: RunFlags) => {
    if (!flags.trace) throw usageError('run needs a trace: --trace FILE (make one with cachesim gen --out FILE)');
    const format = outputFormat(flags.format);
    const unit = oneOf('--unit', flags.unit, ['objects', 'bytes'] as const);
    const onWrite = oneOf('--on-write', flags.onWrite, ['update', 'invalidate'] as const);
    const policies = expandPolicies(flags.policy);
    const given = parsePairs('--param', flags.param);
    if (flags.samples !== undefined) given.samples = flags.samples;
    if (flags.lfuLogFactor !== undefined) given['lfu-log-factor'] = flags.lfuLogFactor;
    if (flags.lfuDecayTime !== undefined) given['lfu-decay-time'] = flags.lfuDecayTime;
    for (const k of Object.keys(given)) {
      if (!policies.some((p) => p.params.some((s) => s.name === k))) {
        throw usageError(`--param ${k}: none of the chosen policies (${policies.map((p) => p.name).join(', ')}) has a parameter "${k}"`);
      }
    }
    const capacities = flags.capacity.split(',').map((c) => c.trim()).filter(Boolean).map((c) => parseCapacity(c, unit));
    if (capacities.length === 0) throw usageError('--capacity is empty: give e.g. 5000, 64MB or 10%');
    const specs: RunSpec[] = [];
    for (const policy of policies) {
      const own = Object.fromEntries(Object.entries(given).filter(([k]) => policy.params.some((s) => s.name === k)));
      const params = resolveParams(policy, own);
      for (const capacity of capacities) specs.push({ policy, params, capacity });
    }
    const source = openTrace(flags.trace, traceOptions(flags));
    const report = await replay(source, specs, { seed: seedOption(flags.seed), onWrite, threads: threadsOption(flags.threads) });
    if (format === 'json') out(toJson(report));
    else if (format === 'csv') out(runCsv(report));
    else out(runTable(report, await paintFor(process.stdout)));
  });
}
