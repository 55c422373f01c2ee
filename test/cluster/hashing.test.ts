import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc16, hashTag, keySlot, SLOT_COUNT } from '../../src/cluster/crc16.js';
import { KetamaSharding } from '../../src/cluster/ketama.js';
import { SlotSharding, splitSlots } from '../../src/cluster/slots.js';

/** CRC16-XMODEM bit by bit, straight from its definition (no table), as a second implementation. */
function crc16Bitwise(text: string): number {
  let crc = 0;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

describe('Redis Cluster hash slots', () => {
  it('CRC16 is the XMODEM variant: "123456789" gives 0x31C3 (the check value the cluster spec quotes)', () => {
    assert.equal(crc16(new TextEncoder().encode('123456789')), 0x31c3);
  });

  it('slots match Redis\'s documented examples', () => {
    // CLUSTER KEYSLOT's documentation (redis.io/commands/cluster-keyslot).
    assert.equal(keySlot('somekey'), 11058);
    assert.equal(keySlot('foo{hash_tag}'), 2515);
    assert.equal(keySlot('bar{hash_tag}'), 2515);
    // The cluster tutorial: "set foo bar -> Redirected to slot [12182]", "set hello world -> ... slot [866]".
    assert.equal(keySlot('foo'), 12182);
    assert.equal(keySlot('hello'), 866);
  });

  it('hash tags: only the first non-empty {…} is hashed (the cluster spec\'s examples)', () => {
    // {user1000}.following and {user1000}.followers: only user1000 is hashed.
    assert.equal(keySlot('{user1000}.following'), keySlot('user1000'));
    assert.equal(keySlot('{user1000}.followers'), keySlot('user1000'));
    // foo{}{bar}: the first tag is empty, so the whole key is hashed.
    assert.equal(hashTag('foo{}{bar}'), 'foo{}{bar}');
    assert.equal(keySlot('foo{}{bar}'), crc16Bitwise('foo{}{bar}') % SLOT_COUNT);
    // foo{{bar}}zap: "{bar" is hashed.
    assert.equal(keySlot('foo{{bar}}zap'), keySlot('{bar'));
    assert.equal(keySlot('foo{{bar}}zap'), crc16Bitwise('{bar') % SLOT_COUNT);
    // foo{bar}{zap}: "bar" is hashed.
    assert.equal(keySlot('foo{bar}{zap}'), keySlot('bar'));
    // A { without a } after it: the whole key.
    assert.equal(keySlot('foo{bar'), crc16Bitwise('foo{bar') % SLOT_COUNT);
  });

  it('agrees with a bit-by-bit CRC16 on many keys, multi-byte UTF-8 included', () => {
    const keys = ['', 'a', 'user:1042', 'ключ', '日本語キー', 'emoji:😀', ...Array.from({ length: 2000 }, (_, i) => `key:${i * 7919}`)];
    for (const k of keys) assert.equal(keySlot(k), crc16Bitwise(k) % SLOT_COUNT, k);
    assert.equal(keySlot('bar'), 5061);
  });

  it('splits 16,384 slots as redis-cli --cluster create does', () => {
    // Its documented output for three masters.
    assert.deepEqual(splitSlots(3), [[0, 5460], [5461, 10922], [10923, 16383]]);
    for (const n of [1, 2, 5, 6, 7, 10, 100, 1000]) {
      const r = splitSlots(n);
      assert.equal(r[0]![0], 0);
      assert.equal(r[n - 1]![1], SLOT_COUNT - 1);
      for (let i = 1; i < n; i++) assert.equal(r[i]![0], r[i - 1]![1] + 1);
      for (const [a, b] of r) assert.ok(Math.abs(b - a + 1 - SLOT_COUNT / n) <= 1, `${n} nodes: ${a}-${b}`);
    }
    // In the tutorial's three-master cluster foo (12182) lives on the third master, hello (866) on the first.
    const three = new SlotSharding(3);
    assert.equal(three.nodeOf('foo'), 2);
    assert.equal(three.nodeOf('hello'), 0);
  });
});

describe('ketama consistent hashing', () => {
  const keys = Array.from({ length: 100_000 }, (_, i) => `user:${i}`);

  it('adding a node moves about 1/(N+1) of the keys, and only to the new node', () => {
    for (const n of [3, 5, 9]) {
      const before = new KetamaSharding(n);
      const after = new KetamaSharding(n + 1);
      let moved = 0;
      for (const k of keys) {
        const a = before.nodeOf(k);
        const b = after.nodeOf(k);
        if (a !== b) {
          moved++;
          assert.equal(b, n, `${k} moved from ${a} to ${b}, not to the new node`);
        }
      }
      const share = moved / keys.length;
      // 160 points per node: a node's share of the ring varies by roughly ±1/sqrt(160) ≈ 8%.
      assert.ok(share > 0.75 / (n + 1) && share < 1.25 / (n + 1), `${n}→${n + 1} nodes moved ${share}, expected about ${1 / (n + 1)}`);
    }
  });

  it('a key belongs to the first point at or after its hash (brute force over the ring agrees)', () => {
    const ring = new KetamaSharding(4, 40);
    assert.equal(ring.points.length, 160);
    for (const h of [0, 1, ring.points[0]!, ring.points[0]! + 1, ring.points[159]!, ring.points[159]! + 1, 2 ** 32 - 1, 123456789]) {
      let owner = ring.owners[0]!; // wraps to the first point
      for (let i = 0; i < ring.points.length; i++) {
        if (ring.points[i]! >= h) {
          owner = ring.owners[i]!;
          break;
        }
      }
      assert.equal(ring.nodeAt(h), owner, `hash ${h}`);
    }
  });

  it('ring shares add up to 1 and track the keys each node gets', () => {
    const ring = new KetamaSharding(6);
    const counts = new Array<number>(6).fill(0);
    for (const k of keys) counts[ring.nodeOf(k)]!++;
    let total = 0;
    for (let node = 0; node < 6; node++) {
      const d = ring.describe(node);
      assert.equal(d.vnodes, 160);
      total += d.ringShare;
      assert.ok(Math.abs(counts[node]! / keys.length - d.ringShare) < 0.01, `node ${node}: ${counts[node]! / keys.length} vs ${d.ringShare}`);
    }
    assert.ok(Math.abs(total - 1) < 1e-9);
  });
});
