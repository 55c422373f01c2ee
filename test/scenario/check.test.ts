import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, ROOT, tempDir } from '../helpers.js';

/** A small scenario (a few thousand requests), written into `dir`. */
function writeScenario(dir: string, name: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({
    name: `Test scenario ${name}`,
    description: 'A small uniform workload, for testing the check itself.',
    workload: { dist: 'uniform', keys: 200, requests: 3000, seed: 5 },
    runs: [{ name: 'lru and lfu', policy: ['lru', 'lfu'], capacity: [20, 50] }],
    ...extra,
  }, null, 2));
  return file;
}

function editGolden(file: string, edit: (g: { runs: { output: { results: Record<string, number>[]; trace: Record<string, unknown> } }[] }) => void): void {
  const g = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(g);
  fs.writeFileSync(file, `${JSON.stringify(g, null, 2)}\n`);
}

describe('cachesim scenario check', () => {
  it('passes on a clean checkout: every scenario in scenarios/ matches its golden file', () => {
    const r = cli(['scenario', 'check']);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /nothing moved beyond its tolerance/);
    const scenarios = fs.readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));
    assert.ok(scenarios.length >= 5, `scenarios found: ${scenarios.join(', ')}`);
    for (const s of scenarios) assert.match(r.stdout, new RegExp(`${s.replace('.json', '')}\\s.*ok`));
  });

  it('fails, exit 1, naming the field, when a golden value is edited by hand (on a copy of the scenarios folder)', () => {
    const dir = path.join(tempDir(), 'scenarios');
    fs.cpSync(path.join(ROOT, 'scenarios'), dir, { recursive: true });
    const golden = path.join(dir, 'product-catalogue.expected.json');
    let label = '';
    let was = 0;
    editGolden(golden, (g) => {
      const res = g.runs[0]!.output.results[0]!;
      label = `${res.policy} @ ${(res.capacity as unknown as { value: number }).value} objects`;
      was = res.hits!;
      res.hits = was + 7;
    });
    const r = cli(['scenario', 'check', '--dir', dir, '--format', 'csv']);
    assert.equal(r.code, 1, r.stderr);
    const field = `results[${label}].hits`;
    // The CSV has exactly the one moved field, with the numbers as edited.
    const rows = r.stdout.trim().split('\n');
    assert.equal(rows[0], 'scenario,run,field,expected,got,delta,tolerance,status');
    assert.equal(rows.length, 2, r.stdout);
    assert.equal(rows[1], `product-catalogue,policies at 1% and 10% of the catalogue,${field},${was + 7},${was},-7,exact,beyond`);
    // One line on stderr, naming the scenario, the field and the fix.
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /scenario check failed: 1 moved beyond tolerance \(product-catalogue: results\[.*\]\.hits \d+ → \d+\)/);
    assert.match(lines[0]!, /--update/);
    // The table names it too.
    const table = cli(['scenario', 'check', '--dir', dir]);
    assert.equal(table.code, 1);
    assert.ok(table.stdout.includes(field), table.stdout);
    assert.match(table.stdout, /product-catalogue\s.*moved \(1 beyond tolerance\)/);
    assert.match(table.stdout, /cloudphysics\s.*ok/);
  });

  it('counts are exact; a tolerance lets a field drift by at most its amount (absolute or a share)', () => {
    const dir = tempDir();
    writeScenario(dir, 'tol', { tolerance: { hitRatio: 0.01 }, runs: [{ name: 'lru and lfu', policy: ['lru', 'lfu'], capacity: [20, 50], tolerance: { evictions: '10%' } }] });
    const golden = path.join(dir, 'tol.expected.json');
    assert.equal(cli(['scenario', 'check', '--dir', dir, '--update']).code, 0);
    const original = fs.readFileSync(golden, 'utf8');
    const check = (): ReturnType<typeof cli> => cli(['scenario', 'check', '--dir', dir, '--format', 'json']);

    // hitRatio 0.005 off with a tolerance of 0.01: reported, within, exit 0.
    editGolden(golden, (g) => { g.runs[0]!.output.results[0]!.hitRatio! += 0.005; });
    let r = check();
    assert.equal(r.code, 0, r.stderr);
    let j = JSON.parse(r.stdout);
    assert.equal(j.ok, true);
    assert.equal(j.scenarios[0].status, 'ok');
    assert.equal(j.scenarios[0].moves.length, 1);
    assert.equal(j.scenarios[0].moves[0].status, 'within');
    assert.equal(j.scenarios[0].moves[0].tolerance, '±0.01');
    assert.equal(j.scenarios[0].moves[0].delta, -0.005);

    // 0.02 off: beyond.
    fs.writeFileSync(golden, original);
    editGolden(golden, (g) => { g.runs[0]!.output.results[1]!.hitRatio! -= 0.02; });
    r = check();
    assert.equal(r.code, 1);
    j = JSON.parse(r.stdout);
    assert.equal(j.scenarios[0].moves[0].status, 'beyond');
    assert.match(j.scenarios[0].moves[0].field, /^results\[lru @ 50 objects\]\.hitRatio$/);

    // evictions within 10% of the golden value: within; hits (no tolerance) off by one: beyond.
    fs.writeFileSync(golden, original);
    let evictions = 0;
    editGolden(golden, (g) => {
      const res = g.runs[0]!.output.results[2]!;
      evictions = res.evictions!;
      res.evictions = Math.round(evictions / 1.05);
      res.hits! += 1;
    });
    r = check();
    assert.equal(r.code, 1);
    j = JSON.parse(r.stdout);
    const byField = Object.fromEntries(j.scenarios[0].moves.map((m: { field: string; status: string }) => [m.field.replace(/^.*\]\./, ''), m.status]));
    assert.deepEqual(byField, { hits: 'beyond', evictions: 'within' });
    assert.ok(evictions > 100, 'the edit is a real change');
  });

  it('--update writes byte-identical golden files, equal to scenario run --format json; a run replayed from a generated CSV agrees', () => {
    const dir = tempDir();
    const file = writeScenario(dir, 'det');
    const golden = path.join(dir, 'det.expected.json');
    const u1 = cli(['scenario', 'check', file, '--update']);
    assert.equal(u1.code, 0, u1.stderr);
    assert.match(u1.stdout, /det\s.*recorded/);
    const first = fs.readFileSync(golden, 'utf8');
    // A second recording is byte-identical (so no wall-clock timing can be in it).
    const u2 = cli(['scenario', 'check', file, '--update']);
    assert.match(u2.stdout, /det\s.*unchanged/);
    assert.equal(fs.readFileSync(golden, 'utf8'), first);
    const run = cli(['scenario', 'run', file, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(`${JSON.stringify(JSON.parse(run.stdout)[0], null, 2)}\n`, first);
    // The same workload through gen → CSV → run gives the same results.
    const csv = path.join(dir, 'det.csv');
    assert.equal(cli(['gen', '--dist', 'uniform', '--keys', '200', '--requests', '3000', '--seed', '5', '--out', csv]).code, 0);
    const viaCsv = JSON.parse(cli(['run', '--trace', csv, '--policy', 'lru,lfu', '--capacity', '20,50', '--format', 'json']).stdout);
    assert.deepEqual(JSON.parse(first).runs[0].output.results, viaCsv.results);
  });

  it('a scenario without a golden file fails with the command that records it; a new run is a failure, a new result field is not', () => {
    const dir = tempDir();
    const file = writeScenario(dir, 'new');
    let r = cli(['scenario', 'check', file]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /new\s.*no golden file/);
    assert.match(r.stderr, /1 without a golden file \(new\): record with cachesim scenario check --update .*new\.json/);
    assert.equal(cli(['scenario', 'check', file, '--update']).code, 0);
    assert.equal(cli(['scenario', 'check', file]).code, 0);

    // A field the golden file lacks (a metric added to cachesim later) is listed, not a failure.
    const golden = path.join(dir, 'new.expected.json');
    editGolden(golden, (g) => { delete g.runs[0]!.output.results[0]!.rejected; });
    r = cli(['scenario', 'check', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /new fields not in the golden files .*results\[…\]\.rejected/);

    // A field the golden file has and the output lost is a failure.
    editGolden(golden, (g) => { g.runs[0]!.output.trace.gone = 1; });
    r = cli(['scenario', 'check', file, '--format', 'csv']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /trace\.gone,1,,,exact,beyond/);

    // A run added to the scenario has no golden output yet: a failure until --update records it.
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    s.runs.push({ name: 'fifo', policy: 'fifo', capacity: 20 });
    fs.writeFileSync(file, JSON.stringify(s));
    assert.equal(cli(['scenario', 'check', file, '--update']).code, 0);
    s.runs.push({ name: 'random', policy: 'random', capacity: 20 });
    fs.writeFileSync(file, JSON.stringify(s));
    r = cli(['scenario', 'check', file, '--format', 'csv']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /new,random,\(run\),,"new run, not in the golden file",,exact,beyond/);
  });
});
