// The memcached model against a real memcached (Debian's package): each
// trace replayed paced into a fresh server with -m 64, then simulated at
// the times really sent (so a replay that falls behind on a busy machine
// still compares like with like); the server's own counters are the
// expected numbers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { connectMemcached } from '../../src/memcached/connection.js';
import { compareWithMemcached, type MemcachedComparison } from '../../src/memcached/replay.js';
import type { MemoryTrace } from '../../src/trace/memory.js';
import { shiftingTrace, skipWithoutMemcached, startMemcached, steadyTrace } from './server.js';

async function against(trace: MemoryTrace): Promise<MemcachedComparison> {
  const server = await startMemcached(64);
  const conn = await connectMemcached(server.address);
  try {
    return await compareWithMemcached(trace, conn, { label: server.address, speed: 1, yes: false }, 42);
  } finally {
    await conn.close();
    await server.stop();
  }
}

function show(c: MemcachedComparison): string {
  const sim = new Map(c.simulation.memcached.classes.map((k) => [k.class, k]));
  const rows = c.server.classes.map((k) => `  class ${k.class} (${k.chunkSize} B): pages ${k.pages} / ${sim.get(k.class)?.pages ?? 0}, items ${k.items} / ${sim.get(k.class)?.items ?? 0}, evictions ${k.evictions} / ${sim.get(k.class)?.evictions ?? 0}`);
  return [`hit ratio ${c.server.hitRatio} real, ${c.simulation.hitRatio} simulated; page moves ${c.server.pageMoves} / ${c.simulation.memcached.pageMoves} (real / simulated)`, ...rows].join('\n');
}

describe('memcached policy against a real memcached -m 64', { skip: skipWithoutMemcached('the memcached fidelity test') }, () => {
  it('lands within 0.01 of the real hit ratio on a steady mixed-size workload', async () => {
    const c = await against(await steadyTrace());
    const text = show(c);
    assert.ok(Math.abs(c.gap.hitRatio!) <= 0.01, text);
    // Memory is spent the same way: the same pages, and items per class within 2%.
    assert.equal(c.simulation.memcached.pagesMalloced, c.server.pages, text);
    const sim = new Map(c.simulation.memcached.classes.map((k) => [k.class, k]));
    for (const k of c.server.classes) {
      assert.equal(sim.get(k.class)?.pages, k.pages, `class ${k.class} pages\n${text}`);
      assert.ok(Math.abs((sim.get(k.class)?.items ?? 0) - k.items) <= Math.max(5, 0.02 * k.items), `class ${k.class} items\n${text}`);
    }
  });

  it('lands within 0.02 of the real hit ratio when small values fill memory and large ones take over', async () => {
    const c = await against(await shiftingTrace());
    const text = show(c);
    assert.ok(Math.abs(c.gap.hitRatio!) <= 0.02, text);
    assert.ok(Math.abs(c.gap.pages) <= 1, text);
  });
});
