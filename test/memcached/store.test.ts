// The memcached store on hand-worked traces, and on figures measured on a
// real memcached 1.6.18 (../shared/FACTS.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { replay } from '../../src/engine/replay.js';
import { SIMULATIONS } from '../../src/run/kinds.js';
import { planRun } from '../../src/run/plan.js';
import * as path from 'node:path';
import { ROOT } from '../helpers.js';
import { CachesimError } from '../../src/core/errors.js';
import type { PolicyContext } from '../../src/policies/policy.js';
import { memcached } from '../../src/policies/memcached/index.js';
import { itemSize } from '../../src/policies/memcached/settings.js';
import { SlabAllocator } from '../../src/memcached/slabs.js';
import { MemcachedStore } from '../../src/memcached/store.js';
import { resolveParams } from '../../src/policies/registry.js';
import type { ByteKeyTable } from '../../src/trace/keys.js';
import { traceFromRequests, type RequestRow } from '../../src/trace/memory.js';

const MiB = 1024 * 1024;

/** Replay rows into a fresh store of `megabytes` MiB, checking its invariants every 53 requests and at the end. */
async function run(rows: RequestRow[], megabytes: number, params: Record<string, string> = {}): Promise<MemcachedStore> {
  const trace = traceFromRequests(rows);
  const ctx: PolicyContext = { capacity: megabytes * MiB, unit: 'bytes', seed: 1, request: 0, nextAccess: null };
  const sim = new MemcachedStore(ctx, resolveParams(memcached, params));
  for await (const c of trace.chunks()) {
    sim.grow(trace.keys.size);
    for (let i = 0; i < c.length; i++) {
      sim.processChunk({ length: 1, times: c.times.subarray(i, i + 1), ids: c.ids.subarray(i, i + 1), ops: c.ops.subarray(i, i + 1), sizes: c.sizes.subarray(i, i + 1), ttls: c.ttls.subarray(i, i + 1), keySizes: c.keySizes.subarray(i, i + 1) });
      const problem = i % 53 === 0 || i === c.length - 1 ? sim.check() : undefined;
      if (problem) assert.fail(`after request ${i}: ${problem}`);
    }
  }
  return sim;
}

/** A 12-byte key, as FACTS.md's measurements used. */
const key12 = (i: number): string => `key:${String(i).padStart(8, '0')}`;

describe('memcached slab classes and item sizes', () => {
  it('has the chunk sizes memcached 1.6 prints with -vv (96 B, ×1.25 rounded up to 8, up to 512 KiB)', () => {
    const s = new SlabAllocator(64 * MiB, 1.25, 48);
    assert.deepEqual(s.chunkSize.slice(1, 19), [96, 120, 152, 192, 240, 304, 384, 480, 600, 752, 944, 1184, 1480, 1856, 2320, 2904, 3632, 4544]);
    assert.equal(s.chunkSize[s.largest], 512 * 1024);
    assert.equal(s.perPage[15], 451); // floor(1048576 / 2320)
  });

  it('charges header 48 + key + 1 + value + 2 + CAS 8, in the first class that fits', () => {
    assert.equal(itemSize(12, 2048, true), 2119);
    assert.equal(itemSize(12, 2048, false), 2111);
    const s = new SlabAllocator(64 * MiB, 1.25, 48);
    assert.equal(s.chunkSize[s.classFor(2119)], 2320);
    assert.equal(s.chunkSize[s.classFor(2320)], 2320);
    assert.equal(s.chunkSize[s.classFor(2321)], 2904);
    assert.equal(s.classFor(512 * 1024 + 1), 0);
  });

  it('stores 28,864 items of 2048 B and 56,640 of 1000 B in -m 64, as measured on memcached 1.6.18', async () => {
    for (const [value, stored] of [[2048, 28_864], [1000, 56_640]] as const) {
      const rows: RequestRow[] = [];
      for (let i = 0; i < 70_000; i++) rows.push({ key: key12(i), size: value, time: i / 10_000 });
      const trace = traceFromRequests(rows);
      const report = await replay(trace, [{ policy: memcached, params: resolveParams(memcached, {}), capacity: { kind: 'bytes', value: 64 * MiB } }], { kinds: SIMULATIONS, seed: 1, threads: 0 });
      const m = (report.results[0] as unknown as { memcached: { classes: { items: number; pages: number }[]; pagesMalloced: number } }).memcached;
      assert.equal(m.classes.reduce((n, c) => n + c.items, 0), stored, `${value}-byte values`);
      assert.equal(m.pagesMalloced, 64);
    }
  });

  it('refuses an item larger than the largest chunk, counting it rejected', async () => {
    const sim = await run([{ key: 'big', size: 600_000 }, { key: 'big', size: 600_000 }], 64);
    assert.equal(sim.counters.rejected, 2);
    assert.equal(sim.report().tooLarge, 2);
    assert.equal(sim.residents, 0);
  });
});

describe('memcached pages', () => {
  it('grants a class its first page even once -m is spent, and no second one', async () => {
    // 2 MiB: two pages of 2320-byte chunks (2119-byte items); then 200-byte values (~273 B → 304-byte chunks).
    const rows: RequestRow[] = [];
    for (let i = 0; i < 902; i++) rows.push({ key: key12(i), size: 2048 });
    for (let i = 0; i < 4000; i++) rows.push({ key: `small:${String(i).padStart(6, '0')}`, size: 200 });
    const sim = await run(rows, 2);
    const r = sim.report();
    assert.equal(r.pagesMalloced, 3);
    const big = r.classes.find((c) => c.chunkSize === 2320)!;
    const small = r.classes.find((c) => c.chunkSize === 304)!;
    assert.equal(big.pages, 2);
    assert.equal(big.items, 902);
    assert.equal(small.pages, 1);
    // One page of 304-byte chunks holds floor(1048576 / 304) = 3449; the rest were evicted within the class.
    assert.equal(small.items, 3449);
    assert.equal(small.evictions, 4000 - 3449);
    assert.equal(big.evictions, 0);
  });
});

describe('memcached segmented LRU', () => {
  // One page of 2320-byte chunks: 451 items. Keys 0..450 fill it, in order, at second 0.
  const fill = (): RequestRow[] => Array.from({ length: 451 }, (_, i) => ({ key: key12(i), size: 2048, time: 0 }));

  it('evicts the oldest item from COLD\'s tail when the class is full', async () => {
    const sim = await run([...fill(), { key: key12(451), size: 2048, time: 0 }], 1);
    assert.equal(sim.counters.evictions, 1);
    const trace = traceFromRequests([...fill(), { key: key12(451), size: 2048, time: 0 }]);
    assert.equal(sim.isResident((trace.keys as ByteKeyTable).internString(key12(0))), false);
    assert.equal(sim.isResident((trace.keys as ByteKeyTable).internString(key12(1))), true);
  });

  it('keeps an item fetched twice (ACTIVE: COLD → WARM) but not one fetched once', async () => {
    // Key 0 read twice, key 1 read once; then two new keys need two chunks.
    const rows = [...fill(),
      { key: key12(0), time: 0 }, { key: key12(0), time: 0 }, { key: key12(1), time: 0 },
      { key: key12(451), size: 2048, time: 0 }, { key: key12(452), size: 2048, time: 0 }];
    const sim = await run(rows, 1);
    const trace = traceFromRequests(rows);
    const id = (i: number): number => (trace.keys as ByteKeyTable).internString(key12(i));
    assert.equal(sim.counters.hits, 3);
    assert.equal(sim.counters.evictions, 2);
    assert.equal(sim.isResident(id(0)), true, 'fetched twice: moved to WARM');
    assert.equal(sim.isResident(id(1)), false, 'fetched once: still at COLD\'s tail');
    assert.equal(sim.isResident(id(2)), false);
    assert.equal(sim.isResident(id(3)), true);
  });

  it('keeps HOT at 20% of the class\'s bytes and WARM empty without repeat hits', async () => {
    const sim = await run(fill(), 1);
    const c = sim.report().classes[0]!;
    // HOT's tail goes to COLD while HOT's bytes exceed floor(0.2 × 451 × 2119) = 191,133: 90 items of 2119 B stay.
    assert.equal(c.hot, 90);
    assert.equal(c.warm, 0);
    assert.equal(c.cold, 361);
  });

  it('expires an item once its TTL has passed (exptime <= current_time)', async () => {
    const sim = await run([{ key: 'a', size: 10, ttl: 2, time: 0 }, { key: 'a', time: 1.9 }, { key: 'a', time: 2.0 }], 1);
    assert.equal(sim.counters.hits, 1);
    assert.equal(sim.counters.expirations, 1);
  });
});

describe('memcached slab automove', () => {
  /**
   * 4 MiB: its 4 pages of 2320-byte chunks filled at second 0 and never read
   * again; from second 1, 500 new 4400-byte values a second into a class of
   * 4544-byte chunks (230 a page) that has only its first page, so it
   * evicts every second and its COLD tail is under a second old. The window
   * has filled after 30 decisions (second 31), when the old class's window
   * age is floor((2 + … + 31) / 30) = 16 and the young class's 0, below
   * 16 × 0.8: a page moves at second 31, and again at 32; then the old
   * class is down to 2 pages, no longer a source (it needs more than 2).
   */
  it('moves a page from the class with the oldest items to one evicting young ones, once the 30 s window has filled', async () => {
    const rows: RequestRow[] = [];
    for (let i = 0; i < 4 * 451; i++) rows.push({ key: key12(i), size: 2048, time: 0 });
    let n = 0;
    for (let s = 1; s <= 40; s++) for (let j = 0; j < 500; j++) rows.push({ key: key12(100_000 + n++), size: 4400, time: s + j / 1000 });
    const sim = await run(rows, 4);
    const r = sim.report();
    const big = r.classes.find((c) => c.chunkSize === 2320)!;
    const small = r.classes.find((c) => c.chunkSize === 4544)!;
    // From second 31 a page a second while the big class has more than 2 pages: seconds 31 and 32.
    assert.equal(r.pageMoves, 2);
    assert.equal(big.pages, 2);
    assert.equal(small.pages, 3);
    // Each moved page was full and its class had no free chunk: its 451 items were dropped.
    assert.equal(r.pageMoveEvictions, 2 * 451);
    // Pages over time: the old class's 4 from second 0, the young class's first at second 1, the moves at 31 and 32.
    const t = r.pagesOverTime;
    assert.deepEqual(t.classes.map((c) => sim.slabs.chunkSize[c]), [2320, 4544]);
    assert.deepEqual(t.seconds.slice(0, 4), [0, 1, 31, 32]);
    assert.deepEqual(t.pages.slice(0, 4), [[4, 0], [4, 1], [3, 2], [2, 3]]);
    // Without the automover nothing moves.
    const still = (await run(rows, 4, { 'slab-automove': '0' })).report();
    assert.equal(still.pageMoves, 0);
  });
});

describe('the memcached policy beside an admission', () => {
  // memcached stores every missed item, as the server does: it pairs with "none" only.
  const trace = path.join(ROOT, 'traces/memcached-shift.csv');
  it('runs once, with "none", when other policies are compared under several admissions', async () => {
    const plan = await planRun({ trace, policy: 'memcached,lru', capacity: '16MiB', admission: ['none', 'bloom'] });
    assert.deepEqual(plan.specs.map((s) => `${s.policy.name} ${s.admission?.name}`), ['memcached none', 'lru none', 'lru bloom']);
  });
  it('is left out of "all" under an admission, and named alone it is refused in one line (exit code 2)', async () => {
    const all = await planRun({ trace, policy: 'all', capacity: '16MiB', admission: 'bloom' });
    assert.ok(!all.specs.some((s) => s.policy.name === 'memcached'));
    await assert.rejects(planRun({ trace, policy: 'memcached', capacity: '16MiB', admission: 'bloom' }), (e: unknown) => e instanceof CachesimError && e.exitCode === 2 && /--policy memcached: it stores every missed item/.test(e.message));
  });
});
