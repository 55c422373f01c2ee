import type { AdmissionSpec } from '../admission/registry.js';
import type { PolicyContext } from '../policies/policy.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry-types.js';
import type { KeyTable } from '../trace/keys.js';
import type { TraceChunk } from '../trace/types.js';

export type CapacityUnit = 'objects' | 'bytes';

/** What a write does to the cached copy: replace it (default) or drop it. */
export type WriteMode = 'update' | 'invalidate';

/** Raw counts of one replay; the report layer turns them into ratios. */
export interface CacheCounters {
  requests: number;
  reads: number;
  writes: number;
  deletes: number;
  hits: number;
  misses: number;
  /** Request sizes of reads, and of reads that hit. */
  bytesRead: number;
  bytesHit: number;
  evictions: number;
  expirations: number;
  dbReads: number;
  dbWrites: number;
  /** Inserts refused: larger than the whole cache, or nothing the policy may evict. */
  rejected: number;
  /** Read misses the admission kept out (0 without one). */
  notAdmitted: number;
}

/**
 * One replay of one configuration: what replay() drives, in this thread or
 * a worker. The plain cache store (CacheStore) is one kind; strategies over
 * time and clusters are others. The engine knows none of them but the
 * store: replay() is handed the kinds (SimulationKinds, built by the run
 * layer's registry in src/run/kinds.ts).
 */
export interface Simulation<R extends object = object> {
  readonly counters: CacheCounters;
  grow(n: number): void;
  processChunk(c: TraceChunk): void;
  /** The trace has ended: settle pending work (events in flight, queued writes). */
  finish(): void;
  /**
   * The kind's result fields beyond the counters (strategy, stampedes, nodes…),
   * typed beside the simulation (StrategyFields, ClusterFields): plain JSON,
   * as it crosses from a worker thread. replay() puts them after the counters.
   */
  result(): R;
}

/**
 * A kind of simulation's settings, as plain JSON (they cross to worker
 * threads); `kind` names its entry in the kinds registry. Absent from a
 * spec: the plain cache store.
 */
export interface SimConfig {
  readonly kind: string;
}

export interface SimulationInput {
  policy: PolicyInfo;
  params: PolicyParams;
  ctx: PolicyContext;
  writeMode: WriteMode;
  sim?: SimConfig;
  /** Which missed keys come in (plain cache runs only). */
  admission?: AdmissionSpec;
  /** The trace's key table: kinds that need key names (a cluster hashes them) run in the main thread, which has it. */
  keys?: KeyTable;
}

export type SimulationFactory = (input: SimulationInput) => Simulation;

/** How replay() builds simulations: what the kinds registry gives it. */
export interface SimulationKinds {
  /** A factory for every kind these configs use, loaded once (then it creates synchronously). */
  load(configs: readonly (SimConfig | undefined)[]): Promise<SimulationFactory>;
  /** The config needs the trace's key names, which only the main thread's key table has: it runs there. */
  needsKeys(config: SimConfig | undefined): boolean;
  /** The worker thread's entry: a module that calls serveReplayWorker (engine/worker.ts) with these same kinds. */
  readonly workerUrl: URL;
}
