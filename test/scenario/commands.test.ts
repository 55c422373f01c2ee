import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cli, tempDir } from '../helpers.js';

/** `"command": "size"` and `"command": "mrc"` in scenario files: the same core, options and messages as the command line. */

function scenario(body: Record<string, unknown>): string {
  const file = path.join(tempDir(), 'x.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'n', description: 'd', ...body }));
  return file;
}

function runJson(file: string): { runs: { name: string; command: string; output: Record<string, unknown> }[] } {
  const r = cli(['scenario', 'run', file, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { runs: { name: string; command: string; output: Record<string, unknown> }[] }[])[0]!;
}

function cliJson(args: string[]): unknown {
  const r = cli([...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('size and mrc in scenarios', () => {
  it('a size run prints exactly what cachesim size --format json prints for the same flags', () => {
    const file = scenario({ runs: [{ name: 's', command: 'size', items: '10M', itemSize: '2KB', hit: 0.8, zipf: 0.99, engine: 'redis', nodeMemory: '16GB', replicas: 1, peakQps: '200k' }] });
    const flags = ['size', '--items', '10M', '--item-size', '2KB', '--hit', '0.8', '--zipf', '0.99', '--engine', 'redis', '--node-memory', '16GB', '--replicas', '1', '--peak-qps', '200k'];
    assert.deepEqual(runJson(file).runs[0]!.output, cliJson(flags));
  });

  it('size uses the scenario\'s workload unless the run names a popularity model; mrc draws the workload\'s curve', () => {
    const workload = { dist: 'zipf', alpha: 1, keys: 2000, requests: 20000, seed: 5 };
    const file = scenario({
      workload,
      runs: [
        { name: 'from the workload', command: 'size', hit: 0.5 },
        { name: 'from a model', command: 'size', hit: 0.5, items: 2000, itemSize: 1000, zipf: 1 },
        { name: 'curve', command: 'mrc', points: 4 },
      ],
    });
    const out = runJson(file).runs;
    const trace = path.join(tempDir(), 'w.csv');
    assert.equal(cli(['gen', '--dist', 'zipf', '--alpha', '1', '--keys', '2000', '--requests', '20000', '--seed', '5', '--out', trace]).code, 0);
    const fromFile = cliJson(['size', '--hit', '0.5', '--trace', trace]) as { estimates: unknown[] };
    // The same requests, generated in memory or read from a CSV: the same answer.
    assert.deepEqual(out[0]!.output.estimates, fromFile.estimates);
    assert.equal(out[1]!.output.trace, undefined);
    assert.equal(out[1]!.output.workload, 'zipf 1 popularity');
    const curve = cliJson(['mrc', '--trace', trace, '--points', '4']) as { points: unknown[] };
    assert.deepEqual(out[2]!.output.points, curve.points);
  });

  it('an mrc run needs a workload or trace; values and names are checked as on the command line', () => {
    let r = cli(['scenario', 'run', scenario({ runs: [{ command: 'mrc' }] })]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /runs\[0\]: cachesim mrc replays a workload: add "workload"/);
    r = cli(['scenario', 'run', scenario({ runs: [{ command: 'size', hit: '150%', items: 10, itemSize: 1 }] })]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /runs\[0\]\.hit: --hit "150%" must be a hit ratio above 0 and below 1/);
    r = cli(['scenario', 'run', scenario({ runs: [{ command: 'size', hit: 0.8, itemz: 10 }] })]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /runs\[0\]\.itemz: not an option of cachesim size: valid options are hit, items, itemSize, .* \(did you mean "items"\?\)/);
    r = cli(['scenario', 'run', scenario({ workload: { keys: 10, requests: 100, seed: 1 }, runs: [{ command: 'mrc', policy: 'lru,fifo' }] })]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /runs\[0\]\.policy: mrc draws one policy's curve/);
  });
});
