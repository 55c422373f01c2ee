import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { kneeIndex, linearGrid, logGrid } from '../../src/planner/curve.js';
import { CLOUDPHYSICS_COLUMNS, CLOUDPHYSICS_CSV, cli } from '../helpers.js';

function json(args: string[]): any {
  const r = cli([...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const CP = ['--trace', CLOUDPHYSICS_CSV, '--columns', CLOUDPHYSICS_COLUMNS];

describe('cachesim mrc', () => {
  it('JSON: 20 log-spaced points from 1% to 100% of the keys, each { capacity, missRatio, byteMissRatio }', () => {
    const j = json(['mrc', ...CP]);
    assert.equal(j.method, 'stack-distance');
    assert.equal(j.unit, 'objects');
    assert.equal(j.points.length, 20);
    assert.deepEqual(j.points.map((p: any) => p.capacity), logGrid(j.trace.uniqueKeys * 0.01, j.trace.uniqueKeys, 20));
    for (const p of j.points) assert.deepEqual(Object.keys(p), ['capacity', 'missRatio', 'byteMissRatio']);
    // LRU's curve never rises with capacity (inclusion).
    for (let i = 1; i < j.points.length; i++) assert.ok(j.points[i].missRatio <= j.points[i - 1].missRatio);
  });

  it('the exact LRU curve equals cachesim run --policy lru at every point (object capacities)', () => {
    const j = json(['mrc', ...CP, '--points', '12']);
    const caps = j.points.map((p: any) => p.capacity);
    const run = json(['run', ...CP, '--policy', 'lru', '--capacity', caps.join(',')]);
    for (let i = 0; i < caps.length; i++) {
      const r = run.results[i];
      assert.equal(r.capacity.value, caps[i]);
      assert.equal(j.points[i].missRatio, Math.round((1 - r.hitRatio) * 1e6) / 1e6, `at ${caps[i]}`);
      assert.equal(j.points[i].byteMissRatio, Math.round((1 - r.byteHitRatio) * 1e6) / 1e6);
    }
  });

  it('other policies are simulated at every capacity: FIFO equals cachesim run --policy fifo', () => {
    const caps = [500, 5000, 20_000, 40_000];
    const j = json(['mrc', ...CP, '--policy', 'fifo', '--capacities', caps.join(',')]);
    assert.equal(j.method, 'simulation');
    const run = json(['run', ...CP, '--policy', 'fifo', '--capacity', caps.join(',')]);
    caps.forEach((c, i) => assert.equal(j.points[i].missRatio, Math.round((1 - run.results[i].hitRatio) * 1e6) / 1e6, `at ${c}`));
  });

  it('byte capacities, from 1% to 100% of the unique bytes', () => {
    const j = json(['mrc', ...CP, '--unit', 'bytes', '--points', '5']);
    assert.equal(j.unit, 'bytes');
    assert.equal(j.points[4].capacity, j.trace.uniqueBytes);
    assert.ok(j.notes.some((n: string) => /change a key's size/.test(n)));
  });

  it('SHARDS with --sample-rate and --sample-size; miniature simulation for other policies', () => {
    const a = json(['mrc', '--trace', 'traces/zipf.csv', '--sample-rate', '10%']);
    assert.equal(a.method, 'shards');
    assert.equal(a.sampling.rate, 0.1);
    const b = json(['mrc', '--trace', 'traces/zipf.csv', '--sample-size', '500']);
    assert.ok(b.sampling.sampleKeys <= 500);
    const c = json(['mrc', '--trace', 'traces/zipf.csv', '--policy', 'fifo', '--sample-rate', '0.5', '--points', '5']);
    assert.equal(c.method, 'miniature-simulation');
    const full = json(['mrc', '--trace', 'traces/zipf.csv', '--policy', 'fifo', '--points', '5']);
    c.points.forEach((p: any, i: number) => assert.ok(Math.abs(p.missRatio - full.points[i].missRatio) < 0.05, `${p.missRatio} vs ${full.points[i].missRatio}`));
  });

  it('CSV, and a table with the chart and the knee marked', () => {
    const csv = cli(['mrc', '--trace', 'traces/zipf.csv', '--format', 'csv']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout.split('\n')[0], 'capacity,unit,missRatio,byteMissRatio,knee');
    assert.equal(csv.stdout.trimEnd().split('\n').length, 21);
    const t = cli(['mrc', '--trace', 'traces/zipf.csv', '--from', '0.1%']);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /┤/);
    assert.match(t.stdout, /▲ knee: [0-9,]+ objects/);
    assert.match(t.stdout, /◀ knee/);
  });

  it('bad input: one line, exit code 2', () => {
    for (const [args, pattern] of [
      [['mrc'], /needs a trace/],
      [['mrc', '--trace', 'traces/zipf.csv', '--points', '1'], /--points/],
      [['mrc', '--trace', 'traces/zipf.csv', '--sample-rate', '2'], /--sample-rate/],
      [['mrc', '--trace', 'traces/zipf.csv', '--sample-rate', '0.1', '--sample-size', '10'], /not both/],
      [['mrc', '--trace', 'traces/zipf.csv', '--unit', 'bytes', '--capacities', '100'], /in objects but the curve is in bytes/],
    ] as const) {
      const r = cli([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, pattern);
    }
  });
});

describe('curve helpers', () => {
  it('log and linear grids', () => {
    assert.deepEqual(logGrid(1, 1000, 4), [1, 10, 100, 1000]);
    assert.deepEqual(linearGrid(0, 100, 4), [25, 50, 75, 100]);
    assert.deepEqual(linearGrid(10, 12, 8), [11, 12]);
  });

  it('the knee is the point farthest below the chord', () => {
    // A sharp elbow at 200.
    assert.equal(kneeIndex([100, 200, 400, 800], [0.9, 0.2, 0.15, 0.1]), 1);
    // A straight line has none.
    assert.equal(kneeIndex([100, 200, 300], [0.9, 0.5, 0.1]), undefined);
  });
});
