import { round6 } from '../core/numbers.js';
import { OP_DELETE, OP_READ, OP_WRITE, type TraceChunk, type TraceColumns } from './types.js';

/** What the JSON output says about the trace itself. */
export interface TraceSummary {
  source: string;
  requests: number;
  reads: number;
  writes: number;
  deletes: number;
  uniqueKeys: number;
  /** Sum over distinct keys of the size each key had when first seen. */
  uniqueBytes: number;
  /** Last request time minus first; omitted when the trace has no times. */
  durationSeconds?: number;
  /** Rows --skip-bad-rows skipped; present only with that flag. */
  skippedRows?: number;
}

/** Accumulates a TraceSummary chunk by chunk, in one pass. */
export class TraceStats {
  requests = 0;
  reads = 0;
  writes = 0;
  deletes = 0;
  uniqueKeys = 0;
  uniqueBytes = 0;
  firstTime = NaN;
  lastTime = NaN;
  private seen = new Uint8Array(1 << 12);

  add(c: TraceChunk): void {
    const n = c.length;
    if (n === 0) return;
    if (this.requests === 0) this.firstTime = this.lastTime = c.times[0]!;
    // The earliest and latest times, not the first and last: a trace whose times go back
    // (a .bin's may) must not report a negative duration.
    const times = c.times;
    let lo = this.firstTime;
    let hi = this.lastTime;
    for (let i = 0; i < n; i++) {
      const t = times[i]!;
      if (t < lo) lo = t;
      else if (t > hi) hi = t;
    }
    this.firstTime = lo;
    this.lastTime = hi;
    this.requests += n;
    // Short calls, so V8 optimises the loop as a whole function early (see CsvTrace).
    for (let from = 0; from < n; from += 1024) this.addRange(c, from, Math.min(n, from + 1024));
  }

  private addRange(c: TraceChunk, from: number, to: number): void {
    const { ops, ids, sizes } = c;
    let reads = 0;
    let writes = 0;
    let deletes = 0;
    let seen = this.seen;
    for (let i = from; i < to; i++) {
      const op = ops[i]!;
      if (op === OP_READ) reads++;
      else if (op === OP_WRITE) writes++;
      else if (op === OP_DELETE) deletes++;
      const id = ids[i]!;
      if (id >= seen.length) seen = this.growSeen(id);
      if (seen[id] === 0) {
        seen[id] = 1;
        this.uniqueKeys++;
        this.uniqueBytes += sizes[i]!;
      }
    }
    this.reads += reads;
    this.writes += writes;
    this.deletes += deletes;
  }

  summary(source: string, columns: TraceColumns, skippedRows?: number): TraceSummary {
    const s: TraceSummary = {
      source,
      requests: this.requests,
      reads: this.reads,
      writes: this.writes,
      deletes: this.deletes,
      uniqueKeys: this.uniqueKeys,
      uniqueBytes: this.uniqueBytes,
    };
    if (columns.time && this.requests > 0) s.durationSeconds = round6(this.lastTime - this.firstTime);
    if (skippedRows !== undefined) s.skippedRows = skippedRows;
    return s;
  }

  private growSeen(id: number): Uint8Array<ArrayBuffer> {
    let n = this.seen.length * 2;
    while (n <= id) n *= 2;
    const s = new Uint8Array(n);
    s.set(this.seen);
    this.seen = s;
    return s;
  }
}

/** The k ids with the highest counts, highest first; ties go to the key seen first (the smaller id). Kept in a small sorted list. */
export function mostRequested(counts: Float64Array, keyCount: number, k: number): number[] {
  const best: number[] = [];
  for (let id = 0; id < keyCount; id++) {
    const c = counts[id]!;
    if (c === 0) continue;
    if (best.length === k && c <= counts[best[k - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && counts[best[at - 1]!]! < c) at--;
    best.splice(at, 0, id);
    if (best.length > k) best.pop();
  }
  return best;
}
