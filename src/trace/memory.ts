import type { KeyTable } from './keys.js';
import type { CollectedTrace } from './collect.js';
import { DEFAULT_CHUNK_ROWS, type TraceChunk, type TraceColumns, type TraceSource } from './types.js';

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
      };
    }
  }
}
