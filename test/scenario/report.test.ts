import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli, CLOUDPHYSICS_COLUMNS, tempDir } from '../helpers.js';
import { htmlReport } from '../../src/report/html.js';
import { withKind, type RunReport } from '../../src/engine/replay.js';

/** Debian's chromium (or CHROMIUM=path), or undefined. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      const f = path.join(dir, name);
      if (fs.existsSync(f)) return f;
    }
  }
  return undefined;
}

const CHROMIUM = findChromium();
const SKIP = 'chromium is not installed (apt-get install -y chromium): the HTML report was not opened in a browser';

interface RenderCheck {
  charts: { id: string; kind: string; width: number; height: number; marks: number; drawn: number; values: { series: string; x: string; value: number }[] }[];
  rows: { section: string; label: string; cells: Record<string, string> }[];
}

/**
 * Open the page in headless Chromium, let its script measure the charts and
 * read the tables, and return what it wrote into #render-check.
 */
function renderInChromium(file: string): RenderCheck {
  const r = spawnSync(CHROMIUM!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${path.join(tempDir(), 'profile')}`,
    '--dump-dom', pathToFileURL(file).href,
  ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
  const m = /<pre id="render-check"[^>]*>([\s\S]*?)<\/pre>/.exec(r.stdout ?? '');
  assert.ok(m && m[1]!.length > 0, `the page's check did not run (chromium exit ${r.status}): ${(r.stderr ?? '').slice(-500)}`);
  const text = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&');
  return JSON.parse(text) as RenderCheck;
}

function chart(check: RenderCheck, id: string): RenderCheck['charts'][number] {
  const c = check.charts.find((x) => x.id === id);
  assert.ok(c, `chart ${id} missing; charts: ${check.charts.map((x) => x.id).join(', ')}`);
  return c;
}

/** A chart rendered: it laid out to a real size, and every mark it holds has a size. */
function assertRendered(c: RenderCheck['charts'][number]): void {
  assert.ok(c.width > 100 && c.height > 100, `${c.id}: ${c.width}×${c.height}`);
  assert.ok(c.marks > 0, `${c.id}: no marks`);
  assert.equal(c.drawn, c.marks, `${c.id}: ${c.marks - c.drawn} marks drew nothing`);
}

/** "113,872" → 113872 */
function parseInt10(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** A run's results with database load (both shapes) and per-node figures, as strategy and cluster runs carry them. */
function syntheticReport(): RunReport {
  const base = {
    capacity: { value: 1000, unit: 'objects' as const }, requests: 1000, reads: 1000, hits: 900, misses: 100, hitRatio: 0.9,
    evictions: 10, expirations: 5, dbReads: 100, dbWrites: 0, writes: 0, deletes: 0, rejected: 0,
  };
  const node = (name: string, peakOps: number, meanOps: number, load: number[]): Record<string, unknown> => ({ node: name, peakOps, meanOps, load });
  return {
    trace: { source: 'synthetic <test> & co', requests: 1000, reads: 1000, writes: 0, deletes: 0, uniqueKeys: 500, uniqueBytes: 500000, durationSeconds: 4 },
    seed: 42,
    // Cluster-shaped results (only what the charts and the table read), tagged as the engine tags them.
    results: [
      { ...base, policy: 'lru', mitigation: 'none', dbLoad: [10, 80, 5, 3], cluster: { nodeOps: 50 }, nodes: [node('node1', 30, 20, [30, 10, 20, 20]), node('node2', 90, 60, [40, 90, 70, 40])] },
      { ...base, policy: 'lru', mitigation: 'l1', hits: 950, misses: 50, hitRatio: 0.95, dbLoad: { windowSeconds: 0.5, startSeconds: 0, reads: [5, 6, 4, 5], writes: [0, 0, 1, 0] }, cluster: { nodeOps: 50 }, nodes: [node('node1', 25, 15, [25, 5, 15, 15]), node('node2', 35, 25, [35, 25, 20, 20])] },
    ].map((r) => withKind('cluster', r as never)) as unknown as RunReport['results'],
  };
}

describe('HTML report (--report)', () => {
  it('run --report: charts render in Chromium and the numbers on the page match the JSON', async (t: TestContext) => {
    const dir = tempDir();
    const html = path.join(dir, 'report.html');
    const r = cli(['run', '--trace', 'traces/cloudphysics.csv', '--columns', CLOUDPHYSICS_COLUMNS, '--policy', 'lru,lfu,s3fifo',
      '--capacity', '1024,4096,16384,64MiB', '--format', 'json', '--report', html]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as RunReport;
    assert.match(r.stderr, /wrote the report to .*report\.html/);
    const page = fs.readFileSync(html, 'utf8');
    assert.ok(page.includes(json.trace.source));
    if (!CHROMIUM) return t.skip(SKIP);

    const check = renderInChromium(html);
    const line = chart(check, 'hit-ratio-objects-0');
    const bar = chart(check, 'hit-ratio-bytes-0');
    assert.equal(line.kind, 'line');
    assert.equal(bar.kind, 'bar');
    assertRendered(line);
    assertRendered(bar);
    // Every result is a point (objects) or a bar (bytes) carrying its hit ratio.
    for (const res of json.results) {
      const c = res.capacity.unit === 'objects' ? line : bar;
      const x = res.capacity.unit === 'objects' ? String(res.capacity.value) : res.policy;
      const mark = c.values.find((v) => v.series === (res.capacity.unit === 'objects' ? res.policy : 'hit ratio') && v.x === x);
      assert.ok(mark, `${res.policy} @ ${res.capacity.value}: no mark`);
      assert.equal(mark.value, res.hitRatio);
    }
    assert.equal(line.values.length, 9);
    assert.equal(bar.values.length, 3);
    // The table shows every result, with the JSON's numbers.
    assert.equal(check.rows.length, json.results.length);
    for (const res of json.results) {
      const row = check.rows.find((x) => x.label === `${res.policy} @ ${res.capacity.value} ${res.capacity.unit}`);
      assert.ok(row, `no row for ${res.policy} @ ${res.capacity.value}`);
      assert.equal(parseInt10(row.cells.hits!), res.hits);
      assert.equal(parseInt10(row.cells.misses!), res.misses);
      assert.equal(parseInt10(row.cells.evictions!), res.evictions);
      assert.equal(row.cells.hitRatio, res.hitRatio!.toFixed(4));
      assert.equal(row.cells.byteHitRatio, res.byteHitRatio!.toFixed(4));
    }
  });

  it('database load over time and per-node load render when results carry dbLoad and nodes', async (t: TestContext) => {
    const report = syntheticReport();
    const file = path.join(tempDir(), 'synthetic.html');
    fs.writeFileSync(file, htmlReport({ title: 'Cluster <test>', sections: [{ heading: 'mitigations', command: 'run', output: report }] }));
    if (!CHROMIUM) return t.skip(SKIP);
    const check = renderInChromium(file);
    const load = chart(check, 'db-load-0');
    assertRendered(load);
    // Series are named by what differs between results (every one is lru).
    assert.deepEqual(load.values.filter((v) => v.series === 'none').map((v) => [v.x, v.value]), [['0', 10], ['1', 80], ['2', 5], ['3', 3]]);
    // Counts per half-second window (as strategy runs report them) become queries per second.
    assert.deepEqual(load.values.filter((v) => v.series === 'l1').map((v) => [v.x, v.value]), [['0', 10], ['0.5', 12], ['1', 10], ['1.5', 10]]);
    const peak = chart(check, 'nodes-peak-0');
    assertRendered(peak);
    assert.deepEqual(peak.values.map((v) => [v.series, v.x, v.value]), [
      ['none', 'node1', 30], ['l1', 'node1', 25], ['none', 'node2', 90], ['l1', 'node2', 35],
    ]);
    assertRendered(chart(check, 'nodes-mean-0'));
    const overTime = chart(check, 'node-load-0-0');
    assertRendered(overTime);
    assert.deepEqual(overTime.values.filter((v) => v.series === 'node2').map((v) => v.value), [40, 90, 70, 40]);
    // Rows in the terminal table's order: a cluster run's results as replayed (only a plain run sorts by hit ratio).
    assert.deepEqual(check.rows.map((r) => [r.label, r.cells.mitigation, r.cells.hitRatio]), [['lru · none @ 1000 objects', 'none', '0.9000'], ['lru · l1 @ 1000 objects', 'l1', '0.9500']]);
  });

  it('is self-contained and deterministic: no external resource, text escaped, same results give the same bytes', () => {
    const page = htmlReport({ title: 'Cluster <test>', description: 'a & b', sections: [{ heading: '<h>', command: 'run', options: { policy: 'lru' }, output: syntheticReport() }] });
    assert.equal(page, htmlReport({ title: 'Cluster <test>', description: 'a & b', sections: [{ heading: '<h>', command: 'run', options: { policy: 'lru' }, output: syntheticReport() }] }));
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    // The only URL is SVG's namespace name, which is never fetched.
    assert.deepEqual([...new Set(page.match(/https?:\/\/[^\s"')]+/g) ?? [])], ['http://www.w3.org/2000/svg']);
    assert.doesNotMatch(page, /\ssrc=|\shref=|url\(|@import|<link|<iframe/i);
    assert.ok(page.includes('Cluster &lt;test&gt;') && page.includes('a &amp; b') && page.includes('synthetic &lt;test&gt; &amp; co'));
    assert.doesNotMatch(page, /<test>|<h>/);
  });

  it('scenario run --report: one page, a section per run, and the same bytes each time', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.html');
    const b = path.join(dir, 'b.html');
    assert.equal(cli(['scenario', 'run', 'scenarios/cloudphysics.json', '--report', a, '--format', 'csv']).code, 0);
    assert.equal(cli(['scenario', 'run', 'scenarios/cloudphysics.json', '--report', b, '--format', 'json']).code, 0);
    const page = fs.readFileSync(a, 'utf8');
    assert.equal(page, fs.readFileSync(b, 'utf8'));
    assert.equal(page.match(/<section class="run"/g)?.length, 2);
    assert.match(page, /<h1>CloudPhysics: a recorded block I\/O trace<\/h1>/);
    assert.match(page, /<h2>object capacities<\/h2>/);
    assert.match(page, /<h2>byte capacities<\/h2>/);
  });
});

describe('--format csv', () => {
  it('scenario run prints one CSV with the scenario and run in front of run\'s own columns', () => {
    const r = cli(['scenario', 'run', 'scenarios/product-catalogue.json', 'scenarios/ttl-bound-cache.json', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const runCsv = cli(['run', '--trace', 'traces/zipf.csv', '--capacity', '10', '--format', 'csv']).stdout.split('\n')[0];
    assert.equal(lines[0], `scenario,run,${runCsv}`);
    assert.equal(lines.filter((l) => l.startsWith('product-catalogue,')).length, 8);
    assert.equal(lines.filter((l) => l.startsWith('ttl-bound-cache,')).length, 10);
    assert.equal(lines.length, 1 + 8 + 10);
  });
});
