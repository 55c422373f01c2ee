import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CachesimError } from '../../src/core/errors.js';
import { replay } from '../../src/engine/replay.js';
import { findPolicy, resolveParams } from '../../src/policies/registry.js';
import { openTrace } from '../../src/trace/open.js';
import { OP_READ } from '../../src/trace/types.js';
import { generateTrace, type GeneratedTrace } from '../../src/workload/generator.js';
import { describeGenSpec, genSpecToJSON, parseGenSpec, type RawGenSpec } from '../../src/workload/spec.js';
import { cli, tempDir } from '../helpers.js';
import { SIMULATIONS } from '../../src/run/kinds.js';

/**
 * Scans in the workload generator (spec.ts scanKeys, scanStart, scanEvery,
 * scanShare): the expected layout is worked out here from the model's
 * definition, not read from the generator.
 */

interface Rows {
  times: number[];
  ids: number[];
  keys: number[];
  ops: number[];
  sizes: number[];
}

function gen(raw: RawGenSpec): GeneratedTrace {
  return generateTrace(parseGenSpec(raw));
}

async function collect(trace: GeneratedTrace): Promise<Rows> {
  const rows: Rows = { times: [], ids: [], keys: [], ops: [], sizes: [] };
  for await (const c of trace.chunks()) {
    for (let i = 0; i < c.length; i++) {
      rows.times.push(c.times[i]!);
      rows.ids.push(c.ids[i]!);
      rows.keys.push(trace.keys.keyNumber(c.ids[i]!));
      rows.ops.push(c.ops[i]!);
      rows.sizes.push(c.sizes[i]!);
    }
  }
  return rows;
}

/** Maximal runs of scan reads' positions, split where a scan restarts at its first key. */
function scanReads(rows: Rows, keySpace: number): { at: number[]; keys: number[] } {
  const at: number[] = [];
  const keys: number[] = [];
  rows.keys.forEach((k, i) => {
    if (k >= keySpace) {
      at.push(i);
      keys.push(k);
    }
  });
  return { at, keys };
}

function usageMessage(raw: RawGenSpec): string {
  try {
    parseGenSpec(raw);
  } catch (e) {
    assert.ok(e instanceof CachesimError, String(e));
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  assert.fail(`accepted ${JSON.stringify(raw)}`);
}

describe('workload scans', () => {
  it('scanShare 1: each scan is scanKeys consecutive reads of fresh keys numbered after the key space, from the first request at or after its start', async () => {
    const keys = 500;
    const rows = await collect(gen({ keys, requests: 20_000, rate: 100, seed: 3, scanKeys: 300, scanStart: 20, scanEvery: 50, scanShare: 1 }));
    const expectedStarts = [20, 70, 120, 170];
    let next = keys;
    let i = 0;
    for (const start of expectedStarts) {
      while (rows.times[i]! < start) {
        assert.ok(rows.keys[i]! < keys, `request ${i} at ${rows.times[i]} s is ordinary traffic`);
        i++;
      }
      for (let j = 0; j < 300; j++, i++, next++) assert.equal(rows.keys[i], next, `scan starting at ${start} s, read ${j}`);
    }
    // 20,000 requests at 100/s end near 200 s: no fifth scan (due at 220 s).
    assert.ok(rows.times.at(-1)! < 220);
    for (; i < rows.keys.length; i++) assert.ok(rows.keys[i]! < keys);
  });

  it('every scan key is read exactly once, in order, and every scan read is a read', async () => {
    const keys = 1000;
    const rows = await collect(gen({ keys, requests: 50_000, seed: 9, writeRatio: 0.3, deleteRatio: 0.1, scanKeys: 2000, scanStart: 3, scanEvery: 10, scanShare: 0.4 }));
    const { at, keys: scanned } = scanReads(rows, keys);
    assert.ok(scanned.length >= 4 * 2000, `${scanned.length} scan reads`);
    scanned.forEach((k, j) => assert.equal(k, keys + j));
    for (const i of at) assert.equal(rows.ops[i], OP_READ);
    // Ordinary traffic keeps its op mix: about 30% writes among the rest.
    const other = rows.ops.filter((_, i) => rows.keys[i]! < keys);
    const writes = other.filter((o) => o === 1).length;
    assert.ok(Math.abs(writes / other.length - 0.3) < 0.02, `${writes} of ${other.length}`);
  });

  it('while a scan runs, a scanShare of requests are scan reads (negative binomial: scan reads over requests in scan windows)', async () => {
    const keys = 1000;
    const share = 0.3;
    const scanKeys = 5000;
    const rows = await collect(gen({ keys, requests: 400_000, rate: 1000, seed: 5, scanKeys, scanStart: 10, scanEvery: 40, scanShare: share }));
    const { at, keys: scanned } = scanReads(rows, keys);
    // Each window runs from its start (the first request at or after it) to its last scan read.
    let windowRequests = 0;
    let scans = 0;
    for (let s = 0; s * scanKeys < scanned.length; s++) {
      const firstRead = at[s * scanKeys]!;
      const lastRead = at[Math.min(scanned.length, (s + 1) * scanKeys) - 1]!;
      const start = 10 + 40 * s;
      let first = firstRead;
      while (first > 0 && rows.times[first - 1]! >= start) first--;
      windowRequests += lastRead - first + 1;
      scans++;
    }
    const reads = scanned.length;
    assert.ok(scans >= 9, `${scans} scans`);
    // Trials to the r-th success at rate p: mean r/p, variance r(1-p)/p².
    const mean = reads / share;
    const sd = Math.sqrt(reads * (1 - share)) / share;
    assert.ok(Math.abs(windowRequests - mean) < 5 * sd, `${windowRequests} requests in scan windows, expected ${mean} ± ${5 * sd}`);
  });

  it('without scanEvery there is one scan; a scan due while another runs starts when it ends', async () => {
    const one = await collect(gen({ keys: 100, requests: 10_000, seed: 1, scanKeys: 50, scanStart: 1 }));
    assert.equal(scanReads(one, 100).keys.length, 50);
    // Scans due every 0.1 s but each takes about 1 s (1,000 keys at 1,000/s, share 1): back to back.
    const busy = await collect(gen({ keys: 100, requests: 10_000, seed: 1, scanKeys: 1000, scanStart: 2, scanEvery: 0.1, scanShare: 1 }));
    const firstScan = busy.times.findIndex((t) => t >= 2);
    for (let i = firstScan; i < busy.keys.length; i++) assert.equal(busy.keys[i], 100 + (i - firstScan));
  });

  it('outside scan reads the workload is the one without a scan: same times and sizes, ordinary keys in the same order', async () => {
    const base = { keys: 3000, requests: 30_000, alpha: 0.8, seed: 11, size: 'uniform:min=10,max=5000' };
    const plain = await collect(gen(base));
    const scanned = await collect(gen({ ...base, scanKeys: 1000, scanStart: 5, scanEvery: 12, scanShare: 0.5 }));
    assert.deepEqual(scanned.times, plain.times);
    assert.deepEqual(scanned.sizes, plain.sizes);
    const ordinary = scanned.keys.filter((k) => k < 3000);
    assert.deepEqual(ordinary, plain.keys.slice(0, ordinary.length));
  });

  it('hot-key bursts and scans together', async () => {
    const rows = await collect(gen({ dist: 'hotkey', keys: 1000, hotKeys: 1, hotShare: 1, burstStart: 0, requests: 5000, seed: 2, scanKeys: 100, scanStart: 1, scanShare: 0.5 }));
    const hot = new Set(rows.keys.filter((k) => k < 1000));
    assert.equal(hot.size, 1, 'every ordinary request goes to the one hot key');
    assert.deepEqual(scanReads(rows, 1000).keys, Array.from({ length: 100 }, (_, j) => 1000 + j));
  });

  it('ids are dense in order of first use, the same on every pass and when the trace is read back from CSV', async () => {
    const spec = { keys: 200, requests: 20_000, seed: 4, scanKeys: 150, scanStart: 2, scanEvery: 5, scanShare: 0.5 };
    const trace = gen(spec);
    const a = await collect(trace);
    const b = await collect(trace);
    assert.deepEqual(b.ids, a.ids, 'a second pass over the same source');
    const seen = new Map<number, number>();
    a.keys.forEach((k, i) => {
      if (!seen.has(k)) seen.set(k, seen.size);
      assert.equal(a.ids[i], seen.get(k));
    });
    assert.equal(trace.keys.size, seen.size);
    const file = path.join(tempDir(), 'scan.csv');
    assert.equal(cli(['gen', '--keys', '200', '--requests', '20000', '--seed', '4', '--scan-keys', '150', '--scan-start', '2', '--scan-every', '5', '--scan-share', '0.5', '--out', file]).code, 0);
    const csv = openTrace(file);
    const ids: number[] = [];
    const names: string[] = [];
    for await (const c of csv.chunks()) for (let i = 0; i < c.length; i++) { ids.push(c.ids[i]!); names.push(csv.keys.name(c.ids[i]!)); }
    assert.deepEqual(ids, a.ids);
    assert.deepEqual(names, a.keys.map(String));
  });

  it('hand-worked LRU: one ordinary key, a scan of 5 first, cache of 2: the scan misses 5 times, then the key misses once and hits 4 times', async () => {
    // Uniform over 1 key: every ordinary request is key 0. Requests: scan keys 1..5, then key 0 five times.
    const trace = gen({ dist: 'uniform', keys: 1, requests: 10, seed: 1, scanKeys: 5, scanShare: 1 });
    const rows = await collect(trace);
    assert.deepEqual(rows.keys, [1, 2, 3, 4, 5, 0, 0, 0, 0, 0]);
    const lru = findPolicy('lru');
    const report = await replay(trace, [{ policy: lru, params: resolveParams(lru, {}), capacity: { kind: 'objects', value: 2 } }], { kinds: SIMULATIONS, seed: 42 });
    const r = report.results[0]!;
    assert.equal(r.hits, 4);
    assert.equal(r.misses, 6);
    assert.equal(r.evictions, 4);
  });

  it('records, describes and reads back; absent scan fields change nothing', () => {
    const spec = parseGenSpec({ keys: 10, requests: 5, seed: 1, scanKeys: '1k', scanStart: '30s', scanEvery: '2m', scanShare: '0.25' });
    assert.deepEqual(genSpecToJSON(spec), { dist: 'zipf', alpha: 1, keys: 10, requests: 5, seed: 1, rate: 1000, writeRatio: 0, deleteRatio: 0, size: 1000, ttl: 0, scanKeys: 1000, scanStart: 30, scanEvery: 120, scanShare: 0.25 });
    assert.deepEqual(parseGenSpec(JSON.parse(JSON.stringify(genSpecToJSON(spec)))), spec);
    assert.equal(describeGenSpec(spec), 'zipf(alpha=1, keys=10, requests=5, seed=1, scanKeys=1000, scanStart=30, scanEvery=120, scanShare=0.25)');
    const defaults = parseGenSpec({ keys: 10, requests: 5, scanKeys: 3 });
    assert.equal(defaults.scanStart, 0);
    assert.equal(defaults.scanEvery, undefined);
    assert.equal(defaults.scanShare, 0.5);
    const plain = parseGenSpec({ keys: 10, requests: 5 });
    assert.deepEqual(Object.keys(plain), ['dist', 'alpha', 'keys', 'requests', 'seed', 'rate', 'writeRatio', 'deleteRatio', 'size', 'ttl']);
    assert.equal(describeGenSpec(plain), 'zipf(alpha=1, keys=10, requests=5, seed=42)');
  });

  it('refuses bad scan fields with one line naming the field (exit 2)', () => {
    assert.match(usageMessage({ scanEvery: 10 }), /^scanEvery applies only to a scan: give scanKeys too/);
    assert.match(usageMessage({ scanShare: 0.5 }), /^scanShare applies only to a scan/);
    assert.match(usageMessage({ scanKeys: 0 }), /^scanKeys must be a whole number, at least 1/);
    assert.match(usageMessage({ scanKeys: 10, scanShare: 0 }), /^scanShare must be above 0 and at most 1/);
    assert.match(usageMessage({ scanKeys: 10, scanShare: 1.5 }), /^scanShare must be above 0 and at most 1/);
    assert.match(usageMessage({ scanKeys: 10, scanEvery: 0 }), /^scanEvery must be above 0 seconds/);
    assert.match(usageMessage({ scanKeys: 10, scanStart: 'soon' }), /^scanStart "soon" is not a duration/);
    assert.match(usageMessage({ keys: 2_000_000_000, requests: 500_000_000, scanKeys: 10, scanEvery: 1 }), /^keys \+ the scans' keys must stay under 2147483648/);
  });

  it('cachesim gen takes --scan-keys, --scan-start, --scan-every, --scan-share; a scenario workload takes the fields', () => {
    const r = cli(['gen', '--keys', '10', '--requests', '20', '--seed', '1', '--scan-keys', '3', '--scan-start', '0', '--scan-share', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').slice(1, 4).map((l) => l.split(',')[1]), ['10', '11', '12']);
    assert.match(r.stderr, /scanKeys=3, scanStart=0, scanShare=1/);
    const bad = cli(['gen', '--scan-share', '0.5']);
    assert.equal(bad.code, 2);
    const dir = tempDir();
    const file = path.join(dir, 'scan.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'n', description: 'd', workload: { keys: 100, requests: 1000, seed: 1, scanKeys: 10, scanShare: 2 }, runs: [{ capacity: 10 }] }));
    const s = cli(['scenario', 'run', file]);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /workload\.scanShare: scanShare must be above 0 and at most 1/);
  });
});
