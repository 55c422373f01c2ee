import { ByteKeyTable, type KeyTable } from './keys.js';
import type { CollectedTrace } from './collect.js';
import { DEFAULT_CHUNK_ROWS, OP_DELETE, OP_READ, OP_WRITE, type TraceChunk, type TraceColumns, type TraceSource } from './types.js';

/**
 * A trace held in memory (read once by collectTrace), replayed as chunks
 * that are views into its columns: what offline policies need, since they
 * look at the whole future before the first request.
 */
export class MemoryTrace implements TraceSource {
  readonly skippedRows: number;

  constructor(
    readonly source: string,
    readonly keys: KeyTable,
    readonly columns: TraceColumns,
    readonly data: CollectedTrace,
    skippedRows = 0,
    private readonly chunkRows = DEFAULT_CHUNK_ROWS,
  ) {
    this.skippedRows = skippedRows;
  }

  get length(): number {
    return this.data.length;
  }

  estimatedRequests(): number {
    return this.data.length;
  }

  async *chunks(): AsyncGenerator<TraceChunk> {
    const d = this.data;
    for (let s = 0; s < d.length; s += this.chunkRows) {
      const e = Math.min(d.length, s + this.chunkRows);
      yield {
        length: e - s,
        times: d.times.subarray(s, e),
        ids: d.ids.subarray(s, e),
        ops: d.ops.subarray(s, e),
        sizes: d.sizes.subarray(s, e),
        ttls: d.ttls.subarray(s, e),
        keySizes: d.keySizes.subarray(s, e),
      };
    }
  }
}

/** One request written out, for small hand-made traces (tests, examples). */
export interface RequestRow {
  key: string | number;
  op?: 'get' | 'set' | 'delete';
  size?: number;
  ttl?: number;
  time?: number;
}

/**
 * A trace from a list of requests. Without times, request i is at second i.
 * Keys are interned as a CSV reader would.
 */
export function traceFromRequests(rows: readonly RequestRow[], source = 'inline'): MemoryTrace {
  const keys = new ByteKeyTable(16);
  const n = rows.length;
  const data: CollectedTrace = {
    length: n,
    times: new Float64Array(n),
    ids: new Int32Array(n),
    ops: new Uint8Array(n),
    sizes: new Uint32Array(n),
    ttls: new Float32Array(n),
    keySizes: new Uint16Array(n),
  };
  rows.forEach((r, i) => {
    data.times[i] = r.time ?? i;
    data.ids[i] = keys.internString(String(r.key));
    data.ops[i] = r.op === 'set' ? OP_WRITE : r.op === 'delete' ? OP_DELETE : OP_READ;
    data.sizes[i] = r.size ?? 1;
    data.ttls[i] = r.ttl ?? 0;
    data.keySizes[i] = Math.min(0xffff, Buffer.byteLength(String(r.key)));
  });
  const has = (f: keyof RequestRow): boolean => rows.some((r) => r[f] !== undefined);
  return new MemoryTrace(source, keys, { time: has('time'), op: has('op'), size: has('size'), ttl: has('ttl'), keySize: true }, data);
}
