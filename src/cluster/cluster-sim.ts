import { Rng } from '../core/rng.js';
import { CacheStore, type CacheCounters } from '../engine/store.js';
import type { Simulation, SimulationInput } from '../engine/simulation.js';
import type { ClusterFields, HotKeyReport, NodeReport } from './result.js';
import { type PolicyContext } from '../policies/policy.js';
import { growFloat64, growInt32 } from '../core/typed-arrays.js';
import type { KeyTable } from '../trace/keys.js';
import { round6 } from '../core/numbers.js';
import { allocChunk, OP_DELETE, OP_READ, type TraceChunk } from '../trace/types.js';
import type { ClusterSimConfig } from './config.js';
import { L1Cache } from './l1.js';
import { makeSharding } from './make-sharding.js';
import { nodeName, type Sharding } from './sharding.js';

/** Rows a node's pending requests may reach before they are replayed (within the same window). */
const SUB_ROWS = 8192;

/** One node (primary or replica) in a result: see docs/cluster.md. */
/**
 * Points kept per node for the load series, however long the trace: past
 * this, neighbouring windows are merged in pairs (the series' window doubles,
 * reported as cluster.loadWindowSeconds). Peaks and seconds over the limit
 * are still counted over every window of --window seconds as it closes, so
 * memory follows requests, not the trace's duration.
 */
export const MAX_LOAD_POINTS = 4096;

/** How many hot keys the JSON lists (all are counted in hotKeysFound). */
const HOT_KEYS_LISTED = 20;

/**
 * A sharded cache cluster in front of a database, replayed request by
 * request. Each request goes, in order, through:
 *
 * 1. its application server (round robin over `appServers`) and that
 *    server's L1 cache, if any: a fresh copy serves the read (stale when the
 *    key was written since the copy was filled);
 * 2. the coalescing proxy, if any: a read of a key already read from the
 *    cluster within the window shares that read;
 * 3. the cluster: the key's node by its slot or ring position, or, for a key
 *    found hot with fan-out, one of its K copies at random; then the primary
 *    or one of its replicas at random.
 *
 * Writes and deletes bump the key's version, drop the writing server's L1
 * copy, go to the key's primary (every copy's, for a fanned-out key) and are
 * applied by its replicas. Each shard's contents are one cache store
 * (CacheStore) with the run's policy and capacity: replicas mirror their
 * primary. A node's load counts every command it executes: reads routed to
 * it, writes and deletes, and the cache fill (SET) after each miss, on the
 * primary and its replicas.
 *
 * Routing is decided per request here; each shard's store replays its own
 * subsequence of requests in batches. Batches are replayed at least at every
 * window boundary, so the fills that misses cause are counted in the window
 * they happened in.
 */
export class ClusterSim implements Simulation {
  readonly counters: CacheCounters = {
    requests: 0, reads: 0, writes: 0, deletes: 0, hits: 0, misses: 0,
    bytesRead: 0, bytesHit: 0, evictions: 0, expirations: 0,
    dbReads: 0, dbWrites: 0, rejected: 0, notAdmitted: 0,
  };

  private readonly cfg: ClusterSimConfig;
  private readonly keys: KeyTable;
  private readonly sharding: Sharding;
  private readonly shards: number;
  /** Processes per shard: the primary and its replicas. */
  private readonly perShard: number;
  private readonly processes: number;
  private readonly fanout: number;
  private readonly stores: CacheStore[];
  private readonly sub: TraceChunk[];
  private readonly subLen: Int32Array;
  /** Local ids handed out per shard: its keys and hot-key copies. */
  private readonly shardKeys: Int32Array;
  private readonly lastMisses: Float64Array;
  private readonly l1s: L1Cache[];
  private readonly useL1: boolean;
  private readonly coalesceWindow: number;
  private readonly windowSeconds: number;
  /** Reads in one window above which a key is hot. */
  private readonly hotLimit: number;
  private readonly replicaRng: Rng;
  private readonly fanoutRng: Rng;

  // Per key id.
  private placed = 0;
  private shardOf = new Int32Array(0);
  private localOf = new Int32Array(0);
  private version = new Float64Array(0);
  private hotIndex = new Int32Array(0);
  private hotWindow = new Int32Array(0);
  private hotCount = new Float64Array(0);
  private coalesceUntil = new Float64Array(0);

  // Hot keys with fan-out: copy h*K + j lives on copyShard[...] as local id copyLocal[...].
  private hotKeysFound = 0;
  private copyShard = new Int32Array(0);
  private copyLocal = new Int32Array(0);
  private readonly hotList: HotKeyReport[] = [];

  // Load per process.
  private start = NaN;
  private lastTime = NaN;
  private window = 0;
  private readonly opsNow: Float64Array;
  private readonly opsTotal: Float64Array;
  private readonly readsTotal: Float64Array;
  /** Operations per load-series point, per process; a point covers `pointWindows` windows. */
  private series: Float64Array[];
  private pointWindows = 1;
  /** Each process's busiest window (rate, rounded as reported) and windows over the limit; the last closed window is pending in opsLast. */
  private readonly peak: Float64Array;
  private readonly over: Float64Array;
  private readonly opsLast: Float64Array;
  private closedWindows = 0;

  private requestIndex = 0;
  private l1Hits = 0;
  private l1StaleReads = 0;
  private coalesced = 0;
  private clusterReads = 0;
  /** Bytes of reads served before the cluster (L1 and coalescing). */
  private frontBytesHit = 0;

  constructor(input: SimulationInput, cfg: ClusterSimConfig) {
    if (!input.keys) throw new Error('a cluster simulation needs the trace\'s key table (it runs in the main thread)');
    this.cfg = cfg;
    this.keys = input.keys;
    this.sharding = makeSharding(cfg.sharding, cfg.nodes, cfg.vnodes);
    this.shards = cfg.nodes;
    this.perShard = cfg.replicas + 1;
    this.processes = this.shards * this.perShard;
    this.fanout = cfg.fanout;
    this.stores = [];
    this.sub = [];
    for (let s = 0; s < this.shards; s++) {
      const ctx: PolicyContext = { capacity: input.ctx.capacity, unit: input.ctx.unit, seed: input.ctx.seed, request: 0, nextAccess: null };
      this.stores.push(new CacheStore(input.policy.create(ctx, input.params), ctx, input.writeMode));
      this.sub.push(allocChunk(SUB_ROWS));
    }
    this.subLen = new Int32Array(this.shards);
    this.shardKeys = new Int32Array(this.shards);
    this.lastMisses = new Float64Array(this.shards);
    this.useL1 = cfg.l1 !== null;
    this.l1s = cfg.l1 === null ? [] : Array.from({ length: cfg.appServers }, () => new L1Cache(cfg.l1!.size, cfg.l1!.ttl));
    this.coalesceWindow = cfg.coalesceWindow;
    this.windowSeconds = cfg.windowSeconds;
    this.hotLimit = cfg.hotThreshold * cfg.windowSeconds;
    this.replicaRng = new Rng(input.ctx.seed, 'cluster-replica');
    this.fanoutRng = new Rng(input.ctx.seed, 'cluster-fanout');
    this.opsNow = new Float64Array(this.processes);
    this.opsTotal = new Float64Array(this.processes);
    this.readsTotal = new Float64Array(this.processes);
    this.series = Array.from({ length: this.processes }, () => new Float64Array(64));
    this.peak = new Float64Array(this.processes);
    this.over = new Float64Array(this.processes);
    this.opsLast = new Float64Array(this.processes);
  }

  /** Make room for ids below n and place the new keys on their nodes (by name: slots and rings hash names). */
  grow(n: number): void {
    if (n <= this.placed) return;
    this.shardOf = growInt32(this.shardOf, n);
    this.localOf = growInt32(this.localOf, n);
    this.version = growFloat64(this.version, n);
    this.hotIndex = growInt32(this.hotIndex, n);
    this.hotWindow = growInt32(this.hotWindow, n);
    this.hotCount = growFloat64(this.hotCount, n);
    this.coalesceUntil = growFloat64(this.coalesceUntil, n, -Infinity);
    for (let id = this.placed; id < n; id++) {
      const s = this.sharding.nodeOf(this.keys.name(id));
      this.shardOf[id] = s;
      this.localOf[id] = this.shardKeys[s]!++;
    }
    this.placed = n;
  }

  processChunk(c: TraceChunk): void {
    const n = c.length;
    if (n === 0) return;
    if (Number.isNaN(this.start)) this.start = c.times[0]!;
    this.lastTime = c.times[n - 1]!;
    // Short calls let V8 optimise the loop as a whole function early (see CacheStore).
    for (let from = 0; from < n; from += 1024) this.processRange(c, from, Math.min(n, from + 1024));
  }

  private processRange(c: TraceChunk, from: number, to: number): void {
    const { times, ids, ops, sizes, ttls } = c;
    const k = this.counters;
    const version = this.version;
    const opsNow = this.opsNow;
    const perShard = this.perShard;
    const replicas = perShard - 1;
    const fanout = this.fanout;
    const useL1 = this.useL1;
    const coalesceWindow = this.coalesceWindow;
    const servers = this.l1s.length;
    for (let i = from; i < to; i++) {
      const t = times[i]!;
      const w = Math.floor((t - this.start) / this.windowSeconds);
      if (w > this.window) this.advance(w);
      const id = ids[i]!;
      const op = ops[i]!;
      const size = sizes[i]!;
      const l1 = useL1 ? this.l1s[this.requestIndex % servers]! : null;
      this.requestIndex++;
      if (op === OP_READ) {
        k.reads++;
        k.bytesRead += size;
        if (l1 !== null) {
          const slot = l1.lookup(id, t);
          if (slot >= 0) {
            this.l1Hits++;
            this.frontBytesHit += size;
            if (l1.versionAt(slot) < version[id]!) this.l1StaleReads++;
            continue;
          }
        }
        if (coalesceWindow > 0) {
          if (t < this.coalesceUntil[id]!) {
            this.coalesced++;
            this.frontBytesHit += size;
            if (l1 !== null) l1.fill(id, t, version[id]!);
            continue;
          }
          this.coalesceUntil[id] = t + coalesceWindow;
        }
        this.clusterReads++;
        let shard = this.shardOf[id]!;
        let local = this.localOf[id]!;
        if (fanout > 1) {
          let h = this.hotIndex[id]!;
          if (h < 0) {
            if (this.hotWindow[id] !== this.window) {
              this.hotWindow[id] = this.window;
              this.hotCount[id] = 0;
            }
            if (++this.hotCount[id]! > this.hotLimit) h = this.makeHot(id, t);
          }
          if (h >= 0) {
            const copy = h * fanout + this.fanoutRng.int(fanout);
            shard = this.copyShard[copy]!;
            local = this.copyLocal[copy]!;
          }
        }
        const p = shard * perShard + (replicas > 0 ? this.replicaRng.int(perShard) : 0);
        opsNow[p]!++;
        this.readsTotal[p]!++;
        this.append(shard, t, local, OP_READ, size, ttls[i]!);
        if (l1 !== null) l1.fill(id, t, version[id]!);
      } else {
        if (op === OP_DELETE) k.deletes++;
        else k.writes++;
        version[id]!++;
        if (l1 !== null) l1.invalidate(id);
        if (coalesceWindow > 0) this.coalesceUntil[id] = -Infinity;
        const h = fanout > 1 ? this.hotIndex[id]! : -1;
        if (h < 0) {
          this.write(this.shardOf[id]!, this.localOf[id]!, t, op, size, ttls[i]!);
        } else {
          for (let j = h * fanout; j < (h + 1) * fanout; j++) this.write(this.copyShard[j]!, this.copyLocal[j]!, t, op, size, ttls[i]!);
        }
      }
    }
    k.requests += to - from;
  }

  /** A write or delete: the primary executes it, each replica applies it. */
  private write(shard: number, local: number, t: number, op: number, size: number, ttl: number): void {
    const base = shard * this.perShard;
    for (let r = 0; r < this.perShard; r++) this.opsNow[base + r]!++;
    this.append(shard, t, local, op, size, ttl);
  }

  private append(shard: number, t: number, local: number, op: number, size: number, ttl: number): void {
    let n = this.subLen[shard]!;
    if (n === SUB_ROWS) {
      this.flush(shard);
      n = 0;
    }
    const c = this.sub[shard]!;
    c.times[n] = t;
    c.ids[n] = local;
    c.ops[n] = op;
    c.sizes[n] = size;
    c.ttls[n] = ttl;
    this.subLen[shard] = n + 1;
  }

  /** Replay the shard's pending requests; the misses among them cost a fill on the primary and each replica, now. */
  private flush(shard: number): void {
    const n = this.subLen[shard]!;
    if (n === 0) return;
    const store = this.stores[shard]!;
    const c = this.sub[shard]!;
    c.length = n;
    store.grow(this.shardKeys[shard]!);
    store.processChunk(c);
    this.subLen[shard] = 0;
    const misses = store.counters.misses;
    const fills = misses - this.lastMisses[shard]!;
    this.lastMisses[shard] = misses;
    if (fills > 0) {
      const base = shard * this.perShard;
      for (let r = 0; r < this.perShard; r++) this.opsNow[base + r]! += fills;
    }
  }

  /** Close the current window; the empty ones before w need nothing (a rate of 0 is no peak, and a point's sum is unchanged). */
  private advance(w: number): void {
    this.closeWindow();
    this.window = w;
  }

  private closeWindow(): void {
    for (let s = 0; s < this.shards; s++) this.flush(s);
    const ws = this.windowSeconds;
    const limit = this.cfg.nodeOps;
    // The window closed before this one was full: count it now (the last one is judged in extra()).
    if (this.closedWindows > 0) {
      for (let p = 0; p < this.processes; p++) {
        const rate = round6(this.opsLast[p]! / ws);
        if (rate > this.peak[p]!) this.peak[p] = rate;
        if (rate > limit) this.over[p]!++;
      }
    }
    let point = Math.floor(this.window / this.pointWindows);
    while (point >= MAX_LOAD_POINTS) {
      this.coarsen();
      point = Math.floor(this.window / this.pointWindows);
    }
    if (point >= this.series[0]!.length) {
      const size = Math.min(MAX_LOAD_POINTS, Math.max(point + 1, 2 * this.series[0]!.length));
      this.series = this.series.map((s) => {
        const t = new Float64Array(size);
        t.set(s);
        return t;
      });
    }
    for (let p = 0; p < this.processes; p++) {
      this.series[p]![point]! += this.opsNow[p]!;
      this.opsLast[p] = this.opsNow[p]!;
      this.opsTotal[p]! += this.opsNow[p]!;
    }
    this.closedWindows = this.window + 1;
    this.opsNow.fill(0);
  }

  /** Merge the load series' points in pairs: each now covers twice the windows. */
  private coarsen(): void {
    for (const s of this.series) {
      const half = (s.length + 1) >> 1;
      for (let i = 0; i < half; i++) s[i] = s[2 * i]! + (2 * i + 1 < s.length ? s[2 * i + 1]! : 0);
      s.fill(0, half);
    }
    this.pointWindows *= 2;
  }

  /**
   * The key is hot: make its K copies, named key:shard:j. The suffixes are
   * taken in order j = 0, 1, … skipping any whose node already holds its
   * share (⌈K / nodes⌉) of the copies, so the copies spread over distinct
   * nodes as a fan-out that knows the slot map would place them. A key with
   * a hash tag keeps all its copies in the tag's slot: fan-out cannot
   * spread it, and the copies show that.
   */
  private makeHot(id: number, t: number): number {
    const K = this.fanout;
    const h = this.hotKeysFound++;
    this.copyShard = growInt32(this.copyShard, (h + 1) * K);
    this.copyLocal = growInt32(this.copyLocal, (h + 1) * K);
    const name = this.keys.name(id);
    const share = Math.ceil(K / this.shards);
    const held = new Int32Array(this.shards);
    const copies: { name: string; node: string }[] = [];
    const tries = 16 * K + 4 * this.shards;
    for (let j = 0, made = 0; made < K; j++) {
      const copy = `${name}:shard:${j}`;
      const s = this.sharding.nodeOf(copy);
      if (held[s]! >= share && j < tries) continue;
      held[s]!++;
      this.copyShard[h * K + made] = s;
      this.copyLocal[h * K + made] = this.shardKeys[s]!++;
      copies.push({ name: copy, node: nodeName(s) });
      made++;
    }
    this.hotIndex[id] = h;
    if (this.hotList.length < HOT_KEYS_LISTED) this.hotList.push({ key: name, detectedAt: round6(t - this.start), copies });
    return h;
  }

  finish(): void {
    if (Number.isNaN(this.start)) return;
    this.closeWindow();
    const k = this.counters;
    k.hits = this.l1Hits + this.coalesced;
    k.bytesHit = this.frontBytesHit;
    k.misses = 0;
    for (const store of this.stores) {
      const s = store.counters;
      k.hits += s.hits;
      k.misses += s.misses;
      k.bytesHit += s.bytesHit;
      k.evictions += s.evictions;
      k.expirations += s.expirations;
      k.rejected += s.rejected;
      k.dbReads += s.dbReads;
    }
    k.dbWrites = k.writes + k.deletes;
  }

  result(): ClusterFields {
    const cfg = this.cfg;
    const ws = this.windowSeconds;
    // The last window is cut short by the end of the trace: its rate is over the time it
    // covers, and when that is under half a window it is left out of the series (its
    // rate would be noise); its operations still count in ops and meanOps.
    const windows = this.closedWindows;
    const cover = this.lastTime - (this.start + (windows - 1) * ws);
    const rated = windows > 1 && cover < ws / 2 ? windows - 1 : windows;
    const lastSpan = rated === windows && cover > 0 ? Math.min(ws, cover) : ws;
    const duration = this.lastTime > this.start ? this.lastTime - this.start : ws;
    // Load series points: one per window, or (a long trace) one per pointWindows windows, the last over the time it covers.
    const pw = this.pointWindows;
    const points = pw === 1 ? rated : windows > 0 ? Math.floor((windows - 1) / pw) + 1 : 0;
    const lastPointSpan = pw === 1 ? lastSpan : Math.min(pw * ws, Math.max(this.lastTime - (this.start + (points - 1) * pw * ws), ws));
    const nodes: NodeReport[] = [];
    for (let p = 0; p < this.processes; p++) {
      const shard = Math.floor(p / this.perShard);
      const replica = p % this.perShard;
      const load: number[] = [];
      for (let i = 0; i < points; i++) load.push(round6(this.series[p]![i]! / (pw === 1 ? (i === windows - 1 ? lastSpan : ws) : i === points - 1 ? lastPointSpan : pw * ws)));
      let peak = this.peak[p]!;
      let over = this.over[p]!;
      if (rated === windows && windows > 0) {
        const rate = round6(this.opsLast[p]! / lastSpan);
        if (rate > peak) peak = rate;
        if (rate > cfg.nodeOps) over++;
      }
      const store = this.stores[shard]!.counters;
      const own = this.sharding.describe(shard);
      nodes.push({
        node: nodeName(shard, replica),
        role: replica === 0 ? 'primary' : 'replica',
        ...(replica > 0 ? { replicaOf: nodeName(shard) } : {}),
        ...own,
        ringShare: round6(own.ringShare),
        keys: this.shardKeys[shard]!,
        ops: this.opsTotal[p]!,
        reads: this.readsTotal[p]!,
        peakOps: peak,
        meanOps: round6(this.opsTotal[p]! / duration),
        secondsOverLimit: round6(over * ws),
        ...(store.reads > 0 ? { hitRatio: round6(store.hits / store.reads) } : {}),
        load,
      });
    }
    let hottest = 0;
    let totalOps = 0;
    let maxOps = 0;
    let secondsOver = 0;
    for (let p = 0; p < nodes.length; p++) {
      if (nodes[p]!.peakOps > nodes[hottest]!.peakOps) hottest = p;
      totalOps += nodes[p]!.ops;
      maxOps = Math.max(maxOps, nodes[p]!.ops);
      secondsOver = Math.max(secondsOver, nodes[p]!.secondsOverLimit);
    }
    const meanOps = totalOps / nodes.length;
    const reads = this.counters.reads;
    const optional: Partial<ClusterFields> = {};
    if (this.useL1) {
      optional.l1Hits = this.l1Hits;
      if (reads > 0) optional.l1HitRatio = round6(this.l1Hits / reads);
      optional.l1StaleReads = this.l1StaleReads;
    }
    if (this.coalesceWindow > 0) optional.coalescedReads = this.coalesced;
    if (this.useL1 || this.coalesceWindow > 0) optional.clusterCallsSaved = this.l1Hits + this.coalesced;
    if (this.fanout > 1) {
      optional.hotKeysFound = this.hotKeysFound;
      optional.hotKeys = this.hotList;
    }
    return {
      mitigation: cfg.mitigation,
      cluster: this.settings(),
      clusterReads: this.clusterReads,
      clusterOps: totalOps,
      hottestNode: nodes[hottest]!.node,
      hottestNodePeakOps: nodes[hottest]!.peakOps,
      imbalance: meanOps > 0 ? round6(maxOps / meanOps) : 1,
      nodesOverLimit: nodes.filter((n) => n.secondsOverLimit > 0).length,
      secondsOverLimit: round6(secondsOver),
      ...optional,
      nodes,
    };
  }

  /** The settings that shaped this run, as the JSON reports them (mitigations that are off are left out). */
  private settings(): ClusterFields['cluster'] {
    const c = this.cfg;
    return {
      nodes: c.nodes,
      sharding: c.sharding,
      ...(c.sharding === 'ketama' ? { vnodes: c.vnodes } : {}),
      replicas: c.replicas,
      nodeOps: c.nodeOps,
      windowSeconds: c.windowSeconds,
      // A long trace's load series: one point per this many seconds (absent: one per window).
      ...(this.pointWindows > 1 ? { loadWindowSeconds: round6(c.windowSeconds * this.pointWindows) } : {}),
      ...(c.l1 !== null ? { appServers: c.appServers, l1: { size: c.l1.size, ttl: c.l1.ttl } } : {}),
      ...(c.fanout > 1 ? { fanout: c.fanout, hotThreshold: c.hotThreshold } : {}),
      ...(c.coalesceWindow > 0 ? { coalesceWindow: c.coalesceWindow } : {}),
    };
  }
}
