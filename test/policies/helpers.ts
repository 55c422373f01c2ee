// Shared by the policies-*.test.ts files: replay small hand-made traces one
// request at a time, so a test can look at the cache between requests.
import { CacheStore } from '../../src/engine/store.js';
import type { EvictionPolicy, PolicyContext } from '../../src/policies/policy.js';
import { resolveParams, type PolicyInfo } from '../../src/policies/registry.js';
import { nextAccess } from '../../src/trace/collect.js';
import { OP_DELETE, OP_READ, OP_WRITE, type TraceChunk } from '../../src/trace/types.js';

/** One request: a bare number is a read of that key (the key is its id). */
export type Step = number | { key: number; op?: 'get' | 'set' | 'delete'; size?: number; ttl?: number; time?: number };

export interface Run<P extends EvictionPolicy = EvictionPolicy> {
  sim: CacheStore;
  policy: P;
  ctx: PolicyContext;
  /** Per request: 'H' hit, 'M' read miss, '-' not a read. */
  outcome: string;
  /** Feed one more request (its index continues the trace; offline policies see only the first run's future). */
  step(s: Step): 'H' | 'M' | '-';
  resident(key: number): boolean;
  /** Resident keys, ascending. */
  residents(): number[];
}

export interface RunOptions {
  unit?: 'objects' | 'bytes';
  params?: Record<string, string | number>;
  seed?: number;
}

/**
 * Replay `steps` (keys are ids) through a fresh store and policy. Offline
 * policies get the next-access array of exactly these steps.
 */
export function replaySteps<P extends EvictionPolicy = EvictionPolicy>(
  info: PolicyInfo,
  steps: readonly Step[],
  capacity: number,
  opts: RunOptions = {},
): Run<P> {
  const norm = steps.map((s) => (typeof s === 'number' ? { key: s } : s));
  const maxKey = norm.reduce((m, s) => Math.max(m, s.key), 0);
  const ids = Int32Array.from(norm.map((s) => s.key));
  const ctx: PolicyContext = {
    capacity,
    unit: opts.unit ?? 'objects',
    seed: opts.seed ?? 42,
    request: 0,
    nextAccess: info.offline ? nextAccess(ids, ids.length, maxKey + 1) : null,
  };
  const policy = info.create(ctx, resolveParams(info, opts.params ?? {})) as P;
  const sim = new CacheStore(policy, ctx);
  sim.grow(Math.max(maxKey + 1, 4096));
  const chunk: TraceChunk = {
    length: 1,
    times: new Float64Array(1),
    ids: new Int32Array(1),
    ops: new Uint8Array(1),
    sizes: new Uint32Array(1),
    ttls: new Float32Array(1),
  };
  let index = 0;
  const run: Run<P> = {
    sim,
    policy,
    ctx,
    outcome: '',
    step(s: Step): 'H' | 'M' | '-' {
      const r = typeof s === 'number' ? { key: s } : s;
      chunk.times[0] = r.time ?? index;
      chunk.ids[0] = r.key;
      chunk.ops[0] = r.op === 'set' ? OP_WRITE : r.op === 'delete' ? OP_DELETE : OP_READ;
      chunk.sizes[0] = r.size ?? 1;
      chunk.ttls[0] = r.ttl ?? 0;
      index++;
      const hits = sim.counters.hits;
      const reads = sim.counters.reads;
      sim.processChunk(chunk);
      const o = sim.counters.reads === reads ? '-' : sim.counters.hits > hits ? 'H' : 'M';
      run.outcome += o;
      return o;
    },
    resident: (key: number) => sim.isResident(key),
    residents(): number[] {
      const out: number[] = [];
      for (let k = 0; k < 4096 || k <= maxKey; k++) if (sim.isResident(k)) out.push(k);
      return out;
    },
  };
  for (const s of steps) run.step(s);
  return run;
}

/** Count the misses of an outcome string. */
export function misses(outcome: string): number {
  return [...outcome].filter((c) => c === 'M').length;
}
