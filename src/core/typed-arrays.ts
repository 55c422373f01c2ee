/** Grow a typed array to at least n entries (doubling), keeping its contents. */
export function growInt32(a: Int32Array<ArrayBuffer>, n: number, fill = -1): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  let len = Math.max(a.length, 16);
  while (len < n) len *= 2;
  const b = new Int32Array(len);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export function growFloat64(a: Float64Array<ArrayBuffer>, n: number, fill = 0): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  let len = Math.max(a.length, 16);
  while (len < n) len *= 2;
  const b = new Float64Array(len);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export function growUint8(a: Uint8Array<ArrayBuffer>, n: number): Uint8Array<ArrayBuffer> {
  if (n <= a.length) return a;
  let len = Math.max(a.length, 16);
  while (len < n) len *= 2;
  const b = new Uint8Array(len);
  b.set(a);
  return b;
}

export function growUint32(a: Uint32Array<ArrayBuffer>, n: number): Uint32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  let len = Math.max(a.length, 16);
  while (len < n) len *= 2;
  const b = new Uint32Array(len);
  b.set(a);
  return b;
}
