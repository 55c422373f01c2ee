// Admission options: hand-worked traces through the store, the AdaptSize
// model against a hand-solved case, and the --admission flag end to end.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { predictedHitRatio } from '../../src/admission/adaptsize.js';
import { createAdmission, parseAdmission } from '../../src/admission/registry.js';
import { CacheStore } from '../../src/engine/store.js';
import type { PolicyContext } from '../../src/policies/policy.js';
import { findPolicy, resolveParams } from '../../src/policies/registry.js';
import { OP_READ, type TraceChunk } from '../../src/trace/types.js';
import { cli } from '../helpers.js';

/** Replay reads of (key, size) through LRU with the admission; 'H', 'M' per read. */
function replay(admission: string, reads: [number, number][], capacity: number, unit: 'objects' | 'bytes' = 'objects'): { outcome: string; sim: CacheStore } {
  const ctx: PolicyContext = { capacity, unit, seed: 42, request: 0, nextAccess: null };
  const lru = findPolicy('lru');
  const sim = new CacheStore(lru.create(ctx, resolveParams(lru, {})), ctx, 'update', createAdmission(parseAdmission(admission), ctx));
  sim.grow(64);
  let outcome = '';
  for (const [key, size] of reads) {
    const c: TraceChunk = {
      length: 1, times: Float64Array.of(0), ids: Int32Array.of(key), ops: Uint8Array.of(OP_READ), sizes: Uint32Array.of(size), ttls: new Float32Array(1),
    };
    const hits = sim.counters.hits;
    sim.processChunk(c);
    outcome += sim.counters.hits > hits ? 'H' : 'M';
  }
  return { outcome, sim };
}

describe('admission', () => {
  it('bloom admits a key on its second miss: a one-hit wonder never takes a slot', () => {
    // 1 miss (remembered), 1 miss (admitted), 1 hit; 2 once: never admitted, so 1 stays with 1 slot.
    const r = replay('bloom', [[1, 1], [1, 1], [1, 1], [2, 1], [1, 1]], 1);
    assert.equal(r.outcome, 'MMHMH');
    assert.equal(r.sim.counters.notAdmitted, 2);
    assert.equal(r.sim.counters.evictions, 0);
  });

  it('size admits values of at most max bytes', () => {
    // Bytes, 1000 of them: 200 > max=100 never comes in; 100 does.
    const r = replay('size:max=100', [[1, 200], [1, 200], [2, 100], [2, 100]], 1000, 'bytes');
    assert.equal(r.outcome, 'MMMH');
    assert.equal(r.sim.counters.notAdmitted, 2);
  });

  it('prob with p=0 admits nothing and with p=1 everything', () => {
    assert.equal(replay('prob:p=0', [[1, 1], [1, 1], [1, 1]], 4).outcome, 'MMM');
    assert.equal(replay('prob:p=1', [[1, 1], [1, 1], [1, 1]], 4).outcome, 'MHH');
  });

  it('none is no admission at all', () => {
    assert.equal(createAdmission(parseAdmission('none'), { capacity: 1, unit: 'objects', seed: 1 }), null);
  });

  it('parses parameters with units and rejects unknown ones', () => {
    assert.deepEqual(parseAdmission('size:max=1MB'), { name: 'size', params: { max: 1_000_000 } });
    assert.deepEqual(parseAdmission('prob'), { name: 'prob', params: { p: 0.1 } });
    assert.throws(() => parseAdmission('prob:q=1'), /has no parameter "q"/);
    assert.throws(() => parseAdmission('lru'), /unknown admission "lru": valid admissions are none, bloom, prob, size, adaptsize/);
  });
});

describe('AdaptSize\'s model', () => {
  it('predicts the hit ratio of a hand-solved two-object cache', () => {
    // Rates 3 and 1, unit sizes, capacity 1, c = ∞ (admit all): h_i = 1 − e^(−r_i μ), and
    // h_1 + h_2 = 1 gives y³ + y = 1 for y = e^(−μ): y = 0.6823278. h_1 = 1 − y³ = 0.6823278,
    // h_2 = 1 − y = 0.3176722; hit ratio (3·h_1 + h_2) / 4 = 0.5911639.
    const ohr = predictedHitRatio(Float64Array.of(3, 1), Float64Array.of(1, 1), Float64Array.of(1, 1), Infinity, 1);
    assert.ok(Math.abs(ohr - 0.5911639) < 1e-6, `${ohr}`);
  });

  it('rates a size scale that keeps a large object out above one that lets it in', () => {
    // 50 one-byte objects and one of 100 bytes, all at rate 1, and 50 bytes of cache. With c = 8
    // (the large one's a = e^(−12.5) ≈ 4e−6) the small ones cannot fill the cache: μ stops at its
    // cap of 4 intervals; a small one's a = e^(−1/8) = 0.8825, E = e⁴ − 1 = 53.60, h = aE/(1 + aE)
    // = 0.97930, hit ratio 50 · 0.97930 / 51 = 0.96010 (the large one adds 2e−4/51). With
    // c = 1024 (a = 0.907) the large one competes: 50·h_s + 100·h_L = 50 at μ ≈ 0.42, where
    // h_s = 1 − e^(−μ) ≈ 0.34: hit ratio ≈ 0.34.
    const r = new Float64Array(51).fill(1);
    const s = new Float64Array(51).fill(1);
    s[50] = 100;
    const small = predictedHitRatio(r, s, s, 8, 50);
    const large = predictedHitRatio(r, s, s, 1024, 50);
    assert.ok(Math.abs(small - 0.96010) < 1e-4, `c = 8: ${small}`);
    assert.ok(Math.abs(large - 0.34) < 0.01, `c = 1024: ${large}`);
  });
});

describe('cachesim run --admission', () => {
  it('runs every admission with any policy, in worker threads too, and names it in the results', () => {
    const args = ['run', '--trace', 'traces/zipf.csv', '--policy', 'lru,sieve', '--capacity', '200', '--format', 'json',
      '--admission', 'none', '--admission', 'bloom', '--admission', 'prob:p=0.5', '--admission', 'size:max=1MB', '--admission', 'adaptsize:interval=1000'];
    const here = cli([...args, '--threads', '0']);
    const threads = cli([...args, '--threads', '2']);
    assert.equal(here.code, 0, here.stderr);
    assert.equal(threads.stdout, here.stdout);
    const results = JSON.parse(here.stdout).results as { policy: string; admission?: string; notAdmitted?: number; misses: number }[];
    assert.deepEqual(results.map((x) => `${x.policy} ${x.admission ?? '-'}`), [
      'lru -', 'lru bloom', 'lru prob:p=0.5', 'lru size:max=1000000', 'lru adaptsize:interval=1000',
      'sieve -', 'sieve bloom', 'sieve prob:p=0.5', 'sieve size:max=1000000', 'sieve adaptsize:interval=1000',
    ]);
    for (const x of results) if (x.admission) assert.ok(x.notAdmitted! <= x.misses);
  });

  it('a bad admission is one line and exit code 2', () => {
    const r = cli(['run', '--trace', 'traces/zipf.csv', '--admission', 'prob:p=2']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /p must be a number from 0 to 1/);
  });
});

describe('cachesim policies', () => {
  it('lists the policies grouped by family, each with its family\'s place, and the five admissions', () => {
    const r = cli(['policies', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { families: { name: string }[]; policies: { name: string; family: string }[]; admissions: { name: string }[] };
    assert.deepEqual(j.admissions.map((a) => a.name), ['none', 'bloom', 'prob', 'size', 'adaptsize']);
    // Families appear as contiguous groups, in the documented order.
    const order = j.families.map((f) => f.name);
    const seen = j.policies.map((p) => p.family).filter((f, i, a) => i === 0 || a[i - 1] !== f);
    assert.equal(new Set(seen).size, seen.length, `a family is split: ${seen.join(' ')}`);
    assert.deepEqual(seen, order.filter((f) => seen.includes(f)));
  });
});
