import { fmix32 } from '../core/hash.js';

/**
 * Key interning: every distinct key becomes a dense integer id (0, 1, 2, …
 * in order of first appearance), so the engine works on typed arrays. The
 * original key stays here for reports.
 */
export interface KeyTable {
  /** Number of ids handed out so far (every id is below it). */
  readonly size: number;
  /** The key as the user wrote it. */
  name(id: number): string;
}

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/** FNV-1a over bytes, 32 bits. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ buf[i]!, 0x01000193);
  }
  return h >>> 0;
}

/** Longest digit string kept as a number: 15 digits are always exact in a double. */
export const MAX_NUMERIC_DIGITS = 15;
const NUMERIC = 0xffffffff;

/**
 * Keys given as bytes (CSV fields). A key written as a canonical decimal
 * integer ("0", "42", not "042", at most 15 digits) is kept as a number in
 * its own table: no bytes stored, one probe in one array. Any other key is
 * hashed (FNV-1a) into a table of (hash, id) pairs, its bytes kept in one
 * growing arena. No string is made for a key already seen.
 */
export class ByteKeyTable implements KeyTable {
  size = 0;
  // Text keys: pairs (hash, id + 1) per slot; id + 1 = 0 marks an empty slot.
  private slots: Int32Array;
  private mask: number;
  private textKeys = 0;
  // Numeric keys below 2^31: pairs (value, id + 1) in 8 bytes, so the table stays in cache.
  private smallSlots: Int32Array;
  private smallMask: number;
  private smallKeys = 0;
  // Larger numeric keys (up to 15 digits): pairs (value, id + 1) as doubles.
  private numSlots: Float64Array;
  private numMask: number;
  private numericKeys = 0;
  // Per id: where its bytes are (length NUMERIC for a numeric key), or its value.
  private starts: Uint32Array;
  private lengths: Uint32Array;
  private values: Float64Array;
  private arena: Uint8Array;
  private arenaUsed = 0;

  constructor(initialKeys = 1 << 12) {
    let cap = 16;
    while (cap < initialKeys * 2) cap <<= 1;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.smallSlots = new Int32Array(cap * 2);
    this.smallMask = cap - 1;
    this.numSlots = new Float64Array(32);
    this.numMask = 15;
    this.starts = new Uint32Array(initialKeys);
    this.lengths = new Uint32Array(initialKeys);
    this.values = new Float64Array(initialKeys);
    this.arena = new Uint8Array(initialKeys * 16);
  }

  /** The id of the key in buf[start, end), adding it if new. */
  internBytes(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    // Canonical decimal integers go to the numeric table.
    if (len > 0 && len <= MAX_NUMERIC_DIGITS && (buf[start] !== 48 || len === 1)) {
      let v = 0;
      let k = start;
      for (; k < end; k++) {
        const d = buf[k]! - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (k === end) return this.internNumber(v);
    }
    return this.internText(hashBytes(buf, start, end), buf, start, len);
  }

  /**
   * The id of a key known to be a canonical decimal integer below 10^15
   * (the CSV reader parses such keys while scanning the row).
   */
  internNumber(v: number): number {
    if (v > 0x7fffffff) return this.internLargeNumber(v);
    // Kept small so the CSV reader's loop inlines it: a probe, and a call only for a new key.
    const slots = this.smallSlots;
    const mask = this.smallMask;
    let j = mixSmall(v) & mask;
    for (;;) {
      const s = slots[2 * j + 1]!;
      if (s === 0) return this.addSmall(v, j);
      if (slots[2 * j] === v) return s - 1;
      j = (j + 1) & mask;
    }
  }

  private addSmall(v: number, j: number): number {
    const id = this.newId();
    this.lengths[id] = NUMERIC;
    this.values[id] = v;
    this.smallSlots[2 * j] = v;
    this.smallSlots[2 * j + 1] = id + 1;
    this.smallKeys++;
    if (this.smallKeys * 2 > this.smallMask + 1) this.rehashSmall();
    return id;
  }

  private internLargeNumber(v: number): number {
    const slots = this.numSlots;
    const mask = this.numMask;
    let j = mixNumber(v) & mask;
    for (;;) {
      const s = slots[2 * j + 1]!;
      if (s === 0) break;
      if (slots[2 * j] === v) return s - 1;
      j = (j + 1) & mask;
    }
    const id = this.newId();
    this.lengths[id] = NUMERIC;
    this.values[id] = v;
    slots[2 * j] = v;
    slots[2 * j + 1] = id + 1;
    this.numericKeys++;
    if (this.numericKeys * 2 > mask + 1) this.rehashNumbers();
    return id;
  }

  /** The id of a text key whose FNV-1a hash the caller computed. */
  internText(h: number, buf: Uint8Array, start: number, len: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const hs = h | 0;
    let j = h & mask;
    for (;;) {
      const s = slots[2 * j + 1]!;
      if (s === 0) break;
      if (slots[2 * j] === hs && this.lengths[s - 1] === len && this.sameBytes(s - 1, buf, start, len)) return s - 1;
      j = (j + 1) & mask;
    }
    const id = this.newId();
    if (this.arenaUsed + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
    }
    this.arena.set(buf.subarray(start, start + len), this.arenaUsed);
    this.starts[id] = this.arenaUsed;
    this.lengths[id] = len;
    this.arenaUsed += len;
    slots[2 * j] = hs;
    slots[2 * j + 1] = id + 1;
    this.textKeys++;
    if (this.textKeys * 2 > mask + 1) this.rehashText();
    return id;
  }

  internString(key: string): number {
    const bytes = textEncoder.encode(key);
    return this.internBytes(bytes, 0, bytes.length);
  }

  name(id: number): string {
    if (this.lengths[id] === NUMERIC) return String(this.values[id]);
    const s = this.starts[id]!;
    return textDecoder.decode(this.arena.subarray(s, s + this.lengths[id]!));
  }

  /** The key's UTF-8 bytes. */
  bytes(id: number): Uint8Array {
    if (this.lengths[id] === NUMERIC) return textEncoder.encode(String(this.values[id]));
    const s = this.starts[id]!;
    return this.arena.subarray(s, s + this.lengths[id]!);
  }

  private sameBytes(id: number, buf: Uint8Array, start: number, len: number): boolean {
    const arena = this.arena;
    const s = this.starts[id]!;
    for (let k = 0; k < len; k++) if (arena[s + k] !== buf[start + k]) return false;
    return true;
  }

  private newId(): number {
    const id = this.size;
    if (id === this.lengths.length) {
      const n = id * 2;
      const st = new Uint32Array(n); st.set(this.starts); this.starts = st;
      const ln = new Uint32Array(n); ln.set(this.lengths); this.lengths = ln;
      const vs = new Float64Array(n); vs.set(this.values); this.values = vs;
    }
    this.size = id + 1;
    return id;
  }

  private rehashText(): void {
    const r = rehashPairs(this.slots, (h) => h >>> 0);
    this.slots = r.slots;
    this.mask = r.mask;
  }

  private rehashSmall(): void {
    const r = rehashPairs(this.smallSlots, (k) => mixSmall(k));
    this.smallSlots = r.slots;
    this.smallMask = r.mask;
  }

  private rehashNumbers(): void {
    const old = this.numSlots;
    const cap = (this.numMask + 1) * 2;
    const slots = new Float64Array(cap * 2);
    const mask = cap - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let j = mixNumber(old[k]!) & mask;
      while (slots[2 * j + 1] !== 0) j = (j + 1) & mask;
      slots[2 * j] = old[k]!;
      slots[2 * j + 1] = old[k + 1]!;
    }
    this.numSlots = slots;
    this.numMask = mask;
  }
}

/** Hash of a non-negative integer below 2^53. */
function mixNumber(v: number): number {
  return mix(v >>> 0, (v / 4294967296) >>> 0);
}

/** Hash of a non-negative int32: multiply, then fold the high bits down. */
function mixSmall(v: number): number {
  const h = Math.imul(v, 0x9e3779b1);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Keys that are unsigned 64-bit integers (libCacheSim's binary traces), given
 * as low and high 32-bit halves. Ids below 2^31 (most real traces) live in a
 * compact table of (key, id) int32 pairs; larger ones in a second table.
 * Names print as decimal integers.
 */
export class U64KeyTable implements KeyTable {
  size = 0;
  private smallSlots: Int32Array;
  private smallMask: number;
  private smallKeys = 0;
  private bigSlots: Int32Array;
  private bigMask: number;
  private bigKeys = 0;
  private lo: Uint32Array;
  private hi: Uint32Array;

  constructor(initialKeys = 1 << 12) {
    let cap = 16;
    while (cap < initialKeys * 2) cap <<= 1;
    this.smallSlots = new Int32Array(cap * 2);
    this.smallMask = cap - 1;
    this.bigSlots = new Int32Array(16);
    this.bigMask = 15;
    this.lo = new Uint32Array(initialKeys);
    this.hi = new Uint32Array(initialKeys);
  }

  intern(lo: number, hi: number): number {
    if (hi !== 0 || lo > 0x7fffffff) return this.internBig(lo, hi);
    const slots = this.smallSlots;
    const mask = this.smallMask;
    let j = mixSmall(lo) & mask;
    for (;;) {
      const s = slots[2 * j + 1]!;
      if (s === 0) return this.addSmall(lo, j);
      if (slots[2 * j] === lo) return s - 1;
      j = (j + 1) & mask;
    }
  }

  low(id: number): number { return this.lo[id]!; }
  high(id: number): number { return this.hi[id]!; }

  name(id: number): string {
    const hi = this.hi[id]!;
    const lo = this.lo[id]!;
    if (hi < 0x200000) return String(hi * 0x100000000 + lo);
    return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  private addSmall(lo: number, j: number): number {
    const id = this.newId(lo, 0);
    this.smallSlots[2 * j] = lo;
    this.smallSlots[2 * j + 1] = id + 1;
    this.smallKeys++;
    if (this.smallKeys * 2 > this.smallMask + 1) {
      const r = rehashPairs(this.smallSlots, (k) => mixSmall(k));
      this.smallSlots = r.slots;
      this.smallMask = r.mask;
    }
    return id;
  }

  /** Keys of 2^31 and above: slots hold id + 1, compared through lo/hi. */
  private internBig(lo: number, hi: number): number {
    const slots = this.bigSlots;
    const mask = this.bigMask;
    let j = mix(lo, hi) & mask;
    for (;;) {
      const s = slots[2 * j + 1]!;
      if (s === 0) break;
      if (this.lo[s - 1] === lo && this.hi[s - 1] === hi) return s - 1;
      j = (j + 1) & mask;
    }
    const id = this.newId(lo, hi);
    slots[2 * j] = mix(lo, hi) | 0;
    slots[2 * j + 1] = id + 1;
    this.bigKeys++;
    if (this.bigKeys * 2 > mask + 1) {
      const r = rehashPairs(this.bigSlots, (h) => h >>> 0);
      this.bigSlots = r.slots;
      this.bigMask = r.mask;
    }
    return id;
  }

  private newId(lo: number, hi: number): number {
    const id = this.size;
    if (id === this.lo.length) {
      const n = id * 2;
      const l = new Uint32Array(n); l.set(this.lo); this.lo = l;
      const h = new Uint32Array(n); h.set(this.hi); this.hi = h;
    }
    this.lo[id] = lo;
    this.hi[id] = hi;
    this.size = id + 1;
    return id;
  }
}

/** Double a table of (key-or-hash, id + 1) int32 pairs; `slotOf` gives a pair's home slot before masking. */
function rehashPairs(old: Int32Array, slotOf: (first: number) => number): { slots: Int32Array; mask: number } {
  const cap = old.length; // pairs double: old.length / 2 slots → old.length slots
  const slots = new Int32Array(cap * 2);
  const mask = cap - 1;
  for (let k = 0; k < old.length; k += 2) {
    if (old[k + 1] === 0) continue;
    let j = slotOf(old[k]!) & mask;
    while (slots[2 * j + 1] !== 0) j = (j + 1) & mask;
    slots[2 * j] = old[k]!;
    slots[2 * j + 1] = old[k + 1]!;
  }
  return { slots, mask };
}

/** A 32-bit mix of two halves, so sequential ids spread. */
function mix(lo: number, hi: number): number {
  return fmix32(lo ^ Math.imul(hi, 0x9e3779b1));
}

/** Key spaces up to this size get a direct key → id array (16 MB); larger ones a hash table that grows with the keys seen. */
const DIRECT_KEY_SPACE = 1 << 22;

/**
 * Keys that are non-negative integers below a known bound (a generator's
 * key numbers 0..n-1): dense ids in order of first use, so a generated trace
 * replayed in memory gets the same ids as its CSV read back. Memory follows
 * the keys seen, not the key space, once the key space is large (`gen --keys
 * 1G --requests 1000` needs no 4 GB array).
 */
export class IntKeyTable implements KeyTable {
  size = 0;
  /** Direct map (key → id, -1 none), for a small key space; empty otherwise. */
  private toId: Int32Array;
  /** Hash map for a large key space: (key, id + 1) pairs, open addressing; empty otherwise. */
  private slots: Int32Array;
  private mask: number;
  private toKey: Int32Array;
  private readonly keySpace: number;
  /** intern, chosen once for the key space's size (no branch per request). */
  readonly intern: (key: number) => number;

  constructor(keySpace: number) {
    this.keySpace = keySpace;
    const direct = keySpace <= DIRECT_KEY_SPACE;
    this.toId = direct ? new Int32Array(keySpace).fill(-1) : new Int32Array(0);
    this.slots = direct ? new Int32Array(0) : new Int32Array(2 * 1024);
    this.mask = direct ? 0 : 1023;
    this.toKey = new Int32Array(Math.min(keySpace, 1 << 16));
    this.intern = direct ? this.internDirect : this.internHashed;
  }

  private readonly internDirect = (key: number): number => {
    const id = this.toId[key]!;
    if (id >= 0) return id;
    const n = this.size;
    if (n === this.toKey.length) this.grow(n);
    this.toKey[n] = key;
    this.toId[key] = n;
    this.size = n + 1;
    return n;
  };

  private readonly internHashed = (key: number): number => {
    let j = fmix32(key) & this.mask;
    for (;;) {
      const stored = this.slots[2 * j + 1]!;
      if (stored === 0) break;
      if (this.slots[2 * j] === key) return stored - 1;
      j = (j + 1) & this.mask;
    }
    const n = this.size;
    if (n === this.toKey.length) this.grow(n);
    this.toKey[n] = key;
    this.size = n + 1;
    this.slots[2 * j] = key;
    this.slots[2 * j + 1] = n + 1;
    // Kept at most half full.
    if (2 * (n + 1) > this.mask) {
      const t = rehashPairs(this.slots, fmix32);
      this.slots = t.slots;
      this.mask = t.mask;
    }
    return n;
  };

  /**
   * A new key beyond the key space (a generated scan's keys, whose ids the
   * generator keeps itself): the next id, with no slot in the key → id map,
   * so the map stays the size of the key space however many such keys come.
   */
  append(key: number): number {
    const n = this.size;
    if (n === this.toKey.length) this.grow(n);
    this.toKey[n] = key;
    this.size = n + 1;
    return n;
  }

  /** Doubling, capped at the key space until appended keys go past it. */
  private grow(n: number): void {
    const t = new Int32Array(Math.max(1, n < this.keySpace ? Math.min(this.keySpace, n * 2) : n * 2));
    t.set(this.toKey);
    this.toKey = t;
  }

  keyNumber(id: number): number { return this.toKey[id]!; }

  name(id: number): string { return String(this.toKey[id]!); }
}
