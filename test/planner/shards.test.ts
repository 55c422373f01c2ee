import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { logGrid } from '../../src/planner/curve.js';
import { ShardsLru, SampledTrace, shardsHash, seedWord } from '../../src/planner/shards.js';
import { LruStackDistance } from '../../src/planner/stack-distance.js';
import type { TraceSource } from '../../src/trace/types.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';

async function exact(trace: TraceSource): Promise<LruStackDistance> {
  const sd = new LruStackDistance();
  for await (const c of trace.chunks()) sd.processChunk(c, trace.keys.size);
  return sd;
}

async function sampled(trace: TraceSource, shards: ShardsLru): Promise<ShardsLru> {
  for await (const c of trace.chunks()) shards.processChunk(c, trace.keys.size);
  return shards;
}

describe('SHARDS', () => {
  it('at rate 1 it is the exact curve (up to its 0.27% histogram bins)', async () => {
    const spec = parseGenSpec({ dist: 'zipf', alpha: 1, keys: 10_000, requests: 200_000, seed: 3 });
    const sd = await exact(generateTrace(spec));
    const sh = await sampled(generateTrace(spec), new ShardsLru({ sampling: { kind: 'rate', rate: 1 }, seed: 42 }));
    for (const c of [1, 2, 16, 64, 256, 1024, 4096, 10_000]) {
      // At powers of two a bin ends exactly on the capacity: equal.
      assert.ok(Math.abs(sh.atObjects(c).hitRatio - sd.objectHits(c).hits / sd.reads) < 1e-12, `at ${c}`);
    }
    for (const c of [100, 1000, 5000]) {
      assert.ok(Math.abs(sh.atObjects(c).hitRatio - sd.objectHits(c).hits / sd.reads) < 0.002, `at ${c}`);
    }
  });

  it('samples a share of keys close to the rate, and all requests of a sampled key', () => {
    const word = seedWord(42);
    let inSample = 0;
    for (let id = 0; id < 1_000_000; id++) if (shardsHash(id, word) < 0.01 * 2 ** 32) inSample++;
    assert.ok(Math.abs(inSample - 10_000) < 400, `${inSample}`); // ±4 standard deviations
  });

  it('a fixed-size sample never tracks more keys than s_max, and lowers its rate to fit', async () => {
    const spec = parseGenSpec({ dist: 'zipf', alpha: 0.8, keys: 200_000, requests: 400_000, seed: 5 });
    const sh = await sampled(generateTrace(spec), new ShardsLru({ sampling: { kind: 'size', maxKeys: 2000 }, seed: 42 }));
    assert.ok(sh.trackedKeys <= 2000 && sh.trackedKeys > 1900, `${sh.trackedKeys}`);
    assert.ok(sh.rate < 0.05, `${sh.rate}`);
  });

  it('the miniature-simulation trace keeps exactly the sampled keys\' requests', async () => {
    const spec = parseGenSpec({ dist: 'uniform', keys: 50_000, requests: 100_000, seed: 9 });
    const full = generateTrace(spec);
    const sample = new SampledTrace(full, 0.1, 42);
    const word = seedWord(42);
    let kept = 0;
    for await (const c of sample.chunks()) {
      for (let i = 0; i < c.length; i++) assert.ok(shardsHash(c.ids[i]!, word) < 0.1 * 2 ** 32);
      kept += c.length;
    }
    let expected = 0;
    for await (const c of generateTrace(spec).chunks()) for (let i = 0; i < c.length; i++) if (shardsHash(c.ids[i]!, word) < 0.1 * 2 ** 32) expected++;
    assert.equal(kept, expected);
  });

  it('at 1% on a 10,000,000-request Zipf trace: mean absolute error below 0.01 over the default curve', async () => {
    // The trace docs/performance.md times: Zipf 0.99 over 1M keys, seed 42; SHARDS seed 42 (the default).
    // The curve's default points: 20, log-spaced from 1% to 100% of the distinct keys.
    const spec = parseGenSpec({ dist: 'zipf', alpha: 0.99, keys: 1_000_000, requests: 10_000_000, seed: 42 });
    const trace = generateTrace(spec);
    const sd = await exact(trace);
    const sh = await sampled(trace, new ShardsLru({ sampling: { kind: 'rate', rate: 0.01 }, seed: 42 }));
    const keys = trace.keys.size;
    const grid = logGrid(keys * 0.01, keys, 20);
    let sum = 0;
    for (const c of grid) sum += Math.abs(sh.atObjects(c).hitRatio - sd.objectHits(c).hits / sd.reads);
    const mae = sum / grid.length;
    assert.ok(mae < 0.01, `MAE ${mae}`);
  });
});
