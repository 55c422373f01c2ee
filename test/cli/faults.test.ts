import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cli, tempDir } from '../helpers.js';

// Fault injection: a child cachesim is killed (SIGKILL) or interrupted
// (SIGINT) at several moments while it writes. Whatever the moment, the
// destination is absent, old or complete (byte-identical to an uninterrupted
// run), and no temporary file survives a SIGINT. The moments are chosen by
// what the folder shows (the temporary file has appeared, has grown) or by a
// delay; nothing here asserts how long anything takes.

const BIN = path.join(ROOT, 'bin/cachesim.cjs');
const TMP = /^\..+\.cachesim-[0-9a-f]{8}\.tmp$/;
const OLD = 'old content\n';

type Moment = { label: string; wait: (dir: string) => Promise<void> };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Wait until a temporary file in `dir` holds at least `bytes` (or give up after a while: the kill then comes later). */
function tmpAtLeast(bytes: number): Moment {
  return {
    label: `temporary file ≥ ${bytes} bytes`,
    async wait(dir) {
      for (let i = 0; i < 2000; i++) {
        for (const f of fs.readdirSync(dir)) {
          if (!TMP.test(f)) continue;
          try {
            if (fs.statSync(path.join(dir, f)).size >= bytes) return;
          } catch {
            // renamed meanwhile
          }
        }
        await sleep(2);
      }
    },
  };
}

const after = (ms: number): Moment => ({ label: `after ${ms} ms`, wait: () => sleep(ms) });

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Start cachesim, wait for the moment, send the signal, wait for the end. */
async function interrupt(args: string[], dir: string, moment: Moment, signal: NodeJS.Signals): Promise<Outcome> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Outcome>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  await Promise.race([moment.wait(dir), done]);
  child.kill(signal);
  const o = await done;
  assert.doesNotMatch(stderr, /internal error/, stderr);
  return o;
}

/**
 * Each destination is absent, old or complete; after SIGINT no temporary
 * file is left, and the exit code is 130 (or 0 when the work had finished).
 * A kill -9 may leave one, recognisable by its name; it is removed here.
 */
function check(dir: string, files: Record<string, string>, o: Outcome, signal: NodeJS.Signals, label: string): ('absent' | 'old' | 'complete')[] {
  const states = Object.entries(files).map(([name, complete]) => {
    const f = path.join(dir, name);
    if (!fs.existsSync(f)) return 'absent' as const;
    const text = fs.readFileSync(f, 'utf8');
    if (text === OLD) return 'old' as const;
    assert.equal(text.length, complete.length, `${label}: ${name} is neither absent, old nor complete`);
    assert.ok(text === complete, `${label}: ${name} is neither absent, old nor complete`);
    return 'complete' as const;
  });
  const temps = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  if (signal === 'SIGINT') {
    assert.deepEqual(temps, [], `${label}: a temporary file survived SIGINT`);
    assert.ok(o.code === 130 || o.code === 0 || o.signal === 'SIGINT', `${label}: exit ${o.code} ${o.signal}`);
  } else {
    for (const t of temps) {
      assert.match(t, TMP, `${label}: an unrecognisable leftover ${t}`);
      fs.rmSync(path.join(dir, t));
    }
  }
  return states;
}

const MOMENTS: Moment[] = [after(0), tmpAtLeast(1), tmpAtLeast(1 << 20), after(1000)];
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGKILL'];

/** One fresh folder per attempt, inside one temporary folder. */
const ROOT_DIR = tempDir();
let attempts = 0;
function freshDir(): string {
  const d = path.join(ROOT_DIR, String(attempts++));
  fs.mkdirSync(d);
  return d;
}

/**
 * Every moment × signal, over an old file every other time. Returns how many
 * SIGINTs caught a temporary file (exit 130): the test must have caught some.
 */
async function faultMatrix(setup: (dir: string, old: boolean) => { args: string[]; files: Record<string, string> }): Promise<number> {
  let caught = 0;
  let n = 0;
  for (const moment of MOMENTS) {
    for (const signal of SIGNALS) {
      const old = n++ % 2 === 1;
      const dir = freshDir();
      const { args, files } = setup(dir, old);
      const o = await interrupt(args, dir, moment, signal);
      const label = `${args[0]} ${moment.label} ${signal}${old ? ' over an old file' : ''}`;
      const states = check(dir, files, o, signal, label);
      if (!old) assert.ok(!states.includes('old'), label);
      if (signal === 'SIGINT' && o.code === 130) caught++;
    }
  }
  return caught;
}

describe('faults: interrupted writes leave the destination absent, old or complete', () => {
  const genArgs = ['gen', '--requests', '300000', '--keys', '50000', '--seed', '7'];
  const genCsv = cli(genArgs).stdout;

  it('gen --out', async () => {
    // Between the temporary file's first byte and its rename, SIGINT removes it.
    assert.ok(await faultMatrix((dir, old) => {
      if (old) fs.writeFileSync(path.join(dir, 't.csv'), OLD);
      return { args: [...genArgs, '--out', 't.csv'], files: { 't.csv': genCsv } };
    }) >= 1);
  });

  it('convert', async () => {
    assert.ok(await faultMatrix((dir, old) => {
      fs.writeFileSync(path.join(dir, 'in.csv'), genCsv);
      if (old) fs.writeFileSync(path.join(dir, 'out.csv'), OLD);
      return { args: ['convert', 'in.csv', 'out.csv'], files: { 'out.csv': genCsv } };
    }) >= 1);
  });

  it('run --report', async () => {
    const dir0 = freshDir();
    fs.writeFileSync(path.join(dir0, 'in.csv'), genCsv);
    const runArgs = ['run', '--trace', 'in.csv', '--policy', 'lru,lfu,arc', '--capacity', '1%,10%', '--threads', '0'];
    const full = spawnIn(dir0, [...runArgs, '--report', 'r.html']);
    assert.equal(full, 0);
    // The page does not depend on where it was written (its title names the trace, given relatively).
    const html = fs.readFileSync(path.join(dir0, 'r.html'), 'utf8');
    await faultMatrix((dir, old) => {
      fs.writeFileSync(path.join(dir, 'in.csv'), genCsv);
      if (old) fs.writeFileSync(path.join(dir, 'r.html'), OLD);
      return { args: [...runArgs, '--report', 'r.html'], files: { 'r.html': html } };
    });
  });

  it('scenario check --update: the set of goldens', async () => {
    const names = ['a', 'b', 'c'];
    const scenario = (n: string, i: number): string => JSON.stringify({
      name: `fault ${n}`,
      description: 'a small scenario for the fault test',
      workload: { dist: 'zipf', keys: 20000, requests: 100000 + 50000 * i, seed: i + 1 },
      runs: [{ name: 'lru', policy: ['lru', 'lfu'], capacity: [500, 2000] }],
    });
    const dir0 = freshDir();
    names.forEach((n, i) => fs.writeFileSync(path.join(dir0, `${n}.json`), scenario(n, i)));
    assert.equal(spawnIn(dir0, ['scenario', 'check', '--update', '--dir', '.']), 0);
    const goldens = Object.fromEntries(names.map((n) => [`${n}.expected.json`, fs.readFileSync(path.join(dir0, `${n}.expected.json`), 'utf8')]));
    for (const moment of [after(0), after(400), after(800), tmpAtLeast(1)]) {
      for (const signal of SIGNALS) {
        const dir = freshDir();
        names.forEach((n, i) => {
          fs.writeFileSync(path.join(dir, `${n}.json`), scenario(n, i));
          fs.writeFileSync(path.join(dir, `${n}.expected.json`), OLD);
        });
        const o = await interrupt(['scenario', 'check', '--update', '--dir', '.'], dir, moment, signal);
        const label = `scenario check --update ${moment.label} ${signal}`;
        const states = check(dir, goldens, o, signal, label);
        assert.ok(!states.includes('absent'), label);
        // SIGINT is handled only between renames' batches: the set moves together.
        if (signal === 'SIGINT') assert.equal(new Set(states).size, 1, `${label}: ${states.join(', ')}`);
      }
    }
  });
});

/** Run cachesim to the end in `dir`; its exit code. */
function spawnIn(dir: string, args: string[]): number | null {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: dir, stdio: 'ignore' }).status;
}
