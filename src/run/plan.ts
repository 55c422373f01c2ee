import { usageError } from '../core/errors.js';
import { oneOf, parsePairs, seedOption, threadsOption } from '../core/options.js';
import { traceOptions } from '../trace/options.js';
import { flagOf as specFlag, type OptionSpec } from '../core/option-spec.js';
import { CLUSTER_OPTION_SPECS } from '../cluster/options.js';
import { STRATEGY_OPTIONS } from '../strategies/config.js';
import { RUN_OWN_OPTIONS } from './options.js';
import { parseCapacity } from '../core/units.js';
import { parseAdmission } from '../admission/registry.js';
import { expandPolicies, resolveParams } from '../policies/registry.js';
import { openTrace } from '../trace/open.js';
import type { TraceSource } from '../trace/types.js';
import type { RawGenSpec } from '../workload/spec.js';
import type { StrategyOptions } from '../strategies/config.js';
import type { ClusterOptions } from '../cluster/options.js';
import { SIMULATIONS } from './kinds.js';
import { replay, type ReplayOptions, type RunSpec } from '../engine/replay.js';
import type { SimReport } from './results.js';

/**
 * Everything `cachesim run` accepts, named as its flags are (camelCased:
 * --on-write is onWrite). Scenario files use the same names, so a scenario's
 * run is exactly the command line a user would type. Values may be strings
 * (as flags give them) or numbers and lists (as JSON holds them).
 */
export interface RunOptions extends StrategyOptions, ClusterOptions {
  // Strategies over time (docs/strategies.md), the StrategyOptions fields: --strategy, --protect or
  // --db-latency make every result a strategy run (one per strategy × protection); the others need one of those.
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
  /** Admission, as --admission gives it ("prob:p=0.1"); several compare side by side. */
  admission?: string | string[];
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
  const writeMode = oneOf('--on-write', o.onWrite ?? 'update', ['update', 'invalidate'] as const);
  const policies = expandPolicies(list(o.policy, 'lru').join(','));
  const given: Record<string, string> = Array.isArray(o.param) || o.param === undefined
    ? parsePairs('--param', o.param as string[] | undefined)
    : Object.fromEntries(Object.entries(o.param).map(([k, v]) => [k, String(v)]));
  // Redis's settings have flags of their own; errors name the flag the user typed.
  const flagOf: Record<string, string> = {};
  const redisFlags: [keyof RunOptions, string, string][] = (['samples', 'lfuLogFactor', 'lfuDecayTime'] as const).map((field) => [field, specFlag(RUN_OWN_OPTIONS, field).slice(2), specFlag(RUN_OWN_OPTIONS, field)]);
  for (const [field, param, flag] of redisFlags) {
    if (o[field] === undefined) continue;
    given[param] = String(o[field]);
    flagOf[param] = flag;
  }
  for (const k of Object.keys(given)) {
    if (!policies.some((p) => p.params.some((s) => s.name === k))) {
      throw usageError(`${flagOf[k] ?? `--param ${k}`}: none of the chosen policies (${policies.map((p) => p.name).join(', ')}) has a parameter "${k}"`);
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
  // Admission: each spec once per --admission given (the plain cache store only).
  if (o.admission !== undefined) {
    const admissions = (Array.isArray(o.admission) ? o.admission : [o.admission]).map((a) => parseAdmission(String(a)));
    if (admissions.length === 0) throw usageError('--admission is empty: give none, bloom, prob:p=0.1, size:max=1MB or adaptsize');
    const combined = [o.strategy, o.protect, o.dbLatency, o.nodes].some((v) => v !== undefined);
    if (combined && admissions.some((a) => a.name !== 'none')) throw usageError('--admission works on the plain cache store: drop --strategy, --protect, --db-latency and --nodes, or the admission');
    specs.splice(0, specs.length, ...specs.flatMap((s) => admissions.map((admission) => ({ ...s, admission }))));
  }
  // Strategies over time: each spec once per strategy × protection. Without any strategy option the
  // specs stay plain cache specs (the fast path); the parser is loaded only when one is given.
  const anyGiven = (specs: readonly OptionSpec<never>[]): boolean => specs.some((spec) => o[spec.name as keyof RunOptions] !== undefined);
  if (anyGiven(STRATEGY_OPTIONS)) {
    const { strategyConfigs } = await import('../strategies/config.js');
    const sims = strategyConfigs(o);
    if (sims) {
      const offline = policies.find((p) => p.offline);
      if (offline) throw usageError(`${offline.name} needs every request's future, which loads finishing between requests do not fit: drop it from --policy when using --strategy`);
      if (o.nodes !== undefined) throw usageError('strategy options (--strategy, --protect, --db-latency) and cluster options (--nodes) cannot be combined in one run');
      specs.splice(0, specs.length, ...specs.flatMap((s) => sims.map((sim) => ({ ...s, sim }))));
    }
  }
  // A cluster: each spec once per mitigation set (the parser is loaded only when a cluster flag is given).
  if (anyGiven(CLUSTER_OPTION_SPECS)) {
    const { clusterSpecs } = await import('../cluster/options.js');
    specs.splice(0, specs.length, ...clusterSpecs(o, specs));
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
      kinds: SIMULATIONS,
      seed: seedOption(o.seed === undefined ? undefined : String(o.seed)),
      writeMode,
      threads: threadsOption(o.threads === undefined ? undefined : String(o.threads)),
    },
  };
}

/** Plan and replay: what `cachesim run` and `cachesim scenario run` do. */
export async function executeRun(o: RunOptions, onProgress?: (requests: number, total?: number) => void): Promise<SimReport> {
  const plan = await planRun(o);
  // The expected total, for progress bars (an estimate for CSV files, unknown for standard input).
  const total = onProgress ? plan.source.estimatedRequests?.() : undefined;
  // The specs' kinds are the registry's (kinds.ts), so the results are SimResults.
  const report = await replay(plan.source, plan.specs, { ...plan.replay, onProgress: onProgress && ((n) => onProgress(n, total)) }) as SimReport;
  // Write-behind lists lost keys by id (worker threads have no key table): name them here.
  for (const r of report.results) {
    if (r.kind === 'strategy' && r.lostKeys) r.lostKeys = r.lostKeys.map((id) => plan.source.keys.name(id as number));
  }
  return report;
}
