import type { RunResult } from '../engine/replay.js';

export interface NodeReport {
  node: string;
  role: 'primary' | 'replica';
  /** For a replica: its primary. */
  replicaOf?: string;
  slots?: number;
  slotRanges?: string;
  vnodes?: number;
  /** Share of the key space its shard owns. */
  ringShare: number;
  /** Distinct keys (and hot-key copies) stored on its shard. */
  keys: number;
  /** Commands it executed: reads sent to it, writes and deletes, and the cache fills after misses (replicas apply those too). */
  ops: number;
  reads: number;
  peakOps: number;
  meanOps: number;
  secondsOverLimit: number;
  /** Its shard's store: hits / reads that reached the shard. */
  hitRatio?: number;
  /** Operations per second in each window, from the trace's first request. */
  load: number[];
}

/** A key fan-out found hot: when, and where its copies live. */
export interface HotKeyReport {
  key: string;
  detectedAt: number;
  copies: { name: string; node: string }[];
}

/** The fields a cluster simulation adds to the cache counters (docs/cluster.md, docs/json.md), in their JSON order. */
export interface ClusterFields {
  mitigation: string;
  /** The settings that shaped the run (mitigations that are off are left out). */
  cluster: { nodes: number; sharding: string; vnodes?: number; replicas: number; nodeOps: number; windowSeconds: number; appServers?: number; l1?: { size: number; ttl: number }; fanout?: number; hotThreshold?: number; coalesceWindow?: number; loadWindowSeconds?: number };
  clusterReads: number;
  clusterOps: number;
  hottestNode: string;
  hottestNodePeakOps: number;
  imbalance: number;
  nodesOverLimit: number;
  secondsOverLimit: number;
  /** With an L1. */
  l1Hits?: number;
  l1HitRatio?: number;
  l1StaleReads?: number;
  /** With coalescing. */
  coalescedReads?: number;
  /** With an L1 or coalescing. */
  clusterCallsSaved?: number;
  /** With fan-out. */
  hotKeysFound?: number;
  hotKeys?: HotKeyReport[];
  nodes: NodeReport[];
}

/** A `cachesim run --nodes` result. */
export interface ClusterResult extends RunResult, ClusterFields {
  readonly kind: 'cluster';
}
