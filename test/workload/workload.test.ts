import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { CachesimError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { OP_DELETE, OP_READ, OP_WRITE, type TraceSource } from '../../src/trace/types.js';
import { parseSizeDistribution, parseTtlDistribution, type ValueDistribution } from '../../src/workload/distributions.js';
import { parseSeconds } from '../../src/core/units.js';
import { generateTrace, randomDistinct, type GeneratedTrace } from '../../src/workload/generator.js';
import { describeGenSpec, GEN_DEFAULTS, genSpecToJSON, parseGenSpec, type RawGenSpec } from '../../src/workload/spec.js';
import { generalizedHarmonic, ZipfSampler, zipfPmf } from '../../src/workload/zipf.js';

// ---- helpers: statistics worked out here, not taken from the code under test ----

/** Upper 0.001 point of the standard normal: Φ⁻¹(0.999). */
const Z_999 = 3.090232306167813;

/** Chi-square critical value at p = 0.001 by Wilson–Hilferty: df·(1 − 2/(9df) + z·√(2/(9df)))³. */
function chiSquareCritical001(df: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + Z_999 * Math.sqrt(a)) ** 3;
}

/** k^(-alpha) / Σ j^(-alpha), written out directly (independent of zipf.ts). */
function exactZipf(n: number, alpha: number): Float64Array {
  const p = new Float64Array(n + 1);
  let total = 0;
  for (let k = 1; k <= n; k++) total += 1 / k ** alpha;
  for (let k = 1; k <= n; k++) p[k] = 1 / k ** alpha / total;
  return p;
}

/** Pearson's statistic over bins merged from rank 1 upward until each expects ≥ 5. */
function chiSquare(counts: Float64Array, probs: Float64Array, draws: number): { stat: number; df: number } {
  const obs: number[] = [];
  const exp: number[] = [];
  let o = 0;
  let e = 0;
  for (let k = 1; k < probs.length; k++) {
    o += counts[k]!;
    e += probs[k]! * draws;
    if (e >= 5) {
      obs.push(o);
      exp.push(e);
      o = 0;
      e = 0;
    }
  }
  if (e > 0) {
    // A tail expecting fewer than 5 joins the last full bin.
    obs[obs.length - 1]! += o;
    exp[exp.length - 1]! += e;
  }
  let stat = 0;
  for (let i = 0; i < obs.length; i++) stat += (obs[i]! - exp[i]!) ** 2 / exp[i]!;
  return { stat, df: obs.length - 1 };
}

interface Rows {
  times: number[];
  ids: number[];
  keyNumbers: number[];
  ops: number[];
  sizes: number[];
  ttls: number[];
}

async function collect(trace: GeneratedTrace): Promise<Rows> {
  const rows: Rows = { times: [], ids: [], keyNumbers: [], ops: [], sizes: [], ttls: [] };
  for await (const c of trace.chunks()) {
    for (let i = 0; i < c.length; i++) {
      rows.times.push(c.times[i]!);
      rows.ids.push(c.ids[i]!);
      rows.keyNumbers.push(trace.keys.keyNumber(c.ids[i]!));
      rows.ops.push(c.ops[i]!);
      rows.sizes.push(c.sizes[i]!);
      rows.ttls.push(c.ttls[i]!);
    }
  }
  return rows;
}

/** Every chunk's rows, as raw column bytes, for exact comparisons. */
async function fingerprint(source: TraceSource): Promise<string[]> {
  const out: string[] = [];
  for await (const c of source.chunks()) {
    const cols = [c.times, c.ids, c.ops, c.sizes, c.ttls].map((a) => Buffer.from(a.buffer, a.byteOffset, (a.byteLength / a.length) * c.length).toString('base64'));
    out.push(`${c.length}:${cols.join('|')}`);
  }
  return out;
}

function gen(raw: RawGenSpec): GeneratedTrace {
  return generateTrace(parseGenSpec(raw));
}

function draws(d: ValueDistribution, n: number, seed = 7): Float64Array {
  const rng = new Rng(seed, 'test');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = d.draw(rng);
  return out;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

function median(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
}

/** |observed share − p| within 5 binomial standard errors. */
function assertShare(hits: number, n: number, p: number, what: string): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  const got = hits / n;
  assert.ok(Math.abs(got - p) <= 5 * se + 1e-12, `${what}: got ${got.toFixed(5)}, expected ${p.toFixed(5)} ± ${(5 * se).toFixed(5)} (n=${n})`);
}

function assertUsageError(raw: RawGenSpec, pattern: RegExp): void {
  assert.throws(() => parseGenSpec(raw), (e: unknown) => {
    assert.ok(e instanceof CachesimError, `expected a CachesimError for ${JSON.stringify(raw)}, got ${String(e)}`);
    assert.equal(e.exitCode, 2);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  }, `expected ${JSON.stringify(raw)} to be rejected`);
}

// ---- Zipf sampler ----

/** The key number of every rank, rank 1 first. */
function rankKeys(trace: GeneratedTrace): number[] {
  return Array.from({ length: trace.spec.keys }, (_, i) => trace.keyForRank(i + 1));
}

describe('zipf sampler', () => {
  it('the Wilson–Hilferty critical value is close to the table value', () => {
    // Tables: χ²(0.999; 10) = 29.588, χ²(0.999; 100) = 149.449.
    assert.ok(Math.abs(chiSquareCritical001(10) - 29.588) / 29.588 < 0.01);
    assert.ok(Math.abs(chiSquareCritical001(100) - 149.449) / 149.449 < 0.002);
  });

  it('generalised harmonic numbers and the pmf match hand-worked values', () => {
    assert.equal(generalizedHarmonic(1, 0.7), 1);
    assert.equal(generalizedHarmonic(2, 1), 1.5);
    assert.ok(Math.abs(generalizedHarmonic(10, 1) - 7381 / 2520) < 1e-13);
    assert.ok(Math.abs(generalizedHarmonic(4, 2) - (1 + 1 / 4 + 1 / 9 + 1 / 16)) < 1e-15);
    assert.ok(Math.abs(zipfPmf(1, 2, 1) - 2 / 3) < 1e-15);
    assert.ok(Math.abs(zipfPmf(3, 3, 1) - (1 / 3) / (11 / 6)) < 1e-15);
    assert.equal(zipfPmf(0, 3, 1), 0);
    assert.equal(zipfPmf(4, 3, 1), 0);
    const p = exactZipf(1000, 1.3);
    for (const k of [1, 2, 17, 1000]) assert.ok(Math.abs(zipfPmf(k, 1000, 1.3) - p[k]!) < 1e-15);
  });

  for (const alpha of [0.7, 1.0, 1.3, 1 + 1e-12, 1 - 1e-9, 2.5]) {
    it(`fits the exact pmf by chi-square at p = 0.001 (n = 1000, alpha = ${alpha})`, () => {
      const n = 1000;
      const N = 200_000;
      const sampler = new ZipfSampler(n, alpha);
      const rng = new Rng(20240601, `zipf-${alpha}`);
      const counts = new Float64Array(n + 1);
      for (let i = 0; i < N; i++) {
        const k = sampler.sample(rng);
        assert.ok(Number.isInteger(k) && k >= 1 && k <= n);
        counts[k]!++;
      }
      const { stat, df } = chiSquare(counts, exactZipf(n, alpha), N);
      assert.ok(df >= 5, `enough bins (${df})`);
      const crit = chiSquareCritical001(df);
      assert.ok(stat < crit, `chi-square ${stat.toFixed(1)} with ${df} df is above the 0.001 critical value ${crit.toFixed(1)}`);
    });
  }

  // With 1000 ranks and 200k draws the test above cannot see a sampler that
  // skips the rejection step (the hat alone is within a few % of the pmf);
  // ten ranks and a million draws can, by a wide margin.
  for (const alpha of [0.7, 1.0, 1.3]) {
    it(`fits the exact pmf over 10 ranks with 1M draws (alpha = ${alpha})`, () => {
      const n = 10;
      const N = 1_000_000;
      const sampler = new ZipfSampler(n, alpha);
      const rng = new Rng(99, `zipf10-${alpha}`);
      const counts = new Float64Array(n + 1);
      for (let i = 0; i < N; i++) counts[sampler.sample(rng)]!++;
      const { stat, df } = chiSquare(counts, exactZipf(n, alpha), N);
      assert.equal(df, 9);
      assert.ok(stat < chiSquareCritical001(df), `chi-square ${stat.toFixed(1)} above ${chiSquareCritical001(df).toFixed(1)}`);
    });
  }

  it('handles tiny and huge rank counts and steep alphas', () => {
    const rng = new Rng(1, 'edge');
    const one = new ZipfSampler(1, 1);
    for (let i = 0; i < 1000; i++) assert.equal(one.sample(rng), 1);

    // n = 2, alpha = 1: P(1) = 2/3.
    const two = new ZipfSampler(2, 1);
    let ones = 0;
    for (let i = 0; i < 60_000; i++) if (two.sample(rng) === 1) ones++;
    assertShare(ones, 60_000, 2 / 3, 'P(rank 1) with n=2, alpha=1');

    // alpha = 3 over many ranks: P(1) = 1/ζ(3) ≈ 1/1.2020569 (the tail past 1e6 is negligible).
    const steep = new ZipfSampler(1_000_000, 3);
    ones = 0;
    for (let i = 0; i < 60_000; i++) if (steep.sample(rng) === 1) ones++;
    assertShare(ones, 60_000, 1 / 1.2020569031595942, 'P(rank 1) with alpha=3');

    const huge = new ZipfSampler(0x7fffffff, 0.6);
    for (let i = 0; i < 10_000; i++) {
      const k = huge.sample(rng);
      assert.ok(Number.isInteger(k) && k >= 1 && k <= 0x7fffffff);
    }
    const verySteep = new ZipfSampler(1000, 60);
    for (let i = 0; i < 1000; i++) assert.equal(verySteep.sample(rng), 1);
  });
});

// ---- distributions ----

describe('value size and TTL distributions', () => {
  it('fixed sizes accept bytes with or without units', () => {
    assert.deepEqual([...draws(parseSizeDistribution('1000'), 5)], [1000, 1000, 1000, 1000, 1000]);
    assert.equal(parseSizeDistribution('2KB').draw(new Rng(1)), 2000);
    assert.equal(parseSizeDistribution('1KiB').draw(new Rng(1)), 1024);
    assert.equal(parseSizeDistribution(512).draw(new Rng(1)), 512);
    assert.equal(parseSizeDistribution('2KB').toJSON(), 2000);
  });

  it('uniform sizes are whole bytes from min to max inclusive, mean (min+max)/2', () => {
    const d = parseSizeDistribution('uniform:min=100,max=200');
    const xs = draws(d, 100_000);
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of xs) {
      assert.ok(Number.isInteger(x));
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    assert.equal(lo, 100);
    assert.equal(hi, 200);
    // sd of a discrete uniform over 101 values is √((101²−1)/12) ≈ 29.15; se ≈ 0.092.
    assert.ok(Math.abs(mean(xs) - 150) < 0.5, `mean ${mean(xs)}`);
    assert.equal(d.mean, 150);
    assert.equal(parseSizeDistribution('uniform:min=1KB,max=2KB').text, 'uniform:min=1000,max=2000');
  });

  it('lognormal sizes have the given median and mean median·e^(σ²/2)', () => {
    const d = parseSizeDistribution('lognormal:median=1000,sigma=1');
    const xs = draws(d, 100_000);
    for (const x of xs) assert.ok(Number.isInteger(x) && x >= 1);
    // se of the median ≈ m·σ·√(2π)/(2√N) ≈ 4; of the mean ≈ 2161/√N ≈ 6.8.
    assert.ok(Math.abs(median(xs) - 1000) < 20, `median ${median(xs)}`);
    assert.ok(Math.abs(mean(xs) - 1648.7212707) < 33, `mean ${mean(xs)}`);
    assert.ok(Math.abs(d.mean - 1648.7212707) < 1e-6);
    // Small medians still give at least 1 byte.
    for (const x of draws(parseSizeDistribution('lognormal:median=1,sigma=3'), 10_000)) assert.ok(x >= 1);
  });

  it('TTLs: fixed seconds with units, 0 = none, exponential and uniform', () => {
    assert.equal(parseTtlDistribution('0').draw(new Rng(1)), 0);
    assert.equal(parseTtlDistribution(0).draw(new Rng(1)), 0);
    assert.equal(parseTtlDistribution('5m').draw(new Rng(1)), 300);
    assert.equal(parseTtlDistribution('1.5').draw(new Rng(1)), 1.5);
    const e = draws(parseTtlDistribution('exp:mean=60'), 100_000);
    for (const x of e) assert.ok(x > 0);
    assert.ok(Math.abs(mean(e) - 60) < 1.2, `exp mean ${mean(e)}`); // se ≈ 0.19
    assert.ok(Math.abs(median(e) - 60 * Math.LN2) < 1.2, `exp median ${median(e)}`);
    const u = draws(parseTtlDistribution('uniform:min=1m,max=2m'), 50_000);
    for (const x of u) assert.ok(x >= 60 && x < 120);
    assert.ok(Math.abs(mean(u) - 90) < 0.5);
    assert.equal(parseSeconds('500ms'), 0.5);
    assert.equal(parseSeconds('1h'), 3600);
  });

  it('canonical text parses back to the same distribution', () => {
    for (const text of ['1000', 'uniform:min=100,max=200', 'lognormal:median=1000,sigma=0.5', 'exp:mean=2000']) {
      const d = parseSizeDistribution(text);
      assert.equal(parseSizeDistribution(d.toJSON()).text, d.text);
    }
  });
});

// ---- spec parsing ----

describe('parseGenSpec', () => {
  it('fills documented defaults and describes the spec', () => {
    const spec = parseGenSpec({});
    assert.equal(spec.dist, 'zipf');
    assert.equal(spec.keys, 100_000);
    assert.equal(spec.requests, 1_000_000);
    assert.equal(spec.seed, 42);
    assert.equal(spec.rate, 1000);
    assert.equal(spec.size.text, '1000');
    assert.equal(spec.ttl.text, '0');
    assert.equal(describeGenSpec(spec), 'zipf(alpha=1, keys=100000, requests=1000000, seed=42)');
    assert.equal(generateTrace(spec).source, 'zipf(alpha=1, keys=100000, requests=1000000, seed=42)');
    assert.equal(GEN_DEFAULTS.seed, 42);
  });

  it('takes strings as commander gives them', () => {
    const spec = parseGenSpec({ dist: 'zipf', alpha: '0.9', keys: '10M', requests: '1.5k', seed: '7', rate: '2k', writeRatio: '10%', deleteRatio: '0.05', size: 'lognormal:median=1KB,sigma=1', ttl: '5m' });
    assert.equal(spec.dist, 'zipf');
    assert.equal(spec.dist === 'zipf' && spec.alpha, 0.9);
    assert.equal(spec.keys, 10_000_000);
    assert.equal(spec.requests, 1500);
    assert.equal(spec.seed, 7);
    assert.equal(spec.rate, 2000);
    assert.equal(spec.writeRatio, 0.1);
    assert.equal(spec.deleteRatio, 0.05);
    assert.equal(spec.size.text, 'lognormal:median=1000,sigma=1');
    assert.equal(spec.ttl.text, '300');
    assert.equal(describeGenSpec(spec), 'zipf(alpha=0.9, keys=10000000, requests=1500, seed=7, rate=2000, writeRatio=0.1, deleteRatio=0.05, size=lognormal:median=1000,sigma=1, ttl=300)');
  });

  it('records as JSON with the same field names and reads back the same', async () => {
    const spec = parseGenSpec({ dist: 'hotkey', keys: '1000', requests: '5000', hotKeys: '3', hotShare: '0.3', burstStart: '1s', burstDuration: '2', burstEvery: '4', size: 'uniform:min=10,max=20', writeRatio: '0.1' });
    const json = JSON.stringify(spec);
    assert.equal(json, '{"dist":"hotkey","base":"zipf","alpha":1,"keys":1000,"requests":5000,"seed":42,"rate":1000,"writeRatio":0.1,"deleteRatio":0,"size":"uniform:min=10,max=20","ttl":0,"hotKeys":3,"hotShare":0.3,"burstStart":1,"burstDuration":2,"burstEvery":4}');
    const again = parseGenSpec(JSON.parse(json) as RawGenSpec);
    assert.equal(JSON.stringify(again), json);
    assert.equal(JSON.stringify(genSpecToJSON(spec)), json);
    assert.deepEqual(await fingerprint(generateTrace(again)), await fingerprint(generateTrace(spec)));
  });

  it('ignores other options only when asked', () => {
    assertUsageError({ alhpa: 1 }, /unknown workload field "alhpa": valid fields are dist, base, alpha/);
    assert.equal(parseGenSpec({ alpha: '1.1', policy: 'lru', capacity: '10%' }, { ignoreUnknown: true }).dist, 'zipf');
  });

  it('rejects every bad value with a usage error (exit 2) naming it', () => {
    assertUsageError({ alpha: '0' }, /alpha must be above 0/);
    assertUsageError({ alpha: -1 }, /alpha must be above 0/);
    assertUsageError({ alpha: 'steep' }, /alpha "steep" is not a number/);
    assertUsageError({ keys: '0' }, /keys must be a whole number, at least 1/);
    assertUsageError({ keys: 0 }, /keys must be a whole number, at least 1/);
    assertUsageError({ keys: '2.5' }, /keys must be a whole number/);
    assertUsageError({ keys: 'lots' }, /keys "lots" is not a number/);
    assertUsageError({ keys: '3G' }, /keys must be at most 2147483647/);
    assertUsageError({ requests: '0' }, /requests must be a whole number, at least 1/);
    assertUsageError({ writeRatio: '1.5' }, /writeRatio must be between 0 and 1/);
    assertUsageError({ deleteRatio: -0.1 }, /deleteRatio must be between 0 and 1/);
    assertUsageError({ writeRatio: '0.7', deleteRatio: '0.5' }, /writeRatio \+ deleteRatio must be at most 1/);
    assertUsageError({ dist: 'pareto' }, /dist "pareto" is not a workload: use zipf, uniform or hotkey/);
    assertUsageError({ rate: '0' }, /rate must be above 0/);
    assertUsageError({ seed: 'abc' }, /seed "abc" must be a whole number/);
    assertUsageError({ seed: true }, /seed needs a value/);
    assertUsageError({ size: '' }, /size is empty/);
    assertUsageError({ size: '0' }, /size "0" must be at least 1 byte/);
    assertUsageError({ size: 'gauss:mean=5' }, /size "gauss:mean=5" is not a distribution: use a fixed size/);
    assertUsageError({ size: 'lognormal:median=abc,sigma=1' }, /size lognormal median "abc" is not a byte size/);
    assertUsageError({ size: 'lognormal:median=1000,sigma=-1' }, /sigma must be a number, 0 or more/);
    assertUsageError({ size: 'lognormal:median=1000,sigma=1,foo=2' }, /lognormal takes median and sigma, not foo/);
    assertUsageError({ size: 'uniform:min=5' }, /uniform needs min and max \(missing max\)/);
    assertUsageError({ size: 'uniform:min=10,max=5' }, /max must be at least min/);
    assertUsageError({ size: 'uniform:min=1,min=2,max=3' }, /min is given twice/);
    assertUsageError({ size: 'uniform:100,200' }, /write parameters as name=value/);
    assertUsageError({ size: '2 bananas' }, /not a byte size/);
    assertUsageError({ ttl: '-5' }, /ttl "-5" is not a duration/);
    assertUsageError({ ttl: 'soon' }, /ttl "soon" is not a duration/);
    assertUsageError({ ttl: 'exp:mean=0' }, /mean must be above 0/);
    assertUsageError({ ttl: 'uniform:min=0,max=0' }, /max must be above 0 \(for no TTL, use ttl 0\)/);
    assertUsageError({ ttl: 'normal:mean=5' }, /ttl "normal:mean=5" is not a distribution: use fixed seconds/);
    assertUsageError({ dist: 'uniform', alpha: '1' }, /alpha applies only to zipf/);
    assertUsageError({ dist: 'hotkey', base: 'uniform', alpha: '1' }, /alpha applies only to zipf/);
    assertUsageError({ hotShare: '0.5' }, /hotShare applies only to dist hotkey/);
    assertUsageError({ dist: 'hotkey', base: 'pareto' }, /base "pareto" is not a base popularity: use zipf or uniform/);
    assertUsageError({ dist: 'hotkey', hotShare: '0' }, /hotShare must be above 0 and at most 1/);
    assertUsageError({ dist: 'hotkey', hotShare: '1.5' }, /hotShare must be above 0 and at most 1/);
    assertUsageError({ dist: 'hotkey', keys: '10', hotKeys: '11' }, /hotKeys \(11\) must be at most keys \(10\)/);
    assertUsageError({ dist: 'hotkey', hotKeys: '0' }, /hotKeys must be a whole number, at least 1/);
    assertUsageError({ dist: 'hotkey', burstDuration: '0' }, /burstDuration must be above 0/);
    assertUsageError({ dist: 'hotkey', burstStart: '-1' }, /burstStart "-1" is not a duration/);
    assertUsageError({ dist: 'hotkey', burstEvery: '60' }, /burstEvery needs a burstDuration/);
    assertUsageError({ dist: 'hotkey', burstDuration: '10', burstEvery: '10' }, /burstEvery \(10s\) must be longer than burstDuration \(10s\)/);
  });
});

// ---- generated traces ----

describe('generateTrace', () => {
  it('streams the requested number of rows in chunks, all columns present', async () => {
    const trace = generateTrace(parseGenSpec({ keys: 100, requests: 1000 }), 300);
    const lengths: number[] = [];
    for await (const c of trace.chunks()) lengths.push(c.length);
    assert.deepEqual(lengths, [300, 300, 300, 100]);
    assert.deepEqual(trace.columns, { time: true, op: true, size: true, ttl: true });
    assert.equal(trace.skippedRows, 0);
    assert.ok(trace.keys.size <= 100);
  });

  it('same seed gives identical chunks, every time; another seed does not', async () => {
    const raw = { keys: '5000', requests: '150000', alpha: '0.9', writeRatio: '0.1', size: 'lognormal:median=500,sigma=1', ttl: 'exp:mean=30' };
    const a = gen(raw);
    const first = await fingerprint(a);
    assert.deepEqual(await fingerprint(a), first, 'a second pass over the same source');
    assert.deepEqual(await fingerprint(gen(raw)), first, 'a new source from the same spec');
    const other = await collect(gen({ ...raw, seed: 43 }));
    const mine = await collect(gen(raw));
    assert.notDeepEqual(other.keyNumbers.slice(0, 100), mine.keyNumbers.slice(0, 100));
    assert.notDeepEqual(other.times.slice(0, 100), mine.times.slice(0, 100));
  });

  it('changing the size or TTL distribution leaves keys, times and ops alone', async () => {
    const a = await collect(gen({ keys: 1000, requests: 20_000, writeRatio: 0.2 }));
    const b = await collect(gen({ keys: 1000, requests: 20_000, writeRatio: 0.2, size: 'uniform:min=1,max=9', ttl: 'exp:mean=5' }));
    assert.deepEqual(b.keyNumbers, a.keyNumbers);
    assert.deepEqual(b.times, a.times);
    assert.deepEqual(b.ops, a.ops);
    assert.notDeepEqual(b.sizes, a.sizes);
  });

  it('ids are dense in order of first use and name the key number', async () => {
    const trace = gen({ keys: 1000, requests: 5000 });
    const rows = await collect(trace);
    let next = 0;
    const seen = new Map<number, number>();
    for (let i = 0; i < rows.ids.length; i++) {
      const key = rows.keyNumbers[i]!;
      if (!seen.has(key)) seen.set(key, next++);
      assert.equal(rows.ids[i], seen.get(key));
      assert.equal(trace.keys.name(rows.ids[i]!), String(key));
    }
    assert.equal(trace.keys.size, next);
  });

  it('scatters popularity ranks over the key space through a bijection', async () => {
    const n = 1000;
    let rankOneIsKeyZero = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const trace = gen({ keys: n, requests: 1, seed });
      const perm = rankKeys(trace);
      assert.deepEqual([...perm].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i), `seed ${seed}: a bijection`);
      if (trace.keyForRank(1) === 0) rankOneIsKeyZero++;
    }
    assert.ok(rankOneIsKeyZero <= 1, `rank 1 was key 0 for ${rankOneIsKeyZero} of 20 seeds`);

    // The most requested key is the rank-1 key, and it is not simply key 0.
    const trace = gen({ keys: n, requests: 50_000, alpha: 1.3, seed: 5 });
    const rows = await collect(trace);
    const counts = new Map<number, number>();
    for (const k of rows.keyNumbers) counts.set(k, (counts.get(k) ?? 0) + 1);
    const top = [...counts].sort((x, y) => y[1] - x[1])[0]![0];
    assert.equal(top, trace.keyForRank(1));
    assert.notEqual(top, 0);

    const d = randomDistinct(50, 60, new Rng(3));
    assert.equal(new Set(d).size, 50);
    for (const x of d) assert.ok(x >= 0 && x < 60);
  });

  it('the generated key stream follows the exact Zipf pmf', async () => {
    const n = 500;
    const N = 100_000;
    const trace = gen({ keys: n, requests: N, alpha: 0.8, seed: 11 });
    const rows = await collect(trace);
    const rankOf = new Int32Array(n);
    rankKeys(trace).forEach((key, i) => { rankOf[key] = i + 1; });
    const counts = new Float64Array(n + 1);
    for (const k of rows.keyNumbers) counts[rankOf[k]!]!++;
    const { stat, df } = chiSquare(counts, exactZipf(n, 0.8), N);
    assert.ok(stat < chiSquareCritical001(df), `chi-square ${stat.toFixed(1)}, df ${df}`);
  });

  it('arrivals are Poisson at the given rate, starting at 0', async () => {
    const rate = 500;
    const rows = await collect(gen({ keys: 100, requests: 100_000, rate }));
    assert.equal(rows.times[0], 0);
    const gaps: number[] = [];
    for (let i = 1; i < rows.times.length; i++) {
      const g = rows.times[i]! - rows.times[i - 1]!;
      assert.ok(g >= 0);
      gaps.push(g);
    }
    const m = mean(gaps);
    assert.ok(Math.abs(m * rate - 1) < 0.02, `mean gap ${m}, expected ${1 / rate}`);
    // Exponential gaps: standard deviation equals the mean.
    const sd = Math.sqrt(mean(gaps.map((g) => (g - m) ** 2)));
    assert.ok(Math.abs(sd / m - 1) < 0.03, `coefficient of variation ${sd / m}`);
  });

  it('write and delete ratios hold; the rest are reads', async () => {
    const N = 200_000;
    const rows = await collect(gen({ keys: 100, requests: N, writeRatio: 0.2, deleteRatio: 0.05 }));
    const count = (op: number): number => rows.ops.filter((o) => o === op).length;
    assertShare(count(OP_WRITE), N, 0.2, 'writes');
    assertShare(count(OP_DELETE), N, 0.05, 'deletes');
    assertShare(count(OP_READ), N, 0.75, 'reads');
    const readsOnly = await collect(gen({ keys: 100, requests: 1000 }));
    assert.ok(readsOnly.ops.every((o) => o === OP_READ));
  });

  it('hotkey: in the burst the hot keys get hotShare + (1 − hotShare)·(their base share), outside their base share', async () => {
    const keys = 1000;
    const alpha = 0.8;
    const hotShare = 0.4;
    const trace = gen({ dist: 'hotkey', keys, alpha, hotKeys: 3, hotShare, rate: 1000, requests: 300_000, burstStart: 100, burstDuration: 100 });
    const hot = new Set(trace.hotKeyNumbers());
    assert.equal(hot.size, 3);
    const pmf = exactZipf(keys, alpha);
    const perm = rankKeys(trace);
    let baseShare = 0;
    perm.forEach((key, i) => { if (hot.has(key)) baseShare += pmf[i + 1]!; });

    const rows = await collect(trace);
    let inN = 0, inHot = 0, outN = 0, outHot = 0;
    for (let i = 0; i < rows.times.length; i++) {
      const t = rows.times[i]!;
      const isHot = hot.has(rows.keyNumbers[i]!);
      if (t >= 100 && t < 200) { inN++; if (isHot) inHot++; } else { outN++; if (isHot) outHot++; }
    }
    assert.ok(inN > 90_000 && outN > 190_000);
    assertShare(inHot, inN, hotShare + (1 - hotShare) * baseShare, 'hot share in the burst');
    assertShare(outHot, outN, baseShare, 'hot share outside the burst');
  });

  it('hotkey: repeating bursts over a uniform base', async () => {
    const keys = 500;
    const hotShare = 0.6;
    // Bursts [10, 15), [30, 35), [50, 55), …
    const trace = gen({ dist: 'hotkey', base: 'uniform', keys, hotKeys: 2, hotShare, rate: 2000, requests: 200_000, burstStart: 10, burstDuration: 5, burstEvery: 20 });
    assert.match(trace.source, /^hotkey\(base=uniform, keys=500, requests=200000, seed=42, hotKeys=2, hotShare=0.6, burstStart=10, burstDuration=5, burstEvery=20, rate=2000\)$/);
    const hot = new Set(trace.hotKeyNumbers());
    const rows = await collect(trace);
    let inN = 0, inHot = 0, outN = 0, outHot = 0;
    for (let i = 0; i < rows.times.length; i++) {
      const t = rows.times[i]!;
      const inBurst = t >= 10 && (t - 10) % 20 < 5;
      const isHot = hot.has(rows.keyNumbers[i]!);
      if (inBurst) { inN++; if (isHot) inHot++; } else { outN++; if (isHot) outHot++; }
    }
    const base = 2 / keys;
    assertShare(inHot, inN, hotShare + (1 - hotShare) * base, 'hot share in bursts');
    assertShare(outHot, outN, base, 'hot share between bursts');
  });

  it('hotkey: a burst with no duration lasts to the end, and hotShare 1 sends every burst request to the hot set', async () => {
    const trace = gen({ dist: 'hotkey', keys: 1000, hotKeys: 4, hotShare: 1, requests: 20_000, burstStart: 5 });
    const hot = new Set(trace.hotKeyNumbers());
    const rows = await collect(trace);
    let after = 0;
    for (let i = 0; i < rows.times.length; i++) {
      if (rows.times[i]! >= 5) { after++; assert.ok(hot.has(rows.keyNumbers[i]!)); }
    }
    assert.ok(after > 14_000);
  });
});
