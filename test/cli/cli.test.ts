import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLOUDPHYSICS_BIN, cli, tempDir, tempFile } from '../helpers.js';

/** One line on stderr, no stack trace, the expected exit code. */
function assertOneLineError(r: { code: number; stderr: string; stdout: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(lines[0]!, pattern);
}

describe('cachesim run', () => {
  it('the README\'s main command works and prints a table', () => {
    const r = cli(['run', '--policy', 'lfu', '--trace', 'traces/zipf.csv']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /lfu/);
    assert.match(r.stdout, /hit ratio/);
  });

  it('JSON output is documented, stable and byte-identical across runs', () => {
    const args = ['run', '--policy', 'lru,random', '--capacity', '500,5%', '--trace', 'traces/hotkey.csv', '--format', 'json'];
    const a = cli(args);
    const b = cli(args);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const j = JSON.parse(a.stdout);
    assert.deepEqual(Object.keys(j.trace), ['source', 'requests', 'reads', 'writes', 'deletes', 'uniqueKeys', 'uniqueBytes', 'durationSeconds']);
    assert.equal(j.results.length, 4);
    const r = j.results[0];
    assert.deepEqual(Object.keys(r).slice(0, 14), ['policy', 'capacity', 'requests', 'reads', 'hits', 'misses', 'hitRatio', 'byteHitRatio', 'evictions', 'expirations', 'dbReads', 'dbWrites', 'writes', 'deletes']);
    for (const x of j.results) {
      assert.equal(x.hits + x.misses, x.reads);
      assert.equal(x.reads + x.writes + x.deletes, x.requests);
    }
  });

  it('CSV output has a header and a row per result', () => {
    const r = cli(['run', '--policy', 'lru,fifo', '--capacity', '100,200', '--trace', 'traces/zipf.csv', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /^policy,params,capacity,unit,requests,reads,hits,misses,hitRatio/);
  });

  it('reads a trace from standard input', () => {
    const r = cli(['run', '--trace', '-', '--capacity', '2', '--format', 'json'], 'key\na\nb\na\nc\na\n');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).results[0].hits, 2);
  });

  it('reads standard input with the default 10% capacity (two passes: it is saved to a temporary file, then removed)', () => {
    // 20 distinct keys, so 10% is 2 objects; LRU with 2 slots hits on the second a and the second b.
    const keys = ['a', 'b', 'a', 'b', ...Array.from({ length: 18 }, (_, i) => `k${i}`)];
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('.stdin.cachesim-'));
    const r = cli(['run', '--trace', '-', '--format', 'json'], `key\n${keys.join('\n')}\n`);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.trace.source, '-');
    assert.deepEqual(j.results[0].capacity, { value: 2, unit: 'objects' });
    assert.equal(j.results[0].hits, 2);
    assert.deepEqual(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('.stdin.cachesim-')), before);
    // A bad row names standard input, not the temporary file.
    const bad = cli(['run', '--trace', '-'], 'timestamp,key\n1,a\nx,b\n');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^cachesim: -:3: time "x"/);
  });
});

describe('bad input: one line, exit code 2 (usage) or 1 (input), never a stack trace', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['missing file', ['run', '--trace', 'nope.csv'], 1, /nope\.csv: no such file/],
    ['unknown policy', ['run', '--trace', 'traces/zipf.csv', '--policy', 'lruu'], 2, /unknown policy "lruu": valid policies are lru, lfu, fifo, random/],
    ['capacity 0', ['run', '--trace', 'traces/zipf.csv', '--capacity', '0'], 2, /capacity "0" must be a whole number of objects, at least 1/],
    ['capacity abc', ['run', '--trace', 'traces/zipf.csv', '--capacity', 'abc'], 2, /capacity "abc" is not valid/],
    ['bytes capacity on a trace without sizes', ['run', '--trace', 'traces/cloudphysics.csv', '--columns', 'key=lbn', '--capacity', '1MB'], 2, /needs object sizes/],
    ['unknown option', ['run', '--trace', 'traces/zipf.csv', '--polcy', 'lru'], 2, /unknown option '--polcy'/],
    ['no trace', ['run'], 2, /run needs a trace/],
    ['alpha 0', ['gen', '--alpha', '0', '--requests', '10'], 2, /alpha/],
    ['alpha negative', ['gen', '--alpha', '-1', '--requests', '10'], 2, /alpha/],
    ['keys 0', ['gen', '--keys', '0', '--requests', '10'], 2, /keys/],
    ['bad format', ['run', '--trace', 'traces/zipf.csv', '--format', 'xml'], 2, /--format "xml" is not one of table, json, csv/],
  ];
  for (const [name, args, code, pattern] of cases) {
    it(name, () => assertOneLineError(cli(args), code, pattern));
  }

  it('input errors name the file and line', () => {
    const dir = tempDir();
    const write = (name: string, text: string): string => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      return f;
    };
    assertOneLineError(cli(['run', '--trace', write('empty.csv', '')]), 1, /empty\.csv: the trace is empty/);
    assertOneLineError(cli(['run', '--trace', write('nokey.csv', 'time,lbn\n1,2\n')]), 1, /nokey\.csv: no key column/);
    assertOneLineError(cli(['run', '--trace', write('size.csv', 'key,size\na,1\nb,abc\n')]), 1, /size\.csv:3: size "abc" is not a whole number of bytes/);
    assertOneLineError(cli(['run', '--trace', write('ttl.csv', 'key,ttl\na,-1\n')]), 1, /ttl\.csv:2: ttl "-1"/);
    assertOneLineError(cli(['run', '--trace', write('op.csv', 'key,op\na,frob\n')]), 1, /op\.csv:2: unknown op "frob"/);
    const truncated = tempFile('cut.bin', fs.readFileSync(CLOUDPHYSICS_BIN).subarray(0, 50));
    assertOneLineError(cli(['run', '--trace', truncated]), 1, /cut\.bin: truncated record at byte 48/);
  });
});

describe('cachesim gen and convert', () => {
  it('the same arguments and seed give byte-identical output; another seed another trace', () => {
    const args = ['gen', '--dist', 'zipf', '--alpha', '1.2', '--keys', '1000', '--requests', '2000', '--write-ratio', '0.1', '--ttl', '60'];
    const a = cli(args);
    const b = cli(args);
    const c = cli([...args, '--seed', '7']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.notEqual(a.stdout, c.stdout);
    assert.match(a.stdout, /^timestamp,key,op,size,ttl\n/);
    assert.match(a.stderr, /seed=42/);
  });

  it('convert CSV → oracleGeneral → CSV replays to the same numbers', () => {
    const dir = tempDir();
    const bin = path.join(dir, 'z.bin');
    const back = path.join(dir, 'z.csv');
    assert.equal(cli(['convert', 'traces/zipf.csv', bin]).code, 0);
    assert.equal(fs.statSync(bin).size, 100000 * 24);
    assert.equal(cli(['convert', bin, back]).code, 0);
    const run = (f: string): unknown => JSON.parse(cli(['run', '--trace', f, '--policy', 'lru,lfu', '--capacity', '300', '--format', 'json']).stdout).results;
    assert.deepEqual(run(bin), run('traces/zipf.csv'));
    assert.deepEqual(run(back), run('traces/zipf.csv'));
  });

  it('gen writes oracleGeneral when --out ends in .bin', () => {
    const dir = tempDir();
    const bin = path.join(dir, 'u.bin');
    const r = cli(['gen', '--dist', 'uniform', '--keys', '100', '--requests', '500', '--out', bin]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.statSync(bin).size, 500 * 24);
  });
});
