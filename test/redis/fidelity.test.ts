import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { connectRedis, type RedisConnection } from '../../src/redis/connection.js';
import { compareWithRedis } from '../../src/redis/replay.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import { skipWithoutRedis, startRedis, type ScratchRedis } from './server.js';

/**
 * Redis fidelity: replay a timestamped Zipf trace into a real redis-server
 * at its own pace, then check that cachesim's simulation of the same trace,
 * at the key count Redis ended with, lands within 0.01 of Redis's hit ratio.
 * Needs redis-server on PATH (CI installs it: apt-get install -y redis-server);
 * the test starts its own server on a spare port and stops it afterwards.
 */

const SKIP = skipWithoutRedis('the Redis fidelity test');

/** 20,000 keys, Zipf 1.0, 8,000 requests/s for 6 s; 1000-byte values. */
const TRACE = { keys: 20000, alpha: 1, requests: 48000, rate: 8000, seed: 42 };
/** About 2,600 keys of 1000 bytes fit above the empty server's ~0.9 MB. */
const MAXMEMORY = 4_000_000;
const TOLERANCE = 0.01;

async function waitForServer(url: string): Promise<RedisConnection> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      const conn = await connectRedis(url);
      await conn.info('server');
      return conn;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`redis-server did not come up at ${url}: ${String(last)}`);
}

describe('Redis fidelity (a real redis-server)', { skip: SKIP }, () => {
  let server: ScratchRedis | undefined;
  let conn: RedisConnection | undefined;
  let url = '';

  before(async () => {
    server = await startRedis();
    url = server.url;
    conn = await waitForServer(url);
  });

  after(async () => {
    await conn?.close();
    await server?.stop();
  });

  for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random']) {
    it(`${policy}: cachesim at Redis's final key count is within ${TOLERANCE} of Redis's hit ratio`, async (t) => {
      const trace = generateTrace(parseGenSpec(TRACE));
      const c = await compareWithRedis(trace, conn!, {
        label: url,
        maxmemory: MAXMEMORY,
        policy,
        samples: 5,
        speed: 1,
        yes: true,
      }, 42);
      t.diagnostic(`${policy}: redis ${c.server.hitRatio} cachesim ${c.simulation?.hitRatio} gap ${c.gap?.hitRatio} at ${c.server.keys} keys; ${c.server.evictions} evictions; max lag ${c.replay.maxLagSeconds} s`);
      assert.equal(c.server.reads, TRACE.requests);
      assert.ok(c.server.keys > 1000 && c.server.keys < TRACE.keys, `Redis ended with ${c.server.keys} keys`);
      assert.ok(c.server.evictions > 0, 'Redis evicted nothing: maxmemory too large for the test');
      assert.ok(c.simulation, 'no simulation');
      assert.equal(c.simulation.capacity.value, c.server.keys);
      assert.ok(Math.abs(c.gap!.hitRatio!) <= TOLERANCE, `${policy}: Redis ${c.server.hitRatio}, cachesim ${c.simulation.hitRatio}`);
    });
  }
});
