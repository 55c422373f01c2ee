import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cli, tempDir } from '../helpers.js';

// Every destination here is inside a fresh temporary folder: FIFOs, symlinks,
// device nodes made with mknod, a tiny tmpfs. Never a real /dev file.

const BIN = path.join(ROOT, 'bin/cachesim.cjs');
/** gen's CSV for 50 requests of the default workload: the reference every written copy must equal. */
const GEN = ['gen', '--requests', '50', '--keys', '20'];
const reference = (): string => cli(GEN).stdout;

function oneLine(r: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\.tmp|\n\s+at /);
  assert.match(r.stderr, pattern);
}

/** The folder holds none of our temporary files. */
function noTemporaries(dir: string): void {
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
}

describe('outputs: where a path is written', () => {
  it('a regular file is written whole and keeps its permissions', () => {
    const dir = tempDir();
    const f = path.join(dir, 't.csv');
    fs.writeFileSync(f, 'old\n');
    fs.chmodSync(f, 0o640);
    const r = cli([...GEN, '--out', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(f, 'utf8'), reference());
    assert.equal(fs.statSync(f).mode & 0o777, 0o640);
    noTemporaries(dir);
  });

  it('a symlink is followed: its target is written and the link stays a link', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'data'));
    const link = path.join(dir, 'latest.csv');
    fs.symlinkSync('data/t.csv', link);
    const r = cli([...GEN, '--out', link]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'data/t.csv'), 'utf8'), reference());
    noTemporaries(dir);
    noTemporaries(path.join(dir, 'data'));
  });

  it('a symlink to /proc/self/fd/1 (what /dev/stdout is) writes to the descriptor: here a pipe', () => {
    const dir = tempDir();
    const link = path.join(dir, 'stdout');
    fs.symlinkSync('/proc/self/fd/1', link);
    const r = cli([...GEN, '--out', link]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, reference());
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    noTemporaries(dir);
  });

  it('a FIFO is written in place: its reader gets the whole trace and the FIFO stays a FIFO', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (got += d));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const writer = spawn(process.execPath, [BIN, ...GEN, '--out', fifo]);
    const code = await new Promise((resolve) => writer.on('close', resolve));
    await readerDone;
    assert.equal(code, 0);
    assert.equal(got, reference());
    assert.ok(fs.statSync(fifo).isFIFO());
  });

  it('a character device is written in place, not replaced by a file', (t) => {
    const dir = tempDir();
    const dev = path.join(dir, 'null');
    // Our own node for the null device (1,3), in the temporary folder.
    if (spawnSync('mknod', [dev, 'c', '1', '3']).status !== 0) return t.skip('mknod not permitted here');
    const r = cli([...GEN, '--out', dev]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.statSync(dev).isCharacterDevice());
    noTemporaries(dir);
  });

  it('- is standard output for gen --out, convert and --report', () => {
    assert.equal(cli([...GEN, '--out', '-']).stdout, reference());
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    fs.writeFileSync(input, reference());
    const c = cli(['convert', input, '-']);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout, reference());
    assert.match(c.stderr, /wrote 50 requests to standard output/);
    assert.ok(!fs.existsSync(path.join(ROOT, '-')));
    const h = cli(['run', '--trace', input, '--report', '-']);
    assert.equal(h.code, 0, h.stderr);
    assert.match(h.stdout, /^<!doctype html>/);
    assert.match(h.stdout, /<\/html>\n?$/);
  });
});

describe('outputs: operating system errors are one line naming the user\'s path', () => {
  it('a folder (EISDIR)', () => {
    const dir = tempDir();
    oneLine(cli([...GEN, '--out', dir]), 1, new RegExp(`${dir} is a folder: give a file name`));
  });

  it('a missing folder names the user\'s path, not the temporary file', () => {
    const dir = tempDir();
    const f = path.join(dir, 'nodir/t.csv');
    oneLine(cli([...GEN, '--out', f]), 1, new RegExp(`${f}: the folder ${path.join(dir, 'nodir')} does not exist: create it`));
  });

  it('--report is checked before the work starts: a bad report path fails before the trace is even opened', () => {
    const dir = tempDir();
    oneLine(cli(['run', '--trace', path.join(dir, 'absent.csv'), '--report', path.join(dir, 'nodir/r.html')]), 1, /nodir\/r\.html: the folder .* does not exist/);
    oneLine(cli(['run', '--trace', path.join(dir, 'absent.csv'), '--report', '']), 2, /--report needs a file name \(or - for standard output\)/);
  });

  it('EPIPE through a real pipe (gen | head -1) exits 0 quietly', () => {
    const dir = tempDir();
    const status = path.join(dir, 'status');
    // gen's own exit status, through a file: the shell reports only head's.
    const s = spawnSync('sh', ['-c', `("${process.execPath}" "${BIN}" gen --requests 200000; echo $? > "${status}") | head -1`], { encoding: 'utf8' });
    assert.equal(s.stdout, 'timestamp,key,op,size,ttl\n');
    assert.equal(s.stderr, '');
    assert.equal(fs.readFileSync(status, 'utf8').trim(), '0');
  });

  it('a full device (ENOSPC, a 16 KB tmpfs) leaves nothing behind', (t) => {
    const dir = tempDir();
    const mnt = path.join(dir, 'small');
    fs.mkdirSync(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt]).status !== 0) return t.skip('cannot mount a tmpfs here');
    try {
      const f = path.join(mnt, 't.csv');
      oneLine(cli(['gen', '--requests', '100000', '--out', f]), 1, new RegExp(`${f}: no space left on the device: free some space or write elsewhere`));
      assert.deepEqual(fs.readdirSync(mnt), []);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('a file size limit (EFBIG, ulimit -f with SIGXFSZ ignored) leaves nothing behind', () => {
    const dir = tempDir();
    const f = path.join(dir, 't.csv');
    const r = spawnSync('sh', ['-c', `trap '' XFSZ; ulimit -f 8; exec "${process.execPath}" "${BIN}" gen --requests 100000 --out "${f}"`], { encoding: 'utf8' });
    oneLine({ code: r.status ?? -1, stderr: r.stderr }, 1, new RegExp(`${f}: file too large for the file size limit \\(ulimit -f\\)`));
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
