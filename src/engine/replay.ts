import { usageError } from '../core/errors.js';
import { resolveCapacity, type CapacitySpec } from '../core/units.js';
import type { PolicyContext } from '../policies/policy.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry.js';
import { round6, TraceStats, type TraceSummary } from '../trace/stats.js';
import type { TraceSource } from '../trace/types.js';
import { MemoryTrace } from '../trace/memory.js';
import { collectTrace, nextAccess as nextAccessOf } from '../trace/collect.js';
import { CacheSim, type CacheCounters, type CapacityUnit, type OnWrite } from './cache.js';

/** One policy at one capacity. */
export interface RunSpec {
  policy: PolicyInfo;
  params: PolicyParams;
  capacity: CapacitySpec;
}

export interface ReplayOptions {
  seed: number;
  onWrite?: OnWrite;
  /** Called after each chunk with the requests read so far (progress bars). */
  onProgress?: (requests: number) => void;
}

/** One row of `cachesim run`'s results, as documented in docs/json.md. */
export interface RunResult {
  policy: string;
  /** The policy's parameters, when it has any. */
  params?: PolicyParams;
  capacity: { value: number; unit: CapacityUnit };
  requests: number;
  reads: number;
  hits: number;
  misses: number;
  /** hits / reads; omitted when there were no reads. */
  hitRatio?: number;
  /** Bytes of reads that hit / bytes of all reads; omitted when the trace has no sizes. */
  byteHitRatio?: number;
  evictions: number;
  expirations: number;
  dbReads: number;
  dbWrites: number;
  writes: number;
  deletes: number;
  rejected: number;
}

export interface RunReport {
  trace: TraceSummary;
  seed: number;
  results: RunResult[];
}

/**
 * Replay every policy × capacity pair from one read of the trace: each chunk
 * is fed to every simulation before the next is read, so memory grows with
 * distinct keys, not with requests. A capacity given as a share of the
 * working set needs the working set first: the trace is then read twice.
 * An offline policy (Belady) needs the whole future: the trace is then read
 * into memory once and replayed from there.
 */
export async function replay(input: TraceSource, specs: RunSpec[], opts: ReplayOptions): Promise<RunReport> {
  if (specs.length === 0) throw usageError('nothing to run: give at least one --policy and one --capacity');
  let source = input;
  let working: TraceStats | undefined;
  let nextAccess: Float64Array | null = null;
  if (specs.some((s) => s.policy.offline)) {
    const data = await collectTrace(input);
    source = new MemoryTrace(input.source, input.keys, input.columns, data, input.skippedRows);
    nextAccess = nextAccessOf(data.ids, data.length, input.keys.size);
  }
  if (specs.some((s) => s.capacity.kind === 'percent')) {
    working = new TraceStats();
    for await (const c of source.chunks()) working.add(c);
  }
  const sims = specs.map((s) => {
    const cap = resolveCapacity(s.capacity, working?.uniqueKeys ?? 0, working?.uniqueBytes ?? 0);
    const ctx: PolicyContext = {
      capacity: cap.value,
      unit: cap.unit,
      seed: opts.seed,
      request: 0,
      nextAccess: s.policy.offline ? nextAccess : null,
    };
    return new CacheSim(s.policy.create(ctx, s.params), ctx, opts.onWrite ?? 'update');
  });
  const stats = new TraceStats();
  let checkedColumns = false;
  for await (const c of source.chunks()) {
    if (!checkedColumns) {
      checkedColumns = true;
      if (!source.columns.size && sims.some((s) => s.unit === 'bytes')) {
        throw usageError(`${source.source}: a capacity in bytes needs object sizes, and this trace has no size column: map one with --columns size=NAME, or give the capacity in objects`);
      }
    }
    stats.add(c);
    const keyCount = source.keys.size;
    for (const sim of sims) {
      sim.grow(keyCount);
      sim.processChunk(c);
    }
    opts.onProgress?.(stats.requests);
  }
  if (stats.requests === 0) throw usageError(`${source.source}: the trace has no requests`);
  const trace = stats.summary(source.source, source.columns, source.skippedRows > 0 ? source.skippedRows : undefined);
  return {
    trace,
    seed: opts.seed,
    results: sims.map((sim, i) => toResult(specs[i]!, sim, source.columns.size)),
  };
}

export function toResult(spec: RunSpec, sim: CacheSim, hasSizes: boolean): RunResult {
  const k: CacheCounters = sim.counters;
  // Key order is part of the documented output.
  return {
    policy: spec.policy.name,
    ...(spec.policy.params.length > 0 ? { params: spec.params } : {}),
    capacity: { value: sim.capacity, unit: sim.unit },
    requests: k.requests,
    reads: k.reads,
    hits: k.hits,
    misses: k.misses,
    ...(k.reads > 0 ? { hitRatio: round6(k.hits / k.reads) } : {}),
    ...(hasSizes && k.bytesRead > 0 ? { byteHitRatio: round6(k.bytesHit / k.bytesRead) } : {}),
    evictions: k.evictions,
    expirations: k.expirations,
    dbReads: k.dbReads,
    dbWrites: k.dbWrites,
    writes: k.writes,
    deletes: k.deletes,
    rejected: k.rejected,
  };
}
