import type { TraceChunk, TraceSource } from '../trace/types.js';

/**
 * When each request is replayed, in trace seconds: at its own timestamp
 * (speed 1), the trace's pace sped up or slowed down (`speed`), or evenly
 * at `rate` requests per second. Times start at the first request's time.
 */
export class Schedule {
  private t0 = NaN;

  constructor(
    readonly speed = 1,
    readonly rate?: number,
  ) {}

  /** True when times are the trace's own. */
  get identity(): boolean {
    return this.rate === undefined && this.speed === 1;
  }

  /** The scheduled time of request i (0-based) whose trace time is t. */
  at(i: number, t: number): number {
    if (i === 0 || Number.isNaN(this.t0)) this.t0 = t;
    if (this.rate !== undefined) return this.t0 + i / this.rate;
    return this.speed === 1 ? t : this.t0 + (t - this.t0) / this.speed;
  }
}

/**
 * The trace with request i at times[i]: the times the replay really sent
 * each request (what the server's clocks saw), so the simulation of a
 * replay runs on the same times as the server.
 */
export class RetimedTrace implements TraceSource {
  constructor(
    private readonly inner: TraceSource,
    private readonly times: Float64Array,
  ) {}

  get source(): string {
    return this.inner.source;
  }

  get keys(): TraceSource['keys'] {
    return this.inner.keys;
  }

  get columns(): TraceSource['columns'] {
    return this.inner.columns;
  }

  get skippedRows(): number {
    return this.inner.skippedRows;
  }

  async *chunks(): AsyncGenerator<TraceChunk> {
    let i = 0;
    for await (const c of this.inner.chunks()) {
      if (i + c.length > this.times.length) throw new Error(`the trace has more requests than the ${this.times.length} replayed`);
      yield { ...c, times: this.times.subarray(i, i + c.length) };
      i += c.length;
    }
  }
}
