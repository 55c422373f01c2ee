// Properties every registered policy must have (the list is read from the
// registry, so policies added later are covered too), and the ones only
// Belady's optimum and stack policies have.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { parseCapacity } from '../../src/core/units.js';
import { CacheStore } from '../../src/engine/store.js';
import { replay, type RunSpec } from '../../src/engine/replay.js';
import type { PolicyContext } from '../../src/policies/policy.js';
import { POLICIES, resolveParams, type PolicyInfo } from '../../src/policies/registry.js';
import { parseColumnMapping } from '../../src/trace/columns.js';
import { collectTrace, nextAccess, type CollectedTrace } from '../../src/trace/collect.js';
import { MemoryTrace } from '../../src/trace/memory.js';
import { openTrace } from '../../src/trace/open.js';
import type { TraceChunk, TraceSource } from '../../src/trace/types.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec, type RawGenSpec } from '../../src/workload/spec.js';
import { SIMULATIONS } from '../../src/run/kinds.js';

const CLOUDPHYSICS = new URL('../../../traces/cloudphysics.csv', import.meta.url).pathname;

async function load(source: TraceSource): Promise<{ data: CollectedTrace; keys: number; mem: MemoryTrace }> {
  const data = await collectTrace(source);
  return { data, keys: source.keys.size, mem: new MemoryTrace(source.source, source.keys, source.columns, data) };
}

function generated(raw: RawGenSpec): TraceSource {
  return generateTrace(parseGenSpec(raw));
}

/** A view of request i alone. */
function row(d: CollectedTrace, i: number): TraceChunk {
  return {
    length: 1,
    times: d.times.subarray(i, i + 1),
    ids: d.ids.subarray(i, i + 1),
    ops: d.ops.subarray(i, i + 1),
    sizes: d.sizes.subarray(i, i + 1),
    ttls: d.ttls.subarray(i, i + 1),
  };
}

/**
 * Replay request by request, checking after each one that the store is
 * within capacity and, every few requests, the policy's own invariants.
 */
function replayChecked(info: PolicyInfo, d: CollectedTrace, keys: number, capacity: number, unit: 'objects' | 'bytes', seed: number): CacheStore {
  const ctx: PolicyContext = {
    capacity,
    unit,
    seed,
    request: 0,
    nextAccess: info.offline ? nextAccess(d.ids, d.length, keys) : null,
  };
  const sim = new CacheStore(info.create(ctx, resolveParams(info, {})), ctx);
  sim.grow(keys);
  const policy = sim.policy;
  for (let i = 0; i < d.length; i++) {
    sim.processChunk(row(d, i));
    if (sim.used > capacity) assert.fail(`${info.name} ${capacity} ${unit}: ${sim.used} used after request ${i}`);
    if (policy.check && (i % 37 === 0 || i === d.length - 1)) {
      const problem = policy.check(sim.residents);
      if (problem) assert.fail(`${info.name} ${capacity} ${unit}, request ${i}: ${problem}`);
    }
  }
  return sim;
}

describe('every registered policy, on random traces with writes, deletes and TTLs', async () => {
  // Zipf over 400 keys, 10% writes, 5% deletes, sizes 100 B–3 KB, TTLs 1–20 s at
  // 50 requests/s (so keys expire after 50–1000 requests); and a uniform one
  // with TTLs on none of its keys.
  const withTtl = await load(generated({
    dist: 'zipf', alpha: 0.9, keys: 400, requests: 4000, seed: 11, rate: 50,
    writeRatio: 0.1, deleteRatio: 0.05, size: 'uniform:min=100,max=3000', ttl: 'uniform:min=1,max=20',
  }));
  const noTtl = await load(generated({
    dist: 'uniform', keys: 300, requests: 3000, seed: 12, writeRatio: 0.2, deleteRatio: 0.02, size: 'lognormal:median=500,sigma=1',
  }));
  const cases: Array<[string, typeof withTtl, number, 'objects' | 'bytes']> = [
    ['zipf+ttl', withTtl, 7, 'objects'],
    ['zipf+ttl', withTtl, 60, 'objects'],
    ['zipf+ttl', withTtl, 40_000, 'bytes'],
    ['uniform', noTtl, 50, 'objects'],
    ['uniform', noTtl, 9_000, 'bytes'],
  ];

  for (const info of POLICIES) {
    it(`${info.name}: capacity never exceeded, hits + misses = reads, invariants hold, same seed same result`, () => {
      for (const [name, t, capacity, unit] of cases) {
        const a = replayChecked(info, t.data, t.keys, capacity, unit, 5);
        const k = a.counters;
        assert.equal(k.hits + k.misses, k.reads, `${name} ${capacity} ${unit}`);
        assert.equal(k.requests, t.data.length);
        const b = replayChecked(info, t.data, t.keys, capacity, unit, 5);
        assert.deepEqual(b.counters, a.counters, `${name} ${capacity} ${unit}: same seed, different result`);
      }
    });
  }
});

/** Hits per policy per capacity from one replay of every policy at every capacity. */
async function hitsOf(source: TraceSource, capacities: number[], infos: readonly PolicyInfo[]): Promise<Map<string, { hits: number[]; rejected: number }>> {
  const specs: RunSpec[] = [];
  for (const info of infos) {
    for (const c of capacities) specs.push({ policy: info, params: resolveParams(info, {}), capacity: parseCapacity(String(c)) });
  }
  const report = await replay(source, specs, { kinds: SIMULATIONS, seed: 42 });
  const out = new Map<string, { hits: number[]; rejected: number }>();
  report.results.forEach((r, i) => {
    const name = specs[i]!.policy.name;
    const e = out.get(name) ?? { hits: [], rejected: 0 };
    e.hits.push(r.hits);
    e.rejected += r.rejected;
    out.set(name, e);
  });
  return out;
}

describe('Belady is the optimum (objects, read-only traces)', () => {
  // MIN is optimal among policies that admit every missed key. A policy that
  // refuses inserts (noeviction; volatile-* with no TTL keys) bypasses the
  // cache, which MIN may not, so it is left out when it refused anything.
  const traces: Array<[string, () => TraceSource, number[]]> = [
    ['zipf 0.9', () => generated({ dist: 'zipf', alpha: 0.9, keys: 3000, requests: 40_000, seed: 21 }), [5, 50, 300, 1500]],
    ['uniform', () => generated({ dist: 'uniform', keys: 1000, requests: 30_000, seed: 22 }), [10, 100, 500]],
    ['hot-key bursts', () => generated({ dist: 'hotkey', base: 'zipf', alpha: 0.7, keys: 2000, requests: 30_000, seed: 23, hotKeys: 50, hotShare: 0.6, burstStart: 100, burstDuration: 60, burstEvery: 200, rate: 100 }), [20, 200]],
    ['CloudPhysics', () => openTrace(CLOUDPHYSICS, { columns: parseColumnMapping('time=time,key=lbn,size=size') }), [128, 1024, 4096, 16384]],
  ];
  for (const [name, make, capacities] of traces) {
    it(`has at least every other policy's hits on ${name}`, async () => {
      const all = await hitsOf(make(), capacities, POLICIES);
      const best = all.get('belady')!.hits;
      for (const [policy, { hits, rejected }] of all) {
        if (rejected > 0) continue;
        hits.forEach((h, i) => assert.ok(h <= best[i]!, `${policy} hits ${h} > belady ${best[i]} at ${capacities[i]}`));
      }
    });
  }
});

describe('inclusion property: hits never fall as the cache grows', () => {
  const capacities = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181];
  const stack = POLICIES.filter((p) => p.name === 'lru' || p.name === 'belady');
  const traces: Array<[string, () => TraceSource]> = [
    ['zipf 0.8', () => generated({ dist: 'zipf', alpha: 0.8, keys: 5000, requests: 30_000, seed: 31 })],
    ['CloudPhysics', () => openTrace(CLOUDPHYSICS, { columns: parseColumnMapping('time=time,key=lbn,size=size') })],
  ];
  for (const [name, make] of traces) {
    it(`holds for LRU and Belady on ${name}`, async () => {
      const all = await hitsOf(make(), capacities, stack);
      assert.equal(all.size, 2);
      for (const [policy, { hits }] of all) {
        for (let i = 1; i < hits.length; i++) {
          assert.ok(hits[i]! >= hits[i - 1]!, `${policy}: ${hits[i]} hits at ${capacities[i]} < ${hits[i - 1]} at ${capacities[i - 1]}`);
        }
      }
    });
  }
});
