import type { ShardingScheme } from './sharding.js';

/**
 * A cluster run's settings, as plain JSON (it is part of a run spec). One
 * config is one mitigation set: the mitigations it leaves off are absent
 * (l1 null, replicas 0, fanout 1, coalesceWindow 0).
 */
export interface ClusterSimConfig {
  kind: 'cluster';
  /** What the report calls this set: "none", "l1", "l1+replicas", … */
  mitigation: string;
  /** Primaries (shards); each has `replicas` replicas besides. */
  nodes: number;
  sharding: ShardingScheme;
  /** Points per node on the ketama ring (ketama only). */
  vnodes: number;
  /** Operations per second one node (primary or replica) handles. */
  nodeOps: number;
  /** Length of the windows loads are measured over, in seconds. */
  windowSeconds: number;
  /** Application servers the requests are spread over (round robin); each has its own L1. */
  appServers: number;
  /** A local cache on each application server, or null. */
  l1: { size: number; ttl: number } | null;
  replicas: number;
  /** Copies of each hot key; 1 = no fan-out. */
  fanout: number;
  /** Reads per second reaching the cluster that make a key hot (for fan-out). */
  hotThreshold: number;
  /** Proxy coalescing: one cluster read per key per this many seconds; 0 = off. */
  coalesceWindow: number;
}

/** The mitigations, in the order names are built ("l1+replicas+fanout+coalesce"). */
export const MITIGATIONS = ['l1', 'replicas', 'fanout', 'coalesce'] as const;
export type Mitigation = (typeof MITIGATIONS)[number];

/** Settings a mitigation takes when the comparison names it and its flag is not given. */
export const CLUSTER_DEFAULTS = {
  sharding: 'slots' as ShardingScheme,
  /** libketama's 40 digests × 4 points. */
  vnodes: 160,
  nodeOps: 50_000,
  windowSeconds: 1,
  appServers: 10,
  l1: { size: 1000, ttl: 1 },
  /** One replica per primary, as `redis-cli --cluster create --cluster-replicas 1`. */
  replicas: 1,
  fanout: 4,
  /** About one network round trip: a read in flight that later readers share. */
  coalesceWindow: 0.001,
  /** Of nodeOps: a key taking a tenth of a node's throughput is hot. */
  hotShareOfNodeOps: 0.1,
} as const;
