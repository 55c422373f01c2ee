import { usageError } from '../core/errors.js';
/**
 * From items to cache to nodes. Memory: the items' bytes (raw, or as the
 * engine stores them) times the fragmentation ratio (RSS over what the
 * allocator was asked for; Redis reports it as mem_fragmentation_ratio) make
 * one copy of the data; it is split into shards that each fit a node's
 * memory, and each shard is held by a primary and its replicas. Throughput:
 * the primaries serve the traffic (Redis Cluster replicas refuse reads unless
 * a client opts in with READONLY), so peak requests per second over one
 * node's sustainable operations per second gives another shard count. The
 * plan takes the larger, and every shard has 1 + replicas nodes.
 */
export interface NodePlanInput {
  /** Items to cache. */
  items: number;
  /** Bytes one item costs when a node holds `keysPerNode` of them (hash tables scale with that). */
  bytesPerItem: (keysPerNode: number) => number;
  fragmentation: number;
  replicas: number;
  /** Memory each node gives the cache (maxmemory, -m), in bytes. */
  nodeMemory?: number;
  peakQps?: number;
  nodeOps: number;
}

export interface NodePlan {
  /** Items × bytes per item (per node's share of the hash tables). */
  dataBytes: number;
  /** dataBytes × fragmentation: one copy. */
  memoryBytes: number;
  copies: number;
  /** All copies. */
  totalMemoryBytes: number;
  nodeMemory?: number;
  shardsForMemory?: number;
  nodesForMemory?: number;
  peakQps?: number;
  nodeOps?: number;
  shardsForThroughput?: number;
  nodesForThroughput?: number;
  shards: number;
  nodes: number;
  /** What sets the node count. */
  boundBy: 'memory' | 'throughput' | 'memory and throughput' | 'nothing';
}

export function planNodes(o: NodePlanInput): NodePlan {
  if (o.nodeMemory !== undefined && o.items > 0) {
    // A node must hold at least one item: below that the plan would be millions of nodes of nothing.
    const one = Math.ceil(o.bytesPerItem(1) * o.fragmentation);
    if (o.nodeMemory < one) throw usageError(`--node-memory ${o.nodeMemory.toLocaleString('en-US')} B is less than one item takes (${one.toLocaleString('en-US')} B with its overhead and fragmentation): give a node's memory, e.g. 16GB`);
  }
  const copies = 1 + o.replicas;
  const qpsShards = o.peakQps !== undefined ? Math.max(1, Math.ceil(o.peakQps / o.nodeOps)) : undefined;
  // Per-node hash tables depend on keys per node, which depends on the shard count: settle it.
  let shards = Math.max(1, qpsShards ?? 1);
  let memShards: number | undefined;
  let dataBytes = 0;
  for (let i = 0; i < 8; i++) {
    dataBytes = o.items * o.bytesPerItem(Math.max(1, Math.ceil(o.items / shards)));
    memShards = o.nodeMemory !== undefined ? Math.max(1, Math.ceil((dataBytes * o.fragmentation) / o.nodeMemory)) : undefined;
    const next = Math.max(memShards ?? 1, qpsShards ?? 1);
    if (next === shards) break;
    shards = next;
  }
  const memoryBytes = dataBytes * o.fragmentation;
  let boundBy: NodePlan['boundBy'] = 'nothing';
  if (memShards !== undefined && qpsShards !== undefined) {
    boundBy = memShards > qpsShards ? 'memory' : qpsShards > memShards ? 'throughput' : 'memory and throughput';
  } else if (memShards !== undefined) boundBy = 'memory';
  else if (qpsShards !== undefined) boundBy = 'throughput';
  const plan: NodePlan = {
    dataBytes,
    memoryBytes,
    copies,
    totalMemoryBytes: memoryBytes * copies,
    shards,
    nodes: shards * copies,
    boundBy,
  };
  if (o.nodeMemory !== undefined) {
    plan.nodeMemory = o.nodeMemory;
    plan.shardsForMemory = memShards!;
    plan.nodesForMemory = memShards! * copies;
  }
  if (qpsShards !== undefined) {
    plan.peakQps = o.peakQps!;
    plan.nodeOps = o.nodeOps;
    plan.shardsForThroughput = qpsShards;
    plan.nodesForThroughput = qpsShards * copies;
  }
  return plan;
}

/** What the verdict line says; every number comes from the plan. */
export interface VerdictInput {
  target: number;
  /** e.g. "zipf 0.99 popularity", "traces/x.csv", "uniform popularity". */
  workload: string;
  /** e.g. "LRU", or undefined for the working-set rule alone. */
  policy?: string;
  items: number;
  bytes: number;
  /** The working-set rule's bytes, when it is shown beside a workload-aware answer. */
  formulaBytes?: number;
  engine?: string;
  plan?: NodePlan;
  formatBytes: (n: number) => string;
  /** The target is out of reach: the best hit ratio there is. */
  unreachable?: number;
}

/** One plain sentence or two: the answer, how it compares, and the nodes. */
export function verdict(v: VerdictInput): string {
  const pct = `${Number((v.target * 100).toFixed(2))}%`;
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  if (v.unreachable !== undefined) {
    return `${pct} is out of reach on ${v.workload}: even a cache holding every key hits ${Number((v.unreachable * 100).toFixed(2))}% (first reads always miss). Aim lower, or plan for the whole working set.`;
  }
  let head: string;
  if (v.policy === undefined) {
    head = `To reach a hit ratio of ${pct}, cache ${n(v.items)} items (${v.formatBytes(v.bytes)}) by the working-set rule, which assumes every item is equally popular.`;
  } else {
    head = `To reach a hit ratio of ${pct} on ${v.workload}, ${v.policy} needs ${n(v.items)} items (${v.formatBytes(v.bytes)})`;
    if (v.formulaBytes !== undefined && v.bytes > 0) {
      const ratio = v.formulaBytes / v.bytes;
      head += ratio >= 1.05 ? `, ${ratio.toFixed(1)}× less than the working-set rule's ${v.formatBytes(v.formulaBytes)}.`
        : ratio <= 0.95 ? `, ${(1 / ratio).toFixed(1)}× more than the working-set rule's ${v.formatBytes(v.formulaBytes)}.`
          : `, about what the working-set rule says.`;
    } else head += '.';
  }
  const p = v.plan;
  if (!p || p.boundBy === 'nothing') return head;
  const nodes = `${p.nodes} node${p.nodes === 1 ? '' : 's'}`;
  const layout = p.copies > 1 ? ` (${p.shards} shard${p.shards === 1 ? '' : 's'} × ${p.copies} copies)` : '';
  const why = p.boundBy === 'throughput'
    ? `throughput sets it (${n(p.peakQps!)} requests/s at ${n(p.nodeOps!)} per node)`
    : `${p.boundBy} ${p.boundBy === 'memory' ? 'sets' : 'set'} it (${v.formatBytes(p.memoryBytes)} per copy${v.engine ? ` in ${v.engine}` : ''}, ${v.formatBytes(p.nodeMemory!)} per node)`;
  return `${head} Plan: ${nodes}${layout}; ${why}.`;
}
