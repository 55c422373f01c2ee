import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { replay, type RunResult, type RunSpec } from '../../src/engine/replay.js';
import type { WriteMode } from '../../src/engine/store.js';
import { LruStackDistance } from '../../src/planner/stack-distance.js';
import { findPolicy } from '../../src/policies/registry.js';
import { Rng } from '../../src/core/rng.js';
import { IntKeyTable } from '../../src/trace/keys.js';
import { MemoryTrace, traceFromRequests, type RequestRow } from '../../src/trace/memory.js';
import { openTrace } from '../../src/trace/open.js';
import { parseColumnMapping } from '../../src/trace/columns.js';
import { OP_DELETE, OP_READ, OP_WRITE, type TraceSource } from '../../src/trace/types.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import { ZipfSampler } from '../../src/workload/zipf.js';
import { CLOUDPHYSICS_BIN, CLOUDPHYSICS_COLUMNS, CLOUDPHYSICS_CSV } from '../helpers.js';
import { SIMULATIONS } from '../../src/run/kinds.js';

const lru = findPolicy('lru');

async function analyse(trace: TraceSource, byteCapacities: number[] = [], writeMode: WriteMode = 'update'): Promise<LruStackDistance> {
  const sd = new LruStackDistance({ byteCapacities, writeMode });
  for await (const c of trace.chunks()) sd.processChunk(c, trace.keys.size);
  return sd;
}

/** The store itself (replay with policy lru) at each capacity. */
async function store(trace: TraceSource, objects: number[], bytes: number[], writeMode: WriteMode = 'update'): Promise<{ objects: RunResult[]; bytes: RunResult[] }> {
  const specs: RunSpec[] = [
    ...objects.map((v): RunSpec => ({ policy: lru, params: {}, capacity: { kind: 'objects', value: v } })),
    ...bytes.map((v): RunSpec => ({ policy: lru, params: {}, capacity: { kind: 'bytes', value: v } })),
  ];
  const r = await replay(trace, specs, { kinds: SIMULATIONS, seed: 42, writeMode });
  return { objects: r.results.slice(0, objects.length), bytes: r.results.slice(objects.length) };
}

function keys(s: string): RequestRow[] {
  return s.split(' ').map((t) => (t.startsWith('-') ? { key: t.slice(1), op: 'delete' as const } : { key: t }));
}

describe('exact LRU stack distances, worked by hand', () => {
  it('1 2 3 1 2 4 1: three reuses, each at depth 3', async () => {
    const sd = await analyse(traceFromRequests(keys('1 2 3 1 2 4 1')));
    assert.equal(sd.reads, 7);
    assert.equal(sd.coldMisses, 4);
    assert.equal(sd.objectHits(2).hits, 0);
    assert.equal(sd.objectHits(3).hits, 3);
    assert.equal(sd.objectHits(100).hits, 3);
    assert.equal(sd.smallestObjectCapacity(3 / 7), 3);
    assert.equal(sd.smallestObjectCapacity(0.5), undefined);
  });

  it('a delete leaves a hole: a b c d, delete c, then a misses at 3 and hits at 4', async () => {
    // At capacity 3 the cache held b c d; deleting c frees a place but does not bring a back.
    const sd = await analyse(traceFromRequests(keys('a b c d -c a')));
    assert.equal(sd.objectHits(3).hits, 0);
    assert.equal(sd.objectHits(4).hits, 1);
  });

  it('a key read from below a hole takes the hole\'s place: a b c d, delete c, b, a', async () => {
    // Capacity 2: {c,d} → delete c → {d} → b misses and fills the free place → {d,b} → a misses.
    // Capacity 3: {b,c,d} → {b,d} → b hits → a misses (and fills the free place).
    // Capacity 4: {a,b,c,d} → {a,b,d} → b hits → a hits.
    const sd = await analyse(traceFromRequests(keys('a b c d -c b a')));
    assert.equal(sd.objectHits(2).hits, 0);
    assert.equal(sd.objectHits(3).hits, 1);
    assert.equal(sd.objectHits(4).hits, 2);
  });

  it('byte capacities: an object larger than the cache is refused and leaves it untouched', async () => {
    // a (1 B), then z (100 B), then a again: at 100 B, z evicts a; at 50 B, z is refused and a stays.
    const t = traceFromRequests([{ key: 'a', size: 1 }, { key: 'z', size: 100 }, { key: 'a', size: 1 }]);
    const sd = await analyse(t, [50, 100, 101]);
    assert.deepEqual(sd.byteCurve().map((h) => h.hits), [1, 0, 1]);
    const s = await store(t, [], [50, 100, 101]);
    assert.deepEqual(s.bytes.map((r) => r.hits), [1, 0, 1]);
  });
});

/** A Zipf trace where every key always has the same size (sizes differ between keys), with writes. */
function fixedSizeTrace(requests: number, keyCount: number, writeShare: number, deleteShare: number): MemoryTrace {
  const rng = new Rng(7, 'test');
  const zipf = new ZipfSampler(keyCount, 0.9);
  const table = new IntKeyTable(keyCount + 1);
  const data = {
    length: requests,
    times: new Float64Array(requests),
    ids: new Int32Array(requests),
    ops: new Uint8Array(requests),
    sizes: new Uint32Array(requests),
    ttls: new Float32Array(requests),
  };
  for (let i = 0; i < requests; i++) {
    const k = zipf.sample(rng);
    data.times[i] = i;
    data.ids[i] = table.intern(k);
    const r = rng.next();
    data.ops[i] = r < writeShare ? OP_WRITE : r < writeShare + deleteShare ? OP_DELETE : OP_READ;
    // 1..5000 bytes, and every 97th key 200 kB: larger than the smaller byte capacities.
    data.sizes[i] = 1 + (Math.imul(k, 2654435761) >>> 0) % 5000 + (k % 97 === 0 ? 200_000 : 0);
  }
  return new MemoryTrace('fixed-size zipf', table, { time: true, op: true, size: true, ttl: false }, data);
}

describe('the exact LRU curve equals the store (replay with lru) at every capacity checked', () => {
  const objectCaps = [1, 2, 10, 100, 1000, 3000, 10_000, 30_000];

  it('a generated trace with writes and deletes: object capacities, update and invalidate', async () => {
    const spec = parseGenSpec({ dist: 'zipf', alpha: 0.9, keys: 20_000, requests: 200_000, writeRatio: 0.1, deleteRatio: 0.03, seed: 42 });
    for (const writeMode of ['update', 'invalidate'] as const) {
      const sd = await analyse(generateTrace(spec), [], writeMode);
      const s = await store(generateTrace(spec), objectCaps, [], writeMode);
      for (let i = 0; i < objectCaps.length; i++) {
        const h = sd.objectHits(objectCaps[i]!);
        assert.equal(h.hits, s.objects[i]!.hits, `${writeMode} at ${objectCaps[i]} objects`);
        assert.equal(Math.round((h.hitBytes / sd.readBytes) * 1e6) / 1e6, s.objects[i]!.byteHitRatio);
      }
      assert.ok(sd.removals > 0);
    }
  });

  it('fixed per-key sizes with writes: object and byte capacities, including ones smaller than some objects', async () => {
    const byteCaps = [1000, 5000, 20_000, 150_000, 250_000, 1e6, 5e6, 2e7, 2e8];
    const sd = await analyse(fixedSizeTrace(200_000, 20_000, 0.1, 0), byteCaps);
    const s = await store(fixedSizeTrace(200_000, 20_000, 0.1, 0), objectCaps, byteCaps);
    assert.equal(sd.sizeChanges, 0);
    const curve = sd.byteCurve();
    for (let i = 0; i < byteCaps.length; i++) {
      assert.equal(curve[i]!.hits, s.bytes[i]!.hits, `at ${byteCaps[i]} bytes`);
      assert.equal(Math.round((curve[i]!.hitBytes / sd.readBytes) * 1e6) / 1e6, s.bytes[i]!.byteHitRatio);
    }
    for (let i = 0; i < objectCaps.length; i++) assert.equal(sd.objectHits(objectCaps[i]!).hits, s.objects[i]!.hits);
    // Inclusion really fails in bytes here: a smaller cache hits more than a larger one somewhere.
    assert.ok(s.bytes[0]!.hits > s.bytes[1]!.hits, 'the 200 kB objects should make 1000 B beat 5000 B');
  });

  it('CloudPhysics (time=time,key=lbn,size=size): object capacities exactly; byte capacities within 0.005', async () => {
    const open = () => openTrace(CLOUDPHYSICS_CSV, { columns: parseColumnMapping(CLOUDPHYSICS_COLUMNS) });
    const byteCaps = [4096, 65_536, 1e6, 4e6, 16e6, 64e6, 256e6, 1e9];
    const caps = [1, 10, 100, 1000, 5000, 10_000, 20_000, 40_000, 50_000];
    const sd = await analyse(open(), byteCaps);
    const s = await store(open(), caps, byteCaps);
    for (let i = 0; i < caps.length; i++) {
      assert.equal(sd.objectHits(caps[i]!).hits, s.objects[i]!.hits, `at ${caps[i]} objects`);
    }
    // 14% of CloudPhysics reads change a block's size, so bytes cannot be exact (see stack-distance.ts).
    assert.ok(sd.sizeChanges > 0);
    const curve = sd.byteCurve();
    for (let i = 0; i < byteCaps.length; i++) {
      const ours = curve[i]!.hits / sd.reads;
      assert.ok(Math.abs(ours - s.bytes[i]!.hitRatio!) <= 0.005, `at ${byteCaps[i]} B: ${ours} vs ${s.bytes[i]!.hitRatio}`);
    }
  });

  it('CloudPhysics in oracleGeneral form (every object keeps one size): byte capacities exactly too', async () => {
    const byteCaps = [4096, 65_536, 1e6, 4e6, 16e6, 64e6, 256e6, 1e9];
    const sd = await analyse(openTrace(CLOUDPHYSICS_BIN), byteCaps);
    const s = await store(openTrace(CLOUDPHYSICS_BIN), [1000, 20_000], byteCaps);
    assert.equal(sd.sizeChanges, 0);
    const curve = sd.byteCurve();
    for (let i = 0; i < byteCaps.length; i++) assert.equal(curve[i]!.hits, s.bytes[i]!.hits, `at ${byteCaps[i]} bytes`);
    assert.equal(sd.objectHits(1000).hits, s.objects[0]!.hits);
    assert.equal(sd.objectHits(20_000).hits, s.objects[1]!.hits);
  });
});
