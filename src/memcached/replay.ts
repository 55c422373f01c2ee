import { inputError, usageError } from '../core/errors.js';
import { replay, type RunResult } from '../engine/replay.js';
import { memcached } from '../policies/memcached/index.js';
import type { MemcachedClassReport, MemcachedReport } from './store.js';
import type { PolicyParams } from '../policies/registry-types.js';
import { resolveParams } from '../policies/registry.js';
import { paceReport, pacedReplay, readCounts, type PaceReport, type PacedClient, type ReplayCounts, type ReplayHooks, ValueBuffer } from '../redis/replay.js';
import { RetimedTrace } from '../redis/schedule.js';
import type { TraceSummary } from '../trace/stats.js';
import { round6 } from '../core/numbers.js';
import { SIMULATIONS } from '../run/kinds.js';
import { OP_READ, OP_WRITE, type TraceChunk, type TraceSource } from '../trace/types.js';
import type { MemcachedConnection } from './connection.js';

export interface MemcachedReplaySettings {
  /** HOST:PORT as shown to the user. */
  label: string;
  speed: number;
  rate?: number;
  /** Replay into a server that has stored items before (its pages stay assigned to classes). */
  yes: boolean;
  window?: number;
}

/** What memcached reported: evictions are `evictions` (COLD tails), expirations get_expired + reclaimed, rejections refused SETs. */
export interface MemcachedServerCounts extends ReplayCounts {
  /** curr_items at the end. */
  items: number;
  /** total_malloced at the end, in 1 MiB pages. */
  pages: number;
  /** slabs_moved: pages the automover moved. */
  pageMoves: number;
  classes: MemcachedClassReport[];
}

export interface MemcachedComparison {
  memcached: string;
  /** limit_maxbytes (-m), the simulation's capacity. */
  memoryLimit: number;
  /** The server's settings, as the simulation's parameters. */
  params: PolicyParams;
  /** False when the server had stored items before the replay (its pages were already assigned). */
  fresh: boolean;
  seed: number;
  trace?: TraceSummary;
  replay: PaceReport;
  server: MemcachedServerCounts;
  simulation: RunResult & { memcached: MemcachedReport };
  /** Simulation minus server. */
  gap: { hitRatio?: number; evictions: number; items: number; pages: number };
}

const num = (m: Map<string, string>, name: string): number => Number(m.get(name) ?? 0);

/**
 * The server's settings as the model's parameters: a server the model does
 * not describe (flat LRU, temp LRU, other page or chunk limits) is refused.
 */
export function paramsFromSettings(s: Map<string, string>, label: string): PolicyParams {
  const need = (name: string, want: string): void => {
    const v = s.get(name);
    if (v !== undefined && v !== want) throw usageError(`memcached at ${label} runs with ${name} ${v}; cachesim models ${name} ${want} (memcached 1.6's default): restart it without that option`);
  };
  need('lru_segmented', 'yes');
  need('temp_lru', 'no');
  need('slab_reassign', 'yes');
  need('slab_chunk_max', '524288');
  const automove = num(s, 'slab_automove');
  if (automove !== 0 && automove !== 1) throw usageError(`memcached at ${label} runs with slab_automove ${automove}; cachesim models 0 and 1 (the default)`);
  return resolveParams(memcached, {
    'growth-factor': s.get('growth_factor') ?? '1.25',
    'chunk-min': s.get('chunk_size') ?? '48',
    cas: s.get('cas_enabled') === 'no' ? '0' : '1',
    'hot-lru-pct': s.get('hot_lru_pct') ?? '20',
    'warm-lru-pct': s.get('warm_lru_pct') ?? '40',
    'hot-max-factor': s.get('hot_max_factor') ?? '0.2',
    'warm-max-factor': s.get('warm_max_factor') ?? '2',
    'slab-automove': String(automove),
    'automove-ratio': s.get('slab_automove_ratio') ?? '0.8',
    'automove-window': s.get('slab_automove_window') ?? '30',
  });
}

/** Per class, from `stats slabs` and `stats items`. */
export function classesFromStats(slabs: Map<string, string>, items: Map<string, string>): MemcachedClassReport[] {
  const ids = new Set<number>();
  for (const k of slabs.keys()) {
    const m = /^([0-9]+):chunk_size$/.exec(k);
    if (m) ids.add(Number(m[1]));
  }
  for (const k of items.keys()) {
    const m = /^items:([0-9]+):number$/.exec(k);
    if (m) ids.add(Number(m[1]));
  }
  return [...ids].sort((a, b) => a - b).map((c) => ({
    class: c,
    chunkSize: num(slabs, `${c}:chunk_size`),
    pages: num(slabs, `${c}:total_pages`),
    items: num(items, `items:${c}:number`),
    hot: num(items, `items:${c}:number_hot`),
    warm: num(items, `items:${c}:number_warm`),
    cold: num(items, `items:${c}:number_cold`),
    freeChunks: num(slabs, `${c}:free_chunks`),
    evictions: num(items, `items:${c}:evicted`),
  }));
}

/** The largest exptime memcached takes as seconds from now: 30 days. */
const MAX_RELATIVE_EXPTIME = 60 * 60 * 24 * 30;

/** Keys memcached's text protocol accepts: 1–250 bytes, no spaces or control characters. */
function checkKey(key: string): void {
  if (key.length === 0 || Buffer.byteLength(key) > 250 || /[\x00-\x20\x7f]/.test(key)) {
    throw inputError(`key "${key.slice(0, 60)}" cannot be sent to memcached: keys are 1–250 bytes without spaces or control characters`);
  }
}

/**
 * Cache-aside through one connection: a read is a GET, and on a miss a SET
 * of a value of the request's size; a write a SET, a delete a DELETE. A
 * key's requests wait for its previous one (a miss's SET follows its GET's
 * reply), so each key sees the trace's order while other keys go on.
 */
class MemcachedCacheAside implements PacedClient {
  rejected = 0;
  error: unknown = undefined;
  private readonly value = new ValueBuffer();
  private readonly last = new Map<string, Promise<void>>();

  constructor(private readonly conn: MemcachedConnection) {}

  issue(op: number, key: string, size: number, ttlMs: number): Promise<void> {
    const before = this.last.get(key);
    const run = (): Promise<void> => this.run(op, key, size, ttlMs);
    const p = (before ? before.then(run) : run()).catch((e: unknown) => {
      this.error ??= e;
    });
    this.last.set(key, p);
    void p.then(() => {
      if (this.last.get(key) === p) this.last.delete(key);
    });
    return p;
  }

  private async run(op: number, key: string, size: number, ttlMs: number): Promise<void> {
    checkKey(key);
    const ttl = ttlMs > 0 ? Math.max(1, Math.round(ttlMs / 1000)) : 0;
    // memcached reads an exptime over 30 days as a unix time, not seconds from now (memcached.c realtime).
    const exptime = ttl > MAX_RELATIVE_EXPTIME ? Math.floor(Date.now() / 1000) + ttl : ttl;
    if (op === OP_READ) {
      if (await this.conn.get(key)) return;
      if (!(await this.conn.set(key, this.valueOf(size), exptime))) this.rejected++;
    } else if (op === OP_WRITE) {
      if (!(await this.conn.set(key, this.valueOf(size), exptime))) this.rejected++;
    } else {
      await this.conn.delete(key);
    }
  }

  private valueOf(size: number): Uint8Array {
    return this.value.of(size);
  }
}

/** The trace with each row's key length taken from its key's name: the bytes the server really stored. */
class NamedKeySizes implements TraceSource {
  private sizes = new Uint16Array(0);
  private buf = new Uint16Array(0);

  constructor(private readonly inner: TraceSource) {}

  get source(): string { return this.inner.source; }
  get keys(): TraceSource['keys'] { return this.inner.keys; }
  get columns(): TraceSource['columns'] { return { ...this.inner.columns, keySize: true }; }
  get skippedRows(): number { return this.inner.skippedRows; }

  async *chunks(): AsyncGenerator<TraceChunk> {
    for await (const c of this.inner.chunks()) {
      if (this.buf.length < c.length) this.buf = new Uint16Array(c.length);
      for (let i = 0; i < c.length; i++) this.buf[i] = this.sizeOf(c.ids[i]!);
      yield { ...c, keySizes: this.buf.subarray(0, c.length) };
    }
  }

  private sizeOf(id: number): number {
    if (id >= this.sizes.length) {
      const bigger = new Uint16Array(Math.max(16, 2 * id + 2));
      bigger.set(this.sizes);
      this.sizes = bigger;
    }
    return (this.sizes[id] ||= Math.min(0xffff, Buffer.byteLength(this.inner.keys.name(id))));
  }
}

/**
 * Replay into the server, paced, then simulate the same trace (at the times
 * really sent, with the keys' real lengths) with the server's own settings
 * and -m. A server that has stored items before is refused unless `yes`:
 * flush_all empties it but leaves its pages assigned to their classes.
 */
export async function compareWithMemcached(
  source: TraceSource,
  conn: MemcachedConnection,
  settings: MemcachedReplaySettings,
  seed: number,
  hooks: ReplayHooks = {},
): Promise<MemcachedComparison> {
  const serverSettings = await conn.stats('settings');
  const params = paramsFromSettings(serverSettings, settings.label);
  const before = await conn.stats();
  const memoryLimit = num(before, 'limit_maxbytes');
  const fresh = num(before, 'total_items') === 0;
  if (!fresh && !settings.yes) {
    throw usageError(`memcached at ${settings.label} has stored ${num(before, 'total_items').toLocaleString('en-US')} items since it started, and its pages stay assigned to their slab classes even after flush_all: restart it for a fair comparison, or pass --yes to flush it and replay anyway`);
  }
  for await (const c of source.chunks()) {
    if (c.length > 0 && !source.columns.time && settings.rate === undefined) throw usageError(`${source.source} has no timestamps to pace the replay by: give --rate R (requests per second)`);
    break;
  }
  if (!fresh) await conn.flushAll();
  const start = await conn.stats();
  const paced = await pacedReplay(source, new MemcachedCacheAside(conn), settings, hooks);
  const end = await conn.stats();
  const slabs = await conn.stats('slabs');
  const items = await conn.stats('items');
  const delta = (f: string): number => num(end, f) - num(start, f);
  const server: MemcachedServerCounts = {
    // get_misses counts expired and flushed items found too (proto_text.c process_get_command).
    ...readCounts(delta('get_hits'), delta('get_misses')),
    evictions: delta('evictions'),
    expirations: delta('get_expired') + delta('reclaimed'),
    rejected: paced.rejected,
    items: num(end, 'curr_items'),
    pages: Math.round(num(slabs, 'total_malloced') / (1024 * 1024)),
    pageMoves: delta('slabs_moved'),
    classes: classesFromStats(slabs, items),
  };
  const report = await replay(new NamedKeySizes(new RetimedTrace(source, paced.sentTimes)), [{ policy: memcached, params, capacity: { kind: 'bytes', value: memoryLimit } }], { kinds: SIMULATIONS, seed, threads: 0 });
  const simulation = report.results[0] as RunResult & { memcached: MemcachedReport };
  return {
    memcached: settings.label,
    memoryLimit,
    params,
    fresh,
    seed,
    trace: report.trace,
    replay: paceReport(paced, settings),
    server,
    simulation,
    gap: {
      ...(simulation.hitRatio !== undefined && server.hitRatio !== undefined ? { hitRatio: round6(simulation.hitRatio - server.hitRatio) } : {}),
      evictions: simulation.evictions - server.evictions,
      items: simulation.memcached.classes.reduce((n, c) => n + c.items, 0) - server.items,
      pages: simulation.memcached.pagesMalloced - server.pages,
    },
  };
}
