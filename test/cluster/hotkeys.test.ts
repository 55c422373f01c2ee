import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keySlot } from '../../src/cluster/crc16.js';
import { findHotKeys, type HotKeysOptions } from '../../src/cluster/hotkeys.js';
import { KetamaSharding } from '../../src/cluster/ketama.js';
import { SlotSharding } from '../../src/cluster/slots.js';
import { SpaceSaving } from '../../src/cluster/space-saving.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import { cli } from '../helpers.js';

const ZIPF = { dist: 'zipf', alpha: 1, keys: 50_000, requests: 300_000, rate: 5000, seed: 11 };
const OPTIONS: HotKeysOptions = { top: 10, streaming: false, counters: 1000, windowSeconds: 1, sharding: 'slots', vnodes: 160 };

/** Every key's count and busiest second, counted plainly with Maps from the generated trace. */
async function truth(spec: Record<string, unknown>): Promise<{ counts: Map<string, number>; peaks: Map<string, number> }> {
  const trace = generateTrace(parseGenSpec(spec));
  const counts = new Map<string, number>();
  const perSecond = new Map<string, number>();
  const peaks = new Map<string, number>();
  let start = NaN;
  for await (const c of trace.chunks()) {
    for (let i = 0; i < c.length; i++) {
      if (Number.isNaN(start)) start = c.times[i]!;
      const key = String(trace.keys.keyNumber(c.ids[i]!));
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const slot = `${key}@${Math.floor(c.times[i]! - start)}`;
      const n = (perSecond.get(slot) ?? 0) + 1;
      perSecond.set(slot, n);
      if (n > (peaks.get(key) ?? 0)) peaks.set(key, n);
    }
  }
  return { counts, peaks };
}

function topOf(counts: Map<string, number>, k: number): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([key]) => key);
}

describe('hot keys', () => {
  it('exact counts: the true top keys, their counts, shares and busiest second', async () => {
    const t = await truth(ZIPF);
    const r = await findHotKeys(generateTrace(parseGenSpec(ZIPF)), OPTIONS);
    assert.equal(r.method, 'exact');
    assert.deepEqual(r.keys.map((k) => k.key), topOf(t.counts, 10));
    for (const k of r.keys) {
      assert.equal(k.requests, t.counts.get(k.key));
      assert.equal(k.share, Number((k.requests / 300_000).toFixed(6)));
      assert.equal(k.peakPerSecond, t.peaks.get(k.key));
      assert.equal(k.slot, keySlot(k.key));
    }
  });

  it('Space-Saving finds the true top keys of a Zipf trace, within its error bounds', async () => {
    const t = await truth(ZIPF);
    const r = await findHotKeys(generateTrace(parseGenSpec(ZIPF)), { ...OPTIONS, streaming: true, counters: 1000 });
    assert.equal(r.method, 'space-saving');
    assert.deepEqual(r.keys.map((k) => k.key), topOf(t.counts, 10));
    for (const k of r.keys) {
      const real = t.counts.get(k.key)!;
      assert.ok(k.requests >= real && k.requests - k.error! <= real, `${k.key}: ${k.requests} − ${k.error} vs ${real}`);
    }
  });

  it('Space-Saving by itself: every key above N/m is monitored, counts never under the truth', () => {
    // A stream where key 0 takes a third, keys 1..3 a tenth each, and 2,000 others share the rest.
    const ss = new SpaceSaving(50);
    const real = new Map<number, number>();
    let n = 0;
    for (let i = 0; i < 60_000; i++) {
      const r = i % 30;
      const id = r < 10 ? 0 : r < 13 ? 1 : r < 16 ? 2 : r < 19 ? 3 : 4 + ((i * 7919) % 2000);
      ss.offer(id, 0);
      real.set(id, (real.get(id) ?? 0) + 1);
      n++;
    }
    const top = ss.top(50);
    const monitored = new Set(top.map((x) => x.id));
    for (const [id, c] of real) if (c > n / 50) assert.ok(monitored.has(id), `key ${id} (${c}) not monitored`);
    for (const x of top) assert.ok(x.count >= real.get(x.id)! && x.count - x.error <= real.get(x.id)!);
    assert.deepEqual(top.slice(0, 4).map((x) => x.id), [0, 1, 2, 3]);
    assert.equal(top[0]!.count, 20_000);
    assert.equal(top[0]!.error, 0);
  });

  it('names each key\'s node with --nodes, by slots or ketama', async () => {
    const slots = await findHotKeys(generateTrace(parseGenSpec(ZIPF)), { ...OPTIONS, nodes: 6 });
    const s = new SlotSharding(6);
    for (const k of slots.keys) assert.equal(k.node, `node${s.nodeOf(k.key) + 1}`);
    const ketama = await findHotKeys(generateTrace(parseGenSpec(ZIPF)), { ...OPTIONS, nodes: 6, sharding: 'ketama', vnodes: 100 });
    const kr = new KetamaSharding(6, 100);
    for (const k of ketama.keys) assert.equal(k.node, `node${kr.nodeOf(k.key) + 1}`);
  });

  it('cachesim hotkeys: table, JSON and bad input', () => {
    const t = cli(['hotkeys', '--trace', 'traces/hotkey.csv', '--top', '5', '--nodes', '3']);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /peak req\/s/);
    assert.match(t.stdout, /node\d/);
    const j = cli(['hotkeys', '--trace', 'traces/hotkey.csv', '--top', '5', '--streaming', '--format', 'json']);
    assert.equal(j.code, 0, j.stderr);
    const r = JSON.parse(j.stdout);
    assert.equal(r.method, 'space-saving');
    assert.equal(r.keys.length, 5);
    const e = cli(['hotkeys', '--trace', 'traces/hotkey.csv', '--counters', '50']);
    assert.equal(e.code, 2);
    assert.match(e.stderr, /--counters applies to --streaming/);
  });
});
