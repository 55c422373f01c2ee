// Hand-worked traces for the policies other simulators have (issue 18): each
// expected value is worked out by hand in the comments from the paper's
// rules (and libCacheSim's where docs/policies.md says we follow it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { belady } from '../../src/policies/belady.js';
import { car, CarPolicy } from '../../src/policies/adaptive/car.js';
import { clockPro, ClockProPolicy } from '../../src/policies/irr/clock-pro.js';
import { lecar, LeCaRPolicy } from '../../src/policies/adaptive/lecar.js';
import { crLfu } from '../../src/policies/adaptive/cr-lfu.js';
import { lhd, LhdPolicy } from '../../src/policies/sampled/lhd.js';
import { cacheus, CacheusPolicy } from '../../src/policies/adaptive/cacheus.js';
import { srLru, SrLruPolicy } from '../../src/policies/adaptive/sr-lru.js';
import { lfu } from '../../src/policies/lfu.js';
import { lru } from '../../src/policies/lru.js';
import { lruK, LruKPolicy } from '../../src/policies/linked/lru-k.js';
import { beladySize } from '../../src/policies/offline/belady-size.js';
import { qdlp, QdlpPolicy } from '../../src/policies/queues/qdlp.js';
import { wtinylfuAdaptive, AdaptiveWTinyLfuPolicy } from '../../src/policies/sketch/wtinylfu-adaptive.js';
import { replaySteps } from './helpers.js';

describe('LRU-K', () => {
  it('evicts a key seen once before one seen twice, and judges a returning key on its retained history', () => {
    // K = 2, 2 slots. Time is the request number.
    // r0 1 miss: refs(1) = {0}. r1 1 hit: {0, 1}, 2nd-last ref 0.
    // r2 2 miss: {2}, one ref: infinite distance.
    // r3 3 miss: 2 has fewer than K refs → 2 leaves (LRU would evict 1, used at r1 < r2).
    // r4 1 hit: {1, 4}. r5 2 miss: 3 has one ref → 3 leaves; 2's retained refs {2, 5}.
    // r6 3 miss: 1's 2nd-last ref is r1, 2's is r2 → 1 leaves. 3: {3, 6}.
    const r = replaySteps<LruKPolicy>(lruK, [1, 1, 2, 3, 1, 2, 3], 2);
    assert.equal(r.outcome, 'MHMMHMM');
    assert.deepEqual(r.residents(), [2, 3]);
    assert.equal(r.policy.distance(2, 7), 7 - 2);
    assert.equal(r.policy.distance(3, 7), 7 - 3);
    // LRU on the same string: 1 leaves at r3, 2 at r4, 3 at r5, 1 at r6.
    assert.equal(replaySteps(lru, [1, 1, 2, 3, 1, 2, 3], 2).outcome, 'MHMMMMM');
  });

  it('with k=1 is LRU', () => {
    const steps = [1, 2, 3, 1, 4, 2, 5, 1, 2, 3, 4, 5, 3, 3, 1];
    assert.equal(replaySteps(lruK, steps, 3, { params: { k: 1 } }).outcome, replaySteps(lru, steps, 3).outcome);
  });
});

describe('CAR', () => {
  it('moves a referenced T1 key to T2 on the clock\'s pass, and adapts p on B1 and B2 hits', () => {
    // c = 2. 1 2 miss: T1 = [2 1] (newest first). 1 hit: only its bit is set.
    // 3: |T1| = 2 ≥ max(1, p = 0): T1's oldest 1 is referenced → bit cleared, to T2.
    //    Then |T1| = 1 ≥ 1: 2 unreferenced → B1. 3 → T1.
    let p = replaySteps<CarPolicy>(car, [1, 2, 1, 3], 2).policy;
    assert.deepEqual([p.listOf(1), p.listOf(2), p.listOf(3)], ['T2', 'B1', 'T1']);
    // 2 (in B1): replace first: |T1| = 1 ≥ 1 → 3 → B1. Then p = 0 + max(1, |B2|/|B1| = 0) = 1; 2 → T2.
    p = replaySteps<CarPolicy>(car, [1, 2, 1, 3, 2], 2).policy;
    assert.equal(p.p, 1);
    assert.deepEqual([p.listOf(1), p.listOf(2), p.listOf(3)], ['T2', 'T2', 'B1']);
    // 3 (in B1): T1 is empty → T2's oldest 1 (bit cleared) → B2. p = 1 + max(1, 1/1) = 2.
    p = replaySteps<CarPolicy>(car, [1, 2, 1, 3, 2, 3], 2).policy;
    assert.equal(p.p, 2);
    assert.equal(p.listOf(1), 'B2');
    // 1 (in B2): T2's oldest 2 → B2. p = max(2 − max(1, |B1|/|B2| = 0), 0) = 1.
    const r = replaySteps<CarPolicy>(car, [1, 2, 1, 3, 2, 3, 1], 2);
    assert.equal(r.outcome, 'MMHMMMM');
    assert.equal(r.policy.p, 1);
    assert.deepEqual([r.policy.listOf(1), r.policy.listOf(2), r.policy.listOf(3)], ['T2', 'B2', 'T2']);
  });
});

describe('QD-LP', () => {
  it('demotes unhit probation keys to the ghost queue, moves hit ones to main, and sends ghost hits to main', () => {
    // 10 slots: probation share 1, main 9, ghost 9. 1 … 10 fill probation (it holds what main does not use).
    // 1 hit. 11: probation's oldest 1 was hit → main; next oldest 2 → ghost. 12: 3 → ghost.
    // 2 (ghost hit): 4 → ghost; 2 → main.
    const r = replaySteps<QdlpPolicy>(qdlp, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 11, 12, 2], 10);
    assert.equal(r.outcome, 'MMMMMMMMMMHMMM');
    assert.deepEqual([1, 2, 3, 4, 5].map((k) => r.policy.queueOf(k)), ['main', 'main', 'ghost', 'ghost', 'probation']);
  });

  it('makes room in main with its CLOCK when a promotion overfills it', () => {
    // 4 slots, probation-ratio 0.5: main holds 2. 1 2 3 4 → probation; 1 2 3 hit.
    // 5: 1 → main, 2 → main (main full), 3 was hit → main must make room: its
    // CLOCK's oldest 1 (count 0) is evicted (no ghost entry: it left main), 3 → main.
    const r = replaySteps<QdlpPolicy>(qdlp, [1, 2, 3, 4, 1, 2, 3, 5], 4, { params: { 'probation-ratio': 0.5 } });
    assert.equal(r.outcome, 'MMMMHHHM');
    assert.deepEqual([1, 2, 3, 4, 5].map((k) => r.policy.queueOf(k)), ['none', 'main', 'main', 'probation', 'probation']);
    // 2 hit (main count 1). 6: probation's oldest 4 was not hit → ghost.
    r.step(2);
    r.step(6);
    assert.equal(r.policy.queueOf(4), 'ghost');
  });
});

describe('BeladySize', () => {
  // Bytes, capacity 10. Sizes: key 1 is 8 bytes, keys 2 and 3 are 2.
  const steps = [{ key: 1, size: 8 }, { key: 2, size: 2 }, { key: 3, size: 2 }, { key: 3, size: 2 }, { key: 1, size: 8 }, { key: 2, size: 2 }];

  it('evicts the largest size × distance to the next request, where Belady evicts the furthest', () => {
    // r2 (3 comes, 2 bytes short): 1 scores 8 × (r4 − r2) = 16, 2 scores 2 × (r5 − r2) = 6 → 1 leaves.
    // (Two residents: 128 draws miss one with chance 2⁻¹²⁷.) r3 3 hit, r4 1 misses, r5 2 hits.
    assert.equal(replaySteps(beladySize, steps, 10, { unit: 'bytes' }).outcome, 'MMMHMH');
    // Belady evicts 2 at r2 (next used last, r5): r3 and r4 hit, r5 misses.
    assert.equal(replaySteps(belady, steps, 10, { unit: 'bytes' }).outcome, 'MMMHHM');
  });

  it('evicts keys never requested again first, and refuses a dead key that does not fit', () => {
    // r3 3 hit: never again → dead. r4 1 (8 bytes, 4 used): the dead 3 leaves first → fits.
    // r5 2 hit. 1 and 2 stay, dead, until someone needs their space.
    const r = replaySteps(beladySize, steps, 10, { unit: 'bytes', params: { samples: 0 } });
    assert.equal(r.outcome, 'MMMHMH');
    assert.deepEqual(r.residents(), [1, 2]);
    // A dead key larger than the free space, with no dead key to evict, is refused: 1 (6 bytes)
    // is needed again, 2 (6 bytes, 4 free) never is.
    const s = replaySteps(beladySize, [{ key: 1, size: 6 }, { key: 2, size: 6 }, { key: 1, size: 6 }], 10, { unit: 'bytes' });
    assert.equal(s.outcome, 'MMH');
    assert.equal(s.sim.counters.rejected, 1);
  });
});

describe('LeCaR', () => {
  it('follows LRU with weight 1 and LFU with weight 0 when they disagree', () => {
    // 2 slots. 1 1 2 → 1 has 2 hits-counted accesses, 2 one; 1 is the least recent.
    // 3: LRU names 1, LFU names 2.
    assert.deepEqual(replaySteps(lecar, [1, 1, 2, 3], 2, { params: { 'lru-weight': 1 } }).residents(), [2, 3]);
    assert.deepEqual(replaySteps(lecar, [1, 1, 2, 3], 2, { params: { 'lru-weight': 0 } }).residents(), [1, 3]);
  });

  it('leaves no ghost when both experts name the same key', () => {
    // 1 2 3 with 2 slots: LRU and LFU (tie at one access: least recent) both name 1.
    assert.equal(replaySteps<LeCaRPolicy>(lecar, [1, 2, 3], 2).policy.ghostListOf(1), 'none');
  });

  it('lowers the weight of the expert whose victim comes back, by e^(−λ·d^t)', () => {
    // 1 1 2 3 with 2 slots: the seeded draw picks LRU (evicts 1) or LFU (evicts 2); whichever it
    // is, its victim is in its ghost list. The victim comes back at r4, t = 4 − 3 = 1 request later.
    // d = 0.005^(1/2) = 0.0707107; the wrong expert's 0.5 becomes 0.5·e^(−0.45·0.0707107) = 0.4843405,
    // normalised over 0.4843405 + 0.5: 0.492046.
    const first = replaySteps<LeCaRPolicy>(lecar, [1, 1, 2, 3], 2);
    const lruChose = first.policy.ghostListOf(1) === 'lru';
    assert.equal(first.policy.ghostListOf(lruChose ? 1 : 2), lruChose ? 'lru' : 'lfu');
    const r = replaySteps<LeCaRPolicy>(lecar, [1, 1, 2, 3, lruChose ? 1 : 2], 2);
    assert.ok(Math.abs(r.policy.wLru - (lruChose ? 0.492046 : 1 - 0.492046)) < 1e-6, `w_LRU = ${r.policy.wLru}`);
  });
});

describe('CLOCK-Pro', () => {
  it('keeps evicted cold pages in test as non-resident, and promotes one that misses in its test period', () => {
    // 4 slots, cold-ratio 0.25: mc = 1, so 3 hot. 1 2 3 come in hot, 4 cold in test.
    // 5: HAND_cold passes the hot 1 2 3 and evicts 4 (no ref), which stays non-resident; 5 cold in test.
    // 4 (non-resident, in test): HAND_cold evicts 5 the same way; 4 comes in hot, mc = 2, so hot pages
    // may total 2: HAND_hot demotes 1 then 2 (no ref bits) to cold.
    const r = replaySteps<ClockProPolicy>(clockPro, [1, 2, 3, 4, 5, 4], 4, { params: { 'cold-ratio': 0.25 } });
    assert.equal(r.outcome, 'MMMMMM');
    assert.equal(r.policy.coldTarget, 2);
    assert.deepEqual([1, 2, 3, 4, 5].map((k) => r.policy.stateOf(k)), ['cold', 'cold', 'hot', 'hot', 'non-resident']);
    // 2 hit: its ref bit. 6: HAND_cold (resting on 1) evicts 1, out of test: it leaves the clock.
    // 6 comes in cold, in test. 7: HAND_cold at 2, referenced, not in test: bit cleared, a new test
    // period, moved to the head; next, 6 (no ref) is evicted and stays non-resident.
    r.step(2);
    r.step(6);
    assert.equal(r.policy.stateOf(1), 'none');
    assert.equal(r.policy.stateOf(6), 'cold-test');
    r.step(7);
    assert.equal(r.outcome, 'MMMMMMHMM');
    assert.deepEqual([2, 6, 7].map((k) => r.policy.stateOf(k)), ['cold-test', 'non-resident', 'cold-test']);
  });
});

describe('adaptive W-TinyLFU', () => {
  it('climbs: keeps the window moving while the hit ratio holds, turns back and restarts the step when it drops', () => {
    // 100 objects, a sample every 0.1 × 100 = 10 requests, first step 6.25 objects, window from 1.
    const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    const r = replaySteps<AdaptiveWTinyLfuPolicy>(wtinylfuAdaptive, range(1, 10), 100, { params: { sample: 0.1 } });
    // Sample 1, ten misses: ratio 0, change 0 − 0 ≥ 0 → +6.25: window 7.25; step 0.98 × 6.25 = 6.125.
    assert.equal(r.policy.windowShare, 7.25);
    for (const k of range(1, 10)) r.step(k);
    // Sample 2, ten hits: ratio 1, change +1 → +6.125: 13.375; |change| ≥ 0.05 restarts the step at 6.25.
    assert.equal(r.policy.windowShare, 13.375);
    for (const k of range(11, 20)) r.step(k);
    // Sample 3, ten misses: change −1 → −6.25: 7.125; restart, keeping the sign: −6.25.
    assert.equal(r.policy.windowShare, 7.125);
    for (const k of range(21, 30)) r.step(k);
    // Sample 4: change 0 → keep going down by 6.25: 0.875.
    assert.equal(r.policy.windowShare, 0.875);
    assert.equal(r.policy.check(r.sim.residents), undefined);
  });
});

describe('CR-LFU', () => {
  it('breaks ties at the lowest count towards the most recently touched key', () => {
    // 2 slots. 1 2 → both count 1. 3: CR-LFU evicts 2 (newest of the lowest), LFU evicts 1.
    // 1 hit (count 2). 4: only 3 has count 1 → 3 leaves.
    assert.equal(replaySteps(crLfu, [1, 2, 3, 1, 4], 2).outcome, 'MMMHM');
    assert.deepEqual(replaySteps(crLfu, [1, 2, 3, 1, 4], 2).residents(), [1, 4]);
    // LFU: 3 evicts 1; 1 misses and evicts 2; 4 evicts 3.
    assert.equal(replaySteps(lfu, [1, 2, 3, 1, 4], 2).outcome, 'MMMMM');
  });
});

describe('SR-LRU', () => {
  it('moves a reused key from SR to R, sends a key back from history to R, and demotes R\'s overflow to SR', () => {
    // 4 slots: SR's share 2, R's 2. 1 2 → SR. 1 hit → R [1]. 3 → SR [3 2]. 4 → SR [4 3 2], over its
    // share: its LRU 2 → history although the cache has room (as libCacheSim). 5: likewise 3 → history.
    // 2 (in history, the cache has room): → R [2 1]; it left SR new, so SR's share grows by
    // max(1, ⌊demoted 0 / new-in-history 1⌋ + 0.5) = 1: SR 3, R 1. 1 hit (R: [1 2]).
    // 3 (in history, the cache full): R must hold 3 within 1 → its LRU 2, then 1, are demoted to SR's
    // front (SR [1 2 5 4]); the victim is SR's LRU 4 → history; 3 → R.
    const r = replaySteps<SrLruPolicy>(srLru, [1, 2, 1, 3, 4, 5, 2, 1, 3], 4);
    assert.equal(r.outcome, 'MMHMMMMHM');
    assert.equal(r.policy.srCap, 3);
    assert.deepEqual([1, 2, 3, 4, 5].map((k) => r.policy.listOf(k)), ['SR', 'SR', 'R', 'H', 'SR']);
    // With adapt=0 SR keeps 2: R [1 2] makes room for 3 by demoting 2 alone.
    const fixed = replaySteps<SrLruPolicy>(srLru, [1, 2, 1, 3, 4, 5, 2, 1, 3], 4, { params: { adapt: 0 } });
    assert.deepEqual([1, 2, 3].map((k) => fixed.policy.listOf(k)), ['R', 'SR', 'R']);
  });
});

describe('Cacheus', () => {
  it('moves its learning rate the way the hit ratio went, every capacity requests, and penalises the expert whose victim returns', () => {
    // 4 slots, so λ moves every 4 requests; λ₀ is the seeded draw.
    const steps = [1, 1, 2, 2, 3, 4, 5, 6];
    const l0 = replaySteps<CacheusPolicy>(cacheus, [1], 4).policy.learningRate;
    // Requests 1–4 (M H M H): hit ratio 0.5, up from 0, with Δλ = λ₀ − 0 > 0 → λ₁ = λ₀ + |λ₀·λ₀|.
    const l1 = replaySteps<CacheusPolicy>(cacheus, steps.slice(0, 4), 4).policy.learningRate;
    assert.ok(Math.abs(l1 - (l0 + l0 * l0)) < 1e-12);
    // Requests 5–8 (all misses): hit ratio down to 0 while λ went up → λ₂ = λ₁ − |λ₁·(λ₁ − λ₀)|.
    const r = replaySteps<CacheusPolicy>(cacheus, steps, 4);
    const l2 = r.policy.learningRate;
    assert.ok(Math.abs(l2 - (l1 - l1 * (l1 - l0))) < 1e-12);
    // Some key the experts disagreed on is in a ghost list; its return multiplies that expert's
    // weight (0.5) by e^(−λ₂): w_SR = 0.5·e^(−λ₂) / (0.5·e^(−λ₂) + 0.5) if it was SR-LRU's.
    const back = [1, 2, 3, 4, 5, 6].find((k) => r.policy.ghostListOf(k) !== 'none')!;
    const srWrong = r.policy.ghostListOf(back) === 'sr-lru';
    r.step(back);
    const e = Math.exp(-l2);
    assert.ok(Math.abs(r.policy.wSr - (srWrong ? e / (e + 1) : 1 / (1 + e))) < 1e-12, `w = ${r.policy.wSr}`);
  });
});

describe('LHD', () => {
  it('ranks by its prior density (class + 1)/(age + 1) per unit of size until the first reconfiguration', () => {
    // 1 1 2, room for all. Ages count requests in units of 2^10, so all are 0 here.
    // 1: its hit makes its last two hit ages 0 + 0 = 0, the last class (15): 16/(0 + 1) = 16.
    // 2: new, last-last hit age set to 20,000 (the histograms' end): class 0, 1/(0 + 1) = 1.
    // An explorer (1 key in 32, seeded) ranks one higher.
    const r = replaySteps<LhdPolicy>(lhd, [1, 1, 2], 100);
    assert.ok([16, 17].includes(r.policy.density(1)), `${r.policy.density(1)}`);
    assert.ok([1, 2].includes(r.policy.density(2)), `${r.policy.density(2)}`);
    // In bytes a density is per byte: key 3 of 50 bytes, new: 1/50.
    const b = replaySteps<LhdPolicy>(lhd, [{ key: 3, size: 50 }], 10_000, { unit: 'bytes' });
    assert.ok([1 / 50, 1 / 50 + 1].includes(b.policy.density(3)));
  });
});
