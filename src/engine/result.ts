import type { PolicyParams } from '../policies/registry-types.js';
import type { TraceSummary } from '../trace/stats.js';
import type { CapacityUnit } from './simulation.js';

/**
 * The fields every result has, whatever its kind (docs/json.md): the
 * policy, the capacity and the cache counters. Each kind's result extends
 * it beside its simulation (CacheResult in store.ts, StrategyResult in
 * strategies/result.ts, ClusterResult in cluster/result.ts); the run layer
 * unions them (SimResult in run/results.ts).
 */
export interface RunResult {
  /**
   * Which kind of simulation made it (the spec's sim.kind, or "cache"): what
   * code switches on. Not enumerable, so it stays out of the documented JSON
   * (and out of spreads: copy a result with withKind).
   */
  readonly kind: string;
  policy: string;
  /** The policy's parameters, when it has any. */
  params?: PolicyParams;
  capacity: { value: number; unit: CapacityUnit };
  requests: number;
  reads: number;
  hits: number;
  misses: number;
  /** hits / reads; omitted when there were no reads. */
  hitRatio?: number;
  /** Bytes of reads that hit / bytes of all reads; omitted when the trace has no sizes. */
  byteHitRatio?: number;
  evictions: number;
  expirations: number;
  dbReads: number;
  dbWrites: number;
  writes: number;
  deletes: number;
  rejected: number;
  /** With an admission other than none: its name and parameters, and the read misses it kept out. */
  admission?: string;
  notAdmitted?: number;
}

export interface RunReport<R extends RunResult = RunResult> {
  trace: TraceSummary;
  seed: number;
  results: R[];
}

/** The result fields with their kind attached (not enumerable: see RunResult.kind). */
export function withKind<R extends RunResult>(kind: R['kind'], fields: Omit<R, 'kind'>): R {
  return Object.defineProperty(fields, 'kind', { value: kind, enumerable: false }) as R;
}
