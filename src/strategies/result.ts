import type { RunResult } from '../engine/replay.js';

/** The fields a strategy simulation adds to the cache counters (docs/strategies.md, docs/json.md), in their JSON order. */
export interface StrategyFields {
  strategy: string;
  protection: string;
  stampedes: number;
  maxConcurrentLoads: number;
  /** lock only. */
  lockWaits?: number;
  lockFallbacks?: number;
  dbPeakQps: number;
  dbMeanQps: number;
  staleReads: number;
  maxStalenessSeconds: number;
  /** xfetch, background and refresh-ahead only. */
  earlyRefreshes?: number;
  /** write-behind only. */
  lostWrites?: number;
  /** By id in the simulation; named by the run layer (worker threads have no key table). */
  lostKeys?: (string | number)[];
  lostKeysNotListed?: number;
  readLatency?: { p50: number; p95: number; p99: number };
  dbLoad: { windowSeconds: number; startSeconds: number; reads: number[]; writes: number[] };
}

/** A `cachesim run --strategy/--protect/--db-latency` result. */
export interface StrategyResult extends RunResult, StrategyFields {
  readonly kind: 'strategy';
}
