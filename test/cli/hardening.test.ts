import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, tempFile } from '../helpers.js';
import { csvCell } from '../../src/report/format.js';

function oneLine(r: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\[object Object\]|\n\s+at /);
  assert.match(r.stderr, pattern);
}

/** oracleGeneral records: uint32 time, uint64 object id, uint32 size, int64 next access (libCacheSim's layout). */
function oracleGeneral(rows: [number, number, number][]): Buffer {
  const b = Buffer.alloc(24 * rows.length);
  rows.forEach(([t, id, size], i) => {
    b.writeUInt32LE(t, 24 * i);
    b.writeBigUInt64LE(BigInt(id), 24 * i + 4);
    b.writeUInt32LE(size, 24 * i + 12);
    b.writeBigInt64LE(-1n, 24 * i + 16);
  });
  return b;
}

describe('smaller hardening items', () => {
  it('times that go back (a .bin at 100 s, then 1 s) give a duration of 99 s, not −99 s', () => {
    const f = tempFile('back.bin', oracleGeneral([[100, 1, 10], [1, 2, 10]]));
    const r = cli(['run', '--trace', f, '--capacity', '5', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).trace.durationSeconds, 99);
  });

  it('--node-memory smaller than one item is refused', () => {
    // 1 KB items: 1,000 bytes of value plus the model's overhead, times 1.2 fragmentation, is over 1,200 B.
    oneLine(cli(['size', '--items', '1M', '--item-size', '1KB', '--hit', '0.8', '--node-memory', '100B']), 2, /--node-memory 100 B is less than one item takes \([\d,]+ B with its overhead and fragmentation\): give a node's memory/);
  });

  it('a size above 2^32 − 1 is named as too large, not as "not a whole number"', () => {
    const f = tempFile('big.csv', 'key,size\na,4294967296\n');
    oneLine(cli(['run', '--trace', f]), 1, /big\.csv:2: size "4294967296" is above 4,294,967,295 bytes \(2\^32 − 1\)/);
    const g = tempFile('frac.csv', 'key,size\na,1.5\n');
    oneLine(cli(['run', '--trace', g]), 1, /frac\.csv:2: size "1\.5" is not a whole number of bytes/);
  });

  it('a header-only file and an empty one are both bad input: exit 1', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'header.csv'), 'timestamp,key\n');
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    oneLine(cli(['run', '--trace', path.join(dir, 'header.csv')]), 1, /header\.csv: the trace has no requests/);
    oneLine(cli(['run', '--trace', path.join(dir, 'empty.csv')]), 1, /empty\.csv: the trace is empty/);
  });

  it('a scenario capacity of {} is named as an object, not [object Object]', () => {
    const f = tempFile('s.json', JSON.stringify({ name: 'x', description: 'd', workload: { keys: 100, requests: 1000, seed: 1 }, runs: [{ policy: 'lru', capacity: {} }] }));
    oneLine(cli(['scenario', 'run', f]), 2, /runs\[0\]\.capacity: \{\} is an object, but capacity takes text, a number or a list/);
  });

  it('CSV output is spreadsheet-safe: formula-like text gets a leading apostrophe, numbers do not', () => {
    assert.equal(csvCell('=cmd|calc'), "'=cmd|calc");
    assert.equal(csvCell('+1+1'), "'+1+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('-x'), "'-x");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('-5'), '-5');
    assert.equal(csvCell('-0.25'), '-0.25');
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell('=a,b'), '"\'=a,b"');
    const f = tempFile('f.csv', 'timestamp,key\n0,=cmd|calc\n1,=cmd|calc\n2,-5\n');
    const r = cli(['hotkeys', '--trace', f, '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[1]!, /^1,'=cmd\|calc,2,/);
    assert.match(lines[2]!, /^2,-5,1,/);
  });
});
