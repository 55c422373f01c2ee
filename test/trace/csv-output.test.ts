import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';

import { redisReplayCsv } from '../../src/report/redis-replay.js';
import type { RedisComparison } from '../../src/redis/replay.js';
import { cli, tempDir } from '../helpers.js';
import { skipWithoutRedis, startRedis, type ScratchRedis } from '../redis/server.js';

/**
 * `--format csv` wherever a command prints a table: every output must parse
 * as CSV (a header, then rows with as many cells as the header names) and
 * carry the numbers the other formats carry.
 */

type ParseSync = (input: string, options: Record<string, unknown>) => string[][];
const parseCsv = (createRequire(import.meta.url)('csv-parse/sync') as { parse: ParseSync }).parse;

interface Table {
  header: string[];
  rows: Record<string, string>[];
}

/** One CSV block: a header and at least one row, every row as wide as the header. */
function table(text: string): Table {
  const records = parseCsv(text, { relax_column_count: true, skip_empty_lines: true });
  assert.ok(records.length >= 2, `a header and at least one row:\n${text}`);
  const header = records[0]!;
  assert.equal(new Set(header).size, header.length, `column names are unique: ${header.join(',')}`);
  for (const [i, r] of records.entries()) assert.equal(r.length, header.length, `row ${i} has ${r.length} cells, the header ${header.length}:\n${text}`);
  return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]!]))) };
}

function csvOf(args: string[]): string {
  const r = cli([...args, '--format', 'csv']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

function jsonOf(args: string[]): unknown {
  const r = cli([...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('--format csv', () => {
  it('run: one row per result, hits + misses = reads', () => {
    const t = table(csvOf(['run', '--trace', 'traces/zipf.csv', '--policy', 'lru,fifo,lfu', '--capacity', '100,1000']));
    assert.equal(t.rows.length, 6);
    for (const r of t.rows) assert.equal(Number(r.hits) + Number(r.misses), Number(r.reads));
  });

  it('run --nodes: the cluster fields as flat columns, equal to the JSON', () => {
    const args = ['run', '--trace', 'traces/hotkey.csv', '--nodes', '3', '--node-ops', '400', '--l1', '100:1s', '--mitigations', 'none,l1,coalesce'];
    const t = table(csvOf(args));
    for (const c of ['mitigation', 'clusterNodes', 'hottestNode', 'hottestNodePeakOps', 'imbalance', 'l1HitRatio', 'l1StaleReads', 'clusterCallsSaved']) {
      assert.ok(t.header.includes(c), `column ${c} in ${t.header.join(',')}`);
    }
    assert.ok(!t.header.includes('nodes') && !t.header.includes('load'), 'per-node arrays stay in the JSON');
    assert.deepEqual(t.rows.map((r) => r.mitigation), ['none', 'l1', 'coalesce']);
    const json = jsonOf(args) as { results: Record<string, unknown>[] };
    for (const [i, r] of t.rows.entries()) {
      const j = json.results[i]!;
      assert.equal(Number(r.clusterNodes), 3);
      for (const c of ['hottestNodePeakOps', 'imbalance', 'clusterReads', 'hitRatio']) assert.equal(Number(r[c]), j[c], c);
      assert.equal(r.hottestNode, j.hottestNode);
      // A field that does not apply is an empty cell, as in the JSON it is absent.
      assert.equal(r.l1HitRatio, j.l1HitRatio === undefined ? '' : String(j.l1HitRatio));
    }
    // Reads the L1 or the proxy kept from the cluster: all reads minus the ones that reached it.
    for (const r of t.rows.filter((x) => x.mitigation !== 'none')) {
      assert.equal(Number(r.clusterCallsSaved), Number(t.rows[0]!.clusterReads) - Number(r.clusterReads));
    }
  });

  it('run --strategy: the strategy columns', () => {
    const t = table(csvOf(['run', '--trace', 'traces/hotkey.csv', '--capacity', '500', '--protect', 'none,lock']));
    assert.deepEqual(t.rows.map((r) => r.protection), ['none', 'lock']);
  });

  it('size: the working-set rule, then each model, the plan on the basis row', () => {
    const t = table(csvOf(['size', '--items', '10M', '--item-size', '2KB', '--hit', '0.8', '--zipf', '0.99', '--node-memory', '16GB', '--replicas', '1']));
    assert.deepEqual(t.rows.map((r) => r.policy), ['working-set rule', 'lru', 'fifo', 'lfu']);
    const rule = t.rows[0]!;
    // 10,000,000 × 0.8 items × 2,000 bytes.
    assert.equal(rule.items, '8000000');
    assert.equal(rule.bytes, '16000000000');
    assert.deepEqual(t.rows.map((r) => r.basis), ['', '1', '', '']);
    const lru = t.rows[1]!;
    // Che's approximation, checked in test/planner-che.test.ts and docs/planning.md: 1,046,744 items of 2 KB.
    assert.equal(lru.items, '1046744');
    assert.equal(Number(lru.memoryBytes), 1046744 * 2000 * 1.2);
    assert.equal(Number(lru.totalMemoryBytes), 2 * 1046744 * 2000 * 1.2);
    assert.equal(lru.nodes, '2');
  });

  it('size --trace: the trace row has its hit ratio', () => {
    const t = table(csvOf(['size', '--trace', 'traces/zipf.csv', '--hit', '0.5']));
    assert.deepEqual(t.rows.map((r) => [r.policy, r.from]), [['working-set rule', 'rule'], ['lru', 'trace']]);
    assert.ok(Number(t.rows[1]!.hitRatio) >= 0.5);
  });

  it('mrc: one row per point', () => {
    const t = table(csvOf(['mrc', '--trace', 'traces/zipf.csv', '--points', '5']));
    assert.equal(t.rows.length, 5);
  });

  it('hotkeys and policies', () => {
    assert.equal(table(csvOf(['hotkeys', '--trace', 'traces/hotkey.csv', '--top', '5', '--nodes', '3'])).rows.length, 5);
    const p = table(csvOf(['policies']));
    assert.ok(p.rows.some((r) => r.name === 'lru'));
  });

  it('scenario run: one block per set of columns, each parsing on its own, the scenario and run in front', () => {
    const text = csvOf(['scenario', 'run', 'scenarios/product-catalogue.json', 'scenarios/user-profile-sizing.json', 'scenarios/celebrity-profile-cluster.json']);
    const blocks = text.split(/\n\n+/).filter((b) => b.trim() !== '').map(table);
    assert.ok(blocks.length >= 3, `${blocks.length} blocks`);
    for (const b of blocks) assert.deepEqual(b.header.slice(0, 2), ['scenario', 'run']);
    const size = blocks.find((b) => b.header.includes('vsFormula'))!;
    assert.ok(size.rows.every((r) => r.scenario === 'user-profile-sizing'));
    assert.ok(blocks.some((b) => b.header.includes('hottestNode')));
  });

  it('scenario check', () => {
    const r = cli(['scenario', 'check', 'scenarios/user-profile-sizing.json', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    // Nothing moved: the header alone.
    assert.deepEqual(parseCsv(r.stdout, {})[0], ['scenario', 'run', 'field', 'expected', 'got', 'delta', 'tolerance', 'status']);
  });

  it('replay: a row per counter, the gap is cachesim − redis', () => {
    const c: RedisComparison = {
      redis: 'redis://127.0.0.1:6379',
      policy: 'allkeys-lru',
      maxmemory: 1_000_000,
      seed: 42,
      replay: { requests: 100, seconds: 1, requestsPerSecond: 100, maxLagSeconds: 0, speed: 1 },
      server: { reads: 100, hits: 60, misses: 40, hitRatio: 0.6, evictions: 10, expirations: 0, rejected: 0, keys: 30, usedMemory: 900_000 },
      simulation: {
        policy: 'allkeys-lru', capacity: { value: 30, unit: 'objects' }, requests: 100, reads: 100, hits: 63, misses: 37, hitRatio: 0.63,
        evictions: 7, expirations: 0, dbReads: 37, dbWrites: 0, writes: 0, deletes: 0, rejected: 0,
      } as unknown as RedisComparison['simulation'],
      gap: { hitRatio: 0.03, evictions: -3 },
    };
    const t = table(redisReplayCsv(c));
    assert.deepEqual(t.header, ['metric', 'redis', 'cachesim', 'gap']);
    const by = Object.fromEntries(t.rows.map((r) => [r.metric, r]));
    assert.deepEqual(by.hits, { metric: 'hits', redis: '60', cachesim: '63', gap: '3' });
    assert.deepEqual(by.evictions, { metric: 'evictions', redis: '10', cachesim: '7', gap: '-3' });
    assert.equal(by.hitRatio!.gap, '0.03');
    assert.deepEqual(by.usedMemory, { metric: 'usedMemory', redis: '900000', cachesim: '', gap: '' });
  });
});

describe('replay --format csv against a real redis-server', { skip: skipWithoutRedis('the replay CSV test') }, () => {
  let server: ScratchRedis | undefined;
  let port = 0;

  before(async () => {
    server = await startRedis();
    port = server.port;
  });

  after(async () => {
    await server?.stop();
  });

  it('parses, and the server column adds up', () => {
    const file = path.join(tempDir(), 'small.csv');
    assert.equal(cli(['gen', '--keys', '500', '--requests', '2000', '--seed', '3', '--out', file]).code, 0);
    const t = table(csvOf(['replay', '--redis', `redis://127.0.0.1:${port}`, '--trace', file, '--maxmemory', '64MB', '--policy', 'allkeys-lru', '--rate', '20000', '--yes']));
    const by = Object.fromEntries(t.rows.map((r) => [r.metric, r]));
    assert.equal(Number(by.reads!.redis), 2000);
    assert.equal(Number(by.hits!.redis) + Number(by.misses!.redis), 2000);
    // 64 MB holds every key: both miss only the 500-or-fewer first reads, and agree exactly.
    assert.equal(by.hits!.gap, '0');
  });
});
