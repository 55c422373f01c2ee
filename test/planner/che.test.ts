import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  cheFifoCapacity, cheFifoHitRatio, cheLruCapacity, cheLruHitRatio, lfuCapacity, lfuHitRatio,
  lruCapacityFor, lruHitRatioOf,
} from '../../src/planner/che.js';
import { uniformPopularity, zipfPopularity } from '../../src/planner/popularity.js';

// ---- an independent Che solver: plain bisection over explicit per-key sums ----

function zipfProbabilities(n: number, alpha: number): Float64Array {
  const p = new Float64Array(n);
  let total = 0;
  for (let k = n; k >= 1; k--) total += k ** -alpha;
  for (let k = 1; k <= n; k++) p[k - 1] = k ** -alpha / total;
  return p;
}

/** T with Σ occupancy(p_i, T) = C, by bisection on log T. */
function characteristicTime(p: Float64Array, c: number, occupancy: (x: number) => number): number {
  let lo = 1e-3;
  let hi = 1e12;
  for (let i = 0; i < 64; i++) {
    const mid = Math.sqrt(lo * hi);
    let s = 0;
    for (const pi of p) s += occupancy(pi * mid);
    if (s < c) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

function referenceHitRatio(p: Float64Array, c: number, occupancy: (x: number) => number): number {
  const t = characteristicTime(p, c, occupancy);
  let h = 0;
  for (const pi of p) h += pi * occupancy(pi * t);
  return h;
}

const lruOccupancy = (x: number): number => 1 - Math.exp(-x);
const fifoOccupancy = (x: number): number => x / (1 + x);

describe("Che's approximation (LRU) for Zipf popularity, 100,000 keys, cache 10,000", () => {
  // The figures, to 4 decimals.
  for (const [alpha, expected] of [[1.0, 0.7373], [0.8, 0.4687], [1.2, 0.9176]] as const) {
    it(`alpha ${alpha}: ${expected}`, () => {
      const h = cheLruHitRatio(alpha, 100_000, 10_000);
      assert.equal(Number(h.toFixed(4)), expected);
      // And the same as the independent bisection to 1e-9.
      const ref = referenceHitRatio(zipfProbabilities(100_000, alpha), 10_000, lruOccupancy);
      assert.ok(Math.abs(h - ref) < 1e-9, `${h} vs ${ref}`);
    });

    it(`alpha ${alpha}: inverting ${expected} names a cache within 1% of 10,000`, () => {
      const c = cheLruCapacity(alpha, 100_000, expected);
      assert.ok(Math.abs(c - 10_000) <= 100, `got ${c}`);
      // Exactly: the smallest whole cache reaching the target.
      assert.ok(cheLruHitRatio(alpha, 100_000, c) >= expected);
      assert.ok(cheLruHitRatio(alpha, 100_000, c - 1) < expected);
    });
  }

  it('the FIFO form at alpha 1.0 is 0.7010, and inverts to 10,000', () => {
    const h = cheFifoHitRatio(1.0, 100_000, 10_000);
    assert.equal(Number(h.toFixed(4)), 0.701);
    const ref = referenceHitRatio(zipfProbabilities(100_000, 1.0), 10_000, fifoOccupancy);
    assert.ok(Math.abs(h - ref) < 1e-9, `${h} vs ${ref}`);
    assert.equal(cheFifoCapacity(1.0, 100_000, h), 10_000);
  });

  it('perfect LFU is the top-C probability mass, and its inverse is the smallest such C', () => {
    const p = zipfProbabilities(100_000, 1.0);
    let top = 0;
    for (let i = 0; i < 10_000; i++) top += p[i]!;
    assert.ok(Math.abs(lfuHitRatio(1.0, 100_000, 10_000) - top) < 1e-12);
    assert.equal(lfuCapacity(1.0, 100_000, top), 10_000);
  });

  it('LRU sits between FIFO and perfect LFU, as the three policies should', () => {
    for (const alpha of [0.6, 0.8, 1.0, 1.2]) {
      const fifo = cheFifoHitRatio(alpha, 100_000, 5_000);
      const lru = cheLruHitRatio(alpha, 100_000, 5_000);
      const lfu = lfuHitRatio(alpha, 100_000, 5_000);
      assert.ok(fifo < lru && lru < lfu, `alpha ${alpha}: ${fifo} ${lru} ${lfu}`);
    }
  });
});

describe('the popularity models', () => {
  it('uniform popularity gives C / N for every policy: the working-set rule is its special case', () => {
    const pop = uniformPopularity(1000);
    assert.ok(Math.abs(lruHitRatioOf(pop, 800) - 0.8) < 1e-12);
    assert.equal(lruCapacityFor(pop, 0.8), 800);
    assert.equal(cheLruHitRatio(0, 1000, 250).toFixed(12), '0.250000000000');
    assert.equal(cheFifoCapacity(0, 1000, 0.25), 250);
    assert.equal(lfuCapacity(0, 1000, 0.25), 250);
  });

  it('the binned Zipf tail (past 2^20 ranks) matches exact per-key sums', () => {
    const n = 1_500_000;
    const alpha = 0.99;
    const binned = zipfPopularity(n, alpha);
    assert.ok(binned.p.length < 1_100_000, `groups: ${binned.p.length}`);
    // Total mass and key count survive binning.
    let mass = 0;
    let keys = 0;
    for (let g = 0; g < binned.p.length; g++) {
      mass += binned.p[g]! * binned.count[g]!;
      keys += binned.count[g]!;
    }
    assert.equal(keys, n);
    assert.ok(Math.abs(mass - 1) < 1e-12);
    // Che's hit ratio at a cache of 1.2M keys (into the binned tail) against an explicit sum.
    const exact = referenceHitRatio(zipfProbabilities(n, alpha), 1_200_000, lruOccupancy);
    assert.ok(Math.abs(lruHitRatioOf(binned, 1_200_000) - exact) < 1e-7, `${lruHitRatioOf(binned, 1_200_000)} vs ${exact}`);
  });

  it('full caches hit everything, empty ones nothing', () => {
    assert.equal(cheLruHitRatio(1, 1000, 1000), 1);
    assert.equal(cheFifoHitRatio(1, 1000, 5000), 1);
    assert.equal(lfuHitRatio(1, 1000, 0), 0);
  });
});
