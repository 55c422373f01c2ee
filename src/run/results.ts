import type { ClusterResult } from '../cluster/result.js';
import type { RunReport } from '../engine/replay.js';
import type { CacheResult } from '../engine/store.js';
import type { StrategyResult } from '../strategies/result.js';

/**
 * A result of `cachesim run`, one per spec: discriminated on `kind`, each
 * kind's type declared beside its simulation. A new kind adds its result
 * type here and its entry in kinds.ts and report/metrics.ts.
 */
export type SimResult = CacheResult | StrategyResult | ClusterResult;

/** What `cachesim run` returns: every result is of the one kind the options chose. */
export type SimReport = RunReport<SimResult>;

/** The kind of a report's results (a run never mixes kinds; an empty one reads as the plain cache). */
export function reportKind(report: SimReport): SimResult['kind'] {
  return report.results[0]?.kind ?? 'cache';
}
