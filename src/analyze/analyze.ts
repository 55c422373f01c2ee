import { growFloat64, growUint32, growUint8 } from '../core/typed-arrays.js';
import { RecencyStack } from '../planner/recency-stack.js';
import { round6 } from '../core/numbers.js';
import { mostRequested } from '../trace/stats.js';
import { OP_DELETE, OP_NAMES, OP_READ, type TraceChunk, type TraceSource } from '../trace/types.js';
import { Log2Buckets, type Bucket } from './log2-buckets.js';
import { RequestRate } from './request-rate.js';
import { fitZipf, MIN_FIT_REQUESTS, rankFrequencies, rankPoints, type RankPoint } from './zipf-fit.js';

/**
 * `cachesim analyze`, the pure part: what a trace is made of, in one pass
 * over it, in memory that follows its distinct keys (a few typed arrays per
 * key id and an LRU stack over them), never its requests.
 */
export interface AnalyzeOptions {
  /** How many of the most requested keys to list. */
  top: number;
  /** Width of the request-rate windows in seconds; absent = chosen (see request-rate.ts). */
  windowSeconds?: number;
}

export interface SizeDistribution {
  min: number;
  mean: number;
  max: number;
  /** Exact percentiles (nearest rank); by object only. */
  p50?: number;
  p90?: number;
  p99?: number;
  /** Log2 buckets of bytes. */
  buckets: Bucket[];
}

export interface TopKey {
  key: string;
  requests: number;
  /** requests / all requests. */
  share: number;
}

export interface AnalyzeReport {
  source: string;
  requests: number;
  /** Distinct keys. */
  objects: number;
  /** Requests over objects (absent without objects). */
  requestsPerObject?: number;
  /** Sum of every get's and set's size (when the trace has sizes; a delete has none). */
  bytesRequested?: number;
  /** Sum over objects of the size each had when first read or written. */
  objectBytes?: number;
  /** Last request's time minus the first's (when the trace has times). */
  durationSeconds?: number;
  /** Requests per op (when the trace has ops). */
  ops?: Record<string, number>;
  /** Objects requested exactly once, and their share of objects. */
  oneHitWonders: number;
  oneHitWonderShare?: number;
  /** Reads of a key never requested before: what even an unlimited cache misses. */
  compulsoryMisses: number;
  /** compulsoryMisses / reads (absent without reads). */
  compulsoryMissRatio?: number;
  /** Zipf skew fitted to frequency by rank, and the fit's R² (see zipf-fit.ts). */
  zipfAlpha?: number;
  zipfR2?: number;
  popularity: {
    fit: { fromRank: number; toRank: number; points: number; minRequests: number };
    /** Requests of the key at each rank, at log-spaced ranks from 1 to the last. */
    ranks: RankPoint[];
  };
  /** Requests per window (when the trace has times). */
  rate?: { windowSeconds: number; startSeconds: number; meanPerSecond: number; peakPerSecond: number; requests: number[] };
  sizes?: { byRequest: SizeDistribution; byObject: SizeDistribution };
  /** TTLs of the requests (when the trace has a TTL column). */
  ttl?: {
    withoutTtl: number;
    withTtl: number;
    /** Requests per distinct TTL, most first; absent past MAX_TTL_VALUES distinct values. */
    values?: { ttl: number; requests: number }[];
    /** Log2 buckets of seconds, requests with a TTL. */
    buckets: Bucket[];
  };
  /** Distinct other keys requested between two requests for a key (LRU stack distance − 1). */
  reuseDistance: { reuses: number; buckets: Bucket[] };
  /** Seconds between two requests for a key (when the trace has times). */
  reuseTime?: { reuses: number; buckets: Bucket[] };
  topKeys: TopKey[];
  /** Rows --skip-bad-rows skipped. */
  skippedRows?: number;
}

/** Past this many distinct TTL values only their buckets are kept. */
export const MAX_TTL_VALUES = 256;
/** Rows per inner call: short calls get optimised early (see CsvTrace). */
const STEP = 1024;

/** Everything the one pass accumulates. */
class TraceAnalysis {
  requests = 0;
  objects = 0;
  oneHit = 0;
  compulsory = 0;
  reads = 0;
  bytesRequested = 0;
  minSize = Infinity;
  maxSize = 0;
  firstTime = NaN;
  lastTime = NaN;
  withoutTtl = 0;
  readonly opCounts = new Float64Array(256);
  readonly requestSizes = new Log2Buckets();
  readonly ttls = new Log2Buckets();
  ttlValues: Map<number, number> | null = new Map();
  readonly reuseDistance = new Log2Buckets();
  readonly reuseTime = new Log2Buckets();
  readonly rate: RequestRate;
  readonly stack = new RecencyStack(false);
  /** Requests that carry a size (gets and sets), and objects that had one. */
  sizedRequests = 0;
  sizedObjects = 0;
  /** Per key id: requests, size at the first get or set (and whether there was one), time of the last request. */
  counts = new Float64Array(1 << 12);
  firstSize = new Uint32Array(1 << 12);
  sized = new Uint8Array(1 << 12);
  lastSeen = new Float64Array(1 << 12);

  constructor(windowSeconds: number | undefined) {
    this.rate = new RequestRate(windowSeconds);
  }

  add(c: TraceChunk, keyCount: number): void {
    if (c.length === 0) return;
    if (keyCount > this.counts.length) {
      const n = Math.max(keyCount, this.counts.length * 2);
      this.counts = growFloat64(this.counts, n);
      this.firstSize = growUint32(this.firstSize, n);
      this.sized = growUint8(this.sized, n);
      this.lastSeen = growFloat64(this.lastSeen, n);
    }
    this.stack.grow(keyCount);
    if (this.requests === 0) this.firstTime = c.times[0]!;
    this.lastTime = c.times[c.length - 1]!;
    for (let from = 0; from < c.length; from += STEP) this.addRange(c, from, Math.min(c.length, from + STEP));
    this.requests += c.length;
  }

  private addRange(c: TraceChunk, from: number, to: number): void {
    const { times, ids, ops, sizes, ttls } = c;
    const { counts, firstSize, sized, lastSeen, stack, opCounts } = this;
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      const t = times[i]!;
      const size = sizes[i]!;
      const op = ops[i]!;
      opCounts[op]!++;
      if (op === OP_READ) this.reads++;
      // A delete carries no value, so no size.
      if (op !== OP_DELETE) {
        this.sizedRequests++;
        this.bytesRequested += size;
        if (size < this.minSize) this.minSize = size;
        if (size > this.maxSize) this.maxSize = size;
        this.requestSizes.add(size);
        if (sized[id] === 0) {
          sized[id] = 1;
          firstSize[id] = size;
          this.sizedObjects++;
        }
      }
      this.rate.add(t);
      const ttl = ttls[i]!;
      if (ttl > 0) this.addTtl(ttl);
      else this.withoutTtl++;
      const n = counts[id]!;
      if (n === 0) {
        this.objects++;
        this.oneHit++;
        if (op === OP_READ) this.compulsory++;
        stack.insert(id, 0);
      } else {
        if (n === 1) this.oneHit--;
        stack.query(stack.slotOf[id]!);
        this.reuseDistance.add(stack.aboveCount);
        stack.moveToTop(id, 0);
        // Out-of-order times count as a reuse time of 0.
        this.reuseTime.add(t - lastSeen[id]!);
      }
      counts[id] = n + 1;
      lastSeen[id] = t;
    }
  }

  private addTtl(ttl: number): void {
    this.ttls.add(ttl);
    const m = this.ttlValues;
    if (m === null) return;
    m.set(ttl, (m.get(ttl) ?? 0) + 1);
    if (m.size > MAX_TTL_VALUES) this.ttlValues = null;
  }
}

export async function analyzeTrace(source: TraceSource, o: AnalyzeOptions): Promise<AnalyzeReport> {
  const a = new TraceAnalysis(o.windowSeconds);
  for await (const c of source.chunks()) a.add(c, source.keys.size);
  const cols = source.columns;
  const keyCount = source.keys.size;
  const freq = rankFrequencies(a.counts, keyCount);
  const fit = fitZipf(freq);
  const has = a.requests > 0;
  const windows = a.rate.windows();
  const w = a.rate.width;
  return {
    source: source.source,
    requests: a.requests,
    objects: a.objects,
    ...(a.objects > 0 ? { requestsPerObject: round6(a.requests / a.objects) } : {}),
    ...(cols.size ? { bytesRequested: a.bytesRequested, objectBytes: sumSizes(a, keyCount) } : {}),
    ...(cols.time && has ? { durationSeconds: round6(a.lastTime - a.firstTime) } : {}),
    ...(cols.op ? { ops: opMix(a.opCounts) } : {}),
    oneHitWonders: a.oneHit,
    ...(a.objects > 0 ? { oneHitWonderShare: round6(a.oneHit / a.objects) } : {}),
    compulsoryMisses: a.compulsory,
    ...(a.reads > 0 ? { compulsoryMissRatio: round6(a.compulsory / a.reads) } : {}),
    ...(fit.alpha !== undefined ? { zipfAlpha: fit.alpha } : {}),
    ...(fit.r2 !== undefined ? { zipfR2: fit.r2 } : {}),
    popularity: {
      fit: { fromRank: fit.fromRank, toRank: fit.toRank, points: fit.points, minRequests: MIN_FIT_REQUESTS },
      ranks: rankPoints(freq),
    },
    ...(cols.time && has ? {
      rate: {
        windowSeconds: w,
        startSeconds: a.rate.start,
        meanPerSecond: round6(a.requests / (windows.length * w)),
        peakPerSecond: round6(windows.reduce((m, x) => (x > m ? x : m), 0) / w),
        requests: windows,
      },
    } : {}),
    ...(cols.size && a.sizedRequests > 0 ? {
      sizes: {
        byRequest: { min: a.minSize, mean: round6(a.bytesRequested / a.sizedRequests), max: a.maxSize, buckets: a.requestSizes.buckets() },
        byObject: objectSizes(a, keyCount),
      },
    } : {}),
    ...(cols.ttl && has ? {
      ttl: {
        withoutTtl: a.withoutTtl,
        withTtl: a.requests - a.withoutTtl,
        ...(a.ttlValues ? { values: [...a.ttlValues].map(([ttl, requests]) => ({ ttl: round6(ttl), requests })).sort((x, y) => y.requests - x.requests || x.ttl - y.ttl) } : {}),
        buckets: a.ttls.buckets(),
      },
    } : {}),
    reuseDistance: { reuses: a.reuseDistance.total, buckets: a.reuseDistance.buckets() },
    ...(cols.time ? { reuseTime: { reuses: a.reuseTime.total, buckets: a.reuseTime.buckets() } } : {}),
    topKeys: mostRequested(a.counts, keyCount, o.top).map((id) => ({
      key: source.keys.name(id),
      requests: a.counts[id]!,
      share: round6(a.counts[id]! / a.requests),
    })),
    ...(source.skippedRows > 0 ? { skippedRows: source.skippedRows } : {}),
  };
}

function opMix(counts: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  OP_NAMES.forEach((name, op) => { out[name] = counts[op]!; });
  // Op codes a reader may add beyond the three named ones, by number.
  for (let op = OP_NAMES.length; op < counts.length; op++) if (counts[op]! > 0) out[`op${op}`] = counts[op]!;
  return out;
}

function sumSizes(a: TraceAnalysis, keyCount: number): number {
  let s = 0;
  for (let id = 0; id < keyCount; id++) if (a.sized[id] === 1) s += a.firstSize[id]!;
  return s;
}

function objectSizes(a: TraceAnalysis, keyCount: number): SizeDistribution {
  const sizes = new Uint32Array(a.sizedObjects);
  let n = 0;
  for (let id = 0; id < keyCount; id++) if (a.sized[id] === 1) sizes[n++] = a.firstSize[id]!;
  sizes.sort();
  const buckets = new Log2Buckets();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    buckets.add(sizes[i]!);
    sum += sizes[i]!;
  }
  // Nearest rank: the smallest size with at least p·n objects at or below it.
  const pct = (p: number): number => sizes[Math.max(0, Math.ceil(p * n) - 1)]!;
  return { min: sizes[0]!, mean: round6(sum / n), max: sizes[n - 1]!, p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), buckets: buckets.buckets() };
}
