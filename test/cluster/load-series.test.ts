import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, cli, tempFile } from '../helpers.js';

interface Node { node: string; ops: number; peakOps: number; secondsOverLimit: number; load: number[] }

describe('cluster runs: the load series follows requests, not the trace\'s duration', () => {
  it('a 2-row trace spanning 10^9 s with --nodes 3 runs in a 64 MB heap (it died at 3.9 GB)', () => {
    const trace = tempFile('long.csv', 'timestamp,key\n0,a\n1000000000,b\n');
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', path.join(ROOT, 'bin/cachesim.cjs'), 'run', '--trace', trace, '--nodes', '3', '--capacity', '10', '--format', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout).results[0];
    // 10^9 + 1 windows of 1 s: the smallest power of two p with floor(10^9 / p) < 4096 is 2^18.
    assert.equal(res.cluster.loadWindowSeconds, 262144);
    const nodes = res.nodes as Node[];
    for (const n of nodes) assert.equal(n.load.length, Math.floor(1e9 / 262144) + 1);
    // Each read is a miss: the read and the fill, 2 ops on the key's node.
    const first = nodes.find((n) => n.load[0]! > 0)!;
    const last = nodes.find((n) => n.load.at(-1)! > 0)!;
    assert.equal(first.load[0], Math.round((2 / 262144) * 1e6) / 1e6);
    // The last point covers 10^9 − 3814·2^18 = 182,784 s.
    assert.equal(last.load.at(-1), Math.round((2 / 182784) * 1e6) / 1e6);
    // Peaks are still over 1 s windows: 2 ops in the first second; the last window is cut short (0 s), so not rated.
    assert.equal(first.peakOps, 2);
    if (last !== first) assert.equal(last.peakOps, 0);
  });

  it('merged points sum their windows; peaks and seconds over the limit stay per window', () => {
    // One new key a second for 10,000 s, and 100 more in second 5000: every read misses (read + fill = 2 ops).
    const rows = ['timestamp,key'];
    for (let t = 0; t < 10_000; t++) rows.push(`${t},k${t}`);
    for (let j = 0; j < 100; j++) rows.push(`5000.5,burst${j}`);
    rows.sort((a, b) => (a === 'timestamp,key' ? -1 : b === 'timestamp,key' ? 1 : Number(a.split(',')[0]) - Number(b.split(',')[0])));
    const trace = tempFile('t.csv', `${rows.join('\n')}\n`);
    const r = cli(['run', '--trace', trace, '--nodes', '1', '--capacity', '1M', '--node-ops', '100', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout).results[0];
    // 10,000 windows: pairs (5,000 points) are still over 4,096, quadruples (2,500) are not.
    assert.equal(res.cluster.loadWindowSeconds, 4);
    const n = (res.nodes as Node[])[0]!;
    assert.equal(n.ops, 2 * 10_100);
    assert.equal(n.load.length, 2500);
    assert.equal(n.load[0], 2); // 8 ops over 4 s
    assert.equal(n.load[1250], (8 + 200) / 4); // windows 5000..5003 hold the burst
    // The last point, windows 9996..9999, covers 9999 − 9996 = 3 s of the trace.
    assert.equal(n.load[2499], Math.round((8 / 3) * 1e6) / 1e6);
    assert.equal(n.peakOps, 202);
    assert.equal(n.secondsOverLimit, 1);
  });
});
