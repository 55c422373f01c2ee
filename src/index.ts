/**
 * cachesim as a library: the public API, as named re-exports only. The CLI
 * (src/cli) is built on these; anything not exported here is internal.
 */

// Running: options as `cachesim run` takes them → a typed report.
export { executeRun, planRun, type RunOptions, type RunPlan } from './run/plan.js';
export { RUN_OPTIONS } from './run/options.js';
export { KINDS, SIMULATIONS, type RunSimConfig, type SimKind, type SimulationKind } from './run/kinds.js';
export { reportKind, type SimReport, type SimResult } from './run/results.js';

// The engine: the store, the simulation contract, replay.
export { CacheStore, type CacheFields, type CacheResult, type EvictionListener } from './engine/store.js';
export { replay, toResult, type ReplayOptions, type RunSpec } from './engine/replay.js';
export { withKind, type RunReport, type RunResult } from './engine/result.js';
export type { CacheCounters, CapacityUnit, SimConfig, Simulation, SimulationFactory, SimulationInput, SimulationKinds, WriteMode } from './engine/simulation.js';

// Result types of the other kinds, beside their simulations.
export type { StrategyFields, StrategyResult } from './strategies/result.js';
export type { ClusterFields, ClusterResult, HotKeyReport, NodeReport } from './cluster/result.js';

// Registries.
export { POLICIES, expandPolicies, findPolicy, policyNames, resolveParams, type ParamSpec, type PolicyInfo, type PolicyParams } from './policies/registry.js';
export { Policy, type EvictionPolicy, type PolicyContext } from './policies/policy.js';
export { CACHE_METRICS, CLUSTER_METRICS, METRICS, STRATEGY_METRICS, metricsOf, type KindMetrics, type Metric } from './report/metrics.js';
export { flagName, type OptionSpec } from './core/option-spec.js';

// Traces and workloads.
export { openTrace, type OpenTraceOptions, type TraceFormat } from './trace/open.js';
export { MemoryTrace, traceFromRequests, type RequestRow } from './trace/memory.js';
export { OP_DELETE, OP_READ, OP_WRITE, type TraceChunk, type TraceColumns, type TraceSource } from './trace/types.js';
export { generateTrace } from './workload/generator.js';
export { parseGenSpec, type GenSpec, type RawGenSpec } from './workload/spec.js';

// Errors: every one a user can cause carries an exit code.
export { CachesimError, isCachesimError, type ErrorCode } from './core/errors.js';
