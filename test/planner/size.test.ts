import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { cheLruHitRatio } from '../../src/planner/che.js';
import { redisKeyCost } from '../../src/planner/memory.js';
import { planNodes } from '../../src/planner/plan.js';
import { openTrace } from '../../src/trace/open.js';
import { parseColumnMapping } from '../../src/trace/columns.js';
import { CLOUDPHYSICS_COLUMNS, CLOUDPHYSICS_CSV, cli, simulate } from '../helpers.js';

function json(args: string[]): any {
  const r = cli([...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** One line on stderr, no stack trace, exit code 2. */
function assertUsageError(args: string[], pattern: RegExp): void {
  const r = cli(args);
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(lines[0]!, pattern);
}

describe('cachesim size: the working-set rule', () => {
  it('10M items of 2 KB at 0.8: active set 8,000,000 items, 16,000,000,000 bytes, printed as 16 GB', () => {
    const r = cli(['size', '--items', '10M', '--item-size', '2KB', '--hit', '0.8']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /active set 8,000,000 items/);
    assert.match(r.stdout, /= 16 GB \(16,000,000,000 bytes\)/);
    assert.match(r.stdout, /[Ww]orking-set rule \(assumes the hit ratio grows linearly with cached items\)/);
    assert.match(r.stdout, /Verdict: /);
    const j = json(['size', '--items', '10M', '--item-size', '2KB', '--hit', '0.8']);
    assert.equal(j.formula.items, 8_000_000);
    assert.equal(j.formula.bytes, 16_000_000_000);
    assert.match(j.formula.rule, /linearly with cached items/);
  });

  it('KiB is 1024 bytes: 1000 items of 1 KiB at 50% is 512,000 bytes', () => {
    const j = json(['size', '--items', '1000', '--item-size', '1KiB', '--hit', '50%']);
    assert.equal(j.formula.bytes, 500 * 1024);
  });

  for (const [flag, value, pattern] of [
    ['--hit', '1.5', /--hit "1\.5" must be a hit ratio above 0 and below 1/],
    ['--hit', '0', /--hit "0" must be a hit ratio above 0 and below 1/],
    ['--items', '-3', /--items "-3" must be a whole number of items/],
    ['--item-size', '2XB', /--item-size "2XB" is not a byte size/],
  ] as const) {
    it(`${flag} ${value}: one clear line, exit code 2`, () => {
      const args = { '--hit': '0.8', '--items': '10M', '--item-size': '2KB', [flag]: value };
      assertUsageError(['size', ...Object.entries(args).flat()], pattern);
    });
  }

  it('other bad input: no target, no items, both models', () => {
    assertUsageError(['size', '--items', '10M', '--item-size', '2KB'], /--hit/);
    assertUsageError(['size', '--hit', '0.8'], /--items/);
    assertUsageError(['size', '--items', '10', '--item-size', '1B', '--hit', '0.8', '--zipf', '1', '--uniform'], /not both/);
    assertUsageError(['size', '--items', '10', '--item-size', '1B', '--hit', '0.8', '--zipf', '1', '--policy', 'belady'], /--policy "belady"/);
  });
});

describe('cachesim size: popularity models beside the rule', () => {
  it('Zipf 1.0, 100,000 items, target 0.7373: LRU needs a cache within 1% of 10,000', () => {
    const j = json(['size', '--items', '100000', '--item-size', '100B', '--hit', '0.7373', '--zipf', '1']);
    const lru = j.estimates.find((e: any) => e.policy === 'lru');
    assert.ok(Math.abs(lru.items - 10_000) <= 100, `${lru.items}`);
    assert.equal(lru.bytes, lru.items * 100);
    // Beside the rule, with the ratio between them.
    assert.equal(j.formula.items, 73_730);
    assert.equal(lru.vsFormula, Math.round((73_730 / lru.items) * 1e6) / 1e6);
    // Each policy in order: perfect LFU < LRU < FIFO.
    const items = (p: string) => j.estimates.find((e: any) => e.policy === p).items;
    assert.ok(items('lfu') < items('lru') && items('lru') < items('fifo'));
    assert.equal(j.basis, 'lru');
    // The answer really reaches the target, and one item less does not.
    assert.ok(cheLruHitRatio(1, 100_000, lru.items) >= 0.7373);
    assert.ok(cheLruHitRatio(1, 100_000, lru.items - 1) < 0.7373);
  });

  it('uniform popularity agrees with the rule for every policy', () => {
    const j = json(['size', '--items', '1M', '--item-size', '1KB', '--hit', '0.9', '--uniform']);
    for (const e of j.estimates) {
      assert.equal(e.items, 900_000);
      assert.equal(e.vsFormula, 1);
    }
  });

  it('the table prints each estimate beside the rule, and a verdict', () => {
    const r = cli(['size', '--items', '10M', '--item-size', '2KB', '--hit', '0.8', '--zipf', '0.99']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /LRU: Che's approximation/);
    assert.match(r.stdout, /FIFO \/ random/);
    assert.match(r.stdout, /perfect LFU/);
    assert.match(r.stdout, /× less/);
    assert.match(r.stdout, /Verdict: To reach a hit ratio of 80% on zipf 0\.99 popularity, LRU needs/);
  });
});

describe('cachesim size: memory and nodes', () => {
  it('Redis memory per item is the model\'s, for the items cached', () => {
    const j = json(['size', '--items', '100000', '--item-size', '100B', '--hit', '0.5', '--engine', 'redis', '--key-size', '12', '--ttl']);
    const expected = redisKeyCost({ keySize: 12, valueSize: 100, ttl: true, keys: 50_000 }).total;
    assert.equal(j.memory.bytesPerItem, Math.round(expected * 100) / 100);
    assert.ok(j.memory.parts.expires > 32);
    assert.equal(j.plan.dataBytes, 50_000 * expected);
  });

  it('worked by hand: 16 GB × 1.2 = 19.2 GB per copy → 2 shards of 16 GB; 300k qps / 50k → 6 shards; 1 replica → 12 nodes', () => {
    const j = json(['size', '--items', '10M', '--item-size', '2KB', '--hit', '0.8', '--node-memory', '16GB', '--replicas', '1', '--peak-qps', '300k']);
    assert.equal(j.plan.memoryBytes, 19.2e9);
    assert.equal(j.plan.totalMemoryBytes, 38.4e9);
    assert.equal(j.plan.shardsForMemory, 2);
    assert.equal(j.plan.nodesForMemory, 4);
    assert.equal(j.plan.shardsForThroughput, 6);
    assert.equal(j.plan.nodesForThroughput, 12);
    assert.equal(j.plan.nodes, 12);
    assert.equal(j.plan.boundBy, 'throughput');
    assert.match(j.verdict, /12 nodes/);
  });

  it('memory-bound when the data outgrows the nodes first', () => {
    const p = planNodes({ items: 1e6, bytesPerItem: () => 1000, fragmentation: 1.5, replicas: 2, nodeMemory: 1e8, peakQps: 10_000, nodeOps: 50_000 });
    // 1e9 B × 1.5 = 1.5e9 per copy → 15 shards of 1e8; 3 copies → 45 nodes; throughput needs 1 shard.
    assert.equal(p.shardsForMemory, 15);
    assert.equal(p.shardsForThroughput, 1);
    assert.equal(p.nodes, 45);
    assert.equal(p.boundBy, 'memory');
  });

  it('Memcached: the slab chunk and its page share, 2048-byte values in 2320-byte chunks', () => {
    const j = json(['size', '--items', '1000', '--item-size', '2048B', '--hit', '0.5', '--engine', 'memcached', '--key-size', '12']);
    assert.equal(j.memory.parts.chunkSize, 2320);
    assert.equal(j.memory.parts.itemSize, 2119);
  });
});

describe('cachesim size --trace', () => {
  const columns = ['--columns', CLOUDPHYSICS_COLUMNS];
  it('FIFO on CloudPhysics at 0.5: the smallest object capacity reaching it, checked with run', async () => {
    const j = json(['size', '--trace', CLOUDPHYSICS_CSV, ...columns, '--hit', '0.5', '--policy', 'fifo']);
    const e = j.estimates[0];
    assert.equal(e.policy, 'fifo');
    assert.equal(e.itemsResolution, 0);
    const open = () => openTrace(CLOUDPHYSICS_CSV, { columns: parseColumnMapping(CLOUDPHYSICS_COLUMNS) });
    const [at, below] = await simulate(open(), 'fifo', [e.items, e.items - 1]);
    assert.ok(at!.hitRatio! >= 0.5, `${at!.hitRatio}`);
    assert.ok(below!.hitRatio! < 0.5, `${below!.hitRatio}`);
    // Bytes: the answer reaches the target; the capacity a resolution below it does not.
    const [b, bLess] = await simulate(open(), 'fifo', [`${e.bytes}B`, `${e.bytes - e.bytesResolution}B`]);
    assert.ok(b!.hitRatio! >= 0.5);
    assert.ok(bLess!.hitRatio! < 0.5);
    assert.ok(e.bytesResolution <= e.bytes * 0.001 + 1);
  });

  it('LRU on CloudPhysics: exact in objects from one pass, checked with run', async () => {
    const j = json(['size', '--trace', CLOUDPHYSICS_CSV, ...columns, '--hit', '0.4']);
    const e = j.estimates[0];
    assert.equal(j.trace.method, 'stack-distance');
    const open = () => openTrace(CLOUDPHYSICS_CSV, { columns: parseColumnMapping(CLOUDPHYSICS_COLUMNS) });
    const [at, below] = await simulate(open(), 'lru', [e.items, e.items - 1]);
    assert.ok(at!.hitRatio! >= 0.4);
    assert.ok(below!.hitRatio! < 0.4);
  });

  it('a target above what the trace allows says so', () => {
    const j = json(['size', '--trace', CLOUDPHYSICS_CSV, ...columns, '--hit', '0.6']);
    assert.equal(j.estimates.length, 0);
    assert.ok(j.trace.bestHitRatio < 0.6);
    assert.match(j.verdict, /out of reach/);
  });
});
