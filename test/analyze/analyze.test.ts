import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTrace, type AnalyzeReport } from '../../src/analyze/analyze.js';
import { Log2Buckets, log2Floor } from '../../src/analyze/log2-buckets.js';
import { RequestRate } from '../../src/analyze/request-rate.js';
import { fitZipf, logSpacedRanks } from '../../src/analyze/zipf-fit.js';
import { traceFromRequests } from '../../src/trace/memory.js';
import { cli, tempDir, tempFile } from '../helpers.js';
import { assertRendered, chart, CHROMIUM, renderInChromium, SKIP } from '../report/chromium.js';

/**
 * A trace small enough to work out by hand (times in seconds):
 *   t   key op     size ttl   reuse distance (distinct others since last)  reuse time
 *   0   a   get    100  0
 *   1   b   get    200  0
 *   2   a   set    100  60    1 (b)                                          2
 *   4   c   get    300  0
 *   5   b   get    200  0     2 (a, c)                                       4
 *   5   b   delete 200  0     0                                              0
 *   9   a   get    100  0     2 (c, b)                                       7
 *   10  d   set    50   60
 */
const HAND = 'time,key,op,size,ttl\n0,a,get,100,0\n1,b,get,200,0\n2,a,set,100,60\n4,c,get,300,0\n5,b,get,200,0\n5,b,delete,200,0\n9,a,get,100,0\n10,d,set,50,60\n';

function analyzeJson(args: string[]): AnalyzeReport {
  const r = cli(['analyze', ...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as AnalyzeReport;
}

describe('analyze, on a hand-worked trace', () => {
  const file = tempFile('hand.csv', HAND);
  const r = analyzeJson(['--trace', file, '--window', '5s']);

  it('counts requests, objects, bytes, the op mix, one-hit wonders and compulsory misses', () => {
    assert.equal(r.requests, 8);
    assert.equal(r.objects, 4);
    assert.equal(r.requestsPerObject, 2);
    // The delete carries no size.
    assert.equal(r.bytesRequested, 100 + 200 + 100 + 300 + 200 + 100 + 50);
    assert.equal(r.objectBytes, 100 + 200 + 300 + 50);
    assert.equal(r.durationSeconds, 10);
    assert.deepEqual(r.ops, { get: 5, set: 2, delete: 1 });
    // c and d are requested once.
    assert.equal(r.oneHitWonders, 2);
    assert.equal(r.oneHitWonderShare, 0.5);
    // a, b and c are first requested by a read; d by a write, so its later reads (none) would hit.
    assert.equal(r.compulsoryMisses, 3);
    assert.equal(r.compulsoryMissRatio, 3 / 5);
  });

  it('histograms reuse distances and reuse times in log2 buckets', () => {
    // Distances 1, 2, 0, 2; times 2, 4, 0, 7 (see the table above).
    assert.deepEqual(r.reuseDistance, { reuses: 4, buckets: [{ from: 0, to: 0, count: 1 }, { from: 1, to: 2, count: 1 }, { from: 2, to: 4, count: 2 }] });
    assert.deepEqual(r.reuseTime, { reuses: 4, buckets: [{ from: 0, to: 0, count: 1 }, { from: 2, to: 4, count: 1 }, { from: 4, to: 8, count: 2 }] });
  });

  it('gives sizes by request and by object, TTLs, the rate per window and the top keys', () => {
    assert.deepEqual(r.sizes!.byRequest, {
      min: 50, mean: 1050 / 7, max: 300,
      buckets: [{ from: 32, to: 64, count: 1 }, { from: 64, to: 128, count: 3 }, { from: 128, to: 256, count: 2 }, { from: 256, to: 512, count: 1 }],
    });
    // Objects sized 100, 200, 300, 50: nearest-rank median of four is the 2nd smallest.
    assert.deepEqual(r.sizes!.byObject, {
      min: 50, mean: 650 / 4, max: 300, p50: 100, p90: 300, p99: 300,
      buckets: [{ from: 32, to: 64, count: 1 }, { from: 64, to: 128, count: 1 }, { from: 128, to: 256, count: 1 }, { from: 256, to: 512, count: 1 }],
    });
    assert.deepEqual(r.ttl, { withoutTtl: 6, withTtl: 2, values: [{ ttl: 60, requests: 2 }], buckets: [{ from: 32, to: 64, count: 2 }] });
    // Windows [0,5), [5,10), [10,15): t = 0,1,2,4 | 5,5,9 | 10.
    assert.deepEqual(r.rate, { windowSeconds: 5, startSeconds: 0, meanPerSecond: 0.533333 /* 8 / 15 s, to 6 decimals */, peakPerSecond: 4 / 5, requests: [4, 3, 1] });
    // a and b tie at 3 requests: a was seen first.
    assert.deepEqual(r.topKeys.map((k) => [k.key, k.requests]), [['a', 3], ['b', 3], ['c', 1], ['d', 1]]);
  });

  it('fits no alpha when no key has 10 requests', () => {
    assert.equal(r.zipfAlpha, undefined);
    assert.equal(r.popularity.fit.toRank, 0);
    assert.deepEqual(r.popularity.ranks, [{ rank: 1, requests: 3 }, { rank: 2, requests: 3 }, { rank: 3, requests: 1 }, { rank: 4, requests: 1 }]);
  });

  it('chooses the window: the smallest power of two seconds giving under 200 windows', () => {
    // 10 s / 2^-4 = 160 windows; 2^-5 would give 320.
    const auto = analyzeJson(['--trace', file]);
    assert.equal(auto.rate!.windowSeconds, 1 / 16);
    assert.equal(auto.rate!.requests.length, 161);
    assert.equal(auto.rate!.requests[0], 1);
    assert.equal(auto.rate!.requests[16], 1);
    assert.equal(auto.rate!.requests[80], 2);
    assert.equal(auto.rate!.requests.reduce((a, b) => a + b, 0), 8);
  });

  it('omits what the trace has no column for', async () => {
    const bare = await analyzeTrace(traceFromRequests([{ key: 'x' }, { key: 'y' }, { key: 'x' }]), { top: 1 });
    for (const f of ['ops', 'sizes', 'ttl', 'rate', 'reuseTime', 'bytesRequested', 'durationSeconds'] as const) assert.equal(bare[f], undefined, f);
    assert.deepEqual(bare.reuseDistance.buckets, [{ from: 1, to: 2, count: 1 }]);
    assert.deepEqual(bare.topKeys, [{ key: 'x', requests: 2, share: 0.666667 }]);
  });
});

describe('analyze, on a generated Zipf(0.8) trace', () => {
  const dir = tempDir();
  const file = path.join(dir, 'zipf.csv');
  const gen = cli(['gen', '--dist', 'zipf', '--alpha', '0.8', '--keys', '20000', '--requests', '200000', '--write-ratio', '0.1', '--seed', '7', '--out', file]);
  assert.equal(gen.code, 0, gen.stderr);

  it('reports the counts a naive counter over the CSV lines finds, and alpha within 0.05 of 0.8', () => {
    // The second counter: the file's lines, split by hand, into a Map.
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const [keyCol, opCol, sizeCol] = ['key', 'op', 'size'].map((c) => header.indexOf(c));
    const counts = new Map<string, number>();
    let compulsory = 0;
    let reads = 0;
    let bytes = 0;
    for (const line of lines.slice(1)) {
      const f = line.split(',');
      const key = f[keyCol!]!;
      if (f[opCol!] === 'get') reads++;
      if (!counts.has(key) && f[opCol!] === 'get') compulsory++;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      bytes += Number(f[sizeCol!]);
    }
    const r = analyzeJson(['--trace', file]);
    assert.equal(r.requests, lines.length - 1);
    assert.equal(r.requests, 200000);
    assert.equal(r.objects, counts.size);
    assert.equal(r.oneHitWonders, [...counts.values()].filter((n) => n === 1).length);
    assert.equal(r.compulsoryMisses, compulsory);
    assert.equal(r.ops!.get, reads);
    assert.equal(r.bytesRequested, bytes);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    assert.deepEqual([r.topKeys[0]!.key, r.topKeys[0]!.requests], top);
    assert.ok(Math.abs(r.zipfAlpha! - 0.8) <= 0.05, `alpha ${r.zipfAlpha}`);
    assert.ok(r.zipfR2! > 0.99, `R² ${r.zipfR2}`);
  });

  it('prints a table and a CSV with the same numbers', () => {
    const table = cli(['analyze', '--trace', file, '--top', '3']);
    assert.equal(table.code, 0, table.stderr);
    const json = analyzeJson(['--trace', file, '--top', '3']);
    assert.match(table.stdout, new RegExp(`│ requests +│ +200,000 │`));
    assert.match(table.stdout, new RegExp(`│ one-hit wonders +│ +${json.oneHitWonders.toLocaleString('en-US')} │`));
    assert.match(table.stdout, new RegExp(`│ Zipf alpha +│ +${json.zipfAlpha!.toFixed(4)} │`));
    assert.match(table.stdout, /Top 3 keys/);
    const csv = cli(['analyze', '--trace', file, '--top', '3', '--format', 'csv']);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'section,name,from,to,value');
    assert.ok(lines.includes('summary,requests,,,200000'));
    assert.ok(lines.includes(`summary,objects,,,${json.objects}`));
    assert.ok(lines.includes(`summary,oneHitWonders,,,${json.oneHitWonders}`));
    assert.ok(lines.includes(`summary,zipfAlpha,,,${json.zipfAlpha}`));
    assert.ok(lines.includes(`topKeys,${json.topKeys[0]!.key},,,${json.topKeys[0]!.requests}`));
    const reuse = lines.filter((l) => l.startsWith('reuseDistance,'));
    assert.equal(reuse.reduce((s, l) => s + Number(l.split(',')[4]), 0), json.requests - json.objects);
  });

  it('lets size take the alpha it fits: --zipf fit:FILE is --zipf ALPHA with the trace\'s keys and mean size', () => {
    const a = analyzeJson(['--trace', file]);
    const sizeJson = (args: string[]): Record<string, unknown> => {
      const r = cli(['size', '--hit', '0.8', ...args, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const fitted = sizeJson(['--zipf', `fit:${file}`]);
    const plain = sizeJson(['--zipf', String(a.zipfAlpha), '--items', String(a.objects), '--item-size', String(a.objectBytes! / a.objects)]);
    assert.deepEqual((fitted.zipfFit as { alpha: number }).alpha, a.zipfAlpha);
    assert.deepEqual(fitted.estimates, plain.estimates);
    assert.equal(fitted.items, a.objects);
    // With --trace, the trace's exact answer stays the basis and the models join it.
    const both = sizeJson(['--trace', file, '--zipf', 'fit']);
    const estimates = both.estimates as { policy: string; from: string }[];
    assert.deepEqual(estimates.map((e) => `${e.from}:${e.policy}`), ['model:lru', 'model:fifo', 'model:lfu', 'trace:lru']);
    assert.deepEqual(both.estimates, [...(plain.estimates as unknown[]), estimates[3]]);
    assert.equal(both.basis, 'lru');
    const traceOnly = sizeJson(['--trace', file]);
    assert.deepEqual(both.plan, traceOnly.plan);
    for (const args of [['--zipf', 'fit'], ['--trace', file, '--zipf', `fit:${file}`], ['--zipf', 'fit:']]) {
      const r = cli(['size', '--hit', '0.8', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('gives byte-identical JSON on a second run', () => {
    assert.equal(cli(['analyze', '--trace', file, '--format', 'json']).stdout, cli(['analyze', '--trace', file, '--format', 'json']).stdout);
  });
});

describe('analyze, edge cases', () => {
  it('reports an empty trace without made-up shares', () => {
    const r = analyzeJson(['--trace', tempFile('empty.csv', 'key\n')]);
    assert.equal(r.requests, 0);
    assert.equal(r.objects, 0);
    for (const f of ['requestsPerObject', 'oneHitWonderShare', 'compulsoryMissRatio', 'zipfAlpha'] as const) assert.equal(r[f], undefined, f);
    assert.deepEqual(r.topKeys, []);
  });

  it('lets a scenario size with "zipf": "fit", fitted to the scenario\'s workload', () => {
    const file = tempFile('fit.json', JSON.stringify({
      name: 'fit', description: 'size with the fitted alpha',
      workload: { dist: 'zipf', alpha: 0.8, keys: 20000, requests: 200000, seed: 7 },
      runs: [{ name: 'fitted', command: 'size', hit: 0.8, zipf: 'fit' }],
    }));
    const r = cli(['scenario', 'run', file, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const fit = /"zipfFit": \{[^}]*"alpha": ([0-9.]+)/.exec(r.stdout);
    assert.ok(fit, r.stdout.slice(0, 500));
    assert.ok(Math.abs(Number(fit[1]) - 0.8) <= 0.05, fit[1]);
  });
});

describe('analyze, bad input', () => {
  it('names the file and line of a bad row, exit 1, no stack trace', () => {
    const file = tempFile('bad.csv', 'time,key,op\n1,a,get\n2,b,fly\n');
    const r = cli(['analyze', '--trace', file]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3`));
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });

  it('rejects a missing trace, a bad --top and a bad --window with exit 2', () => {
    const file = tempFile('ok.csv', HAND);
    for (const args of [[], ['--trace', file, '--top', '-1'], ['--trace', file, '--top', 'x'], ['--trace', file, '--window', '0s']]) {
      const r = cli(['analyze', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});

describe('analyze building blocks', () => {
  it('puts powers of two at the bottom of their bucket', () => {
    for (let k = -30; k <= 60; k++) {
      assert.equal(log2Floor(2 ** k), k);
      assert.equal(log2Floor(2 ** k * 1.999), k);
    }
    const b = new Log2Buckets();
    for (const v of [0, 0, 1, 3, 4, 7.5, 0.25]) b.add(v);
    // 0.25 → [1/4, 1/2); nothing in [1/2, 1); 1 → [1, 2); 3 → [2, 4); 4 and 7.5 → [4, 8).
    assert.deepEqual(b.buckets(), [
      { from: 0, to: 0, count: 2 }, { from: 0.25, to: 0.5, count: 1 }, { from: 0.5, to: 1, count: 0 },
      { from: 1, to: 2, count: 1 }, { from: 2, to: 4, count: 1 }, { from: 4, to: 8, count: 2 },
    ]);
  });

  it('merges rate windows exactly as counting with the doubled width would', () => {
    const times = Array.from({ length: 5000 }, (_, i) => (i * i) / 3001);
    const auto = new RequestRate();
    for (const t of times) auto.add(t);
    const fixed = new RequestRate(auto.width);
    for (const t of times) fixed.add(t);
    assert.deepEqual(auto.windows(), fixed.windows());
    // 5000²/3001 ≈ 8,330 s over < 200 windows: 64 s (130 windows), not 32 s (261).
    assert.equal(auto.width, 64);
  });

  it('fits alpha and R² = 1 to an exact power law, on the ranks with at least 10 requests', () => {
    // requests(r) = 10^4 · r^-0.8 is at least 10 up to r = 1000^1.25 ≈ 5623.4.
    const freq = Float64Array.from({ length: 10000 }, (_, i) => 1e4 * (i + 1) ** -0.8);
    const fit = fitZipf(freq);
    assert.equal(fit.alpha, 0.8);
    assert.equal(fit.r2, 1);
    assert.equal(fit.toRank, 5623);
    assert.equal(fit.points, logSpacedRanks(5623, 20).length);
    assert.deepEqual(logSpacedRanks(30, 10), [1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30]);
  });
});

describe('analyze --report', () => {
  it('writes an HTML page whose charts render with the numbers of the JSON', (t) => {
    const dir = tempDir();
    const trace = path.join(dir, 'hand.csv');
    fs.writeFileSync(trace, HAND);
    const page = path.join(dir, 'analyze.html');
    const r = cli(['analyze', '--trace', trace, '--window', '5s', '--report', page]);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(page, 'utf8');
    for (const id of ['analyze-rate-0', 'analyze-popularity-0', 'analyze-size-requests-0', 'analyze-size-objects-0', 'analyze-reuse-distance-0', 'analyze-reuse-time-0']) {
      assert.ok(html.includes(`id="${id}"`), id);
    }
    if (!CHROMIUM) return t.skip(SKIP);
    const check = renderInChromium(page);
    for (const c of check.charts) assertRendered(c);
    // Reuse distances 0, 1, 2, 2 (the hand-worked table): buckets 0 | 1 | 2–3.
    assert.deepEqual(chart(check, 'analyze-reuse-distance-0').values.map((v) => [v.x, v.value]), [['0', 1], ['1', 1], ['2–3', 2]]);
    assert.deepEqual(chart(check, 'analyze-rate-0').values.map((v) => v.value), [4 / 5, 3 / 5, 1 / 5]);
    const requests = check.rows.find((row) => row.label === 'requests');
    assert.equal(requests?.cells.requests, '8');
    assert.deepEqual(check.rows.filter((row) => row.label.startsWith('top ')).map((row) => row.cells.key), ['a', 'b', 'c', 'd']);
  });
});
