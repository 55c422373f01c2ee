import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvTrace } from '../../src/trace/csv.js';
import { parseColumnMapping } from '../../src/trace/columns.js';
import { collectTrace } from '../../src/trace/collect.js';
import { openTrace } from '../../src/trace/open.js';
import { OracleGeneralTrace, writeOracleGeneral } from '../../src/trace/oracle-general.js';
import { writeTraceCsv } from '../../src/trace/csv-writer.js';
import { CachesimError } from '../../src/core/errors.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import type { TraceSource } from '../../src/trace/types.js';
import { CLOUDPHYSICS_BIN, CLOUDPHYSICS_COLUMNS, CLOUDPHYSICS_CSV, tempDir, tempFile } from '../helpers.js';

interface Row { time: number; key: string; op: number; size: number; ttl: number }

async function rows(source: TraceSource): Promise<Row[]> {
  const out: Row[] = [];
  for await (const c of source.chunks()) {
    for (let i = 0; i < c.length; i++) {
      out.push({ time: c.times[i]!, key: source.keys.name(c.ids[i]!), op: c.ops[i]!, size: c.sizes[i]!, ttl: c.ttls[i]! });
    }
  }
  return out;
}

async function rejects(source: TraceSource, pattern: RegExp): Promise<void> {
  await assert.rejects(rows(source), (e: unknown) => {
    assert.ok(e instanceof CachesimError, `expected a CachesimError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.exitCode, 1);
    return true;
  });
}

describe('CSV traces', () => {
  it('finds columns by name, in any order and case, and maps op synonyms', async () => {
    const file = tempFile('t.csv', 'TTL,Operation,Value_Size,obj_id,Time\n0,GET,10,k1,1.5\n30,put,20,k2,2\n,del,,k1,3\n,gets,5,k3,4\n,replace,7,k3,5\n');
    const r = await rows(openTrace(file));
    assert.deepEqual(r, [
      { time: 1.5, key: 'k1', op: 0, size: 10, ttl: 0 },
      { time: 2, key: 'k2', op: 1, size: 20, ttl: 30 },
      { time: 3, key: 'k1', op: 2, size: 1, ttl: 0 },
      { time: 4, key: 'k3', op: 0, size: 5, ttl: 0 },
      { time: 5, key: 'k3', op: 1, size: 7, ttl: 0 },
    ]);
  });

  it('only the key is required: rows without an op are reads, without times one second apart', async () => {
    const t = openTrace(tempFile('k.csv', 'key\na\nb\na\n'));
    const r = await rows(t);
    assert.deepEqual(r.map((x) => [x.time, x.key, x.op]), [[0, 'a', 0], [1, 'b', 0], [2, 'a', 0]]);
    assert.deepEqual(t.columns, { time: false, op: false, size: false, ttl: false });
  });

  it('--columns maps other names, and ignores unmapped columns (the CloudPhysics op codes)', async () => {
    const t = openTrace(CLOUDPHYSICS_CSV, { columns: parseColumnMapping(CLOUDPHYSICS_COLUMNS) });
    const r = await rows(t);
    assert.equal(r.length, 113872);
    assert.deepEqual(r[0], { time: 5633898, key: '42932745', op: 0, size: 512, ttl: 0 });
  });

  it('--columns with positions reads a headerless file', async () => {
    const file = tempFile('h.csv', '10,x,100\n20,y,200\n');
    const r = await rows(openTrace(file, { columns: parseColumnMapping('time=1,key=2,size=3') }));
    assert.deepEqual(r.map((x) => [x.time, x.key, x.size]), [[10, 'x', 100], [20, 'y', 200]]);
  });

  it('time units: ms and us become seconds', async () => {
    const file = tempFile('u.csv', 'time,key\n1500,a\n2000,b\n');
    assert.deepEqual((await rows(openTrace(file, { timeUnit: 'ms' }))).map((x) => x.time), [1.5, 2]);
    assert.deepEqual((await rows(openTrace(file, { timeUnit: 'us' }))).map((x) => x.time), [0.0015, 0.002]);
  });

  it('quoted keys with commas, quotes and newlines, CRLF line ends and a byte order mark', async () => {
    const text = '\ufefftimestamp,key,op\r\n1,"a,b",get\r\n2,"say ""hi""",set\r\n3,"two\nlines",get\r\n4,plain,get\r\n';
    const r = await rows(openTrace(tempFile('q.csv', text)));
    assert.deepEqual(r.map((x) => [x.time, x.key, x.op]), [[1, 'a,b', 0], [2, 'say "hi"', 1], [3, 'two\nlines', 0], [4, 'plain', 0]]);
  });

  it('the same keys get the same ids on the byte path and the quoted path', async () => {
    const t = openTrace(tempFile('m.csv', 'key\n123\nabc\n"123"\n"abc"\n0123\n'));
    const ids: number[] = [];
    for await (const c of t.chunks()) ids.push(...c.ids.subarray(0, c.length));
    assert.deepEqual(ids, [0, 1, 0, 1, 2]);
    assert.equal(t.keys.name(2), '0123');
  });

  it('reads the same rows whatever the block size (rows split across reads)', async () => {
    const gen = generateTrace(parseGenSpec({ keys: 500, requests: 3000, writeRatio: 0.2, deleteRatio: 0.05, ttl: 'uniform:min=1,max=60', size: 'lognormal:median=1KB,sigma=1', seed: 5 }));
    const file = path.join(tempDir(), 'g.csv');
    const fd = fs.openSync(file, 'w');
    await writeTraceCsv(gen, fd);
    fs.closeSync(fd);
    const big = await rows(new CsvTrace(file));
    const small = await rows(new CsvTrace(file, { blockBytes: 37, chunkRows: 7 }));
    assert.equal(big.length, 3000);
    assert.deepEqual(small, big);
    // And they are exactly what was generated (times are kept to the microsecond).
    const direct = await collectTrace(gen);
    assert.deepEqual(big.map((r) => r.time), Array.from(direct.times.subarray(0, 3000)));
    assert.deepEqual(big.map((r) => r.size), Array.from(direct.sizes.subarray(0, 3000)).map((s, i) => (direct.ops[i] === 2 ? 1 : s)));
  });

  describe('malformed input stops with file:line and what is wrong', () => {
    it('an empty file', async () => {
      await rejects(openTrace(tempFile('e.csv', '')), /e\.csv: the trace is empty/);
    });
    it('a header without a key column', async () => {
      await rejects(openTrace(tempFile('n.csv', 'time,lbn\n1,2\n')), /no key column in the header "time,lbn".*--columns key=NAME/);
    });
    it('a non-numeric size', async () => {
      await rejects(openTrace(tempFile('s.csv', 'key,size\na,10\nb,ten\n')), /s\.csv:3: size "ten" is not a whole number of bytes/);
    });
    it('a negative TTL', async () => {
      await rejects(openTrace(tempFile('t.csv', 'key,ttl\na,-5\n')), /t\.csv:2: ttl "-5" must be a number of seconds/);
    });
    it('an unknown op', async () => {
      await rejects(openTrace(tempFile('o.csv', 'key,op\na,get\nb,incr\n')), /o\.csv:3: unknown op "incr": use get\/read\/gets/);
    });
    it('a row with too few columns', async () => {
      await rejects(openTrace(tempFile('c.csv', 'time,key,size\n1,a,5\n2,b\n')), /c\.csv:3: the row has 2 columns, but column 3 is needed/);
    });
    it('a missing file', async () => {
      await rejects(openTrace('/nonexistent/x.csv'), /x\.csv: no such file/);
    });
  });

  it('--skip-bad-rows counts the bad rows and keeps the good ones', async () => {
    const t = openTrace(tempFile('b.csv', 'key,size\na,1\nb,x\nc,3\nd,-1\n'), { skipBadRows: true });
    const r = await rows(t);
    assert.deepEqual(r.map((x) => x.key), ['a', 'c']);
    assert.equal(t.skippedRows, 2);
  });
});

describe('CSV writer', () => {
  it('writes keys that need quoting, non-ASCII keys and fractional times so they read back the same', async () => {
    const text = 'timestamp,key,op,size,ttl\n0,"a,b",get,5,0\n0.000001,ключ,set,7,0.25\n12.5,"say ""hi""",delete,0,0\n100,plain,get,1,0\n';
    const src = openTrace(tempFile('w.csv', text));
    const out = path.join(tempDir(), 'out.csv');
    const fd = fs.openSync(out, 'w');
    await writeTraceCsv(src, fd);
    fs.closeSync(fd);
    assert.deepEqual(await rows(openTrace(out)), await rows(openTrace(tempFile('w2.csv', text))));
    assert.match(fs.readFileSync(out, 'utf8'), /^timestamp,key,op,size,ttl\n0,"a,b",get,5,0\n0\.000001,ключ,set,7,0\.25\n12\.5,"say ""hi""",delete,1,0\n/);
  });
});

describe('oracleGeneral binary traces', () => {
  it('reads the CloudPhysics file: 113,872 records, keys and sizes as stored', async () => {
    const t = new OracleGeneralTrace(CLOUDPHYSICS_BIN);
    const r = await rows(t);
    assert.equal(r.length, 113872);
    assert.deepEqual(r[3], { time: 5633898, key: '40409911', op: 0, size: 6656, ttl: 0 });
    assert.equal(t.keys.size, 48974);
  });

  it('CSV → binary → CSV keeps times, keys and sizes; next-access matches libCacheSim\'s file', async () => {
    const dir = tempDir();
    const bin = path.join(dir, 'cp.bin');
    const csvIn = openTrace(CLOUDPHYSICS_CSV, { columns: parseColumnMapping(CLOUDPHYSICS_COLUMNS) });
    await writeOracleGeneral(csvIn, bin);
    const ours = fs.readFileSync(bin);
    const theirs = fs.readFileSync(CLOUDPHYSICS_BIN);
    assert.equal(ours.length, theirs.length);
    // Same timestamps, ids and next-access fields; sizes differ by design (see traces/README.md).
    for (let o = 0; o < ours.length; o += 24) {
      if (ours.readUInt32LE(o) !== theirs.readUInt32LE(o) || ours.readBigUInt64LE(o + 4) !== theirs.readBigUInt64LE(o + 4) || ours.readBigInt64LE(o + 16) !== theirs.readBigInt64LE(o + 16)) {
        assert.fail(`record ${o / 24} differs`);
      }
    }
    const back = await rows(new OracleGeneralTrace(bin));
    const orig = await rows(openTrace(CLOUDPHYSICS_CSV, { columns: parseColumnMapping(CLOUDPHYSICS_COLUMNS) }));
    assert.deepEqual(back, orig);
  });

  it('non-numeric keys get a 64-bit hash as object id, stable across runs', async () => {
    const dir = tempDir();
    const src = openTrace(tempFile('k.csv', 'key\nuser:1\nuser:2\nuser:1\n'));
    await writeOracleGeneral(src, path.join(dir, 'a.bin'));
    await writeOracleGeneral(openTrace(tempFile('k2.csv', 'key\nuser:1\nuser:2\nuser:1\n')), path.join(dir, 'b.bin'));
    const a = fs.readFileSync(path.join(dir, 'a.bin'));
    assert.deepEqual(a, fs.readFileSync(path.join(dir, 'b.bin')));
    assert.equal(a.readBigUInt64LE(4), a.readBigUInt64LE(2 * 24 + 4));
    assert.notEqual(a.readBigUInt64LE(4), a.readBigUInt64LE(24 + 4));
    // Next access: request 1 (1-based) is next asked for by request 3; the others never.
    assert.deepEqual([a.readBigInt64LE(16), a.readBigInt64LE(24 + 16), a.readBigInt64LE(48 + 16)], [3n, -1n, -1n]);
  });

  it('a truncated record is reported with its byte offset', async () => {
    const whole = fs.readFileSync(CLOUDPHYSICS_BIN).subarray(0, 24 * 3 + 10);
    await rejects(new OracleGeneralTrace(tempFile('t.bin', whole)), /truncated record at byte 72/);
  });
});
