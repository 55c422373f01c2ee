export type ShardingScheme = 'slots' | 'ketama';

/** What a node owns, for reports: its slots (Redis Cluster) or its points on the ring (ketama). */
export interface NodeOwnership {
  slots?: number;
  /** "first-last" of its slot range. */
  slotRanges?: string;
  vnodes?: number;
  /** Share of the key space it owns: slots / 16384, or its arcs of the ring. */
  ringShare: number;
}

/** Where keys live: a key's name → the node (0-based) that owns it. */
export interface Sharding {
  readonly scheme: ShardingScheme;
  readonly nodes: number;
  nodeOf(key: string): number;
  describe(node: number): NodeOwnership;
}

/** Node names as reports print them: node1, node2, … (replicas: node1-r1, …). */
export function nodeName(node: number, replica = 0): string {
  return replica === 0 ? `node${node + 1}` : `node${node + 1}-r${replica}`;
}
