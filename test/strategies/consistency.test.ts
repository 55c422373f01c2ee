import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { traceFromRequests, type RequestRow } from '../../src/trace/memory.js';
import { executeRun } from '../../src/run/plan.js';
import { runOne } from './helpers.js';

/**
 * The invalidation race, by hand (database latency 10 ms):
 *   t = 0      read a: miss, the load reads version 0, due at 0.010
 *   t = 0.005  write a: the database commits version 1; nothing cached to invalidate
 *   t = 0.010  the load finishes; cache-aside puts version 0 in the cache
 *   t = 1      read a: a hit on version 0 while the database has 1: stale by 1 − 0.005 = 0.995 s
 * The first reader is not stale: its value was current when it asked.
 */
const RACE: RequestRow[] = [
  { key: 'a', time: 0 },
  { key: 'a', time: 0.005, op: 'set' },
  { key: 'a', time: 1 },
];

describe('stale reads: the cache-aside invalidation race', () => {
  it('cache-aside (invalidate): the stale populate is served once, 0.995 s stale', async () => {
    const r = await runOne(traceFromRequests(RACE), { strategy: 'cache-aside', dbLatency: '10ms' });
    assert.deepEqual([r.hits, r.misses, r.dbReads, r.dbWrites], [1, 1, 1, 1]);
    assert.equal(r.staleReads, 1);
    assert.equal(r.maxStalenessSeconds, 0.995);
  });

  it('cache-aside with on-write update: the write sets version 1, the late load overwrites it with 0: stale too', async () => {
    const r = await runOne(traceFromRequests(RACE), { strategy: 'cache-aside', onWrite: 'update', dbLatency: '10ms' });
    assert.equal(r.staleReads, 1);
    assert.equal(r.maxStalenessSeconds, 0.995);
  });

  it('write-through on the same trace: the write puts version 1 in the cache and the older load is dropped: none stale', async () => {
    const r = await runOne(traceFromRequests(RACE), { strategy: 'write-through', dbLatency: '10ms' });
    assert.deepEqual([r.hits, r.misses, r.dbReads, r.dbWrites], [1, 1, 1, 1]);
    assert.equal(r.staleReads, 0);
    assert.equal(r.maxStalenessSeconds, 0);
  });

  it('a reader that joins a load already superseded is served a stale value (coalesce)', async () => {
    // 0: miss, load v0 due 0.010 · 0.002: write (v1) · 0.004: miss, joins the load: stale by 0.002 s.
    const rows: RequestRow[] = [{ key: 'a', time: 0 }, { key: 'a', time: 0.002, op: 'set' }, { key: 'a', time: 0.004 }];
    const r = await runOne(traceFromRequests(rows), { protect: 'coalesce', dbLatency: '10ms' });
    assert.equal(r.dbReads, 1);
    assert.equal(r.staleReads, 1);
    assert.equal(r.maxStalenessSeconds, 0.002);
  });
});

/**
 * Write-behind by hand: flush interval 1 s, batch size 100.
 *   0.1 set a · 0.2 set b · 0.3 set a   → window opened at 0.1 flushes at 1.1: a, b (2 database writes)
 *   1.5 set c · 2.2 set a · 2.3 set d · 2.4 set d   → window opened at 1.5, due at 2.5
 * With a crash at 2.45 (the first request is at 0): the 4 writes since the last flush are lost (keys c, a, d).
 * Without: the flush at 2.5 writes c, a, d: 2 + 3 = 5 database writes, the distinct keys per window.
 */
const WRITES: RequestRow[] = [
  { key: 'x', time: 0 },
  { key: 'a', time: 0.1, op: 'set' },
  { key: 'b', time: 0.2, op: 'set' },
  { key: 'a', time: 0.3, op: 'set' },
  { key: 'c', time: 1.5, op: 'set' },
  { key: 'a', time: 2.2, op: 'set' },
  { key: 'd', time: 2.3, op: 'set' },
  { key: 'd', time: 2.4, op: 'set' },
  { key: 'a', time: 3.0 },
];

describe('write-behind', () => {
  it('a crash loses exactly the writes since the last flush, and lists their keys', async () => {
    const trace = traceFromRequests(WRITES);
    const r = await runOne(trace, { strategy: 'write-behind', flushInterval: 1, batchSize: 100, crashAt: 2.45 });
    assert.equal(r.lostWrites, 4);
    assert.deepEqual((r.lostKeys as number[]).map((id) => trace.keys.name(id)), ['c', 'a', 'd']);
    assert.equal(r.dbWrites, 2);
    // After the restart, a is read from the database (the version flushed at 1.1): a miss, not a stale read.
    assert.equal(r.misses, 2);
    assert.equal(r.staleReads, 0);
  });

  it('without a crash nothing is lost, and database writes are the distinct keys written per flush window', async () => {
    const r = await runOne(traceFromRequests(WRITES), { strategy: 'write-behind', flushInterval: 1, batchSize: 100 });
    assert.equal(r.lostWrites, 0);
    assert.deepEqual(r.lostKeys, []);
    assert.equal(r.dbWrites, 2 + 3);
    // a is still cached (written at 2.2): the last read hits.
    assert.equal(r.hits, 1);
  });

  it('a full batch flushes at once', async () => {
    // Batch size 2: {a, b} flush at 0.2; a (0.3) flushes at 1.3; {c, a} at 2.2; d (2.3, 2.4) at 3.3 = 6 writes.
    const r = await runOne(traceFromRequests(WRITES), { strategy: 'write-behind', flushInterval: 1, batchSize: 2 });
    assert.equal(r.dbWrites, 6);
    // The same with a crash at 2.45: only d's two writes are queued then.
    const c = await runOne(traceFromRequests(WRITES), { strategy: 'write-behind', flushInterval: 1, batchSize: 2, crashAt: 2.45 });
    assert.equal(c.lostWrites, 2);
    assert.equal(c.dbWrites, 5);
  });

  it('a dirty entry evicted before its flush is written then', async () => {
    // One slot: set a (0.1), set b (0.2) evicts dirty a, which is written at once; b flushes at 1.1.
    const rows: RequestRow[] = [{ key: 'a', time: 0.1, op: 'set' }, { key: 'b', time: 0.2, op: 'set' }];
    const r = await runOne(traceFromRequests(rows), { strategy: 'write-behind', flushInterval: 1, crashAt: 0.5, capacity: 1 });
    // The crash at 0.6 (0.5 after the first request) loses only b.
    assert.equal(r.evictions, 1);
    assert.equal(r.dbWrites, 1);
    assert.equal(r.lostWrites, 1);
  });

  it('the CLI names the lost keys', async () => {
    const report = await executeRun({
      workload: { dist: 'uniform', keys: 20, requests: 2000, rate: 100, writeRatio: 0.5 },
      capacity: 100,
      strategy: 'write-behind',
      flushInterval: '5s',
      crashAt: '10.5s',
    });
    const r = report.results[0] as unknown as { lostWrites: number; lostKeys: string[] };
    assert.ok(r.lostWrites > 0);
    for (const k of r.lostKeys) assert.match(k, /^[0-9]+$/);
  });
});

describe('refresh-ahead', () => {
  // One key read every 0.1 s for 100 s, TTL 10 s, loads take 50 ms.
  const rows: RequestRow[] = Array.from({ length: 1000 }, (_, i) => ({ key: 'hot', time: i / 10, ttl: 10 }));

  it('cache-aside expires into a miss every cycle', async () => {
    // Installed at 0.05 (expiry 10.05): the read at 10.1 misses, reinstalls at 10.15, and so on every 10.1 s: 9 expiries by 99.9.
    const r = await runOne(traceFromRequests(rows), { strategy: 'cache-aside', dbLatency: '50ms' });
    assert.equal(r.expirations, 9);
    assert.equal(r.misses, 10);
  });

  it('a steady hot key never expires into a miss after warm-up', async () => {
    // Reads at age ≥ 8 s reload: at 8.1 (installed 8.15), 16.2, … every 8.1 s: 12 reloads by 99.9, none expired.
    const r = await runOne(traceFromRequests(rows), { strategy: 'refresh-ahead', dbLatency: '50ms', refreshAhead: 0.8 });
    assert.equal(r.expirations, 0);
    assert.equal(r.misses, 1);
    assert.equal(r.earlyRefreshes, 12);
    assert.equal(r.dbReads, 13);
  });
});
