import { allocChunk, type TraceChunk, type TraceSource } from './types.js';

/**
 * Every request of a source held in memory, as one chunk: what offline
 * policies and a writer needing next-access look back over.
 */
export type CollectedTrace = TraceChunk;

export async function collectTrace(source: TraceSource): Promise<CollectedTrace> {
  let cap = 1 << 16;
  let out = allocChunk(cap);
  let n = 0;
  for await (const c of source.chunks()) {
    while (n + c.length > cap) {
      cap *= 2;
      const bigger = allocChunk(cap);
      bigger.times.set(out.times.subarray(0, n));
      bigger.ids.set(out.ids.subarray(0, n));
      bigger.ops.set(out.ops.subarray(0, n));
      bigger.sizes.set(out.sizes.subarray(0, n));
      bigger.ttls.set(out.ttls.subarray(0, n));
      bigger.keySizes.set(out.keySizes.subarray(0, n));
      out = bigger;
    }
    out.times.set(c.times.subarray(0, c.length), n);
    out.ids.set(c.ids.subarray(0, c.length), n);
    out.ops.set(c.ops.subarray(0, c.length), n);
    out.sizes.set(c.sizes.subarray(0, c.length), n);
    out.ttls.set(c.ttls.subarray(0, c.length), n);
    out.keySizes.set(c.keySizes.subarray(0, c.length), n);
    n += c.length;
  }
  return { ...out, length: n };
}

/**
 * For each request, the 0-based number of the next request for the same key,
 * or `none` when there is none: one backward pass (what Belady's optimum and
 * the binary format need).
 */
export function nextAccess(ids: Int32Array, length: number, keyCount: number, none = Infinity): Float64Array {
  const next = new Float64Array(length);
  const last = new Float64Array(keyCount).fill(none);
  for (let i = length - 1; i >= 0; i--) {
    const id = ids[i]!;
    next[i] = last[id]!;
    last[id] = i;
  }
  return next;
}
