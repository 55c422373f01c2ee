import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, cli, tempFile } from '../helpers.js';
import { skipWithoutRedis, startRedis } from './server.js';

const BIN = path.join(ROOT, 'bin/cachesim.cjs');

/** A trace of `n` reads over 500 keys, one a millisecond. */
function trace(n: number, size = 100): string {
  const rows = ['timestamp,key,op,size'];
  for (let i = 0; i < n; i++) rows.push(`${i / 1000},k${(i * 7919) % 500},get,${size}`);
  return tempFile('r.csv', `${rows.join('\n')}\n`);
}

/** Run replay, do `meanwhile` after `ms`, and wait for the end (killing the replay, and failing, if it hangs). */
async function replayWith(args: string[], ms: number, meanwhile: () => void): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [BIN, 'replay', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const timer = setTimeout(meanwhile, ms);
  // A guard, not a measurement: a replay that never ends is the defect under test.
  const hang = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await done;
  clearTimeout(timer);
  clearTimeout(hang);
  return { code, stderr, stdout };
}

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
  return lines[0]!;
}

describe('replay --redis when the server fails', { skip: skipWithoutRedis('the server-failure tests') }, () => {
  it('a server stopped with SIGSTOP mid-replay: the replay ends after the timeout, naming the server and how far it got', async () => {
    const redis = await startRedis();
    try {
      const r = await replayWith(['--redis', redis.url, '--trace', trace(20_000), '--maxmemory', '10MB', '--policy', 'allkeys-lru', '--timeout', '1'], 2500, () => redis.process.kill('SIGSTOP'));
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      const line = oneLine(r.stderr);
      assert.match(line, new RegExp(`^cachesim: ${redis.url}: it stopped answering \\(no reply within 1 s\\) after [\\d,]+ of about [\\d,]+ requests sent, [\\d,]+ answered; no results`));
      const sent = Number(/after ([\d,]+) of/.exec(line)![1]!.replace(/,/g, ''));
      const answered = Number(/([\d,]+) answered/.exec(line)![1]!.replace(/,/g, ''));
      assert.ok(sent > 0 && sent < 20_000 && answered <= sent, line);
    } finally {
      await redis.stop();
    }
  });

  it('a server killed mid-replay: one line, the connection broke, how far it got', async () => {
    const redis = await startRedis();
    try {
      const r = await replayWith(['--redis', redis.url, '--trace', trace(20_000), '--maxmemory', '10MB', '--policy', 'allkeys-lru'], 2500, () => redis.process.kill('SIGKILL'));
      assert.equal(r.code, 1, r.stderr);
      assert.match(oneLine(r.stderr), new RegExp(`^cachesim: ${redis.url}: the connection broke \\(.+\\) after [\\d,]+ of about [\\d,]+ requests sent, [\\d,]+ answered; no results`));
    } finally {
      await redis.stop();
    }
  });

  it('a value of 2^31 bytes or more is refused (Lua would store an empty value): exit 2, naming the request', async () => {
    const redis = await startRedis();
    try {
      const r = cli(['replay', '--redis', redis.url, '--trace', trace(3, 2 ** 31), '--maxmemory', '10MB', '--policy', 'allkeys-lru']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(oneLine(r.stderr), /request 1 has a value of 2,147,483,648 bytes, more than a Redis string holds \(512 MiB/);
    } finally {
      await redis.stop();
    }
  });
});

describe('replay --redis: the password is masked in every message', () => {
  it('a URL that does not parse', () => {
    const r = cli(['replay', '--redis', 'redis//admin:s3cret@host:6379', '--trace', trace(3), '--maxmemory', '1MB', '--policy', 'allkeys-lru']);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /s3cret/);
    assert.match(oneLine(r.stderr), /--redis "redis\/\/admin:\*\*\*@host:6379" is not a URL/);
  });

  it('a server that cannot be reached', () => {
    const r = cli(['replay', '--redis', 'redis://admin:s3cret@127.0.0.1:1', '--trace', trace(3), '--maxmemory', '1MB', '--policy', 'allkeys-lru']);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, /s3cret/);
    assert.match(oneLine(r.stderr), /redis:\/\/admin:\*\*\*@127\.0\.0\.1:1/);
  });
});
