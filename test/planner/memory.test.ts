import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  jemallocClasses, jemallocSize, memcachedHashBuckets, memcachedKeyCost, memcachedSlabClasses, redisKeyCost, redisTableSize,
} from '../../src/planner/memory.js';

describe('jemalloc size classes', () => {
  it('are the ones FACTS.md lists', () => {
    assert.deepEqual(jemallocClasses(40), [
      8, 16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792,
      2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192, 10240, 12288, 14336, 16384, 20480, 24576, 28672,
    ]);
    assert.equal(jemallocSize(32768 + 1), 40960);
  });

  it('round a request up to its class: the cliffs at 1024 and 2048', () => {
    assert.equal(jemallocSize(1030), 1280);
    assert.equal(jemallocSize(2054), 2560);
    assert.equal(jemallocSize(2048), 2048);
  });
});

describe('Redis memory per string key (Redis 7.0, jemalloc)', () => {
  // FACTS.md: measured, 100k keys, 12-byte key names: value bytes → bytes per key, with a TTL.
  const table: [number, number, number][] = [
    [10, 90.5, 133.0],
    [100, 186.7, 229.0],
    [1000, 1098.5, 1141.0],
    [1024, 1354.5, 1397.0],
    [2000, 2122.5, 2165.0],
    [2048, 2634.5, 2677.0],
    [10000, 10314.5, 10357.0],
    [10240, 12362.5, 12405.0],
  ];
  for (const [value, plain, withTtl] of table) {
    it(`${value}-byte values: ${plain} B, ${withTtl} B with a TTL (FACTS.md, within 0.5 B)`, () => {
      const a = redisKeyCost({ keySize: 12, valueSize: value, ttl: false, keys: 100_000 });
      const b = redisKeyCost({ keySize: 12, valueSize: value, ttl: true, keys: 100_000 });
      assert.ok(Math.abs(a.total - plain) <= 0.5, `${a.total}`);
      assert.ok(Math.abs(b.total - withTtl) <= 0.5, `${b.total}`);
    });
  }

  it('worked by hand: 12-byte key, 10-byte value, 100,000 keys', () => {
    const c = redisKeyCost({ keySize: 12, valueSize: 10, ttl: true, keys: 100_000 });
    assert.equal(c.dictEntry, 32); // 24-byte dictEntry → 32
    assert.equal(c.key, 16); // sdshdr5: 1 + 12 + 1 = 14 → 16
    assert.equal(c.value, 32); // embedded: 16 + 3 + 10 + 1 = 30 → 32
    assert.equal(c.buckets, (8 * 131072) / 100_000); // 2^17 buckets for 100k keys
    assert.equal(c.expires, 32 + (8 * 131072) / 100_000);
  });

  it('keys under 32 bytes take a 1-byte sds header, longer ones 3', () => {
    // Measured on redis-server 7.0.15: 13-byte keys cost what 12-byte ones do; 15-byte ones 16 B more.
    const k = (n: number) => redisKeyCost({ keySize: n, valueSize: 10, ttl: false, keys: 100_000 }).key;
    assert.equal(k(13), 16);
    assert.equal(k(15), 32);
    assert.equal(k(31), 48);
    assert.equal(k(32), 48); // sdshdr8: 3 + 32 + 1 = 36 → 48
  });

  it('values up to 44 bytes are embedded in their object, longer ones are not', () => {
    const v = (n: number) => redisKeyCost({ keySize: 40, valueSize: n, ttl: false, keys: 100_000 }).value;
    assert.equal(v(44), 64);
    assert.equal(v(45), 16 + 64);
  });

  it('the hash table is the next power of two', () => {
    assert.equal(redisTableSize(1), 4);
    assert.equal(redisTableSize(65536), 65536);
    assert.equal(redisTableSize(65537), 131072);
  });
});

describe('Memcached slab classes and items (1.6 defaults)', () => {
  it('grow by 1.25 from 96-byte chunks, rounded up to 8, as FACTS.md lists', () => {
    assert.deepEqual(memcachedSlabClasses().slice(0, 18), [96, 120, 152, 192, 240, 304, 384, 480, 600, 752, 944, 1184, 1480, 1856, 2320, 2904, 3632, 4544]);
    const all = memcachedSlabClasses();
    assert.equal(all[all.length - 1], 512 * 1024);
  });

  it('2048-byte values with 12-byte keys: 2119-byte items in 2320-byte chunks, 451 a page, 28,864 in -m 64', () => {
    const c = memcachedKeyCost({ keySize: 12, valueSize: 2048, keys: 28_864 });
    assert.equal(c.itemSize, 48 + 8 + 12 + 1 + 2048 + 2);
    assert.equal(c.itemSize, 2119);
    assert.equal(c.chunkSize, 2320);
    assert.equal(c.perPage, 451);
    assert.equal(c.chunkWaste, 2320 - 2119);
    assert.equal(Math.floor((64 * 1024 * 1024) / c.slabBytes), 28_864);
  });

  it('1000-byte values: 1184-byte chunks, 56,640 items in -m 64', () => {
    const c = memcachedKeyCost({ keySize: 12, valueSize: 1000, keys: 1 });
    assert.equal(c.chunkSize, 1184);
    assert.equal(Math.floor((64 * 1024 * 1024) / c.slabBytes), 56_640);
  });

  it('the hash table starts at 2^16 buckets and doubles past 1.5 items a bucket', () => {
    assert.equal(memcachedHashBuckets(1000), 65536);
    assert.equal(memcachedHashBuckets(98_304), 65536);
    assert.equal(memcachedHashBuckets(98_305), 131072);
  });
});
