import { formatBytes, formatBytesIec } from '../core/units.js';
import { type TraceSummary } from '../trace/stats.js';
import { round6 } from '../core/numbers.js';
import { fifoCapacityFor, lfuCapacityFor, lruCapacityFor } from './che.js';
import { workingSetRule } from './formula.js';
import { engineBytesPerItem, type Engine } from './memory.js';
import { planNodes, verdict, type NodePlan } from './plan.js';
import { uniformPopularity, zipfPopularity, type Popularity } from './popularity.js';
import type { TraceSizeResult } from './trace-size.js';

/**
 * `cachesim size`, the pure part: from a target hit ratio and what is known
 * about the workload (item count and size; a popularity model; or a trace's
 * answer, worked out beforehand by sizeFromTrace) to items, bytes, memory in
 * a real engine, nodes, and a verdict.
 */
export type PopularityModel = { kind: 'zipf'; alpha: number } | { kind: 'uniform' };

export interface SizeRequest {
  target: number;
  items?: number;
  itemSize?: number;
  popularity?: PopularityModel;
  trace?: TraceSizeResult;
  /** Which answer the plan uses: lru, fifo, random or lfu (models), the trace's policy, or the rule alone. */
  policy: string;
  engine?: Engine;
  keySize: number;
  ttl: boolean;
  growthFactor?: number;
  fragmentation: number;
  replicas: number;
  nodeMemory?: number;
  peakQps?: number;
  nodeOps: number;
}

/** One way of answering "how many items for the target". */
export interface SizeEstimate {
  /** lru, fifo (also random), lfu, or the trace's policy. */
  policy: string;
  /** A popularity model's answer, or the trace's. */
  from: 'model' | 'trace';
  /** How it was worked out. */
  method: string;
  items: number;
  /** items / all items. */
  share?: number;
  /** Bytes of values: items × item size, or (trace) the smallest byte capacity reaching the target. */
  bytes: number;
  /** The working-set rule's items over these: how much the rule overstates. */
  vsFormula?: number;
  /** Measured hit ratio at this size (trace). */
  hitRatio?: number;
  /** Trace answers: how far above the true smallest capacity the answer may be (0 = exact). */
  itemsResolution?: number;
  bytesResolution?: number;
}

export interface SizeReport {
  target: number;
  items?: number;
  itemSize?: number;
  workload: string;
  trace?: TraceSummary & { method: string; bestHitRatio: number; passes: number; sampleRate?: number };
  /** The working-set rule, labelled for what it is. */
  formula?: { rule: string; items: number; bytes: number };
  estimates: SizeEstimate[];
  /** The estimate the memory and node plan are for. */
  basis: string;
  memory?: { engine: Engine; keySize: number; valueSize: number; ttl: boolean; bytesPerItem: number; parts: Record<string, number> };
  plan?: NodePlan;
  verdict: string;
}

export const FORMULA_RULE = 'working-set rule: items × hit ratio, assuming the hit ratio grows linearly with cached items (every item equally popular)';

const MODEL_METHODS = {
  lru: "Che's approximation",
  fifo: "Che's approximation, FIFO form",
  lfu: 'top items by probability mass',
} as const;

export function planSize(req: SizeRequest): SizeReport {
  const estimates: SizeEstimate[] = [];
  let formula: SizeReport['formula'];
  let workload: string;
  let items = req.items;
  let itemSize = req.itemSize;
  let trace: SizeReport['trace'];

  if (req.trace) {
    const t = req.trace;
    workload = t.trace.source;
    items ??= t.trace.uniqueKeys;
    itemSize ??= t.meanObjectSize;
    trace = { ...t.trace, method: t.method, bestHitRatio: t.bestHitRatio, passes: t.passes, ...(t.sampleRate !== undefined ? { sampleRate: t.sampleRate } : {}) };
  } else if (req.popularity) {
    workload = req.popularity.kind === 'zipf' ? `zipf ${req.popularity.alpha} popularity` : 'uniform popularity';
  } else {
    workload = 'the working-set rule';
  }
  if (items !== undefined && itemSize !== undefined) {
    const r = workingSetRule(items, itemSize, req.target);
    formula = { rule: FORMULA_RULE, items: r.items, bytes: r.bytes };
  }

  if (req.popularity && items !== undefined) {
    const pop = popularityOf(req.popularity, items);
    const size = itemSize ?? 0;
    const add = (policy: keyof typeof MODEL_METHODS, c: number): void => {
      estimates.push({
        policy,
        from: 'model',
        method: MODEL_METHODS[policy],
        items: c,
        share: round6(c / items!),
        bytes: c * size,
        ...(formula ? { vsFormula: round6(formula.items / c) } : {}),
      });
    };
    add('lru', lruCapacityFor(pop, req.target));
    add('fifo', fifoCapacityFor(pop, req.target));
    add('lfu', lfuCapacityFor(pop, req.target));
  }
  const t = req.trace;
  if (t && t.objects) {
    const e: SizeEstimate = {
      policy: t.policy,
      from: 'trace',
      method: TRACE_METHODS[t.method],
      items: t.objects.capacity,
      share: round6(t.objects.capacity / t.trace.uniqueKeys),
      bytes: t.bytes?.capacity ?? t.objects.capacity * (itemSize ?? 0),
      hitRatio: t.objects.hitRatio,
      itemsResolution: t.objects.resolution,
    };
    if (t.bytes) e.bytesResolution = t.bytes.resolution;
    if (formula) e.vsFormula = round6(formula.items / t.objects.capacity);
    estimates.push(e);
  }

  // The answer the plan is for.
  const wanted = req.policy === 'random' ? 'fifo' : req.policy;
  const chosen = estimates.find((e) => e.policy === wanted);
  const basisItems = chosen?.items ?? formula?.items;
  const basis = chosen ? chosen.policy : 'working-set rule';
  const head = {
    target: req.target,
    ...(items !== undefined ? { items } : {}),
    ...(itemSize !== undefined ? { itemSize } : {}),
    workload,
    ...(trace ? { trace } : {}),
    ...(formula ? { formula } : {}),
    estimates,
    basis,
  };

  if (req.trace && !req.trace.objects) {
    return { ...head, verdict: verdict({ target: req.target, workload, items: 0, bytes: 0, formatBytes, unreachable: req.trace.bestHitRatio }) };
  }
  if (basisItems === undefined) {
    return { ...head, verdict: 'Nothing to size: give --items and --item-size, a popularity model, or a trace.' };
  }
  const basisBytes = chosen?.bytes ?? formula!.bytes;
  const valueSize = itemSize ?? (basisItems > 0 ? basisBytes / basisItems : 0);
  let memory: SizeReport['memory'];
  let bytesPerItem: (keysPerNode: number) => number;
  if (req.engine) {
    const engine = req.engine;
    const cost = (keys: number) => engineBytesPerItem({ engine, keySize: req.keySize, valueSize: Math.round(valueSize), ttl: req.ttl, keys, growthFactor: req.growthFactor });
    const whole = cost(basisItems);
    const parts = Object.fromEntries(Object.entries(whole.parts).filter(([k, v]) => !(k === 'expires' && v === 0)));
    memory = { engine, keySize: req.keySize, valueSize: Math.round(valueSize), ttl: req.ttl, bytesPerItem: round2(whole.total), parts: roundParts(parts) };
    bytesPerItem = (keys) => cost(keys).total;
  } else {
    const per = basisItems > 0 ? basisBytes / basisItems : 0;
    bytesPerItem = () => per;
  }
  const plan = planNodes({
    items: basisItems,
    bytesPerItem,
    fragmentation: req.fragmentation,
    replicas: req.replicas,
    nodeMemory: req.nodeMemory,
    peakQps: req.peakQps,
    nodeOps: req.nodeOps,
  });
  return {
    ...head,
    ...(memory ? { memory } : {}),
    plan,
    verdict: verdict({
      target: req.target,
      workload,
      policy: chosen ? (chosen.from === 'model' ? policyLabel(chosen.policy) : chosen.policy.toUpperCase()) : undefined,
      items: basisItems,
      bytes: basisBytes,
      formulaBytes: chosen && formula ? formula.bytes : undefined,
      engine: req.engine === 'redis' ? 'Redis' : req.engine === 'memcached' ? 'Memcached' : undefined,
      plan,
      formatBytes: formatBytesAsTyped,
    }),
  };
}

/**
 * Bytes in the unit family they were most likely typed in: a whole number of
 * KiB/MiB/GiB (16 GiB = 17,179,869,184) in IEC units, anything else in SI
 * (16 GB, 4 GB, 2.09 GB).
 */
export function formatBytesAsTyped(n: number): string {
  if (Number.isInteger(n) && n >= 1024) {
    let unit = 1024;
    while (n >= unit * 1024) unit *= 1024;
    if (n % unit === 0) return formatBytesIec(n);
  }
  return formatBytes(n);
}

const TRACE_METHODS: Record<TraceSizeResult['method'], string> = {
  'stack-distance': 'exact stack distances on the trace',
  shards: 'stack distances on a SHARDS sample of the trace',
  simulation: 'simulated on the trace',
  'miniature-simulation': 'miniature simulation on a SHARDS sample of the trace',
};

function popularityOf(m: PopularityModel, items: number): Popularity {
  return m.kind === 'uniform' ? uniformPopularity(items) : zipfPopularity(items, m.alpha);
}

export function policyLabel(policy: string): string {
  if (policy === 'fifo') return 'FIFO or random';
  if (policy === 'lfu') return 'perfect LFU';
  return policy.toUpperCase().length <= 4 ? policy.toUpperCase() : policy;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function roundParts(parts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round2(v)]));
}
