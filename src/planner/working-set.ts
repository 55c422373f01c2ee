import { growUint32 } from '../core/typed-arrays.js';
import { TraceStats, type TraceSummary } from '../trace/stats.js';
import type { TraceChunk, TraceSource } from '../trace/types.js';

/**
 * What a curve's capacity range is measured against: the trace's distinct
 * keys and the bytes they take when every key is held at its largest size
 * (at that many bytes no object is ever evicted, whatever the order).
 */
export class WorkingSet {
  readonly stats = new TraceStats();
  /** Σ over keys of the largest size the key had. */
  maxBytes = 0;
  /** The largest single object. */
  maxSize = 0;
  private largest = new Uint32Array(0);

  add(c: TraceChunk): void {
    this.stats.add(c);
    const { ids, sizes } = c;
    for (let i = 0; i < c.length; i++) {
      const id = ids[i]!;
      if (id >= this.largest.length) this.largest = growUint32(this.largest, id + 1);
      const s = sizes[i]!;
      const old = this.largest[id]!;
      if (s > old) {
        this.maxBytes += s - old;
        this.largest[id] = s;
        if (s > this.maxSize) this.maxSize = s;
      }
    }
  }

  get keys(): number {
    return this.stats.uniqueKeys;
  }

  summary(source: TraceSource): TraceSummary {
    return this.stats.summary(source.source, source.columns, source.skippedRows > 0 ? source.skippedRows : undefined);
  }
}

/** One read of the trace for its working set alone. */
export async function measureWorkingSet(source: TraceSource): Promise<WorkingSet> {
  const ws = new WorkingSet();
  for await (const c of source.chunks()) ws.add(c);
  return ws;
}
