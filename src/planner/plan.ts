import { usageError } from '../core/errors.js';
/**
 * From items to cache to nodes. Memory: the items' bytes (raw, or as the
 * engine stores them) times the fragmentation ratio (RSS over what the
 * allocator was asked for; Redis reports it as mem_fragmentation_ratio),
 * plus fork headroom (Redis's copy-on-write during BGSAVE and replica syncs),
 * make one copy of the data; it is split into shards that each fit a node's
 * memory less its reserve (ElastiCache's reserved-memory-percent), and each
 * shard is held by a primary and its replicas. Operations: the primaries
 * serve every read, write and fill (Redis Cluster replicas refuse reads
 * unless a client opts in with READONLY), so peak operations per second over
 * one node's sustainable operations give another shard count. Bandwidth: the
 * busier direction of a primary's traffic over its network link, a third.
 * The plan takes the largest, and every shard has 1 + replicas nodes.
 */
export interface NodePlanInput {
  /** Items to cache. */
  items: number;
  /** Bytes one item costs when a node holds `keysPerNode` of them (hash tables scale with that). */
  bytesPerItem: (keysPerNode: number) => number;
  fragmentation: number;
  replicas: number;
  /** Memory each node has for the cache (maxmemory, -m, or the node type's memory with `reserved`), in bytes. */
  nodeMemory?: number;
  /** Share of nodeMemory kept back (0–1). */
  reserved?: number;
  /** Extra memory per copy as a share of the data (0–1): copy-on-write pages while Redis forks. */
  forkHeadroom?: number;
  /** Peak requests per second (reads + writes), and the operations they make (fills included). */
  peakQps?: number;
  opsPerSecond?: number;
  nodeOps: number;
  /** Bytes per second into and out of the primaries at peak, and what one node's link carries each way. */
  bytesInPerSecond?: number;
  bytesOutPerSecond?: number;
  nodeBandwidth?: number;
}

/** The three limits a node count can be set by. */
export type Limit = 'memory' | 'operations' | 'bandwidth';

export interface NodePlan {
  /** Items × bytes per item (each shard's hash tables sized for its keys). */
  dataBytes: number;
  /** Keys per shard, and what one item costs at that count (dataBytes = items × this). */
  keysPerShard: number;
  bytesPerItem: number;
  /** dataBytes × fragmentation × (1 + forkHeadroom): one copy. */
  memoryBytes: number;
  fragmentation: number;
  forkHeadroom: number;
  copies: number;
  /** All copies. */
  totalMemoryBytes: number;
  nodeMemory?: number;
  reserved?: number;
  /** nodeMemory less the reserve: what each shard may hold. */
  usableNodeMemory?: number;
  shardsForMemory?: number;
  nodesForMemory?: number;
  peakQps?: number;
  /** Operations per second at peak: reads, writes and the fills after misses. */
  opsPerSecond?: number;
  nodeOps?: number;
  shardsForOps?: number;
  nodesForOps?: number;
  bytesInPerSecond?: number;
  bytesOutPerSecond?: number;
  nodeBandwidth?: number;
  shardsForBandwidth?: number;
  nodesForBandwidth?: number;
  shards: number;
  nodes: number;
  /** The limits that set the node count ("memory", "operations and bandwidth", …), or "nothing" when none was given. */
  boundBy: string;
  /** Every limit that was planned for, in order, with the shards it needs. */
  limits: { limit: Limit; shards: number }[];
}

export function planNodes(o: NodePlanInput): NodePlan {
  if (o.nodeMemory !== undefined && o.items > 0) {
    // A node must hold at least one item: below that the plan would be millions of nodes of nothing.
    const one = Math.ceil(o.bytesPerItem(1) * o.fragmentation);
    if (o.nodeMemory < one) throw usageError(`--node-memory ${o.nodeMemory.toLocaleString('en-US')} B is less than one item takes (${one.toLocaleString('en-US')} B with its overhead and fragmentation): give a node's memory, e.g. 16GB`);
  }
  const copies = 1 + o.replicas;
  const forkHeadroom = o.forkHeadroom ?? 0;
  const usable = o.nodeMemory !== undefined ? o.nodeMemory * (1 - (o.reserved ?? 0)) : undefined;
  const ops = o.opsPerSecond ?? o.peakQps;
  const opsShards = ops !== undefined ? Math.max(1, Math.ceil(ops / o.nodeOps)) : undefined;
  const busier = Math.max(o.bytesInPerSecond ?? 0, o.bytesOutPerSecond ?? 0);
  const bandwidthShards = o.nodeBandwidth !== undefined && o.bytesInPerSecond !== undefined ? Math.max(1, Math.ceil(busier / o.nodeBandwidth)) : undefined;
  // Per-shard hash tables depend on keys per shard, which depends on the shard count: settle it.
  let shards = Math.max(1, opsShards ?? 1, bandwidthShards ?? 1);
  let memShards: number | undefined;
  let dataBytes = 0;
  let keysPerShard = 0;
  let perItem = 0;
  for (let i = 0; i < 8; i++) {
    keysPerShard = Math.max(1, Math.ceil(o.items / shards));
    perItem = o.bytesPerItem(keysPerShard);
    dataBytes = o.items * perItem;
    memShards = usable !== undefined ? Math.max(1, Math.ceil((dataBytes * o.fragmentation * (1 + forkHeadroom)) / usable)) : undefined;
    const next = Math.max(memShards ?? 1, opsShards ?? 1, bandwidthShards ?? 1);
    if (next === shards) break;
    shards = next;
  }
  const memoryBytes = dataBytes * o.fragmentation * (1 + forkHeadroom);
  const limits: NodePlan['limits'] = [];
  if (memShards !== undefined) limits.push({ limit: 'memory', shards: memShards });
  if (opsShards !== undefined) limits.push({ limit: 'operations', shards: opsShards });
  if (bandwidthShards !== undefined) limits.push({ limit: 'bandwidth', shards: bandwidthShards });
  const top = limits.filter((l) => l.shards === shards).map((l) => l.limit);
  const boundBy = top.length === 0 ? 'nothing' : top.length === 1 ? top[0]! : `${top.slice(0, -1).join(', ')} and ${top[top.length - 1]}`;
  const plan: NodePlan = {
    dataBytes,
    keysPerShard,
    bytesPerItem: perItem,
    memoryBytes,
    fragmentation: o.fragmentation,
    forkHeadroom,
    copies,
    totalMemoryBytes: memoryBytes * copies,
    shards,
    nodes: shards * copies,
    boundBy,
    limits,
  };
  if (o.nodeMemory !== undefined) {
    plan.nodeMemory = o.nodeMemory;
    plan.reserved = o.reserved ?? 0;
    plan.usableNodeMemory = usable!;
    plan.shardsForMemory = memShards!;
    plan.nodesForMemory = memShards! * copies;
  }
  if (opsShards !== undefined) {
    if (o.peakQps !== undefined) plan.peakQps = o.peakQps;
    plan.opsPerSecond = ops!;
    plan.nodeOps = o.nodeOps;
    plan.shardsForOps = opsShards;
    plan.nodesForOps = opsShards * copies;
  }
  if (bandwidthShards !== undefined) {
    plan.bytesInPerSecond = o.bytesInPerSecond!;
    plan.bytesOutPerSecond = o.bytesOutPerSecond!;
    plan.nodeBandwidth = o.nodeBandwidth!;
    plan.shardsForBandwidth = bandwidthShards;
    plan.nodesForBandwidth = bandwidthShards * copies;
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
  const rate = (bytes: number): string => `${v.formatBytes(bytes)}/s`;
  const reasons: Record<Limit, () => string> = {
    memory: () => `${v.formatBytes(p.memoryBytes)} per copy${v.engine ? ` in ${v.engine}` : ''}, ${v.formatBytes(p.usableNodeMemory!)} usable per node`,
    operations: () => `${n(p.opsPerSecond!)} operations/s${p.peakQps !== undefined && p.opsPerSecond !== p.peakQps ? `, ${n(p.peakQps)} requests/s and the SETs that fill their misses,` : ''} at ${n(p.nodeOps!)} per node`,
    bandwidth: () => `${rate(Math.max(p.bytesInPerSecond!, p.bytesOutPerSecond!))} ${p.bytesOutPerSecond! >= p.bytesInPerSecond! ? 'out of' : 'into'} the primaries at ${rate(p.nodeBandwidth!)} per node`,
  };
  const setting = p.limits.filter((l) => l.shards === p.shards);
  const why = `${p.boundBy} ${setting.length === 1 ? 'sets' : 'set'} it (${setting.map((l) => reasons[l.limit]()).join('; ')})`;
  return `${head} Plan: ${nodes}${layout}; ${why}.`;
}
