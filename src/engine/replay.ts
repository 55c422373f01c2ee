import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { CachesimError, inputError, usageError } from '../core/errors.js';
import { resolveCapacity, type CapacitySpec } from '../core/units.js';
import type { PolicyContext } from '../policies/policy.js';
import { admissionLabel, type AdmissionSpec } from '../admission/registry.js';
import type { PolicyInfo, PolicyParams } from '../policies/registry.js';
import { TraceStats } from '../trace/stats.js';
import { round6 } from '../core/numbers.js';
import { DEFAULT_CHUNK_ROWS, type TraceSource } from '../trace/types.js';
import { slotChunk, type FromWorker, type SharedSlot, type ToWorker, type WorkerSetup } from './worker-protocol.js';
import { MemoryTrace } from '../trace/memory.js';
import { collectTrace, nextAccess as nextAccessOf } from '../trace/collect.js';
import type { CacheCounters, CapacityUnit, WriteMode } from './store.js';
import type { SimConfig, SimulationKinds } from './simulation.js';
import { withKind, type RunReport, type RunResult } from './result.js';

export { withKind, type RunReport, type RunResult } from './result.js';

/** One policy at one capacity (and, for other kinds of simulation, their settings). */
export interface RunSpec {
  policy: PolicyInfo;
  params: PolicyParams;
  capacity: CapacitySpec;
  sim?: SimConfig;
  /** Which missed keys come in (absent: all of them). */
  admission?: AdmissionSpec;
}

export interface ReplayOptions {
  /** The kinds of simulation the specs may ask for (the run layer's registry: SIMULATIONS in src/run/kinds.ts). */
  kinds: SimulationKinds;
  seed: number;
  writeMode?: WriteMode;
  /** Called after each chunk with the requests read so far (progress bars). */
  onProgress?: (requests: number) => void;
  /** Worker threads for the simulations: 0 = this thread; 'auto' (default) = by the size of the work. */
  threads?: number | 'auto';
}



/**
 * Replay every policy × capacity pair from one read of the trace: each chunk
 * is fed to every simulation before the next is read, so memory grows with
 * distinct keys, not with requests. A capacity given as a share of the
 * working set needs the working set first: the trace is then read twice.
 * An offline policy (Belady) needs the whole future: the trace is then read
 * into memory once and replayed from there. Large runs spread the
 * simulations over worker threads while this thread reads the trace.
 */
export async function replay(input: TraceSource, specs: RunSpec[], opts: ReplayOptions): Promise<RunReport> {
  if (specs.length === 0) throw usageError('nothing to run: give at least one --policy and one --capacity');
  let source = input;
  let nextAccess: Float64Array | null = null;
  if (specs.some((s) => s.policy.offline)) {
    const data = await collectTrace(input);
    source = new MemoryTrace(input.source, input.keys, input.columns, data, input.skippedRows);
    nextAccess = nextAccessOf(data.ids, data.length, input.keys.size);
  }
  let working: TraceStats | undefined;
  if (specs.some((s) => s.capacity.kind === 'percent')) {
    working = new TraceStats();
    for await (const c of source.chunks()) working.add(c);
  }
  const plans: SimPlan[] = specs.map((s) => ({
    spec: s,
    ...resolveCapacity(s.capacity, working?.uniqueKeys ?? 0, working?.uniqueBytes ?? 0),
  }));
  // A kind that hashes key names (a cluster) needs this thread's key table: it runs here.
  const threads = specs.some((s) => opts.kinds.needsKeys(s.sim)) ? 0 : threadCount(opts.threads ?? 'auto', source, plans.length);
  const checkSizes = (): void => {
    if (!source.columns.size && plans.some((p) => p.unit === 'bytes')) {
      throw usageError(`${source.source}: a capacity in bytes needs object sizes, and this trace has no size column: map one with --columns size=NAME, or give the capacity in objects`);
    }
  };
  const run = threads > 0
    ? await runInWorkers(source, plans, opts, nextAccess, threads, checkSizes)
    : await runHere(source, plans, opts, nextAccess, checkSizes);
  if (run.stats.requests === 0) throw inputError(`${source.source}: the trace has no requests (only a header, or every row skipped): give a trace with at least one request`);
  const trace = run.stats.summary(source.source, source.columns, source.skippedRows > 0 ? source.skippedRows : undefined);
  return {
    trace,
    seed: opts.seed,
    results: plans.map((p, i) => withKind(p.spec.sim?.kind ?? 'cache', { ...toResult(p.spec, run.counters[i]!, p.value, p.unit, source.columns.size), ...run.results[i] })),
  };
}

/** A run spec with its capacity resolved against the working set. */
interface SimPlan {
  spec: RunSpec;
  value: number;
  unit: CapacityUnit;
}

interface RunOutcome {
  stats: TraceStats;
  counters: CacheCounters[];
  /** Each simulation's result() fields. */
  results: object[];
}

/** Below this much work (requests × simulations) threads cost more than they save. */
const THREAD_MIN_WORK = 1_500_000;

function threadCount(option: number | 'auto', source: TraceSource, sims: number): number {
  if (option !== 'auto') return Math.max(0, Math.min(Math.floor(option), sims));
  const requests = source.estimatedRequests?.();
  if (requests === undefined || requests * sims < THREAD_MIN_WORK) return 0;
  return Math.min(sims, Math.max(1, os.availableParallelism()));
}

async function runHere(source: TraceSource, plans: SimPlan[], opts: ReplayOptions, nextAccess: Float64Array | null, checkSizes: () => void): Promise<RunOutcome> {
  const createSimulation = await opts.kinds.load(plans.map((p) => p.spec.sim));
  const sims = plans.map((p) => {
    const ctx: PolicyContext = {
      capacity: p.value,
      unit: p.unit,
      seed: opts.seed,
      request: 0,
      nextAccess: p.spec.policy.offline ? nextAccess : null,
    };
    return createSimulation({ policy: p.spec.policy, params: p.spec.params, ctx, writeMode: opts.writeMode ?? 'update', sim: p.spec.sim, keys: source.keys, admission: p.spec.admission });
  });
  const stats = new TraceStats();
  let first = true;
  for await (const c of source.chunks()) {
    if (first) {
      first = false;
      checkSizes();
    }
    stats.add(c);
    const keyCount = source.keys.size;
    for (const sim of sims) {
      sim.grow(keyCount);
      sim.processChunk(c);
    }
    opts.onProgress?.(stats.requests);
  }
  for (const sim of sims) sim.finish();
  return { stats, counters: sims.map((s) => s.counters), results: sims.map((s) => s.result()) };
}

/** Chunks in flight at once: the reader fills one while workers replay others. */
const RING_SLOTS = 4;

/**
 * The simulations split round-robin over `threads` workers. This thread
 * reads the trace into a ring of shared chunks; each worker replays its
 * simulations over every chunk and hands the slot back.
 */
async function runInWorkers(
  source: TraceSource,
  plans: SimPlan[],
  opts: ReplayOptions,
  nextAccess: Float64Array | null,
  threads: number,
  checkSizes: () => void,
): Promise<RunOutcome> {
  const rows = DEFAULT_CHUNK_ROWS;
  const slots: SharedSlot[] = Array.from({ length: RING_SLOTS }, () => ({
    times: new SharedArrayBuffer(rows * 8),
    ids: new SharedArrayBuffer(rows * 4),
    ops: new SharedArrayBuffer(rows),
    sizes: new SharedArrayBuffer(rows * 4),
    ttls: new SharedArrayBuffer(rows * 4),
    keySizes: new SharedArrayBuffer(rows * 2),
  }));
  const views = slots.map(slotChunk);
  let sharedNext: SharedArrayBuffer | null = null;
  if (nextAccess) {
    sharedNext = new SharedArrayBuffer(nextAccess.length * 8);
    new Float64Array(sharedNext).set(nextAccess);
  }
  const busy = new Int32Array(RING_SLOTS);
  const counters: CacheCounters[] = new Array(plans.length);
  const results: object[] = new Array(plans.length);
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const poke = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let finished = 0;
  const workers: Worker[] = [];
  for (let w = 0; w < threads; w++) {
    const setup: WorkerSetup = {
      sims: plans
        .map((p, index) => ({ index, policy: p.spec.policy.name, params: p.spec.params, capacity: p.value, unit: p.unit, sim: p.spec.sim, admission: p.spec.admission }))
        .filter((_, index) => index % threads === w),
      seed: opts.seed,
      writeMode: opts.writeMode ?? 'update',
      slots,
      nextAccess: sharedNext,
    };
    const worker = new Worker(opts.kinds.workerUrl, { workerData: setup });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'done') busy[m.slot]!--;
      else if (m.type === 'results') {
        for (const r of m.counters) {
          counters[r.index] = r.counters;
          results[r.index] = r.result;
        }
        finished++;
      } else failure ??= workerError(m);
      poke();
    });
    worker.on('error', (e) => {
      failure ??= e;
      poke();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`a replay worker stopped with code ${code}`);
      poke();
    });
    workers.push(worker);
  }
  const waitUntil = async (ready: () => boolean): Promise<void> => {
    while (!ready() && !failure) await new Promise<void>((resolve) => { wake = resolve; });
    if (failure) throw failure;
  };
  const stats = new TraceStats();
  try {
    let first = true;
    let next = 0;
    for await (const c of source.chunks()) {
      if (first) {
        first = false;
        checkSizes();
      }
      stats.add(c);
      // Chunks may be longer than a slot (in-memory traces): send them in pieces.
      for (let from = 0; from < c.length; from += rows) {
        const n = Math.min(rows, c.length - from);
        const slot = next;
        next = (next + 1) % RING_SLOTS;
        await waitUntil(() => busy[slot] === 0);
        const v = views[slot]!;
        v.times.set(c.times.subarray(from, from + n));
        v.ids.set(c.ids.subarray(from, from + n));
        v.ops.set(c.ops.subarray(from, from + n));
        v.sizes.set(c.sizes.subarray(from, from + n));
        v.ttls.set(c.ttls.subarray(from, from + n));
        v.keySizes.set(c.keySizes.subarray(from, from + n));
        busy[slot] = threads;
        const msg: ToWorker = { type: 'chunk', slot, length: n, keyCount: source.keys.size };
        for (const w of workers) w.postMessage(msg);
      }
      opts.onProgress?.(stats.requests);
    }
    for (const w of workers) w.postMessage({ type: 'end' } satisfies ToWorker);
    await waitUntil(() => finished === threads);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { stats, counters, results };
}

/** An error a worker reported, as the error it was (usage errors keep their exit code). */
function workerError(m: Extract<FromWorker, { type: 'error' }>): Error {
  if (m.code === 'E_USAGE' || m.code === 'E_INPUT' || m.code === 'E_IO') return new CachesimError(m.code, m.message);
  const e = new Error(m.message);
  if (m.stack) e.stack = m.stack;
  return e;
}

export function toResult(spec: RunSpec, k: CacheCounters, capacity: number, unit: CapacityUnit, hasSizes: boolean): Omit<RunResult, 'kind'> {
  // Key order is part of the documented output.
  return {
    policy: spec.policy.name,
    ...(spec.policy.params.length > 0 ? { params: spec.params } : {}),
    capacity: { value: capacity, unit },
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
    ...(spec.admission && spec.admission.name !== 'none' ? { admission: admissionLabel(spec.admission), notAdmitted: k.notAdmitted } : {}),
  };
}
