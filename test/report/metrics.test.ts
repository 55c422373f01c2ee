// The metric registry (src/report/metrics.ts) against what the simulations
// really report, docs/json.md, and the two tables that read it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withKind, type RunReport } from '../../src/engine/replay.js';
import type { CacheResult } from '../../src/engine/store.js';
import { NO_PAINT, type Paint } from '../../src/report/format.js';
import { htmlReport } from '../../src/report/html.js';
import { METRICS, metricsOf } from '../../src/report/metrics.js';
import { jsonDocSections } from '../../src/report/metrics-doc.js';
import { runTable } from '../../src/report/run-report.js';
import { executeRun } from '../../src/run/plan.js';
import type { SimResult } from '../../src/run/results.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the metric registry', () => {
  it('names every field real runs of each kind report, in their JSON order', async () => {
    const runs = {
      cache: await executeRun({ trace: 'traces/zipf.csv', policy: 'lru,allkeys-lru', capacity: '100' }),
      strategy: await executeRun({ trace: 'traces/hotkey.csv', capacity: '500', strategy: 'write-behind', protect: 'lock', crashAt: '10s' }),
      cluster: await executeRun({ trace: 'traces/hotkey.csv', capacity: '500', nodes: '3', l1: '100:1s', fanout: '2', coalesce: true, mitigations: 'all' }),
    };
    for (const [kind, report] of Object.entries(runs) as [SimResult['kind'], RunReport<SimResult>][]) {
      const r = report.results[0]!;
      assert.equal(r.kind, kind);
      const jsonKeys = Object.keys(JSON.parse(JSON.stringify(r)) as object);
      const registry = metricsOf(kind).metrics.filter((m) => m.json !== false).map((m) => m.key);
      // Every field the run printed is in the registry, in the registry's order (the registry may list more: optional ones).
      assert.deepEqual(registry.filter((k) => jsonKeys.includes(k)), jsonKeys, kind);
    }
  });

  it('is what docs/json.md shows (node scripts/metrics-doc.mjs rewrites it)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/json.md'), 'utf8');
    for (const [kind, table] of Object.entries(jsonDocSections())) {
      assert.ok(doc.includes(`<!-- metrics:${kind} -->\n${table}\n<!-- /metrics:${kind} -->`), `docs/json.md's ${kind} table is not the registry's: run node scripts/metrics-doc.mjs`);
    }
    assert.deepEqual(Object.keys(METRICS).sort(), ['cache', 'cluster', 'strategy']);
  });
});

/** Marks green cells so a test can see which the terminal highlights. */
const MARK: Paint = { ...NO_PAINT, green: (s) => `<${s}>` };

describe('the terminal table and the HTML report agree on the best row', () => {
  // Hand-made: at 100 objects Belady (the ceiling) beats both online policies; arc beats lru.
  const row = (policy: string, capacity: number, hits: number): CacheResult => withKind<CacheResult>('cache', {
    policy, capacity: { value: capacity, unit: 'objects' }, requests: 1000, reads: 1000, hits, misses: 1000 - hits, hitRatio: hits / 1000,
    evictions: 0, expirations: 0, dbReads: 1000 - hits, dbWrites: 0, writes: 0, deletes: 0, rejected: 0,
  });
  const report: RunReport<CacheResult> = {
    trace: { source: 'hand', requests: 1000, reads: 1000, writes: 0, deletes: 0, uniqueKeys: 10, uniqueBytes: 10 },
    seed: 42,
    results: [row('lru', 100, 400), row('arc', 100, 450), row('belady', 100, 600), row('lru', 200, 700), row('arc', 200, 650)],
  };

  it('the best online policy per capacity, never Belady', () => {
    const text = runTable(report, MARK);
    const marked = text.split('\n').filter((l) => l.includes('<')).map((l) => l.split('│').map((c) => c.trim()).filter(Boolean).slice(0, 3));
    assert.deepEqual(marked, [['arc', '100 objects', '<0.4500>'], ['lru', '200 objects', '<0.7000>']]);
    const html = htmlReport({ title: 't', sections: [{ heading: 'h', command: 'run', output: report }] });
    const best = [...html.matchAll(/<tr data-label="([^"]+)">.*?class="num best" data-field="([a-zA-Z]+)"/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(best, [['arc @ 100 objects', 'hitRatio'], ['lru @ 200 objects', 'hitRatio']]);
  });
});
