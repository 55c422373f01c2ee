// Che's approximation as an analytic oracle: under independent Zipf requests
// an LRU cache holds key i with probability 1 − e^(−p_i T), and FIFO and
// random replacement with probability p_i T / (1 + p_i T), T solving
// "expected keys cached = capacity" (src/planner/che.ts solves both).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { parseCapacity } from '../../src/core/units.js';
import { replay, type RunSpec } from '../../src/engine/replay.js';
import { cheFifoHitRatio, cheLruHitRatio } from '../../src/planner/che.js';
import { findPolicy, resolveParams } from '../../src/policies/registry.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import { SIMULATIONS } from '../../src/run/kinds.js';

const KEYS = 100_000;
const REQUESTS = 2_000_000;
const CAPACITIES = [1_000, 10_000];

describe("Che's approximation", () => {
  it('gives the figures the issue quotes for alpha 1.0 and 10,000 objects', () => {
    assert.ok(Math.abs(cheLruHitRatio(1.0, KEYS, 10_000) - 0.7373) < 5e-5);
    assert.ok(Math.abs(cheFifoHitRatio(1.0, KEYS, 10_000) - 0.7010) < 5e-5);
  });

  for (const alpha of [0.8, 1.0, 1.2]) {
    it(`matches LRU, and its FIFO form FIFO and random, within 0.005 (alpha ${alpha})`, async () => {
      const specs: RunSpec[] = [];
      for (const name of ['lru', 'fifo', 'random']) {
        const policy = findPolicy(name);
        for (const c of CAPACITIES) specs.push({ policy, params: resolveParams(policy, {}), capacity: parseCapacity(String(c)) });
      }
      const trace = generateTrace(parseGenSpec({ dist: 'zipf', alpha, keys: KEYS, requests: REQUESTS, seed: 99 }));
      const report = await replay(trace, specs, { kinds: SIMULATIONS, seed: 7 });
      report.results.forEach((r, i) => {
        const capacity = CAPACITIES[i % CAPACITIES.length]!;
        const che = r.policy === 'lru' ? cheLruHitRatio(alpha, KEYS, capacity) : cheFifoHitRatio(alpha, KEYS, capacity);
        const measured = r.hits / r.reads;
        assert.ok(
          Math.abs(measured - che) <= 0.005,
          `${r.policy} at ${capacity}: simulated ${measured.toFixed(4)}, Che ${che.toFixed(4)}`,
        );
      });
    });
  }
});
