import type { PolicyContext } from '../policies/policy.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry-types.js';
import type { TraceChunk } from '../trace/types.js';
import { CacheSim, type CacheCounters, type OnWrite } from './cache.js';
import { MemcachedSim } from '../policies/memcached/store.js';
import type { StrategyConfig } from '../strategies/config.js';
import type { KeyTable } from '../trace/keys.js';
import type { ClusterSimConfig } from '../cluster/config.js';

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
export type SimConfig = { kind: 'cache' } | ClusterSimConfig | StrategyConfig;

export interface SimulationInput {
  policy: PolicyInfo;
  params: PolicyParams;
  ctx: PolicyContext;
  onWrite: OnWrite;
  sim?: SimConfig;
  /** The trace's key table: kinds that need key names (a cluster hashes them) run in the main thread, which has it. */
  keys?: KeyTable;
}

export type SimKind = SimConfig['kind'];
export type SimulationFactory = (input: SimulationInput) => Simulation;

/**
 * The one place that maps a spec's kind to its simulation class. Each kind's
 * module is loaded only when a run uses it: a plain replay never pays for
 * the strategy or cluster code at start-up.
 */
const LOADERS: Record<SimKind, () => Promise<SimulationFactory>> = {
  // A policy with a store of its own (memcached) replaces the cache store.
  cache: async () => (i) => (i.policy.store === 'memcached' ? new MemcachedSim(i.ctx, i.params, i.onWrite) : new CacheSim(i.policy.create(i.ctx, i.params), i.ctx, i.onWrite)),
  strategy: async () => {
    const { StrategySim } = await import('../strategies/strategy-sim.js');
    return (i) => new StrategySim(i.policy.create(i.ctx, i.params), i.ctx, i.sim as StrategyConfig);
  },
  cluster: async () => {
    const { ClusterSim } = await import('../cluster/cluster-sim.js');
    return (i) => new ClusterSim(i, i.sim as ClusterSimConfig);
  },
};

/** A factory for every kind the specs use (load once, then create synchronously). */
export async function loadSimulations(sims: readonly (SimConfig | undefined)[]): Promise<SimulationFactory> {
  const factories = new Map<SimKind, SimulationFactory>();
  for (const sim of sims) {
    const kind = sim?.kind ?? 'cache';
    if (!factories.has(kind)) factories.set(kind, await LOADERS[kind]());
  }
  return (input) => factories.get(input.sim?.kind ?? 'cache')!(input);
}
