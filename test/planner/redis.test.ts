import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@redis/client';

import { redisKeyCost } from '../../src/planner/memory.js';
import { skipWithoutRedis, startRedis, type ScratchRedis } from '../redis/server.js';

/**
 * The Redis memory model against a real redis-server: write N string keys of
 * a given key and value size (with and without a TTL), read INFO memory's
 * used_memory before and after, and compare the bytes per key with
 * redisKeyCost. Needs redis-server on PATH (apt-get install -y redis-server);
 * the test starts its own server on a spare port of 127.0.0.1 without
 * persistence and stops it afterwards.
 */
const SKIP = skipWithoutRedis('the Redis memory test');

const KEYS = 20_000;
const TOLERANCE = 0.1;

function makeClient(port: number) {
  return createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
}
type Client = ReturnType<typeof makeClient>;

async function connect(port: number): Promise<Client> {
  const c = makeClient(port);
  c.on('error', () => {});
  await c.connect();
  return c;
}

async function usedMemory(c: Client): Promise<number> {
  const info = await c.info('memory');
  const m = /used_memory:(\d+)/.exec(info);
  if (!m) throw new Error('INFO memory has no used_memory');
  return Number(m[1]);
}

/** Key i as exactly `size` bytes: digits padded with 'k'. */
function keyName(i: number, size: number): string {
  const digits = String(i);
  return 'k'.repeat(Math.max(0, size - digits.length)) + digits;
}

describe('Redis memory per key (a real redis-server)', { skip: SKIP }, () => {
  let server: ScratchRedis | undefined;
  let client: Client | undefined;

  before(async () => {
    server = await startRedis();
    client = await connect(server.port);
  });

  after(async () => {
    await client?.quit().catch(() => {});
    await server?.stop();
  });

  const cases: { keySize: number; valueSize: number; ttl: boolean }[] = [
    { keySize: 16, valueSize: 100, ttl: false },
    { keySize: 16, valueSize: 100, ttl: true },
    { keySize: 13, valueSize: 10, ttl: false },
    { keySize: 40, valueSize: 44, ttl: false },
    { keySize: 16, valueSize: 2048, ttl: true },
    { keySize: 24, valueSize: 10000, ttl: false },
  ];
  for (const k of cases) {
    it(`${k.keySize}-byte keys, ${k.valueSize}-byte values${k.ttl ? ', with a TTL' : ''}: the model is within ${TOLERANCE * 100}% of used_memory per key`, async (t) => {
      const c = client!;
      await c.flushAll();
      const before = await usedMemory(c);
      const value = 'v'.repeat(k.valueSize);
      let batch: Promise<unknown>[] = [];
      for (let i = 0; i < KEYS; i++) {
        const key = keyName(i, k.keySize);
        batch.push(k.ttl ? c.set(key, value, { EX: 3600 }) : c.set(key, value));
        if (batch.length === 1000) {
          await Promise.all(batch);
          batch = [];
        }
      }
      await Promise.all(batch);
      assert.equal(await c.dbSize(), KEYS);
      const measured = ((await usedMemory(c)) - before) / KEYS;
      const model = redisKeyCost({ ...k, keys: KEYS }).total;
      t.diagnostic(`measured ${measured.toFixed(2)} B per key, model ${model.toFixed(2)} B`);
      assert.ok(Math.abs(model - measured) <= TOLERANCE * measured, `model ${model.toFixed(1)} B, measured ${measured.toFixed(1)} B per key`);
    });
  }
});
