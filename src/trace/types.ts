import type { KeyTable } from './keys.js';

/** Operation codes stored in a chunk's `ops` column. */
export const OP_READ = 0;
export const OP_WRITE = 1;
export const OP_DELETE = 2;
export type OpCode = typeof OP_READ | typeof OP_WRITE | typeof OP_DELETE;
export const OP_NAMES = ['get', 'set', 'delete'] as const;

/**
 * A run of consecutive requests, stored as columns. Row i is one request:
 * time in seconds, dense key id, op code, value size in bytes, ttl in seconds
 * (0 = none). Arrays may be longer than `length`; only the first `length` rows count.
 */
export interface TraceChunk {
  length: number;
  times: Float64Array;
  ids: Int32Array;
  ops: Uint8Array;
  sizes: Uint32Array;
  ttls: Float32Array;
  /** Key length in bytes (0 = unknown: the reader had no key names, e.g. binary ids). */
  keySizes: Uint16Array;
}

/** Which columns the source really had; the rest hold defaults. */
export interface TraceColumns {
  time: boolean;
  op: boolean;
  size: boolean;
  ttl: boolean;
  /** Key lengths known (string keys). */
  keySize?: boolean;
}

/**
 * A trace that can be read (and read again) as chunks. Keys are interned into
 * `keys`, so re-reading gives the same ids; `keys.size` is an upper bound on
 * every id seen so far, plus one.
 */
export interface TraceSource {
  /** What the user would recognise: a path, or the generator's spec. */
  readonly source: string;
  readonly keys: KeyTable;
  /** Known once the first chunk has been produced (a CSV's header). */
  readonly columns: TraceColumns;
  /**
   * The requests in order. A chunk is valid until the next one is asked
   * for (readers refill one chunk): a consumer that keeps rows copies them.
   */
  chunks(): AsyncIterable<TraceChunk>;
  /** Rows skipped by --skip-bad-rows during the last read. */
  readonly skippedRows: number;
  /** About how many requests a read yields, when known cheaply (file size, generator spec). */
  estimatedRequests?(): number | undefined;
}

export const DEFAULT_CHUNK_ROWS = 1 << 16;

export function allocChunk(rows: number = DEFAULT_CHUNK_ROWS): TraceChunk {
  return {
    length: 0,
    times: new Float64Array(rows),
    ids: new Int32Array(rows),
    ops: new Uint8Array(rows),
    sizes: new Uint32Array(rows),
    ttls: new Float32Array(rows),
    keySizes: new Uint16Array(rows),
  };
}

/** The first `length` rows, as arrays of exactly that length (for tests and writers). */
export function trimChunk(c: TraceChunk): TraceChunk {
  return {
    length: c.length,
    times: c.times.subarray(0, c.length),
    ids: c.ids.subarray(0, c.length),
    ops: c.ops.subarray(0, c.length),
    sizes: c.sizes.subarray(0, c.length),
    ttls: c.ttls.subarray(0, c.length),
    keySizes: c.keySizes.subarray(0, c.length),
  };
}
