import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hotKeyTrace, runOne } from './helpers.js';

/**
 * One hot key, TTL T, Poisson reads at rate r, database latency L. Each TTL
 * cycle ends when a read finds the entry expired (counted in expirations)
 * and loads; with no protection every read arriving during that load
 * (Poisson: r·L of them on average) loads again. The run also starts with
 * one cold miss, a cycle without an expiry: cycles = expirations + 1.
 */
describe('stampedes on one hot key', () => {
  const r = 1000;
  const T = 0.5;
  const trace = hotKeyTrace(r, T, 400_000);

  it('no protection: the mean stampede per expiry is r·L (within 5%)', async () => {
    const L = 0.02;
    const res = await runOne(trace, { protect: 'none', dbLatency: '20ms' });
    const cycles = res.expirations + 1;
    assert.ok(cycles > 500, `${cycles} cycles`);
    const perCycle = res.stampedes / cycles;
    assert.ok(Math.abs(perCycle - r * L) / (r * L) < 0.05, `stampedes per expiry ${perCycle}, expected ${r * L}`);
    // Every load is the cycle's first or a stampede.
    assert.equal(res.dbReads, cycles + res.stampedes);
    assert.ok(res.maxConcurrentLoads > r * L);
  });

  it('coalesce: no stampedes, one load per cycle', async () => {
    const res = await runOne(trace, { protect: 'coalesce', dbLatency: '20ms' });
    assert.equal(res.stampedes, 0);
    assert.equal(res.maxConcurrentLoads, 1);
    assert.equal(res.dbReads, res.expirations + 1);
  });

  it('read-through shares loads itself, whatever the protection', async () => {
    const res = await runOne(trace, { strategy: 'read-through', protect: 'none', dbLatency: '20ms' });
    assert.equal(res.stampedes, 0);
    assert.equal(res.dbReads, res.expirations + 1);
  });

  it('lock, L < 50 ms: every waiter finds the value when it reads again, no fallbacks', async () => {
    const res = await runOne(trace, { protect: 'lock', dbLatency: '30ms' });
    assert.equal(res.lockFallbacks, 0);
    assert.equal(res.stampedes, 0);
    assert.equal(res.dbReads, res.expirations + 1);
    // Waiters: the reads during each 30 ms load, r·L per cycle.
    const waits = res.lockWaits! / (res.expirations + 1);
    assert.ok(Math.abs(waits - r * 0.03) / (r * 0.03) < 0.05, `lock waits per cycle ${waits}`);
  });

  it('lock, L > 50 ms: waiters arriving in the first L − 50 ms fall back, r·(L − 50 ms) extra loads per expiry', async () => {
    const L = 0.15;
    const res = await runOne(trace, { protect: 'lock', dbLatency: '150ms' });
    const cycles = res.expirations + 1;
    const expected = r * (L - 0.05);
    const perCycle = res.lockFallbacks! / cycles;
    assert.ok(Math.abs(perCycle - expected) / expected < 0.05, `fallbacks per expiry ${perCycle}, expected ${expected}`);
    // The fallbacks are the extra loads: each starts while the holder's load is in flight.
    assert.equal(res.dbReads, cycles + res.lockFallbacks!);
    assert.equal(res.stampedes, res.lockFallbacks);
  });
});

describe('XFetch (probabilistic early expiration)', () => {
  it('the share of TTL cycles ending in an expiry is exp(−r·β·δ·(1 − e^(−T/(β·δ)))) within 0.02', async () => {
    // r = 10/s, δ = 0.01 s (every load takes 10 ms), β = 10, T = 10 s: e^(−1) ≈ 0.368.
    const r = 10;
    const delta = 0.01;
    const beta = 10;
    const T = 10;
    const expected = Math.exp(-r * beta * delta * (1 - Math.exp(-T / (beta * delta))));
    assert.ok(Math.abs(expected - Math.exp(-1)) < 1e-12);
    const res = await runOne(hotKeyTrace(r, T, 1_000_000), { protect: 'xfetch', dbLatency: '10ms', beta: 10 });
    // A cycle ends either in an expiry found by a read, or in an early refresh of a still-valid entry.
    const cycles = res.expirations + res.earlyRefreshes!;
    assert.ok(cycles > 9000, `${cycles} cycles`);
    const share = res.expirations / cycles;
    assert.ok(Math.abs(share - expected) < 0.02, `expiry share ${share}, expected ${expected}`);
  });

  it('β near 0 never refreshes early: every cycle ends in an expiry', async () => {
    const res = await runOne(hotKeyTrace(10, 10, 20_000), { protect: 'xfetch', dbLatency: '10ms', beta: 1e-9 });
    assert.equal(res.earlyRefreshes, 0);
    assert.ok(res.expirations > 150);
  });
});

describe('swr and background on one hot key', () => {
  const trace = hotKeyTrace(1000, 0.5, 100_000);

  it('swr: after the first load, every expiry is served stale while one reload runs: no stampedes after the cold start', async () => {
    const none = await runOne(trace, { protect: 'none', dbLatency: '20ms' });
    const res = await runOne(trace, { protect: 'swr', dbLatency: '20ms', staleWindow: '1s' });
    // Only the cold start (reads during the first load) can stampede: about r·L = 20.
    assert.ok(res.stampedes < 60, `${res.stampedes} stampedes`);
    assert.ok(none.stampedes > 10 * res.stampedes);
    // Every expiry costs exactly one reload, and the reader who found it was served: only the cold reads miss.
    assert.equal(res.dbReads, res.expirations + 1 + res.stampedes);
    assert.equal(res.misses, 1 + res.stampedes);
  });

  it('background: entries are reloaded before they expire, so after the cold start nothing expires', async () => {
    const res = await runOne(trace, { protect: 'background', dbLatency: '20ms' });
    assert.equal(res.expirations, 0);
    assert.ok(res.earlyRefreshes! > 100);
  });
});
