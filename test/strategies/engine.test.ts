import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { LatencyModel } from '../../src/strategies/database.js';
import { EventQueue } from '../../src/strategies/event-queue.js';
import { LatencyHistogram } from '../../src/strategies/latency-histogram.js';
import { TopKeys } from '../../src/strategies/top-keys.js';
import { parseDbLatency, strategyConfigs } from '../../src/strategies/config.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import { cli } from '../helpers.js';
import { hotKeyTrace, runStrategies } from './helpers.js';

describe('event queue', () => {
  it('pops in time order, equal times in push order (checked against a stable sort)', () => {
    const rng = new Rng(7, 'test');
    const q = new EventQueue();
    const pushed: { t: number; n: number }[] = [];
    let n = 0;
    const popped: number[] = [];
    // Interleave pushes and pops, with many equal times.
    for (let round = 0; round < 2000; round++) {
      const t = Math.floor(rng.next() * 50);
      q.push(t, 1, n, 0, t);
      pushed.push({ t, n: n++ });
      if (round % 3 === 2) {
        q.pop();
        popped.push(q.id);
      }
    }
    while (q.size > 0) {
      q.pop();
      popped.push(q.id);
    }
    // Replay the same interleaving against a plain array kept sorted by (time, push order).
    const pending: { t: number; n: number }[] = [];
    const expected: number[] = [];
    pushed.forEach((e, round) => {
      pending.push(e);
      if (round % 3 === 2) {
        pending.sort((a, b) => a.t - b.t || a.n - b.n);
        expected.push(pending.shift()!.n);
      }
    });
    pending.sort((a, b) => a.t - b.t || a.n - b.n);
    expected.push(...pending.map((e) => e.n));
    assert.deepEqual(popped, expected);
  });
});

describe('latency histogram', () => {
  it('nearest-rank percentiles within 0.2% of the exact ones, exact when a bucket holds one value', () => {
    const rng = new Rng(3, 'h');
    const h = new LatencyHistogram();
    const xs: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x = rng.next() < 0.7 ? 0.0005 : 0.001 + rng.next() * 0.2;
      xs.push(x);
      h.record(x);
    }
    xs.sort((a, b) => a - b);
    const exact = (p: number): number => xs[Math.ceil(p * xs.length) - 1]!;
    assert.equal(h.quantile(0.5), 0.0005);
    for (const p of [0.8, 0.95, 0.99, 1]) {
      const e = exact(p);
      const got = h.quantile(p);
      assert.ok(got <= e && (e - got) / e < 0.002, `p${p}: ${got} vs ${e}`);
    }
  });
});

describe('database latency', () => {
  it('a lognormal fitted to median 5 ms and p99 50 ms has that median and p99 (200k draws, within 2%)', () => {
    const m = new LatencyModel(parseDbLatency('median=5ms,p99=50ms'), new Rng(42, 'db'));
    const xs = Array.from({ length: 200_000 }, () => m.draw()).sort((a, b) => a - b);
    const q = (p: number): number => xs[Math.floor(p * xs.length)]!;
    assert.ok(Math.abs(q(0.5) - 0.005) / 0.005 < 0.02, `median ${q(0.5)}`);
    assert.ok(Math.abs(q(0.99) - 0.05) / 0.05 < 0.02, `p99 ${q(0.99)}`);
  });

  it('a fixed latency is fixed', () => {
    assert.deepEqual(parseDbLatency('5ms'), { kind: 'fixed', seconds: 0.005 });
    assert.equal(new LatencyModel(parseDbLatency('0.02'), new Rng(1)).draw(), 0.02);
  });
});

describe('top keys', () => {
  it('holds the K most-read keys (checked against counting and sorting)', () => {
    const rng = new Rng(5, 'top');
    const top = new TopKeys(10);
    top.grow(1000);
    const counts = new Array<number>(1000).fill(0);
    for (let i = 0; i < 50_000; i++) {
      // Skewed: key k with weight about 1/(k+1).
      const id = Math.min(999, Math.floor(Math.exp(rng.next() * Math.log(1000))) - 1);
      counts[id]!++;
      top.read(id);
    }
    const order = counts.map((c, id) => ({ c, id })).sort((a, b) => b.c - a.c);
    const tenth = order[9]!.c;
    for (const { c, id } of order) {
      if (c > tenth) assert.ok(top.has(id), `key ${id} (${c} reads) should be in the top 10`);
      if (c < tenth) assert.ok(!top.has(id), `key ${id} (${c} reads) should not be in the top 10`);
    }
  });
});

describe('options', () => {
  it('no strategy option: plain cache specs', () => {
    assert.equal(strategyConfigs({}), undefined);
  });

  it('the matrix: all × all is 5 strategies × 6 protections, strategies outer', () => {
    const sims = strategyConfigs({ strategy: 'all', protect: 'all' })!;
    assert.equal(sims.length, 30);
    assert.deepEqual(sims.slice(0, 2).map((s) => [s.strategy, s.protection]), [['cache-aside', 'none'], ['cache-aside', 'lock']]);
    assert.equal(sims[0]!.writeMode, 'invalidate');
  });

  it('an option that applies to none of the chosen strategies or protections is refused', () => {
    assert.throws(() => strategyConfigs({ window: 2 }), /--window applies to the strategy simulation/);
    assert.throws(() => strategyConfigs({ protect: 'none', beta: 2 }), /--beta applies only with --protect xfetch/);
    assert.throws(() => strategyConfigs({ strategy: 'cache-aside', batchSize: 5 }), /--batch-size applies only with --strategy write-behind/);
    assert.throws(() => strategyConfigs({ strategy: 'write-through', onWrite: 'update' }), /--on-write applies only/);
    assert.throws(() => strategyConfigs({ strategy: 'nope' }), /--strategy "nope" is not one of/);
    assert.throws(() => strategyConfigs({ dbLatency: 'median=50ms,p99=5ms' }), /p99 .* must be at least the median/);
  });
});

describe('every strategy × protection', () => {
  it('keeps the books: hits + misses = reads, the load series sums to the totals, stampedes are loads', async () => {
    const trace = generateTrace(parseGenSpec({ keys: 2000, requests: 60_000, rate: 2000, writeRatio: 0.1, deleteRatio: 0.02, ttl: 'uniform:min=1,max=3', size: 'uniform:min=100,max=3000' }));
    const results = await runStrategies(trace, {
      strategy: 'all', protect: 'all', capacity: '200KB', dbLatency: 'median=20ms,p99=150ms', crashAt: 12, refreshTop: 50, window: '0.25s',
    });
    assert.equal(results.length, 30);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    for (const r of results) {
      const name = `${r.strategy}/${r.protection}`;
      assert.equal(r.hits + r.misses, r.reads, name);
      assert.equal(r.reads + r.writes + r.deletes, r.requests, name);
      assert.equal(sum(r.dbLoad.reads), r.dbReads, name);
      assert.equal(sum(r.dbLoad.writes), r.dbWrites, name);
      assert.ok(r.stampedes < r.dbReads, name);
      assert.ok(r.dbPeakQps >= r.dbMeanQps, name);
      if (r.strategy === 'write-behind') assert.ok(r.lostWrites! <= r.writes && r.dbWrites <= r.writes + r.deletes, name);
      else assert.equal(r.dbWrites, r.writes + r.deletes, name);
      if (r.protection === 'coalesce' || r.strategy === 'read-through') assert.equal(r.stampedes, 0, name);
    }
  });
});

describe('determinism', () => {
  it('the same seed gives identical results in this thread and in workers', async () => {
    const trace = hotKeyTrace(500, 1, 30_000);
    const opts = { strategy: 'all', protect: 'all', dbLatency: 'median=10ms,p99=80ms' };
    const here = await runStrategies(trace, { ...opts, threads: 0 });
    const there = await runStrategies(trace, { ...opts, threads: 2 });
    assert.equal(JSON.stringify(here), JSON.stringify(there));
  });
});

describe('cachesim run with strategies', () => {
  it('without strategy options the output is the plain run (no strategy fields)', () => {
    const r = cli(['run', '--trace', 'traces/hotkey.csv', '--capacity', '500', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const x = JSON.parse(r.stdout).results[0];
    assert.equal('strategy' in x, false);
    assert.equal('dbLoad' in x, false);
  });

  it('JSON: every result names its strategy and protection; fields that do not apply are omitted', () => {
    const r = cli(['run', '--trace', 'traces/hotkey.csv', '--capacity', '500', '--strategy', 'cache-aside,write-behind', '--protect', 'none,lock', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rs = JSON.parse(r.stdout).results;
    assert.deepEqual(rs.map((x: { strategy: string; protection: string }) => `${x.strategy}/${x.protection}`), ['cache-aside/none', 'cache-aside/lock', 'write-behind/none', 'write-behind/lock']);
    for (const x of rs) {
      assert.equal(x.hits + x.misses, x.reads);
      assert.equal('lockWaits' in x, x.protection === 'lock');
      assert.equal('lostWrites' in x, x.strategy === 'write-behind');
      assert.equal('earlyRefreshes' in x, false);
      assert.equal(x.dbLoad.reads.length, x.dbLoad.writes.length);
      assert.equal(x.dbLoad.reads.reduce((a: number, b: number) => a + b, 0), x.dbReads);
      assert.equal(x.dbLoad.writes.reduce((a: number, b: number) => a + b, 0), x.dbWrites);
      assert.ok(x.readLatency.p50 <= x.readLatency.p95 && x.readLatency.p95 <= x.readLatency.p99);
    }
  });

  it('table output: the matrix table and a database load chart', () => {
    const r = cli(['run', '--trace', 'traces/hotkey.csv', '--capacity', '500', '--protect', 'none,coalesce']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /strategy\s*│\s*protection/);
    assert.match(r.stdout, /Database load/);
    assert.match(r.stdout, /cache-aside \+ coalesce/);
  });

  it('CSV has the strategy columns', () => {
    const r = cli(['run', '--trace', 'traces/hotkey.csv', '--capacity', '500', '--protect', 'lock', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const head = r.stdout.split('\n')[0]!.split(',');
    for (const c of ['strategy', 'protection', 'stampedes', 'lockFallbacks', 'dbPeakQps', 'readLatencyP99Ms']) assert.ok(head.includes(c), c);
    assert.ok(!head.includes('lostWrites'));
  });

  it('bad options: one line, exit 2', () => {
    const r = cli(['run', '--trace', 'traces/hotkey.csv', '--stale-window', '5s']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--stale-window applies to the strategy simulation/);
    const b = cli(['run', '--trace', 'traces/hotkey.csv', '--strategy', 'cache-aside', '--policy', 'belady']);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /belady needs every request's future/);
  });
});
