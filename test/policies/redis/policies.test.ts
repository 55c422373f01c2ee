import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { CacheStore } from '../../../src/engine/store.js';
import { replay } from '../../../src/engine/replay.js';
import type { PolicyContext } from '../../../src/policies/policy.js';
import {
  LRU_CLOCK_MAX,
  lfuDecrAndReturn,
  lfuLogIncr,
  lfuMinutes,
  lfuPack,
  lfuTimeElapsed,
  lruClock,
  lruIdle,
} from '../../../src/policies/redis/clock.js';
import { REDIS_POLICIES } from '../../../src/policies/redis/index.js';
import { RedisLfuPolicy } from '../../../src/policies/redis/lfu.js';
import { EvictionPool } from '../../../src/policies/redis/pool.js';
import { RedisRandomPolicy } from '../../../src/policies/redis/random.js';
import { findPolicy, POLICIES, resolveParams, type PolicyInfo } from '../../../src/policies/registry.js';
import { traceFromRequests, type RequestRow } from '../../../src/trace/memory.js';
import { generateTrace } from '../../../src/workload/generator.js';
import { parseGenSpec } from '../../../src/workload/spec.js';
import { SIMULATIONS } from '../../../src/run/kinds.js';

// ---- helpers ----

function context(capacity: number, seed = 1): PolicyContext {
  return { capacity, unit: 'objects', seed, request: 0, nextAccess: null };
}

/** Replay rows through the store with one policy; keys are named, ids follow first appearance. */
async function runRows(name: string, capacity: number, rows: RequestRow[], params: Record<string, number> = {}) {
  const info = findPolicy(name);
  const ctx = context(capacity);
  const policy = info.create(ctx, resolveParams(info, params));
  const sim = new CacheStore(policy, ctx);
  const trace = traceFromRequests(rows);
  for await (const c of trace.chunks()) {
    sim.grow(trace.keys.size);
    sim.processChunk(c);
  }
  const ids = new Map<string, number>();
  for (const r of rows) if (!ids.has(String(r.key))) ids.set(String(r.key), ids.size);
  const residents = [...ids].filter(([, id]) => sim.isResident(id)).map(([k]) => k).sort();
  return { sim, policy, residents, k: sim.counters };
}

const get = (key: string, time: number, ttl?: number): RequestRow => ({ key, time, size: 1, ...(ttl ? { ttl } : {}) });

// ---- the registry ----

describe('Redis policies in the registry', () => {
  it('has all eight maxmemory-policy names, each once', () => {
    const names = ['noeviction', 'allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-lfu', 'allkeys-random', 'volatile-random', 'volatile-ttl'];
    for (const n of names) assert.equal(POLICIES.filter((p) => p.name === n).length, 1, n);
    assert.deepEqual(REDIS_POLICIES.map((p) => p.name).sort(), [...names].sort());
    for (const p of REDIS_POLICIES) assert.equal(p.family, 'redis');
  });

  it('has Redis\'s defaults: samples 5, lfu-log-factor 10, lfu-decay-time 1', () => {
    assert.deepEqual(resolveParams(findPolicy('allkeys-lru'), {}), { samples: 5 });
    assert.deepEqual(resolveParams(findPolicy('volatile-lfu'), {}), { samples: 5, 'lfu-log-factor': 10, 'lfu-decay-time': 1 });
    assert.deepEqual(resolveParams(findPolicy('allkeys-random'), {}), {});
    assert.throws(() => resolveParams(findPolicy('allkeys-lru'), { samples: 0 }), /at least 1/);
  });
});

// ---- clocks and counters, against Redis's C code worked by hand ----

describe('LRU clock (evict.c getLRUClock, estimateObjectIdleTime)', () => {
  it('has 1-second resolution and 24 bits', () => {
    assert.equal(lruClock(0.999), 0);
    assert.equal(lruClock(1), 1);
    assert.equal(lruClock(2 ** 24 + 3.5), 3);
    assert.equal(lruClock(1_700_000_000.4), 1_700_000_000 % 2 ** 24);
  });

  it('wraps once, adding LRU_CLOCK_MAX as Redis does', () => {
    assert.equal(lruIdle(10, 4), 6);
    assert.equal(lruIdle(4, 4), 0);
    // stamp near the top, clock wrapped: 2 + (2^24 − 1 − (2^24 − 3)) = 4
    assert.equal(lruIdle(2, 2 ** 24 - 3), 4);
    assert.equal(LRU_CLOCK_MAX, 16_777_215);
  });
});

describe('LFU counter (evict.c LFULogIncr, LFUDecrAndReturn)', () => {
  it('always increments at or below LFU_INIT_VAL, never above 255', () => {
    for (const c of [0, 3, 5]) assert.equal(lfuLogIncr(c, 10, 0.999999), c + 1);
    assert.equal(lfuLogIncr(255, 0, 0), 255);
  });

  it('increments above 5 with chance 1/((c−5)·factor+1)', () => {
    // c = 6, factor 10: p = 1/11 = 0.0909…
    assert.equal(lfuLogIncr(6, 10, 0.0909), 7);
    assert.equal(lfuLogIncr(6, 10, 0.0910), 6);
    // c = 8, factor 2: p = 1/7 = 0.142857…
    assert.equal(lfuLogIncr(8, 2, 0.1428), 9);
    assert.equal(lfuLogIncr(8, 2, 0.1429), 8);
  });

  it('decays one step per lfu-decay-time minutes, floored at 0, and not at all with 0', () => {
    const f = lfuPack(100, 20);
    assert.equal(lfuDecrAndReturn(f, 100, 1), 20);
    assert.equal(lfuDecrAndReturn(f, 103, 1), 17);
    assert.equal(lfuDecrAndReturn(f, 103, 2), 19);
    assert.equal(lfuDecrAndReturn(f, 103, 0), 20);
    assert.equal(lfuDecrAndReturn(f, 200, 1), 0);
    // 16-bit minutes wrap: from 65530 to 2 is 65535 − 65530 + 2 = 7 minutes.
    assert.equal(lfuTimeElapsed(65530, 2), 7);
    assert.equal(lfuDecrAndReturn(lfuPack(65530, 10), 2, 1), 3);
    assert.equal(lfuMinutes(60 * 65536 + 59), 0);
  });

  it('a hit decays first, then increments (a new key idle 10 minutes ends at 1)', () => {
    const p = new RedisLfuPolicy(context(10), 'allkeys', 5, 10, 1);
    p.grow(1);
    p.onInsert(0, 1, 0, 0);
    assert.equal(p.storedCounter(0), 5);
    // 5 − 10 minutes → 0, then 0 ≤ 5 increments surely → 1.
    p.onHit(0, 600);
    assert.equal(p.storedCounter(0), 1);
    assert.equal(p.counterOf(0, 600 + 59), 1);
    assert.equal(p.counterOf(0, 600 + 60), 0);
  });

  it('with lfu-log-factor 0 counts every hit up to 255', () => {
    const p = new RedisLfuPolicy(context(10), 'allkeys', 5, 0, 0);
    p.grow(1);
    p.onInsert(0, 1, 0, 0);
    for (let i = 0; i < 100; i++) p.onHit(0, 1);
    assert.equal(p.storedCounter(0), 105);
    for (let i = 0; i < 500; i++) p.onHit(0, 1);
    assert.equal(p.storedCounter(0), 255);
  });

  /** Distribution of the counter after n hits from 5, by dynamic programming over the Markov chain. */
  function counterDistribution(n: number, factor: number): Float64Array {
    let d = new Float64Array(256);
    d[5] = 1;
    for (let h = 0; h < n; h++) {
      const next = new Float64Array(256);
      for (let c = 0; c < 256; c++) {
        if (d[c] === 0) continue;
        const p = c === 255 ? 0 : c <= 5 ? 1 : 1 / ((c - 5) * factor + 1);
        next[c]! += d[c]! * (1 - p);
        if (p > 0) next[c + 1]! += d[c]! * p;
      }
      d = next;
    }
    return d;
  }

  it('after 200 hits at factor 10, the mean counter matches the chain\'s expectation', () => {
    const dist = counterDistribution(200, 10);
    let mean = 0;
    let sq = 0;
    for (let c = 0; c < 256; c++) {
      mean += c * dist[c]!;
      sq += c * c * dist[c]!;
    }
    const sd = Math.sqrt(sq - mean * mean);
    const keys = 4000;
    const p = new RedisLfuPolicy(context(keys), 'allkeys', 5, 10, 1);
    p.grow(keys);
    for (let id = 0; id < keys; id++) {
      p.onInsert(id, 1, 0, 0);
      for (let h = 0; h < 200; h++) p.onHit(id, 1);
    }
    let got = 0;
    for (let id = 0; id < keys; id++) got += p.storedCounter(id);
    got /= keys;
    // ~12.0 by the chain; 4 standard errors of the mean.
    assert.ok(Math.abs(got - mean) < (4 * sd) / Math.sqrt(keys), `mean counter ${got}, expected ${mean} ± ${(4 * sd) / Math.sqrt(keys)}`);
  });

  it('reaching counter 10 at factor 10 takes Σ((c−5)·10+1) = 1+11+21+31+41 = 105 hits on average', () => {
    const keys = 3000;
    const p = new RedisLfuPolicy(context(keys), 'allkeys', 5, 10, 0);
    p.grow(keys);
    let total = 0;
    for (let id = 0; id < keys; id++) {
      p.onInsert(id, 1, 0, 0);
      let hits = 0;
      while (p.storedCounter(id) < 10) {
        p.onHit(id, 0);
        hits++;
      }
      total += hits;
    }
    // Geometric waits: variance Σ(1−p)/p² = 0 + 110 + 420 + 930 + 1640 = 3100.
    const se = Math.sqrt(3100 / keys);
    assert.ok(Math.abs(total / keys - 105) < 4 * se, `mean hits ${total / keys}`);
  });
});

// ---- the eviction pool ----

describe('eviction pool (evict.c evictionPoolPopulate)', () => {
  it('keeps ascending scores; an equal score goes left of the entries already there', () => {
    const pool = new EvictionPool();
    pool.insert(1, 10);
    pool.insert(2, 5);
    pool.insert(3, 7);
    pool.insert(4, 7);
    // 4 ties with 3 and goes to its left: 3, the older entry, is nearer the evicting end.
    assert.deepEqual(pool.entries().map((e) => e.id), [2, 4, 3, 1]);
  });

  it('holds 16: when full, a worse candidate than all is dropped and a better one pushes out the worst', () => {
    const pool = new EvictionPool();
    for (let i = 0; i < 16; i++) pool.insert(100 + i, 10 + i);
    pool.insert(1, 5);
    assert.equal(pool.entries().length, 16);
    assert.ok(!pool.entries().some((e) => e.id === 1));
    pool.insert(2, 17.5);
    const ids = pool.entries().map((e) => e.id);
    // The worst (100, score 10) left; 2 sits between scores 17 and 18.
    assert.equal(ids[0], 101);
    assert.equal(ids.indexOf(2), ids.indexOf(107) + 1);
    assert.equal(ids[15], 115);
    pool.insert(3, 99);
    assert.equal(pool.entries()[15]!.id, 3);
    assert.equal(pool.entries()[0]!.id, 102);
  });
});

// ---- sampled LRU through the store ----

describe('allkeys-lru', () => {
  it('ties keys touched in the same second: the older pool entry is evicted, not the least recent', async () => {
    // a at 0.1, b at 0.2, a again at 0.5: exact LRU would evict b for c.
    // Both have idle 0 at 0.9; a is sampled first, b goes left of it, a is evicted.
    const r = await runRows('allkeys-lru', 2, [get('a', 0.1), get('b', 0.2), get('a', 0.5), get('c', 0.9)]);
    assert.deepEqual(r.residents, ['b', 'c']);
    const exact = await runRows('lru', 2, [get('a', 0.1), get('b', 0.2), get('a', 0.5), get('c', 0.9)]);
    assert.deepEqual(exact.residents, ['a', 'c']);
  });

  it('a key touched a second later is not tied: the idle one is evicted', async () => {
    const r = await runRows('allkeys-lru', 2, [get('a', 0.1), get('b', 0.2), get('a', 1.5), get('c', 1.9)]);
    assert.deepEqual(r.residents, ['a', 'c']);
  });

  it('keeps pool scores from sampling time: a key hit after being pooled is still evicted on its old score', async () => {
    // Worked in docs/redis.md: at 10, a (idle 10) goes and the pool keeps c:8, b:9.
    // b is hit at 11. At 12, c (idle 10) goes; the pool keeps b:1, d:2, c:8 (ghost), b:9.
    // At 13, the best entry is b:9 — b is evicted although d (idle 3) is older.
    const rows = [get('a', 0), get('b', 1), get('c', 2), get('d', 10), get('b', 11), get('e', 12), get('f', 13)];
    const r = await runRows('allkeys-lru', 3, rows);
    assert.deepEqual(r.residents, ['d', 'e', 'f']);
    assert.equal(r.k.evictions, 3);
    const exact = await runRows('lru', 3, rows);
    assert.deepEqual(exact.residents, ['b', 'e', 'f']);
  });
});

// ---- volatile-* and noeviction ----

describe('volatile policies', () => {
  for (const name of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
    it(`${name} evicts only keys with a TTL, and refuses once there are none`, async () => {
      const rows = [get('a', 0), get('b', 1, 100), get('c', 2), get('d', 3), get('a', 4), get('d', 5)];
      const r = await runRows(name, 2, rows);
      // c evicts b (the only TTL key); d finds none: refused; a hits; d is refused again.
      assert.deepEqual(r.residents, ['a', 'c']);
      assert.equal(r.k.reads, 6);
      assert.equal(r.k.hits, 1);
      assert.equal(r.k.misses, 5);
      assert.equal(r.k.dbReads, 5);
      assert.equal(r.k.evictions, 1);
      assert.equal(r.k.rejected, 2);
    });
  }

  it('a write without a TTL makes the key persistent, so it is no longer evictable', async () => {
    const rows: RequestRow[] = [get('a', 0, 100), get('b', 1), { key: 'a', op: 'set', time: 2, size: 1 }, get('c', 3)];
    const r = await runRows('volatile-lru', 2, rows);
    assert.deepEqual(r.residents, ['a', 'b']);
    assert.equal(r.k.rejected, 1);
    assert.equal(r.k.evictions, 0);
  });

  it('volatile-ttl evicts the nearest absolute expiry', async () => {
    // Expiries: a 300, b 100.5, c 201. d evicts b; then e evicts c (201 < 300 < 502).
    const rows = [get('a', 0, 300), get('b', 0.5, 100), get('c', 1, 200), get('d', 2, 500), get('e', 3, 1000)];
    const r = await runRows('volatile-ttl', 3, rows);
    assert.deepEqual(r.residents, ['a', 'd', 'e']);
    assert.equal(r.k.evictions, 2);
  });
});

describe('noeviction', () => {
  it('never evicts: inserts beyond capacity are refused, the reads still served from the database', async () => {
    const r = await runRows('noeviction', 2, [get('a', 0), get('b', 1), get('c', 2), get('a', 3), get('c', 4)]);
    assert.deepEqual(r.residents, ['a', 'b']);
    assert.equal(r.k.hits, 1);
    assert.equal(r.k.misses, 4);
    assert.equal(r.k.dbReads, 4);
    assert.equal(r.k.rejected, 2);
    assert.equal(r.k.evictions, 0);
  });
});

describe('allkeys-random', () => {
  it('draws victims uniformly (chi-square, 3 degrees of freedom, p = 0.001)', () => {
    const p = new RedisRandomPolicy(context(4, 7), 'allkeys');
    p.grow(4);
    for (let id = 0; id < 4; id++) p.onInsert(id, 1, 0, 0);
    const counts = [0, 0, 0, 0];
    const draws = 8000;
    for (let i = 0; i < draws; i++) counts[p.victim()]!++;
    const chi = counts.reduce((s, c) => s + (c - draws / 4) ** 2 / (draws / 4), 0);
    assert.ok(chi < 16.27, `chi-square ${chi}, counts ${counts}`);
  });
});

// ---- every Redis policy on a mixed workload ----

describe('every Redis policy on a Zipf trace with writes, deletes and TTLs', () => {
  const spec = parseGenSpec({ keys: 3000, requests: 30000, rate: 2000, writeRatio: 0.1, deleteRatio: 0.02, ttl: 'uniform:min=1,max=30', seed: 5 });

  async function runAll(info: PolicyInfo, seed: number) {
    const ctx = context(300, seed);
    const policy = info.create(ctx, resolveParams(info, {}));
    const sim = new CacheStore(policy, ctx);
    const trace = generateTrace(spec);
    let over = false;
    for await (const c of trace.chunks()) {
      sim.grow(trace.keys.size);
      sim.processChunk(c);
      if (sim.used > 300) over = true;
    }
    return { sim, policy, over };
  }

  for (const info of REDIS_POLICIES) {
    it(`${info.name}: stays within capacity, keeps its invariants, repeats with the same seed`, async () => {
      const a = await runAll(info, 3);
      const b = await runAll(info, 3);
      assert.equal(a.over, false);
      assert.equal(a.sim.counters.hits + a.sim.counters.misses, a.sim.counters.reads);
      assert.equal(a.policy.check?.(a.sim.residents), undefined);
      assert.deepEqual(a.sim.counters, b.sim.counters);
    });
  }

  it('results are byte-identical through replay() with the same seed', async () => {
    const specs = REDIS_POLICIES.map((policy) => ({ policy, params: resolveParams(policy, {}), capacity: { kind: 'objects' as const, value: 300 } }));
    const one = await replay(generateTrace(spec), specs, { kinds: SIMULATIONS, seed: 9, threads: 0 });
    const two = await replay(generateTrace(spec), specs, { kinds: SIMULATIONS, seed: 9, threads: 0 });
    assert.equal(JSON.stringify(one), JSON.stringify(two));
  });
});

// ---- against Redis itself, as measured in FACTS.md ----

describe('against the Redis hit ratios measured in FACTS.md', () => {
  // Zipf 1.0, 100k keys, 1M requests at full speed (~90k requests/s), ~9,900 keys:
  // allkeys-lru 0.7076, allkeys-lfu 0.7656, allkeys-random 0.6973 (mean of 3 runs).
  it('allkeys-lru, allkeys-lfu and allkeys-random land within 0.005', async () => {
    const trace = generateTrace(parseGenSpec({ keys: 100000, requests: 1000000, rate: 90000, seed: 11 }));
    const names = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random'];
    const specs = names.map((n) => {
      const policy = findPolicy(n);
      return { policy, params: resolveParams(policy, {}), capacity: { kind: 'objects' as const, value: 9900 } };
    });
    const report = await replay(trace, specs, { kinds: SIMULATIONS, seed: 42, threads: 0 });
    const measured: Record<string, number> = { 'allkeys-lru': 0.7076, 'allkeys-lfu': 0.7656, 'allkeys-random': 0.6973 };
    for (const r of report.results) {
      assert.ok(Math.abs(r.hitRatio! - measured[r.policy]!) < 0.005, `${r.policy}: ${r.hitRatio} vs Redis ${measured[r.policy]}`);
    }
  });
});
