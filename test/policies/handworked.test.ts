// Hand-worked traces, one per distinguishing behaviour of each policy. Every
// expected value below was worked out by hand in the comments, from the
// papers' rules (and libCacheSim's where the docs say we follow it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { arc, ArcPolicy } from '../../src/policies/arc.js';
import { belady } from '../../src/policies/belady.js';
import { clock, ClockPolicy } from '../../src/policies/clock.js';
import { fifo } from '../../src/policies/fifo.js';
import { gdsf, GdsfPolicy } from '../../src/policies/gdsf.js';
import { hyperbolic } from '../../src/policies/hyperbolic.js';
import { lfu } from '../../src/policies/lfu.js';
import { lfuda, LfuDaPolicy } from '../../src/policies/lfuda.js';
import { lirs, LirsPolicy } from '../../src/policies/lirs.js';
import { lru } from '../../src/policies/lru.js';
import { mru } from '../../src/policies/mru.js';
import { s3fifo, S3FifoPolicy } from '../../src/policies/s3fifo.js';
import { sieve, SievePolicy } from '../../src/policies/sieve.js';
import { slru, SlruPolicy } from '../../src/policies/slru.js';
import { twoQ, TwoQPolicy } from '../../src/policies/two-q.js';
import { wtinylfu, WTinyLfuPolicy } from '../../src/policies/wtinylfu.js';
import { FrequencySketch } from '../../src/policies/structures/count-min.js';
import { IndexedHeap } from '../../src/policies/structures/heap.js';
import { misses, replaySteps } from './helpers.js';

const TEXTBOOK = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];

describe('Belady on the textbook string 1 2 3 4 1 2 5 1 2 3 4 5', () => {
  it('misses 7 times with 3 slots', () => {
    // 1 2 3 miss. 4: next uses 1@4 2@5 3@9 → evict 3. 1 2 hit. 5: next uses
    // 1@7 2@8 4@10 → evict 4. 1 2 hit. 3: 1 and 2 never again → evict one.
    // 4: again a never-again key goes. 5 hit.
    const r = replaySteps(belady, TEXTBOOK, 3);
    assert.equal(r.outcome, 'MMMMHHMHHMMH');
    assert.equal(misses(r.outcome), 7);
  });

  it('misses 6 times with 4 slots', () => {
    // 1..4 miss. 1 2 hit. 5: next uses 1@7 2@8 3@9 4@10 → evict 4. 1 2 3 hit.
    // 4: 1 and 2 never again → evict one. 5 hit.
    const r = replaySteps(belady, TEXTBOOK, 4);
    assert.equal(r.outcome, 'MMMMHHMHHHMH');
    assert.equal(misses(r.outcome), 6);
  });

  it('beats FIFO (9 and 10 misses: Belady\'s anomaly) and LRU (10 and 8) on the same string', () => {
    assert.equal(misses(replaySteps(fifo, TEXTBOOK, 3).outcome), 9);
    assert.equal(misses(replaySteps(fifo, TEXTBOOK, 4).outcome), 10);
    assert.equal(misses(replaySteps(lru, TEXTBOOK, 3).outcome), 10);
    assert.equal(misses(replaySteps(lru, TEXTBOOK, 4).outcome), 8);
  });
});

describe('MRU', () => {
  it('keeps most of a loop one key larger than the cache, where LRU keeps none', () => {
    // 3 slots, loop 1 2 3 4 twice. 1 2 3 miss; 4 evicts 3 (the last touched).
    // 1 2 hit; 3 evicts 2; 4 hits → hits at 1, 2, 4.
    const r = replaySteps(mru, [1, 2, 3, 4, 1, 2, 3, 4], 3);
    assert.equal(r.outcome, 'MMMMHHMH');
    assert.equal(misses(replaySteps(lru, [1, 2, 3, 4, 1, 2, 3, 4], 3).outcome), 8);
  });
});

// The same trace for CLOCK and SIEVE: 1 2 3 1 4 3 5 6, three slots.
const HAND = [1, 2, 3, 1, 4, 3, 5, 6];

describe('CLOCK', () => {
  it('gives a referenced key a second chance by moving it to the new end', () => {
    // 1 2 3 miss: newest→oldest [3 2 1]. 1 hit: bit(1)=1.
    // 4: oldest 1 has its bit → cleared, moved to new end [1 3 2]; 2 has none → evicted. [4 1 3]
    // 3 hit: bit(3)=1.
    // 5: oldest 3 has its bit → cleared, moved [3 4 1]; 1 (bit cleared earlier) evicted. [5 3 4]
    // 6: oldest 4 → evicted. [6 5 3]
    const r = replaySteps<ClockPolicy>(clock, HAND.slice(0, 5), 3);
    assert.equal(r.outcome, 'MMMHM');
    assert.deepEqual(r.policy.order(), [4, 1, 3]);
    assert.equal(r.policy.referenceCount(1), 0);
    r.step(3);
    r.step(5);
    assert.deepEqual(r.residents(), [3, 4, 5]);
    assert.deepEqual(r.policy.order(), [5, 3, 4]);
    r.step(6);
    assert.deepEqual(r.policy.order(), [6, 5, 3]);
    assert.equal(r.outcome, 'MMMHMHMM');
  });

  it('with 2 bits counts up to 3 hits, so a hot key survives more passes', () => {
    // 2 slots: 1 miss, 1 1 hit (count 2), 2 miss, 3: 1 (count 2→1) moves, 2 evicted;
    // 4: 1 (1→0) moves, 3 evicted: 1 still in. With 1 bit, 1's count stops at 1:
    // 3: 1 (1→0) moves, 2 evicted; 4: 1 has 0 → evicted.
    const steps = [1, 1, 1, 2, 3, 4];
    assert.equal(replaySteps(clock, steps, 2, { params: { bits: 2 } }).resident(1), true);
    assert.equal(replaySteps(clock, steps, 2).resident(1), false);
  });
});

describe('SIEVE', () => {
  it('moves its hand towards newer keys, skipping (and clearing) visited ones, without moving them', () => {
    // 1 2 3 miss: [3 2 1], hand unset. 1 hit: visited(1).
    // 4: hand starts at the oldest, 1: visited → cleared, step newer to 2: not
    //    visited → evicted; hand rests on 2's newer neighbour, 3. [4 3 1]: 1 stays put.
    const r = replaySteps<SievePolicy>(sieve, HAND.slice(0, 5), 3);
    assert.deepEqual(r.policy.order(), [4, 3, 1]);
    assert.equal(r.policy.isVisited(1), false);
    assert.equal(r.policy.handPosition(), 3);
    // 3 hit: visited(3). 5: hand at 3: visited → cleared, newer 4: evicted;
    // 4 was the newest, so the hand falls off and restarts at the oldest.
    r.step(3);
    r.step(5);
    assert.deepEqual(r.policy.order(), [5, 3, 1]);
    assert.equal(r.policy.handPosition(), -1);
    // 6: hand at the oldest, 1 (cleared at step 5) → evicted; hand to 3.
    r.step(6);
    assert.deepEqual(r.policy.order(), [6, 5, 3]);
    assert.equal(r.policy.handPosition(), 3);
    assert.equal(r.outcome, 'MMMHMHMM');
  });

  it('evicts in a different order from CLOCK on the same trace (2, 4, 1 against 2, 1, 4)', () => {
    const s = replaySteps(sieve, HAND.slice(0, 7), 3);
    const c = replaySteps(clock, HAND.slice(0, 7), 3);
    assert.deepEqual(s.residents(), [1, 3, 5]);
    assert.deepEqual(c.residents(), [3, 4, 5]);
  });
});

describe('S3-FIFO', () => {
  // 10 slots: small FIFO 1, main 9, ghost 9.
  const steps = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1];

  it('sends a key found in the ghost queue straight to main', () => {
    // 1 → small (empty). 2..10: small is full and nothing was evicted yet → main.
    // 11: small's oldest, 1, has no hits → evicted into the ghost queue; 11 → small.
    // 1 again: small's 11 → ghost; 1 is in the ghost queue → main (now 10 > 9).
    const r = replaySteps<S3FifoPolicy>(s3fifo, steps, 10);
    assert.equal(r.outcome, 'MMMMMMMMMMMM');
    assert.equal(r.policy.queueOf(1), 'main');
    assert.equal(r.policy.queueOf(11), 'ghost');
    // 12: main is over its share → its oldest, 2 (no hits), is evicted; 12 → small.
    r.step(12);
    assert.equal(r.resident(2), false);
    assert.equal(r.policy.queueOf(12), 'small');
  });

  it('promotes a small-queue key with 2 hits to main, and gives hit main keys another round', () => {
    const r = replaySteps<S3FifoPolicy>(s3fifo, [...steps, 12, 12, 12], 10);
    // 12 hit twice. 13: small's oldest is 12 with 2 hits → moved to main; small is
    // then empty, so main's oldest, 3, is evicted. 13 → small.
    r.step(13);
    assert.equal(r.policy.queueOf(12), 'main');
    assert.equal(r.resident(3), false);
    // 4 hit (in main). 14: small's 13 (no hits) → ghost. 11 (a ghost) → main: 10 > 9.
    // 15: main over its share: oldest 4 has a hit → reinserted with its count
    // lowered; next oldest 5 → evicted.
    for (const k of [4, 14, 11, 15]) r.step(k);
    assert.equal(r.resident(4), true);
    assert.equal(r.resident(5), false);
    assert.equal(r.policy.queueOf(13), 'ghost');
    assert.equal(r.policy.queueOf(11), 'main');
  });
});

describe('LIRS', () => {
  it('switches an HIR key with a short reuse distance to LIR and the oldest LIR key to HIR', () => {
    // 3 slots: Lhirs = 1, Llirs = 2.
    // 1 2: LIR (the LIR set has room). 3: LIR set full → HIR, S=[3 2 1], Q=[3].
    // 4: evict Q's front 3 (stays in S, non-resident); 4 HIR: S=[4 3 2 1], Q=[4].
    // 3: evict 4 (non-resident in S). 3 is in S → LIR; S=[3 4 2 1]; the LIR set is
    //    over, so the bottom LIR key 1 → HIR, to Q; S is pruned to [3 4 2].
    const r = replaySteps<LirsPolicy>(lirs, [1, 2, 3, 4, 3], 3);
    assert.equal(r.policy.statusOf(3), 'lir');
    assert.equal(r.policy.statusOf(1), 'hir');
    assert.equal(r.policy.statusOf(4), 'ghost');
    assert.deepEqual(r.policy.stack(), [3, 4, 2]);
    assert.deepEqual(r.policy.queue(), [1]);
    // 1 hit: resident HIR not in S → pushed on S, stays HIR: S=[1 3 4 2].
    r.step(1);
    assert.equal(r.policy.statusOf(1), 'hir');
    assert.deepEqual(r.policy.stack(), [1, 3, 4, 2]);
    // 1 hit again: now in S → LIR; bottom LIR 2 → HIR; pruning drops 4 (non-resident).
    r.step(1);
    assert.equal(r.policy.statusOf(1), 'lir');
    assert.equal(r.policy.statusOf(2), 'hir');
    assert.equal(r.policy.statusOf(4), 'none');
    assert.deepEqual(r.policy.stack(), [1, 3]);
    assert.deepEqual(r.policy.queue(), [2]);
    assert.equal(r.outcome, 'MMMMMHH');
    // LRU on the same trace: 1 2 3 4(evicts 1) 3 hit, 1 miss, 1 hit.
    assert.equal(replaySteps(lru, [1, 2, 3, 4, 3, 1, 1], 3).outcome, 'MMMMHMH');
  });
});

describe('ARC', () => {
  it('adapts p up on a B1 hit and down on a B2 hit, evicting as REPLACE says (the store names the incoming key, as the paper assumes)', () => {
    // c = 2. 1 2 miss: T1=[2 1]. 1 hit: T2=[1], T1=[2].
    // 3: REPLACE: |T1| = 1 > p = 0 → T1's LRU 2 → B1. T1=[3].
    let p = replaySteps<ArcPolicy>(arc, [1, 2, 1, 3], 2).policy;
    assert.equal(p.listOf(2), 'b1');
    // 2 (in B1): p = 0 + max(|B2|/|B1|, 1) = 1. REPLACE: |T1| = 1 is not > p → T2's
    // LRU 1 → B2. 2 → T2.
    p = replaySteps<ArcPolicy>(arc, [1, 2, 1, 3, 2], 2).policy;
    assert.equal(p.p, 1);
    assert.equal(p.listOf(1), 'b2');
    assert.deepEqual(p.list('t1'), [3]);
    assert.deepEqual(p.list('t2'), [2]);
    // 1 (in B2): p = max(1 − max(|B1|/|B2|, 1), 0) = 0. REPLACE: |T1| = 1 > 0 → 3 → B1.
    p = replaySteps<ArcPolicy>(arc, [1, 2, 1, 3, 2, 1], 2).policy;
    assert.equal(p.p, 0);
    assert.deepEqual(p.list('t2'), [1, 2]);
    assert.deepEqual(p.list('b1'), [3]);
    assert.equal(p.check(2), undefined);
  });
});

describe('2Q', () => {
  it('promotes a key from the A1out ghost queue to Am, and ignores hits in A1in', () => {
    // 4 slots: Kin = 1, Kout = 2. 1 2 3 4 → A1in [4 3 2 1].
    // 5: A1in holds 4 > Kin → its oldest 1 → A1out [1].
    // 1: A1in's oldest 2 → A1out [2 1]; 1 was in A1out → Am [1].
    // 1 hit (Am). 6: 3 → A1out [3 2]. 7: 4 → A1out [4 3 2] > Kout → 2 forgotten.
    // 5 hit in A1in: no promotion.
    const r = replaySteps<TwoQPolicy>(twoQ, [1, 2, 3, 4, 5, 1, 1, 6, 7, 5], 4);
    assert.equal(r.outcome, 'MMMMMMHMMH');
    assert.equal(r.policy.queueOf(1), 'am');
    assert.equal(r.policy.queueOf(2), 'none');
    assert.equal(r.policy.queueOf(3), 'a1out');
    assert.equal(r.policy.queueOf(4), 'a1out');
    assert.equal(r.policy.queueOf(5), 'a1in');
    // 8: A1in [7 6 5] > Kin → 5 goes to A1out despite its hit; 5 again → Am.
    r.step(8);
    assert.equal(r.policy.queueOf(5), 'a1out');
    r.step(5);
    assert.equal(r.policy.queueOf(5), 'am');
  });
});

describe('SLRU', () => {
  it('fills the lowest segment with room, promotes on a hit, demotes overflow down', () => {
    // 2 segments of 2. 1 2 → segment 0 [2 1]; 3 4 → segment 1 (0 is full): [4 3].
    // 5: victim = LRU of the lowest segment, 1; 5 → segment 0 [5 2].
    // 2 hit: → segment 1 [2 4 3], over → its LRU 3 down to segment 0 [3 5].
    // 6: evicts 5; 6 → segment 0 [6 3].
    const r = replaySteps<SlruPolicy>(slru, [1, 2, 3, 4, 5, 2, 6], 4, { params: { segments: 2 } });
    assert.equal(r.outcome, 'MMMMMHM');
    assert.deepEqual(r.policy.segment(0), [6, 3]);
    assert.deepEqual(r.policy.segment(1), [2, 4]);
  });
});

describe('W-TinyLFU', () => {
  it('rejects a one-hit wonder at the admission duel; LRU would flush the popular keys', () => {
    // 100 slots: window 1, main 99 (protected 79, probation 20).
    // 1..100 once: the window keeps 100, keys 1..99 move to probation unchallenged.
    // Keys 1..99 seven more times: all hits, each now counted 8 times.
    const popular = Array.from({ length: 99 }, (_, i) => i + 1);
    const steps = [...popular, 100];
    for (let round = 0; round < 7; round++) steps.push(...popular);
    const r = replaySteps<WTinyLfuPolicy>(wtinylfu, steps, 100);
    assert.equal(misses(r.outcome), 100);
    // 1000: the window's LRU key, 100 (counted once), challenges probation's LRU
    // key (counted 8 times) and loses: 100 is evicted, 1000 enters the window.
    r.step(1000);
    assert.equal(r.resident(100), false);
    assert.equal(r.policy.segmentOf(1000), 'window');
    // 1001: now 1000, the one-hit wonder, challenges and loses.
    r.step(1001);
    assert.equal(r.resident(1000), false);
    assert.equal(r.policy.rejected, 2);
    for (const k of popular) assert.equal(r.resident(k), true, `popular key ${k} kept`);
    // 99 more one-hit wonders: Count-Min only overestimates, so a wonder wins only
    // when all four of its counters collide with popular keys (~9% here): most stay.
    for (let k = 1002; k <= 1100; k++) r.step(k);
    const kept = popular.filter((k) => r.resident(k)).length;
    assert.ok(kept >= 85, `kept ${kept} of 99 popular keys`);
    const l = replaySteps(lru, [...steps, ...Array.from({ length: 101 }, (_, i) => 1000 + i)], 100);
    assert.equal(popular.filter((k) => l.resident(k)).length, 0);
  });
});

describe('LFU-DA', () => {
  it('ages out a key whose hits are old, where LFU keeps it', () => {
    // 2 slots. 1: K = L + 1 = 1; 1 hit: K = 2. 2: K = 1.
    // 3: evict the lowest K, 2 (K = 1): L = 1; 3: K = L + 1 = 2.
    // 4: 1 and 3 both have K = 2; 1 was touched earlier → evicted: L = 2; 4: K = 3.
    const r = replaySteps<LfuDaPolicy>(lfuda, [1, 1, 2, 3, 4], 2);
    assert.equal(r.outcome, 'MHMMM');
    assert.deepEqual(r.residents(), [3, 4]);
    assert.equal(r.policy.age, 2);
    assert.equal(r.policy.priority(4), 3);
    assert.deepEqual(replaySteps(lfu, [1, 1, 2, 3, 4], 2).residents(), [1, 4]);
  });
});

describe('GDSF', () => {
  it('evicts a large cold object before small ones (bytes)', () => {
    // Capacity 10 bytes. 2 (1 B): K = 1/1 = 1. 3 (1 B): K = 1. 1 (6 B): K = 1/6;
    // 1 hit: K = 2/6 = 1/3. 4 (4 B) needs 8 + 4 > 10: lowest K is 1 → evicted,
    // L = 1/3; 4: K = 1/3 + 1/4. Then 2 and 3 hit. LRU would evict 2 and 3 instead.
    const steps = [
      { key: 2, size: 1 },
      { key: 3, size: 1 },
      { key: 1, size: 6 },
      { key: 1, size: 6 },
      { key: 4, size: 4 },
      { key: 2, size: 1 },
      { key: 3, size: 1 },
    ];
    const r = replaySteps<GdsfPolicy>(gdsf, steps, 10, { unit: 'bytes' });
    assert.equal(r.outcome, 'MMMHMHH');
    assert.equal(r.resident(1), false);
    assert.ok(Math.abs(r.policy.age - 1 / 3) < 1e-12);
    assert.ok(Math.abs(r.policy.priority(4) - (1 / 3 + 1 / 4)) < 1e-12);
    assert.equal(replaySteps(lru, steps, 10, { unit: 'bytes' }).outcome, 'MMMHMMM');
  });
});

describe('Hyperbolic', () => {
  it('evicts the lowest hits per request in the cache, not the least recent', () => {
    // 2 slots. 1 at request 0 then 3 hits: 4 hits. 2 at request 4: 1 hit.
    // 3 at request 5: priorities 4/6 for 1 and 1/2 for 2 → 2 goes (LRU would evict 1).
    const r = replaySteps(hyperbolic, [1, 1, 1, 1, 2, 3], 2);
    assert.deepEqual(r.residents(), [1, 3]);
    assert.deepEqual(replaySteps(lru, [1, 1, 1, 1, 2, 3], 2).residents(), [2, 3]);
  });
});

describe('the frequency sketch', () => {
  it('counts exactly while alone, saturates at 15, and halves every 10 × capacity additions', () => {
    const s = new FrequencySketch(1024);
    for (let i = 0; i < 3; i++) s.increment(7);
    assert.equal(s.frequency(7), 3);
    for (let i = 0; i < 20; i++) s.increment(7);
    assert.equal(s.frequency(7), 15);
    // 16 wide, sample 160: key 7 saturates after 15 additions; fresh keys add the rest.
    const small = new FrequencySketch(16);
    for (let i = 0; i < 15; i++) small.increment(7);
    let k = 100;
    while (small.resets === 0) small.increment(k++);
    assert.equal(k - 100, 160 - 15);
    // Every counter was at most 15 and none was touched since: now at most 7.
    assert.ok(small.frequency(7) <= 7);
  });

  it('with the doorkeeper, counts a first access in the Bloom filter only', () => {
    const s = new FrequencySketch(1024, true);
    s.increment(42);
    assert.equal(s.frequency(42), 1);
    s.increment(42);
    s.increment(42);
    assert.equal(s.frequency(42), 3);
  });
});

describe('the indexed heap', () => {
  it('pops by key, then by tie, and re-keys and removes members in place', () => {
    const h = new IndexedHeap();
    h.grow(10);
    h.set(1, 5, 0);
    h.set(2, 3, 1);
    h.set(3, 3, 0);
    h.set(4, 9, 2);
    assert.equal(h.peek(), 3);
    h.set(3, 10, 3);
    assert.equal(h.peek(), 2);
    h.remove(2);
    assert.equal(h.peek(), 1);
    h.set(4, 1, 4);
    assert.equal(h.peek(), 4);
    assert.equal(h.size, 3);
    assert.ok(h.valid());
  });
});
