import type { PolicyContext } from '../policies/policy.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry-types.js';
import type { TraceChunk } from '../trace/types.js';
import { CacheSim, type CacheCounters, type OnWrite } from './cache.js';

/**
 * One replay of one configuration: what replay() drives, in this thread or
 * a worker. The plain cache (CacheSim) is one kind; strategies over time and
 * clusters are others, chosen by the run spec's `sim` field.
 */
export interface Simulation {
  readonly counters: CacheCounters;
  grow(n: number): void;
  processChunk(c: TraceChunk): void;
  /** The trace has ended: settle pending work (events in flight, queued writes). */
  finish(): void;
  /** Result fields beyond the counters (strategy, protection, stampedes, nodes, …): plain JSON. */
  extra(): Record<string, unknown>;
}

/**
 * What kind of simulation a run spec asks for, as plain JSON (it crosses to
 * worker threads). Absent: the plain cache store.
 */
export type SimConfig = { kind: 'cache' };

export interface SimulationInput {
  policy: PolicyInfo;
  params: PolicyParams;
  ctx: PolicyContext;
  onWrite: OnWrite;
  sim?: SimConfig;
}

/** The one place that maps a run spec to its simulation class. */
export function createSimulation(input: SimulationInput): Simulation {
  const kind = input.sim?.kind ?? 'cache';
  switch (kind) {
    case 'cache':
      return new CacheSim(input.policy.create(input.ctx, input.params), input.ctx, input.onWrite);
  }
}
