import { growFloat64, growInt32 } from '../core/typed-arrays.js';
import { TraceStats, type TraceSummary } from '../trace/stats.js';
import type { TraceSource } from '../trace/types.js';
import { keySlot } from './crc16.js';
import { makeSharding } from './make-sharding.js';
import { nodeName, type ShardingScheme } from './sharding.js';
import { SpaceSaving } from './space-saving.js';

export interface HotKeysOptions {
  /** How many keys to report. */
  top: number;
  /** Space-Saving with `counters` counters instead of an exact count per key. */
  streaming: boolean;
  counters: number;
  /** Peaks are requests per window of this many seconds, reported per second. */
  windowSeconds: number;
  /** Given: each key's node in a cluster of this many nodes. */
  nodes?: number;
  sharding: ShardingScheme;
  vnodes: number;
}

export interface HotKey {
  key: string;
  /** Requests of every op; for Space-Saving, an upper bound (at most `error` above the truth). */
  requests: number;
  /** requests / all requests. */
  share: number;
  /** Space-Saving only: how far `requests` may exceed the true count. */
  error?: number;
  /** The busiest window's requests, per second. */
  peakPerSecond: number;
  /** Its Redis Cluster hash slot (hash tags honoured). */
  slot: number;
  /** Its node, when --nodes is given. */
  node?: string;
}

export interface HotKeysReport {
  trace: TraceSummary;
  method: 'exact' | 'space-saving';
  counters?: number;
  windowSeconds: number;
  nodes?: number;
  sharding?: ShardingScheme;
  vnodes?: number;
  keys: HotKey[];
}

/**
 * The keys that take the largest share of requests, in one pass over the
 * trace: exactly (a count and a peak per key id), or with Space-Saving in
 * bounded memory for traces with too many keys to count each.
 */
export async function findHotKeys(source: TraceSource, o: HotKeysOptions): Promise<HotKeysReport> {
  const stats = new TraceStats();
  const exact = o.streaming ? null : new ExactCounts();
  const sketch = o.streaming ? new SpaceSaving(o.counters) : null;
  let start = NaN;
  for await (const c of source.chunks()) {
    stats.add(c);
    if (c.length === 0) continue;
    if (Number.isNaN(start)) start = c.times[0]!;
    if (exact) exact.add(c.ids, c.times, c.length, start, o.windowSeconds, source.keys.size);
    else {
      for (let i = 0; i < c.length; i++) sketch!.offer(c.ids[i]!, Math.floor((c.times[i]! - start) / o.windowSeconds));
    }
  }
  const total = stats.requests;
  const rows = exact ? exact.top(o.top) : sketch!.top(o.top);
  const sharding = o.nodes === undefined ? undefined : makeSharding(o.sharding, o.nodes, o.vnodes);
  const keys = rows.map((r): HotKey => {
    const key = source.keys.name(r.id);
    return {
      key,
      requests: r.count,
      share: total > 0 ? Math.round((r.count / total) * 1e6) / 1e6 : 0,
      ...(sketch ? { error: r.error } : {}),
      peakPerSecond: Math.round((r.peak / o.windowSeconds) * 1e6) / 1e6,
      slot: keySlot(key),
      ...(sharding ? { node: nodeName(sharding.nodeOf(key)) } : {}),
    };
  });
  return {
    trace: stats.summary(source.source, source.columns, source.skippedRows > 0 ? source.skippedRows : undefined),
    method: sketch ? 'space-saving' : 'exact',
    ...(sketch ? { counters: o.counters } : {}),
    windowSeconds: o.windowSeconds,
    ...(o.nodes !== undefined ? { nodes: o.nodes, sharding: o.sharding, ...(o.sharding === 'ketama' ? { vnodes: o.vnodes } : {}) } : {}),
    keys,
  };
}

/** A count, and the busiest window, for every key id. */
class ExactCounts {
  private counts = new Float64Array(0);
  private win = new Int32Array(0);
  private winCount = new Float64Array(0);
  private peak = new Float64Array(0);
  private n = 0;

  add(ids: Int32Array, times: Float64Array, length: number, start: number, windowSeconds: number, keyCount: number): void {
    if (keyCount > this.counts.length) {
      this.counts = growFloat64(this.counts, keyCount);
      this.win = growInt32(this.win, keyCount);
      this.winCount = growFloat64(this.winCount, keyCount);
      this.peak = growFloat64(this.peak, keyCount);
    }
    this.n = Math.max(this.n, keyCount);
    const { counts, win, winCount, peak } = this;
    for (let i = 0; i < length; i++) {
      const id = ids[i]!;
      const w = Math.floor((times[i]! - start) / windowSeconds);
      counts[id]!++;
      if (win[id] !== w) {
        win[id] = w;
        winCount[id] = 0;
      }
      if (++winCount[id]! > peak[id]!) peak[id] = winCount[id]!;
    }
  }

  /** The k most requested ids, most first (ties: the smaller id), kept in a small sorted list. */
  top(k: number): { id: number; count: number; error: number; peak: number }[] {
    const best: number[] = [];
    const counts = this.counts;
    for (let id = 0; id < this.n; id++) {
      const c = counts[id]!;
      if (c === 0) continue;
      if (best.length === k && c <= counts[best[k - 1]!]!) continue;
      let at = best.length;
      while (at > 0 && counts[best[at - 1]!]! < c) at--;
      best.splice(at, 0, id);
      if (best.length > k) best.pop();
    }
    return best.map((id) => ({ id, count: counts[id]!, error: 0, peak: this.peak[id]! }));
  }
}
