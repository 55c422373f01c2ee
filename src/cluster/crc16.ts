/**
 * Redis Cluster's key hashing: CRC16 (the XMODEM variant: polynomial 0x1021,
 * initial value 0, no reflection, no final xor; "123456789" → 0x31C3) of the
 * key, or of its hash tag, modulo 16,384 slots.
 */

export const SLOT_COUNT = 16384;

const TABLE = ((): Uint16Array => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    t[i] = crc;
  }
  return t;
})();

/** CRC16-XMODEM of bytes[start, end). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >>> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

const encoder = new TextEncoder();
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

/**
 * The slot of a key given as bytes. As Redis: if the key has a `{`, and a `}`
 * after it with at least one byte between, only those bytes are hashed (the
 * hash tag); `foo{}{bar}` has an empty first tag, so the whole key is hashed.
 */
export function keySlotBytes(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let open = -1;
  for (let i = start; i < end; i++) {
    if (bytes[i] === OPEN) {
      open = i;
      break;
    }
  }
  if (open >= 0) {
    for (let j = open + 1; j < end; j++) {
      if (bytes[j] === CLOSE) {
        if (j > open + 1) return crc16(bytes, open + 1, j) & (SLOT_COUNT - 1);
        break;
      }
    }
  }
  return crc16(bytes, start, end) & (SLOT_COUNT - 1);
}

let scratch = new Uint8Array(256);

/** The slot of a key as the user wrote it (hashed as its UTF-8 bytes). */
export function keySlot(key: string): number {
  const n = key.length;
  if (n > scratch.length) scratch = new Uint8Array(n * 2);
  // ASCII keys (the usual case) are copied byte for byte; anything else is encoded.
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c > 0x7f) {
      const bytes = encoder.encode(key);
      return keySlotBytes(bytes, 0, bytes.length);
    }
    scratch[i] = c;
  }
  return keySlotBytes(scratch, 0, n);
}

/** The part of the key that decides its slot: the hash tag, or the whole key. */
export function hashTag(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}
