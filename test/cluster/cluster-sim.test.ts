import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSimConfig } from '../../src/cluster/config.js';
import { keySlot } from '../../src/cluster/crc16.js';
import { SlotSharding } from '../../src/cluster/slots.js';
import { parseCapacity } from '../../src/core/units.js';
import { executeRun, type RunOptions } from '../../src/run/plan.js';
import { replay } from '../../src/engine/replay.js';
import type { ClusterResult } from '../../src/cluster/result.js';
import { findPolicy, resolveParams } from '../../src/policies/registry.js';
import { traceFromRequests, type RequestRow } from '../../src/trace/memory.js';
import { OP_READ } from '../../src/trace/types.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec, type RawGenSpec } from '../../src/workload/spec.js';
import { cli } from '../helpers.js';
import { SIMULATIONS } from '../../src/run/kinds.js';

/** A hot-key burst: one key takes `hotShare` of `rate` requests/s; the rest is uniform over 10,000 keys. */
function burst(hotShare: number, extra: Record<string, unknown> = {}): RawGenSpec {
  return { dist: 'hotkey', base: 'uniform', keys: 10_000, requests: 200_000, rate: 20_000, hotShare, seed: 7, ...extra };
}

async function runCluster(workload: RawGenSpec, o: RunOptions): Promise<ClusterResult[]> {
  const report = await executeRun({ workload, capacity: 10_000, ...o });
  return report.results as ClusterResult[];
}

/** Counted from the trace itself, not by the simulator: each key's reads, by node (6 primaries, hash slots). */
async function readsByNode(workload: RawGenSpec, nodes: number): Promise<{ perNode: number[]; hotReads: number; hotNode: number; baseByNode: number[]; keysByNode: number[] }> {
  const trace = generateTrace(parseGenSpec(workload));
  const hot = trace.hotKeyNumbers()[0]!;
  const slots = new SlotSharding(nodes);
  const perNode = new Array<number>(nodes).fill(0);
  const baseByNode = new Array<number>(nodes).fill(0);
  let hotReads = 0;
  for await (const c of trace.chunks()) {
    for (let i = 0; i < c.length; i++) {
      if (c.ops[i] !== OP_READ) continue;
      const key = trace.keys.keyNumber(c.ids[i]!);
      const node = slots.slotOwner(keySlot(String(key)));
      perNode[node]!++;
      if (key === hot) hotReads++;
      else baseByNode[node]!++;
    }
  }
  const keysByNode = new Array<number>(nodes).fill(0);
  for (let k = 0; k < 10_000; k++) keysByNode[slots.slotOwner(keySlot(String(k)))]!++;
  return { perNode, hotReads, hotNode: slots.slotOwner(keySlot(String(hot))), baseByNode, keysByNode };
}

describe('cluster: per-node load', () => {
  it('node loads add up to the total, and each node gets exactly the reads of its keys', async () => {
    const w = burst(0.5);
    const [r] = await runCluster(w, { nodes: 6 });
    const truth = await readsByNode(w, 6);
    assert.deepEqual(r!.nodes.map((n) => n.reads), truth.perNode);
    const ops = r!.nodes.reduce((s, n) => s + n.ops, 0);
    // No writes: every command is a read or the fill after a miss.
    assert.equal(ops, r!.reads + r!.dbReads);
    assert.equal(ops, r!.clusterOps);
    assert.equal(r!.hits + r!.misses, r!.reads);
    // Each window's load, counted from the trace: the capacity holds every key, so a node's
    // commands in a window are its reads plus the fills of keys read there for the first time.
    assert.equal(r!.evictions, 0);
    const ws = r!.cluster.windowSeconds;
    const perWindow = r!.nodes.map(() => [] as number[]);
    const trace = generateTrace(parseGenSpec(w));
    const slots = new SlotSharding(6);
    const seen = new Set<number>();
    let t0: number | undefined;
    for await (const c of trace.chunks()) {
      for (let i = 0; i < c.length; i++) {
        t0 ??= c.times[i]!;
        const node = slots.slotOwner(keySlot(String(trace.keys.keyNumber(c.ids[i]!))));
        const win = Math.floor((c.times[i]! - t0) / ws);
        const first = !seen.has(c.ids[i]!);
        seen.add(c.ids[i]!);
        perWindow[node]![win] = (perWindow[node]![win] ?? 0) + 1 + (first ? 1 : 0);
      }
    }
    // The last window is cut short by the end of the trace (its rate is over a shorter span): every other one is whole.
    const full = r!.nodes[0]!.load.length - 1;
    assert.ok(full >= 5, `${full} whole windows`);
    for (const [p, n] of r!.nodes.entries()) {
      for (let w2 = 0; w2 < full; w2++) assert.ok(Math.abs(n.load[w2]! * ws - (perWindow[p]![w2] ?? 0)) < 1e-3, `${n.node} window ${w2}: ${n.load[w2]} ops/s, trace ${perWindow[p]![w2]}`);
    }
  });

  it('one key at share s of R reads/s: its node carries s·R plus its share of the rest', async () => {
    const s = 0.5;
    const R = 20_000;
    const w = burst(s);
    const [r] = await runCluster(w, { nodes: 6 });
    const truth = await readsByNode(w, 6);
    const node = r!.nodes[truth.hotNode]!;
    assert.equal(r!.hottestNode, node.node);
    // Expected reads per second on the hot node: s·R + (1 − s)·R · (its keys / all keys).
    const expected = s * R + (1 - s) * R * (truth.keysByNode[truth.hotNode]! / 10_000);
    const duration = r!.requests / R;
    const measured = node.reads / duration;
    assert.ok(Math.abs(measured / expected - 1) < 0.02, `hot node ${measured} reads/s, expected ${expected}`);
    // Every other node: only its share of the rest.
    for (let n = 0; n < 6; n++) {
      if (n === truth.hotNode) continue;
      const exp = (1 - s) * R * (truth.keysByNode[n]! / 10_000);
      assert.ok(Math.abs(r!.nodes[n]!.reads / duration / exp - 1) < 0.03, `node ${n}`);
    }
    assert.ok(r!.imbalance > 2.5);
  });
});

describe('cluster: mitigations, each on a generated hot-key burst', () => {
  it('--fanout K spreads the key over K nodes: about 1/K of its reads on any one', async () => {
    const w = burst(0.5);
    const K = 3;
    const [r] = await runCluster(w, { nodes: 6, fanout: K, hotThreshold: 200 });
    const truth = await readsByNode(w, 6);
    assert.equal(r!.hotKeysFound, 1);
    const copies = r!.hotKeys![0]!.copies;
    assert.equal(copies.length, K);
    assert.equal(new Set(copies.map((c) => c.node)).size, K, 'copies on distinct nodes');
    // The hot key's reads on each node: the node's reads less the other keys' (which are not fanned out).
    const hotPart = r!.nodes.map((n, i) => n.reads - truth.baseByNode[i]!);
    assert.equal(hotPart.reduce((a, b) => a + b, 0), truth.hotReads);
    const maxPart = Math.max(...hotPart);
    // Before detection at most ~200 reads (the threshold, one window) go to the key's own node.
    assert.ok(maxPart <= (truth.hotReads / K) * 1.03 + 201, `max ${maxPart} of ${truth.hotReads}`);
    assert.ok(maxPart >= (truth.hotReads / K) * 0.97, `max ${maxPart} of ${truth.hotReads}`);
  });

  it('--replicas R spreads the key\'s node over R+1 processes: about 1/(R+1) each', async () => {
    const w = burst(0.5);
    const R = 2;
    const [none] = await runCluster(w, { nodes: 6 });
    const [r] = await runCluster(w, { nodes: 6, replicas: R });
    const truth = await readsByNode(w, 6);
    assert.equal(r!.nodes.length, 6 * (R + 1));
    const shard = r!.nodes.filter((n) => n.node === `node${truth.hotNode + 1}` || n.replicaOf === `node${truth.hotNode + 1}`);
    assert.equal(shard.length, R + 1);
    const total = shard.reduce((s, n) => s + n.reads, 0);
    assert.equal(total, truth.perNode[truth.hotNode]);
    for (const n of shard) assert.ok(Math.abs(n.reads / (total / (R + 1)) - 1) < 0.02, `${n.node}: ${n.reads} of ${total}`);
    // The reads the hottest node served before, spread over R + 1 (fills after misses are applied by every replica, so ops shrink less).
    const before = Math.max(...none!.nodes.map((n) => n.reads));
    const after = Math.max(...r!.nodes.map((n) => n.reads));
    assert.ok(after < (before / (R + 1)) * 1.03, `${after} vs ${before}/(R+1)`);
  });

  it('an L1 with TTL 1 s on M servers sends the key at most M requests per second', async () => {
    // The burst takes all the traffic: every read is of the hot key, 20,000/s for 10 s.
    const w = burst(1);
    const M = 8;
    const [r] = await runCluster(w, { nodes: 6, l1: '100:1s', appServers: M });
    // A server refetches only after its copy expires, more than 1 s after the last fill.
    const hot = r!.nodes.find((n) => n.node === r!.hottestNode)!;
    for (const load of hot.load) assert.ok(load <= M + 1, `window load ${load}`); // + the one cold fill
    const seconds = r!.requests / 20_000;
    assert.ok(r!.clusterReads <= M * Math.ceil(seconds + 1));
    assert.ok(r!.clusterReads >= M * Math.floor(seconds - 1));
    assert.equal(r!.l1Hits! + r!.clusterReads, r!.reads);
    assert.equal(r!.l1StaleReads, 0);
  });

  it('proxy coalescing sends one read per key per window', async () => {
    const w = burst(1);
    const [r] = await runCluster(w, { nodes: 6, coalesce: '10ms' });
    // 20,000 reads/s of one key: one read per 10 ms window, about 100/s.
    const perSecond = r!.clusterReads / (r!.requests / 20_000);
    assert.ok(perSecond > 95 && perSecond <= 101, `${perSecond}`);
    assert.equal(r!.coalescedReads! + r!.clusterReads, r!.reads);
  });
});

/** Replay hand-made requests through one cluster configuration. */
async function handWorked(rows: RequestRow[], sim: Partial<ClusterSimConfig>): Promise<ClusterResult> {
  const policy = findPolicy('lru');
  const cfg: ClusterSimConfig = {
    kind: 'cluster', mitigation: 'test', nodes: 3, sharding: 'slots', vnodes: 160, nodeOps: 50_000, windowSeconds: 1,
    appServers: 1, l1: null, replicas: 0, fanout: 1, hotThreshold: 5000, coalesceWindow: 0, ...sim,
  };
  const report = await replay(traceFromRequests(rows), [{ policy, params: resolveParams(policy, {}), capacity: parseCapacity('10'), sim: cfg }], { kinds: SIMULATIONS, seed: 42 });
  return report.results[0] as ClusterResult;
}

describe('cluster: hand-worked traces', () => {
  it('L1 copies on other servers serve stale reads until they expire', async () => {
    // Two app servers, round robin: requests 0, 2, 4, 6 on server 0; 1, 3, 5, 7 on server 1. L1 TTL 1 s.
    const rows: RequestRow[] = [
      { key: 'a', time: 0.0 }, // s0: L1 miss → cluster (cold miss, fill); s0 keeps version 0
      { key: 'a', time: 0.1 }, // s1: L1 miss → cluster (hit); s1 keeps version 0
      { key: 'a', time: 0.2, op: 'set' }, // s0: version 1; s0 drops its copy
      { key: 'a', time: 0.3 }, // s1: L1 hit, version 0 < 1: stale
      { key: 'a', time: 0.4 }, // s0: L1 miss → cluster (hit: the write updated it); keeps version 1
      { key: 'a', time: 0.5 }, // s1: L1 hit, stale
      { key: 'a', time: 0.6 }, // s0: L1 hit, fresh
      { key: 'a', time: 1.2 }, // s1: its copy expired at 1.1 → cluster (hit)
    ];
    const r = await handWorked(rows, { appServers: 2, l1: { size: 10, ttl: 1 } });
    assert.equal(r.l1Hits, 3);
    assert.equal(r.l1StaleReads, 2);
    assert.equal(r.clusterReads, 4);
    assert.equal(r.l1HitRatio, Number((3 / 7).toFixed(6)));
    assert.deepEqual([r.hits, r.misses, r.dbReads, r.dbWrites], [6, 1, 1, 1]);
    // The key's node: 4 reads + 1 write + 1 fill after the cold miss; the others nothing.
    const node = r.nodes.find((n) => n.node === r.hottestNode)!;
    assert.equal(node.ops, 6);
    assert.equal(r.clusterOps, 6);
    assert.equal(r.nodes.filter((n) => n.ops === 0).length, 2);
  });

  it('coalescing: reads within the window share one cluster read; a write ends the window', async () => {
    const rows: RequestRow[] = [
      { key: 'a', time: 0 }, // cluster; window until 0.01
      { key: 'a', time: 0.005 }, // coalesced
      { key: 'a', time: 0.009 }, // coalesced
      { key: 'a', time: 0.011 }, // cluster; until 0.021
      { key: 'a', time: 0.015, op: 'set' }, // ends the window
      { key: 'a', time: 0.02 }, // cluster; until 0.03
      { key: 'a', time: 0.025 }, // coalesced
    ];
    const r = await handWorked(rows, { coalesceWindow: 0.01 });
    assert.equal(r.clusterReads, 3);
    assert.equal(r.coalescedReads, 3);
    assert.equal(r.clusterCallsSaved, 3);
  });

  it('fan-out: a key over the threshold gets K copies; writes go to every copy', async () => {
    // Threshold 2 reads/s: the third read in the first second makes the key hot.
    const rows: RequestRow[] = [
      { key: 'user:1', time: 0.1 },
      { key: 'user:1', time: 0.2 },
      { key: 'user:1', time: 0.3 }, // hot: served by a copy
      { key: 'user:1', time: 0.4, op: 'set' }, // to all 3 copies
      { key: 'user:1', time: 0.5 },
    ];
    const r = await handWorked(rows, { fanout: 3, hotThreshold: 2 });
    assert.equal(r.hotKeysFound, 1);
    const copies = r.hotKeys![0]!.copies;
    assert.equal(copies.length, 3);
    // Three nodes, three copies: one per node, named key:shard:j.
    assert.deepEqual(copies.map((c) => c.node).sort(), ['node1', 'node2', 'node3']);
    for (const c of copies) assert.match(c.name, /^user:1:shard:\d+$/);
    assert.equal(r.hotKeys![0]!.detectedAt, 0.2);
    // 4 reads, 3 writes (one per copy), and a fill after each miss (the cold original, and a copy first read before the write filled it).
    const writes = 3;
    assert.equal(r.clusterOps, 4 + writes + r.dbReads);
  });

  it('hash-tagged keys cannot be fanned out: every copy hashes to the tag\'s slot', async () => {
    const rows: RequestRow[] = Array.from({ length: 5 }, (_, i) => ({ key: '{user1000}.profile', time: i * 0.1 }));
    const r = await handWorked(rows, { fanout: 3, hotThreshold: 2 });
    assert.equal(new Set(r.hotKeys![0]!.copies.map((c) => c.node)).size, 1);
  });
});

describe('cachesim run --nodes (command line)', () => {
  it('a mitigation comparison: JSON byte-identical across runs, one result per set, documented fields', () => {
    const args = ['run', '--trace', 'traces/hotkey.csv', '--nodes', '3', '--node-ops', '400', '--mitigations', 'none,l1,replicas,fanout,coalesce,all', '--format', 'json'];
    const a = cli(args);
    const b = cli(args);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const j = JSON.parse(a.stdout);
    assert.deepEqual(j.results.map((r: ClusterResult) => r.mitigation), ['none', 'l1', 'replicas', 'fanout', 'coalesce', 'all']);
    for (const r of j.results as ClusterResult[]) {
      for (const f of ['hottestNode', 'hottestNodePeakOps', 'imbalance', 'clusterReads', 'nodes']) assert.ok(f in r, f);
      assert.equal(r.hits + r.misses, r.reads);
      assert.equal(r.nodes.reduce((s, n) => s + n.reads, 0), r.clusterReads);
    }
    const l1 = j.results[1] as ClusterResult;
    assert.equal(l1.l1HitRatio, Math.round((l1.l1Hits! / l1.reads) * 1e6) / 1e6);
    // Stale reads are some of the L1's hits: the trace's 4,997 writes change keys the L1 keeps for a second.
    assert.equal(l1.writes, 4997);
    assert.ok(l1.l1StaleReads! > 0 && l1.l1StaleReads! <= l1.l1Hits!, `${l1.l1StaleReads} stale of ${l1.l1Hits} L1 hits`);
    assert.ok(!('l1HitRatio' in j.results[0]));
  });

  it('prints node tables and charts; ketama works too', () => {
    const r = cli(['run', '--trace', 'traces/hotkey.csv', '--nodes', '4', '--sharding', 'ketama', '--vnodes', '100']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /vnodes/);
    assert.match(r.stdout, /peak ops\/s/);
    assert.match(r.stdout, /node load, ops\/s per 1 s window/);
  });

  it('without --nodes, results stay plain cache results', () => {
    const r = cli(['run', '--trace', 'traces/zipf.csv', '--format', 'json']);
    assert.ok(!('nodes' in JSON.parse(r.stdout).results[0]));
  });

  const bad: [string, string[], RegExp][] = [
    ['a cluster flag without --nodes', ['--l1', '100:1s'], /--l1 describes a cluster: give --nodes N too/],
    ['an unknown mitigation', ['--nodes', '3', '--mitigations', 'none,cache'], /--mitigations: "cache" is not a mitigation/],
    ['--vnodes with hash slots', ['--nodes', '3', '--vnodes', '10'], /--vnodes applies to --sharding ketama/],
    ['a malformed --l1', ['--nodes', '3', '--l1', '100'], /--l1 "100" must be SIZE:TTL/],
    ['zero nodes', ['--nodes', '0'], /--nodes must be a whole number from 1/],
    ['an offline policy', ['--nodes', '3', '--policy', 'belady'], /belady needs the whole trace's future/],
  ];
  for (const [what, args, pattern] of bad) {
    it(`${what}: one line, exit code 2`, () => {
      const r = cli(['run', '--trace', 'traces/zipf.csv', ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, pattern);
    });
  }
});
