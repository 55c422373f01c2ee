import { inputError } from '../core/errors.js';
import { growFloat64, growUint8 } from '../core/typed-arrays.js';
import { round6 } from '../core/numbers.js';
import { OP_DELETE, type TraceSource } from '../trace/types.js';
import { fitZipf, MIN_FIT_REQUESTS, rankFrequencies } from './zipf-fit.js';

/** A Zipf alpha fitted to a trace, as `size --zipf fit` uses it. */
export interface TraceZipfFit {
  /** The trace it was fitted to. */
  source: string;
  alpha: number;
  r2?: number;
  fromRank: number;
  toRank: number;
  /** Distinct keys in the trace. */
  objects: number;
  /** Mean size of an object at its first get or set (when the trace has sizes). */
  meanObjectSize?: number;
}

/**
 * The same fit as `cachesim analyze` reports (zipf-fit.ts), in one lighter
 * pass: a request count and a first size per key, nothing else.
 */
export async function fitTraceZipf(source: TraceSource): Promise<TraceZipfFit> {
  let counts = new Float64Array(1 << 12);
  let sized = new Uint8Array(1 << 12);
  let sizedObjects = 0;
  let objectBytes = 0;
  for await (const c of source.chunks()) {
    const keyCount = source.keys.size;
    if (keyCount > counts.length) {
      const n = Math.max(keyCount, counts.length * 2);
      counts = growFloat64(counts, n);
      sized = growUint8(sized, n);
    }
    const { ids, ops, sizes } = c;
    for (let i = 0; i < c.length; i++) {
      const id = ids[i]!;
      counts[id]!++;
      if (sized[id] === 0 && ops[i] !== OP_DELETE) {
        sized[id] = 1;
        sizedObjects++;
        objectBytes += sizes[i]!;
      }
    }
  }
  const freq = rankFrequencies(counts, source.keys.size);
  const fit = fitZipf(freq);
  if (fit.alpha === undefined) {
    throw inputError(`${source.source}: only ${fit.toRank} key${fit.toRank === 1 ? ' has' : 's have'} ${MIN_FIT_REQUESTS} or more requests, too few to fit a Zipf alpha: give one, e.g. --zipf 0.9`);
  }
  return {
    source: source.source,
    alpha: fit.alpha,
    ...(fit.r2 !== undefined ? { r2: fit.r2 } : {}),
    fromRank: fit.fromRank,
    toRank: fit.toRank,
    objects: freq.length,
    ...(source.columns.size && sizedObjects > 0 ? { meanObjectSize: round6(objectBytes / sizedObjects) } : {}),
  };
}
