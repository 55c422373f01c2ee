import { Rng } from '../core/rng.js';
import { IntKeyTable } from '../trace/keys.js';
import {
  allocChunk,
  DEFAULT_CHUNK_ROWS,
  OP_DELETE,
  OP_READ,
  OP_WRITE,
  type TraceChunk,
  type TraceColumns,
  type TraceSource,
} from '../trace/types.js';
import type { ValueDistribution } from './distributions.js';
import { describeGenSpec, type GenSpec } from './spec.js';
import { ZipfSampler } from './zipf.js';
import { KeyPermutation } from './permutation.js';

/** Draws a popularity rank in 1..n (1 = most popular). */
export interface RankSampler {
  readonly n: number;
  sample(rng: Rng): number;
}

/** Every rank equally likely. */
export class UniformRankSampler implements RankSampler {
  readonly n: number;
  constructor(n: number) {
    this.n = n;
  }
  sample(rng: Rng): number {
    return 1 + rng.int(this.n);
  }
}

/** `count` distinct numbers from 0..n-1, uniformly (Floyd's algorithm: O(count), not O(n)). */
export function randomDistinct(count: number, n: number, rng: Rng): Int32Array {
  const chosen = new Set<number>();
  for (let j = n - count; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen);
}

/** A seeded synthetic workload; see GeneratedTrace. */
export function generateTrace(spec: GenSpec, chunkRows: number = DEFAULT_CHUNK_ROWS): GeneratedTrace {
  return new GeneratedTrace(spec, chunkRows);
}

/**
 * A synthetic trace generated on the fly, chunk by chunk, never held in
 * memory. Every call to chunks() regenerates the identical sequence from the
 * seed, so a sweep can replay it as often as it likes.
 *
 * Keys: a popularity rank is drawn, then mapped to a key number through a
 * seeded bijection (a Feistel permutation, no memory per key), so the most popular key is not key 0 and
 * popularity is unrelated to key order (as in real traces, and so that
 * policies that happen to favour low ids gain nothing). Key numbers are then
 * interned, so ids are dense in order of first use, as a CSV read back gives.
 *
 * Each purpose draws from its own Rng stream ('keys', 'times', 'ops', 'sizes',
 * 'ttls', 'hot', 'scan'), so changing the size distribution, say, leaves the
 * key sequence and the arrival times exactly as they were, and a spec without
 * a scan generates exactly what it did before scans existed.
 *
 * Scans (spec.ts, scanKeys): a scan read is a read of the scan's next key;
 * it draws no key and no op (only its size, TTL and time), so outside scans
 * the ordinary traffic follows the same popularity. Scan keys lie past the
 * key space and each is read once per pass, so they are added to the key
 * table without a key → id slot (IntKeyTable.append) and their ids are kept
 * here, so every pass gives them the same ids.
 */
export class GeneratedTrace implements TraceSource {
  readonly spec: GenSpec;
  readonly source: string;
  readonly keys: IntKeyTable;
  readonly columns: TraceColumns = { time: true, op: true, size: true, ttl: true };
  readonly skippedRows = 0;
  /** Rows in the whole trace: known before generating. */
  readonly requests: number;
  private readonly chunkRows: number;
  private rankToKey: KeyPermutation | null = null;
  private hotSet: Int32Array | null = null;
  /** Scan key (key number − keys) → id, shared by every pass; grows as scans reach further. */
  readonly scanIds: ScanIds = new ScanIds();

  constructor(spec: GenSpec, chunkRows: number = DEFAULT_CHUNK_ROWS) {
    this.spec = spec;
    this.source = describeGenSpec(spec);
    this.keys = new IntKeyTable(spec.keys);
    this.requests = spec.requests;
    this.chunkRows = chunkRows;
  }

  estimatedRequests(): number {
    return this.requests;
  }

  /** Rank − 1 → key number. Made once, on first use. */
  permutation(): KeyPermutation {
    if (this.rankToKey === null) this.rankToKey = new KeyPermutation(this.spec.keys, new Rng(this.spec.seed, 'permutation'));
    return this.rankToKey;
  }

  /** The key number with popularity rank `rank` (1 = most popular) in the base distribution. */
  keyForRank(rank: number): number {
    return this.permutation().at(rank - 1);
  }

  /** The hot keys' numbers (empty unless dist is hotkey). */
  hotKeyNumbers(): Int32Array {
    if (this.hotSet === null) {
      const s = this.spec;
      this.hotSet = s.dist === 'hotkey' ? randomDistinct(s.hotKeys, s.keys, new Rng(s.seed, 'hotset')) : new Int32Array(0);
    }
    return this.hotSet;
  }

  /** Fresh arrays per chunk: a consumer may keep them (Belady's next-use pass does). */
  async *chunks(): AsyncGenerator<TraceChunk> {
    const stream = new RequestStream(this.spec, this.permutation(), this.hotKeyNumbers(), this.keys, this.scanIds);
    for (let left = this.requests; left > 0; ) {
      const rows = Math.min(this.chunkRows, left);
      const chunk = allocChunk(rows);
      stream.fill(chunk, rows);
      chunk.length = rows;
      left -= rows;
      yield chunk;
    }
  }
}

/** Ids of scan keys by their offset past the key space (-1: not seen yet); doubles as scans reach further. */
export class ScanIds {
  private ids = new Int32Array(0);

  /** The id of scan key `offset`, added to `keys` on first sight. */
  idOf(offset: number, keyNumber: number, keys: IntKeyTable): number {
    if (offset >= this.ids.length) {
      const t = new Int32Array(Math.max(1024, this.ids.length * 2, offset + 1)).fill(-1);
      t.set(this.ids);
      this.ids = t;
    }
    let id = this.ids[offset]!;
    if (id < 0) {
      id = keys.append(keyNumber);
      this.ids[offset] = id;
    }
    return id;
  }
}

/** One pass over the trace: the Rng streams and the clock. Internal. */
class RequestStream {
  private readonly ranks: RankSampler;
  private readonly rankToKey: KeyPermutation;
  private readonly hotSet: Int32Array;
  private readonly keys: IntKeyTable;
  private readonly size: ValueDistribution;
  private readonly ttl: ValueDistribution;
  private readonly keyRng: Rng;
  private readonly timeRng: Rng;
  private readonly opRng: Rng;
  private readonly sizeRng: Rng;
  private readonly ttlRng: Rng;
  private readonly hotRng: Rng;
  private readonly meanGap: number;
  /** An op draw u in [0,1) is a write below writeBelow, a delete below deleteBelow, else a read. */
  private readonly writeBelow: number;
  private readonly deleteBelow: number;
  private readonly hotShare: number;
  private readonly burstStart: number;
  /** Infinity when absent, so one test covers "one burst to the end" and repeats. */
  private readonly burstDuration: number;
  private readonly burstEvery: number;
  private readonly scanIds: ScanIds;
  private readonly scanRng: Rng;
  /** The key space: scan keys are numbered from here. */
  private readonly keySpace: number;
  private readonly scanKeys: number;
  private readonly scanEvery: number;
  private readonly scanShare: number;
  /** When the next scan is due (Infinity after a single scan has started). */
  private nextScanAt: number;
  /** Keys the running scan has still to read (0: no scan running). */
  private scanLeft = 0;
  /** Offset past the key space of the running scan's next key. */
  private scanNext = 0;
  /**
   * Time of the next request: the first is at 0, then exponential gaps.
   * Recorded rounded to microseconds (as recorded traces are), so a trace
   * written as CSV reads back to exactly the same times.
   */
  private time = 0;

  constructor(spec: GenSpec, rankToKey: KeyPermutation, hotSet: Int32Array, keys: IntKeyTable, scanIds: ScanIds) {
    const zipf = spec.dist === 'zipf' || (spec.dist === 'hotkey' && spec.base === 'zipf');
    this.ranks = zipf ? new ZipfSampler(spec.keys, spec.alpha!) : new UniformRankSampler(spec.keys);
    this.rankToKey = rankToKey;
    this.hotSet = hotSet;
    this.keys = keys;
    this.size = spec.size;
    this.ttl = spec.ttl;
    this.keyRng = new Rng(spec.seed, 'keys');
    this.timeRng = new Rng(spec.seed, 'times');
    this.opRng = new Rng(spec.seed, 'ops');
    this.sizeRng = new Rng(spec.seed, 'sizes');
    this.ttlRng = new Rng(spec.seed, 'ttls');
    this.hotRng = new Rng(spec.seed, 'hot');
    this.meanGap = 1 / spec.rate;
    this.writeBelow = spec.writeRatio;
    this.deleteBelow = spec.writeRatio + spec.deleteRatio;
    const hot = spec.dist === 'hotkey';
    this.hotShare = hot ? spec.hotShare : 0;
    this.burstStart = hot ? spec.burstStart : 0;
    this.burstDuration = hot ? spec.burstDuration ?? Infinity : 0;
    this.burstEvery = hot ? spec.burstEvery ?? Infinity : Infinity;
    this.scanIds = scanIds;
    this.scanRng = new Rng(spec.seed, 'scan');
    this.keySpace = spec.keys;
    this.scanKeys = spec.scanKeys ?? 0;
    this.scanEvery = spec.scanEvery ?? Infinity;
    this.scanShare = spec.scanShare ?? 0;
    this.nextScanAt = spec.scanKeys !== undefined ? spec.scanStart ?? 0 : Infinity;
  }

  /**
   * Generate `rows` requests. Each draws from the popularity (Zipf or
   * uniform); inside a hot-key burst (dist hotkey only), a hotShare of them
   * go to a uniformly chosen hot key instead; while a scan runs, a scanShare
   * read the scan's next key, in order. Without bursts or scans those
   * branches draw nothing, so the streams are the same as without them.
   */
  fill(chunk: TraceChunk, rows: number): void {
    const { times, ids, ops, sizes, ttls } = chunk;
    const { ranks, rankToKey, hotSet, keys, size, ttl, keyRng, timeRng, opRng, sizeRng, ttlRng, hotRng, meanGap, writeBelow, deleteBelow } = this;
    const { hotShare, burstStart, burstDuration, burstEvery, scanIds, scanRng, keySpace, scanKeys, scanEvery, scanShare } = this;
    const hotCount = hotSet.length;
    let { nextScanAt, scanLeft, scanNext } = this;
    let t = this.time;
    for (let i = 0; i < rows; i++) {
      times[i] = Math.round(t * 1e6) / 1e6;
      if (scanLeft === 0 && t >= nextScanAt) {
        scanLeft = scanKeys;
        nextScanAt += scanEvery;
      }
      if (scanLeft > 0 && scanRng.next() < scanShare) {
        ids[i] = scanIds.idOf(scanNext, keySpace + scanNext, keys);
        scanNext++;
        scanLeft--;
        ops[i] = OP_READ;
      } else {
        const sinceStart = t - burstStart;
        const inBurst = sinceStart >= 0 && sinceStart % burstEvery < burstDuration;
        const key = inBurst && hotRng.next() < hotShare
          ? hotSet[hotRng.int(hotCount)]!
          : rankToKey.at(ranks.sample(keyRng) - 1);
        ids[i] = keys.intern(key);
        const u = opRng.next();
        ops[i] = u < writeBelow ? OP_WRITE : u < deleteBelow ? OP_DELETE : OP_READ;
      }
      sizes[i] = size.draw(sizeRng);
      ttls[i] = ttl.draw(ttlRng);
      t -= Math.log(timeRng.nextOpen()) * meanGap;
    }
    this.time = t;
    this.nextScanAt = nextScanAt;
    this.scanLeft = scanLeft;
    this.scanNext = scanNext;
  }
}
