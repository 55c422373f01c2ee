// cachesim used as a library, through package.json's main.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the library entry (package.json main)', () => {
  it('replays a hand-worked trace: FIFO on 1 2 3 4 1 2 5 1 2 3 4 5 with 3 slots misses 9 times', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string };
    assert.ok(fs.existsSync(path.join(ROOT, pkg.types)), pkg.types);
    const lib = (await import(pathToFileURL(path.join(ROOT, pkg.main)).href)) as typeof import('../src/index.js');
    const keys = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
    const trace = lib.traceFromRequests(keys.map((k, i) => ({ time: i, key: String(k) })));
    const fifo = lib.findPolicy('fifo');
    const report = await lib.replay(trace, [{ policy: fifo, params: {}, capacity: { kind: 'objects', value: 3 } }], { kinds: lib.SIMULATIONS, seed: 1 });
    assert.equal(report.results[0]!.misses, 9);
    assert.equal(report.results[0]!.kind, 'cache');
  });
});
