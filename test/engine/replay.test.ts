import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { traceFromRequests, type RequestRow } from '../../src/trace/memory.js';
import { openTrace } from '../../src/trace/open.js';
import { parseColumnMapping } from '../../src/trace/columns.js';
import { collectTrace } from '../../src/trace/collect.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import { CLOUDPHYSICS_BIN, CLOUDPHYSICS_COLUMNS, CLOUDPHYSICS_CSV, simulate } from '../helpers.js';
import { SIMULATIONS } from '../../src/run/kinds.js';

/** The textbook reference string (Belady, Nelson and Shedler, 1969). */
const TEXTBOOK = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5].map((key) => ({ key }));

async function misses(policy: string, rows: RequestRow[], capacity: number): Promise<number> {
  const [r] = await simulate(traceFromRequests(rows), policy, [capacity]);
  return r!.misses;
}

describe('hand-worked traces', () => {
  it('FIFO on 1 2 3 4 1 2 5 1 2 3 4 5: 9 misses with 3 slots, 10 with 4 (Belady\'s anomaly)', async () => {
    assert.equal(await misses('fifo', TEXTBOOK, 3), 9);
    assert.equal(await misses('fifo', TEXTBOOK, 4), 10);
  });

  it('LRU on the textbook string: 10 misses with 3 slots, 8 with 4', async () => {
    assert.equal(await misses('lru', TEXTBOOK, 3), 10);
    assert.equal(await misses('lru', TEXTBOOK, 4), 8);
  });

  it('LFU on the textbook string: 10 misses with 3 slots, 8 with 4', async () => {
    // 3 slots: every key is at count 1 when 4, 1, 2, 5 arrive, so each evicts the
    // oldest-touched; 1 and 2 then hit (count 2); 3, 4, 5 each evict the lone count-1 key.
    assert.equal(await misses('lfu', TEXTBOOK, 3), 10);
    // 4 slots: 1 and 2 hit twice each (count 3); 5 evicts 3 (oldest count-1),
    // then 3 evicts 4, 4 evicts 5, 5 evicts 3: 4 cold + 4 = 8.
    assert.equal(await misses('lfu', TEXTBOOK, 4), 8);
  });

  it('LFU breaks ties by the oldest touch, and forgets an evicted key\'s count', async () => {
    // 3 slots. a(m) a(h: a=2) b(m) c(m) | d(m): b and c are at 1, b touched
    // earlier, so b goes. c(h: c=2) | b(m): d is the only key at 1, so d goes
    // (b comes back at 1: its old count was forgotten). c(h). Hits: a, c, c.
    const rows = ['a', 'a', 'b', 'c', 'd', 'c', 'b', 'c'].map((key) => ({ key }));
    const [r] = await simulate(traceFromRequests(rows), 'lfu', [3]);
    assert.equal(r!.hits, 3);
    assert.equal(r!.evictions, 2);
  });

  it('a TTL expires lazily: fresh through its expiry second, a miss after, counted in expirations', async () => {
    const rows: RequestRow[] = [
      { key: 'a', time: 0, ttl: 5 }, // miss, cached until t = 5
      { key: 'a', time: 5 }, // hit: Redis expires only once now > expiry
      { key: 'a', time: 5.5 }, // expired: miss, reloaded with this row's ttl (none)
      { key: 'a', time: 100 }, // hit: no TTL now
    ];
    const [r] = await simulate(traceFromRequests(rows), 'lru', [10]);
    assert.deepEqual([r!.hits, r!.misses, r!.expirations, r!.dbReads], [2, 2, 1, 2]);
  });

  it('writes replace the cached value (or invalidate it), deletes remove it, and both count as database writes', async () => {
    const rows: RequestRow[] = [
      { key: 'a', op: 'set' }, // insert on write
      { key: 'a' }, // hit
      { key: 'a', op: 'delete' },
      { key: 'a' }, // miss
      { key: 'a', op: 'set' }, // replace
      { key: 'a' }, // hit (update) or miss (invalidate)
    ];
    const [u] = await simulate(traceFromRequests(rows), 'lru', [10]);
    assert.deepEqual([u!.hits, u!.misses, u!.dbReads, u!.dbWrites, u!.writes, u!.deletes], [2, 1, 1, 3, 2, 1]);
    const [inv] = await simulate(traceFromRequests(rows), 'lru', [10], { writeMode: 'invalidate' });
    assert.deepEqual([inv!.hits, inv!.misses, inv!.dbReads], [0, 3, 3]);
  });

  it('bytes: an object larger than the cache is never admitted; others evict until the new one fits', async () => {
    const rows: RequestRow[] = [
      { key: 'big', size: 11 }, // refused: capacity 10 bytes
      { key: 'a', size: 4 },
      { key: 'b', size: 4 },
      { key: 'c', size: 4 }, // 12 > 10: evicts a (LRU)
      { key: 'b', size: 4 }, // hit
      { key: 'a', size: 4 }, // miss: evicts c (b was touched after c)
      { key: 'b', size: 4 }, // hit
    ];
    const [r] = await simulate(traceFromRequests(rows), 'lru', ['10B']);
    assert.deepEqual([r!.hits, r!.misses, r!.evictions, r!.rejected], [2, 5, 2, 1]);
    // byte hit ratio: 8 of 11 + 4·6 = 35 bytes read were hits.
    assert.equal(r!.byteHitRatio, Math.round((8 / 35) * 1e6) / 1e6);
  });

  it('bytes: a write that grows a value evicts others to make room', async () => {
    const rows: RequestRow[] = [
      { key: 'a', size: 4 },
      { key: 'b', size: 4 },
      { key: 'b', op: 'set', size: 8 }, // 12 > 10: a (least recent) is evicted
      { key: 'a', size: 4 }, // miss: 8 + 4 > 10, b is evicted
    ];
    const [r] = await simulate(traceFromRequests(rows), 'lru', ['10B']);
    assert.deepEqual([r!.misses, r!.evictions], [3, 2]);
  });

  it('capacity as a share of the working set: 10% of unique keys', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ key: i % 50 }));
    const [r] = await simulate(traceFromRequests(rows), 'lru', ['10%']);
    assert.deepEqual(r!.capacity, { value: 5, unit: 'objects' });
  });
});

/**
 * An independent LRU: Mattson's stack algorithm, with the stack as a plain
 * array. A request at stack depth d (1-based) hits in every LRU cache of
 * capacity ≥ d, so hits(C) = number of requests with depth ≤ C.
 */
function mattsonHits(ids: ArrayLike<number>, capacities: number[]): number[] {
  const stack: number[] = [];
  const depthCount = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const pos = stack.indexOf(id);
    if (pos >= 0) {
      depthCount.set(pos + 1, (depthCount.get(pos + 1) ?? 0) + 1);
      stack.splice(pos, 1);
    }
    stack.unshift(id);
  }
  return capacities.map((c) => {
    let h = 0;
    for (const [d, n] of depthCount) if (d <= c) h += n;
    return h;
  });
}

describe('LRU against Mattson stack distances', () => {
  it('equal hit counts at every capacity on a generated Zipf trace', async () => {
    const trace = generateTrace(parseGenSpec({ dist: 'zipf', alpha: 0.9, keys: 3000, requests: 40000, seed: 7 }));
    const data = await collectTrace(trace);
    const capacities = [1, 2, 10, 100, 500, 1000, 2000, 2999, 3000];
    const expected = mattsonHits(data.ids.subarray(0, data.length), capacities);
    const results = await simulate(trace, 'lru', capacities);
    assert.deepEqual(results.map((r) => r.hits), expected);
  });
});

describe('the CloudPhysics trace (libCacheSim\'s numbers, same semantics)', () => {
  const columns = parseColumnMapping(CLOUDPHYSICS_COLUMNS);
  const csv = () => openTrace(CLOUDPHYSICS_CSV, { columns });

  it('LRU at 1,024 objects: 0.167346', async () => {
    const [r] = await simulate(csv(), 'lru', [1024]);
    assert.equal(r!.hits, 19056);
    assert.equal(r!.hitRatio, 0.167346);
  });

  it('FIFO at 4,096: 0.184936; LFU at 4,096: 0.197090', async () => {
    const [f] = await simulate(csv(), 'fifo', [4096]);
    const [l] = await simulate(csv(), 'lfu', [4096]);
    assert.equal(f!.hitRatio, 0.184936);
    assert.equal(l!.hitRatio, 0.19709);
  });

  it('LRU at 268,435,456 bytes on the CSV: 0.229020', async () => {
    const [r] = await simulate(csv(), 'lru', ['268435456B']);
    assert.equal(r!.hitRatio, 0.22902);
  });

  it('the oracleGeneral file gives the same object-capacity results (same keys, same order)', async () => {
    const [r] = await simulate(openTrace(CLOUDPHYSICS_BIN), 'lru', [1024]);
    assert.equal(r!.requests, 113872);
    assert.equal(r!.hits, 19056);
  });
});

describe('determinism', () => {
  it('random eviction: same seed, same result; another seed, another result', async () => {
    const trace = generateTrace(parseGenSpec({ keys: 2000, requests: 30000, seed: 3 }));
    const [a] = await simulate(trace, 'random', [200], { seed: 1 });
    const [b] = await simulate(trace, 'random', [200], { seed: 1 });
    const [c] = await simulate(trace, 'random', [200], { seed: 2 });
    assert.deepEqual(a, b);
    assert.notEqual(a!.hits, c!.hits);
  });
});

describe('worker threads', () => {
  it('every registered policy gives the same results in worker threads as in this thread', async () => {
    const { replay } = await import('../../src/engine/replay.js');
    const { POLICIES } = await import('../../src/policies/registry.js');
    const trace = generateTrace(parseGenSpec({ keys: 3000, requests: 150000, writeRatio: 0.1, deleteRatio: 0.02, ttl: 'uniform:min=1,max=120', size: 'uniform:min=100,max=5000', seed: 11 }));
    const specs = POLICIES.flatMap((policy) => [
      { policy, params: Object.fromEntries(policy.params.map((p) => [p.name, p.default])), capacity: { kind: 'objects' as const, value: 300 } },
      { policy, params: Object.fromEntries(policy.params.map((p) => [p.name, p.default])), capacity: { kind: 'bytes' as const, value: 1_000_000 } },
    ]);
    const here = await replay(trace, specs, { kinds: SIMULATIONS, seed: 5, threads: 0 });
    const there = await replay(trace, specs, { kinds: SIMULATIONS, seed: 5, threads: 2 });
    assert.deepEqual(there, here);
  });
});
