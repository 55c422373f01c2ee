// `cachesim replay --memcached`: its errors, and a replay into a scratch memcached from the command line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

import { CachesimError } from '../../src/core/errors.js';
import { parseMemcachedAddress } from '../../src/memcached/connection.js';
import { classesFromStats, paramsFromSettings } from '../../src/memcached/replay.js';
import { cli, tempDir } from '../helpers.js';
import { skipWithoutMemcached, startMemcached } from './server.js';

function oneLine(r: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

describe('replay --memcached: input', () => {
  it('reads HOST:PORT and refuses anything else', () => {
    assert.deepEqual(parseMemcachedAddress('127.0.0.1:11211'), { host: '127.0.0.1', port: 11211, label: '127.0.0.1:11211' });
    assert.deepEqual(parseMemcachedAddress('memcached://[::1]:11211'), { host: '::1', port: 11211, label: '[::1]:11211' });
    for (const bad of ['localhost', '127.0.0.1:0', '127.0.0.1:70000', 'a:b']) {
      assert.throws(() => parseMemcachedAddress(bad), (e: unknown) => e instanceof CachesimError && e.exitCode === 2, bad);
    }
  });

  it('turns the server\'s settings into the model\'s parameters and refuses ones it does not model', () => {
    const settings = new Map([['growth_factor', '1.08'], ['chunk_size', '48'], ['cas_enabled', 'no'], ['slab_automove', '1'], ['lru_segmented', 'yes'], ['temp_lru', 'no']]);
    const p = paramsFromSettings(settings, 'x');
    assert.equal(p['growth-factor'], 1.08);
    assert.equal(p.cas, 0);
    assert.equal(p['hot-lru-pct'], 20);
    assert.throws(() => paramsFromSettings(new Map([['lru_segmented', 'no']]), 'x'), /lru_segmented no/);
    assert.throws(() => paramsFromSettings(new Map([['slab_automove', '2']]), 'x'), /slab_automove 2/);
  });

  it('reads per-class figures from stats slabs and stats items', () => {
    const slabs = new Map([['5:chunk_size', '240'], ['5:total_pages', '3'], ['5:free_chunks', '7'], ['total_malloced', '3145728']]);
    const items = new Map([['items:5:number', '13100'], ['items:5:number_hot', '2000'], ['items:5:number_warm', '100'], ['items:5:number_cold', '11000'], ['items:5:evicted', '42']]);
    assert.deepEqual(classesFromStats(slabs, items), [{ class: 5, chunkSize: 240, pages: 3, items: 13100, hot: 2000, warm: 100, cold: 11000, freeChunks: 7, evictions: 42 }]);
  });

  it('fails in one line on a bad address, on Redis flags, and on an unreachable server', () => {
    oneLine(cli(['replay', '--memcached', 'nowhere', '--trace', 'traces/zipf.csv']), 2, /--memcached "nowhere" is not HOST:PORT/);
    oneLine(cli(['replay', '--memcached', '127.0.0.1:9', '--trace', 'traces/zipf.csv', '--maxmemory', '64MB']), 2, /--maxmemory is for Redis/);
    oneLine(cli(['replay', '--memcached', '127.0.0.1:9', '--redis', 'redis://127.0.0.1:9', '--trace', 'traces/zipf.csv']), 2, /not both/);
    oneLine(cli(['replay', '--memcached', '127.0.0.1:9', '--trace', 'traces/zipf.csv']), 1, /cannot reach memcached at 127\.0\.0\.1:9/);
  });
});

describe('run --policy memcached: input', () => {
  it('needs a capacity in bytes when named, and "all" leaves it out at object capacities', () => {
    oneLine(cli(['run', '--trace', 'traces/zipf.csv', '--policy', 'memcached', '--capacity', '500']), 2, /capacity is memory \(-m\), not objects/);
    const all = cli(['run', '--trace', 'traces/zipf.csv', '--policy', 'all', '--capacity', '500', '--format', 'json']);
    assert.equal(all.code, 0, all.stderr);
    assert.ok(!JSON.parse(all.stdout).results.some((r: { policy: string }) => r.policy === 'memcached'));
    const bytes = cli(['run', '--trace', 'traces/zipf.csv', '--policy', 'memcached', '--capacity', '4MiB', '--key-size', '40', '--format', 'json']);
    assert.equal(bytes.code, 0, bytes.stderr);
    const m = JSON.parse(bytes.stdout).results[0].memcached;
    // 1,000-byte values with 40-byte keys: 48 + 40 + 1 + 1000 + 2 + 8 = 1,099-byte items, in 1,184-byte chunks.
    assert.equal(m.keySize, 40);
    assert.deepEqual(m.classes.map((c: { chunkSize: number }) => c.chunkSize), [1184]);
  });
});

describe('replay --memcached into a scratch memcached', { skip: skipWithoutMemcached('the replay --memcached test') }, () => {
  it('prints the server\'s counts beside the simulation\'s, per class, and refuses a used server without --yes', async () => {
    const file = path.join(tempDir(), 'trace.csv');
    // 40,000 reads at 20,000/s over 20,000 keys of 100 B–8 KB: about 80 MB of values for -m 16.
    const gen = cli(['gen', '--keys', '20000', '--requests', '40000', '--rate', '20000', '--alpha', '0.8', '--size', 'uniform:min=100,max=8000', '--out', file]);
    assert.equal(gen.code, 0, gen.stderr);
    const server = await startMemcached(16);
    try {
      const r = cli(['replay', '--memcached', server.address, '--trace', file, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.memoryLimit, 16 * 1024 * 1024);
      assert.equal(j.server.reads, 40_000);
      assert.equal(j.server.hits + j.server.misses, 40_000);
      assert.ok(j.server.evictions > 0, 'the trace is larger than -m');
      assert.ok(Math.abs(j.gap.hitRatio) <= 0.01, `hit ratio ${j.server.hitRatio} real, ${j.simulation.hitRatio} simulated`);
      // The server's classes are memcached's own chunk sizes.
      for (const c of j.server.classes) assert.ok([96, 120, 152, 192, 240, 304, 384, 480, 600, 752, 944, 1184, 1480, 1856, 2320, 2904, 3632, 4544, 5680, 7104, 8880].includes(c.chunkSize), String(c.chunkSize));
      const again = cli(['replay', '--memcached', server.address, '--trace', file]);
      oneLine(again, 2, /has stored [0-9,]+ items since it started/);
      const table = cli(['replay', '--memcached', server.address, '--trace', file, '--yes']);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /Per slab class/);
      assert.match(table.stdout, /had stored items before this replay/);
    } finally {
      await server.stop();
    }
  });
});
