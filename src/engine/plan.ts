import { usageError } from '../core/errors.js';
import { oneOf, parsePairs, seedOption, threadsOption, traceOptions } from '../core/options.js';
import { parseCapacity } from '../core/units.js';
import { expandPolicies, resolveParams } from '../policies/registry.js';
import { openTrace } from '../trace/open.js';
import type { TraceSource } from '../trace/types.js';
import type { RawGenSpec } from '../workload/spec.js';
import { replay, type ReplayOptions, type RunReport, type RunSpec } from './replay.js';

/**
 * Everything `cachesim run` accepts, named as its flags are (camelCased:
 * --on-write is onWrite). Scenario files use the same names, so a scenario's
 * run is exactly the command line a user would type. Values may be strings
 * (as flags give them) or numbers and lists (as JSON holds them).
 */
export interface RunOptions {
  /** A trace file; or `workload`, a generator spec as `cachesim gen` takes it. */
  trace?: string;
  workload?: RawGenSpec;
  policy?: string | string[];
  capacity?: string | number | (string | number)[];
  unit?: string;
  /** Policy parameters: ["k=v", …] as --param gives them, or { k: v }. */
  param?: string[] | Record<string, string | number>;
  samples?: string | number;
  lfuLogFactor?: string | number;
  lfuDecayTime?: string | number;
  onWrite?: string;
  seed?: string | number;
  threads?: string | number;
  // Trace reading.
  columns?: string;
  header?: boolean;
  timeUnit?: string;
  traceFormat?: string;
  skipBadRows?: boolean;
}

export interface RunPlan {
  source: TraceSource;
  specs: RunSpec[];
  replay: ReplayOptions;
}

function list(v: string | number | (string | number)[] | undefined, fallback: string): string[] {
  const items = v === undefined ? [fallback] : Array.isArray(v) ? v.map(String) : String(v).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

/** Check the options and turn them into a trace and the specs to replay. */
export async function planRun(o: RunOptions): Promise<RunPlan> {
  if (o.trace === undefined && o.workload === undefined) {
    throw usageError('run needs a trace: --trace FILE (make one with cachesim gen --out FILE)');
  }
  if (o.trace !== undefined && o.workload !== undefined) throw usageError('give a trace or a workload, not both');
  const unit = oneOf('--unit', o.unit ?? 'objects', ['objects', 'bytes'] as const);
  const onWrite = oneOf('--on-write', o.onWrite ?? 'update', ['update', 'invalidate'] as const);
  const policies = expandPolicies(list(o.policy, 'lru').join(','));
  const given: Record<string, string> = Array.isArray(o.param) || o.param === undefined
    ? parsePairs('--param', o.param as string[] | undefined)
    : Object.fromEntries(Object.entries(o.param).map(([k, v]) => [k, String(v)]));
  if (o.samples !== undefined) given.samples = String(o.samples);
  if (o.lfuLogFactor !== undefined) given['lfu-log-factor'] = String(o.lfuLogFactor);
  if (o.lfuDecayTime !== undefined) given['lfu-decay-time'] = String(o.lfuDecayTime);
  for (const k of Object.keys(given)) {
    if (!policies.some((p) => p.params.some((s) => s.name === k))) {
      throw usageError(`--param ${k}: none of the chosen policies (${policies.map((p) => p.name).join(', ')}) has a parameter "${k}"`);
    }
  }
  const capacities = list(o.capacity, '10%').map((c) => parseCapacity(c, unit));
  if (capacities.length === 0) throw usageError('--capacity is empty: give e.g. 5000, 64MB or 10%');
  const specs: RunSpec[] = [];
  for (const policy of policies) {
    const own = Object.fromEntries(Object.entries(given).filter(([k]) => policy.params.some((s) => s.name === k)));
    const params = resolveParams(policy, own);
    for (const capacity of capacities) specs.push({ policy, params, capacity });
  }
  let source: TraceSource;
  if (o.workload !== undefined) {
    // Loaded only for generated workloads: a trace replay never pays for it.
    const { generateTrace } = await import('../workload/generator.js');
    const { parseGenSpec } = await import('../workload/spec.js');
    source = generateTrace(parseGenSpec(o.workload));
  } else {
    source = openTrace(o.trace!, traceOptions(o));
  }
  return {
    source,
    specs,
    replay: {
      seed: seedOption(o.seed === undefined ? undefined : String(o.seed)),
      onWrite,
      threads: threadsOption(o.threads === undefined ? undefined : String(o.threads)),
    },
  };
}

/** Plan and replay: what `cachesim run` and `cachesim scenario run` do. */
export async function executeRun(o: RunOptions, onProgress?: (requests: number) => void): Promise<RunReport> {
  const plan = await planRun(o);
  return replay(plan.source, plan.specs, { ...plan.replay, onProgress });
}
