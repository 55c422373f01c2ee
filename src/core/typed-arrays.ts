type Grown = Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Uint32Array<ArrayBuffer>;

/** A copy of `a` with room for at least n entries (doubling from 16), the new ones set to `fill`. */
function grown<T extends Grown>(a: T, n: number, make: (len: number) => T, fill: number): T {
  let len = Math.max(a.length, 16);
  while (len < n) len *= 2;
  const b = make(len);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Grow a typed array to at least n entries (doubling), keeping its contents; new entries are `fill`. */
export function growInt32(a: Int32Array<ArrayBuffer>, n: number, fill = -1): Int32Array<ArrayBuffer> {
  return n <= a.length ? a : grown(a, n, (len) => new Int32Array(len), fill);
}

export function growFloat64(a: Float64Array<ArrayBuffer>, n: number, fill = 0): Float64Array<ArrayBuffer> {
  return n <= a.length ? a : grown(a, n, (len) => new Float64Array(len), fill);
}

export function growUint8(a: Uint8Array<ArrayBuffer>, n: number): Uint8Array<ArrayBuffer> {
  return n <= a.length ? a : grown(a, n, (len) => new Uint8Array(len), 0);
}

export function growUint32(a: Uint32Array<ArrayBuffer>, n: number): Uint32Array<ArrayBuffer> {
  return n <= a.length ? a : grown(a, n, (len) => new Uint32Array(len), 0);
}
