import { createAdmission } from '../admission/registry.js';
import { CacheStore } from '../engine/store.js';
import type { SimConfig, SimulationFactory, SimulationKinds } from '../engine/simulation.js';
import type { ClusterSimConfig } from '../cluster/config.js';
import type { StrategyConfig } from '../strategies/config.js';

/** Every kind's settings, as a run spec carries them (plain JSON). */
export type RunSimConfig = { kind: 'cache' } | StrategyConfig | ClusterSimConfig;
export type SimKind = RunSimConfig['kind'];

/** One kind of simulation: how to build it, and where it may run. */
export interface SimulationKind {
  kind: SimKind;
  /** It hashes key names, which only the main thread's key table holds (no worker threads). */
  needsKeys: boolean;
  /** The factory, loaded on first use: a plain replay never pays for the strategy or cluster code at start-up. */
  load(): Promise<SimulationFactory>;
}

/** The kinds registry: adding a kind is its simulation's folder plus one entry here. */
export const KINDS: readonly SimulationKind[] = [
  {
    kind: 'cache',
    needsKeys: false,
    load: async () => (i) => new CacheStore(i.policy.create(i.ctx, i.params), i.ctx, i.writeMode, createAdmission(i.admission, i.ctx)),
  },
  {
    kind: 'strategy',
    needsKeys: false,
    load: async () => {
      const { createStrategySim } = await import('../strategies/simulation.js');
      return (i) => createStrategySim(i.policy.create(i.ctx, i.params), i.ctx, i.sim as StrategyConfig);
    },
  },
  {
    kind: 'cluster',
    needsKeys: true,
    load: async () => {
      const { ClusterSim } = await import('../cluster/cluster-sim.js');
      return (i) => new ClusterSim(i, i.sim as ClusterSimConfig);
    },
  },
];

function kindOf(config: SimConfig | undefined): SimulationKind {
  const name = config?.kind ?? 'cache';
  const kind = KINDS.find((k) => k.kind === name);
  if (!kind) throw new Error(`no simulation kind "${name}" in the registry (src/run/kinds.ts)`);
  return kind;
}

/** What replay() is given: the registry's kinds, and the worker entry that serves the same ones. */
export const SIMULATIONS: SimulationKinds = {
  async load(configs) {
    const factories = new Map<string, SimulationFactory>();
    for (const config of configs) {
      const kind = kindOf(config);
      if (!factories.has(kind.kind)) factories.set(kind.kind, await kind.load());
    }
    return (input) => factories.get(input.sim?.kind ?? 'cache')!(input);
  },
  needsKeys: (config) => kindOf(config).needsKeys,
  workerUrl: new URL('./replay-worker.js', import.meta.url),
};
