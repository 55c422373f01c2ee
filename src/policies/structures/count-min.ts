/** A 32-bit integer mix (the "lowbias32" finaliser): spreads consecutive ids over the table. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const DEPTH = 4;
const SEEDS = [0x97cb3127, 0x9e3779b9, 0x3c6ef372, 0xdaa66d2b];

/**
 * TinyLFU's frequency sketch (Einziger, Friedman and Manes, 2017): a
 * Count-Min sketch of four rows of 4-bit counters (values 0..15). Every
 * `sampleSize` recorded accesses all counters are halved, so old popularity
 * fades ("reset"). With the doorkeeper on, a key's first access only sets
 * its bits in a small Bloom filter; the counters start at the second, which
 * keeps one-hit wonders out of the sketch. Sized like Caffeine's: the row
 * width is the next power of two at or above the expected number of
 * entries, the sample ten times that number.
 */
export class FrequencySketch {
  /** Accesses recorded since the last halving. */
  additions = 0;
  /** How many halvings have happened (for tests). */
  resets = 0;
  private width = 0;
  private mask = 0;
  private sampleSize = 0;
  private table = new Uint8Array(0);
  private door = new Uint32Array(0);
  private doorMask = 0;

  constructor(expected: number, readonly doorkeeper = false) {
    this.resize(expected);
  }

  /** The expected entries this sketch was sized for. */
  get capacity(): number {
    return this.width;
  }

  /** Resize for `expected` entries; counts start again from zero. */
  resize(expected: number): void {
    let w = 16;
    while (w < expected) w *= 2;
    this.width = w;
    this.mask = w - 1;
    this.sampleSize = 10 * Math.max(1, expected);
    this.table = new Uint8Array(DEPTH * w);
    // Doorkeeper: 8 bits per expected entry, a power of two of 32-bit words.
    this.door = new Uint32Array(this.doorkeeper ? w / 4 : 0);
    this.doorMask = this.doorkeeper ? w * 8 - 1 : 0;
    this.additions = 0;
  }

  /** Record one access to the id. */
  increment(id: number): void {
    const h = mix32(id + 1);
    if (this.doorkeeper && !this.doorHas(h)) {
      this.doorAdd(h);
    } else {
      const t = this.table;
      const m = this.mask;
      const w = this.width;
      let added = false;
      for (let i = 0; i < DEPTH; i++) {
        const j = i * w + (mix32(h ^ SEEDS[i]!) & m);
        if (t[j]! < 15) {
          t[j]!++;
          added = true;
        }
      }
      if (!added) return;
    }
    if (++this.additions >= this.sampleSize) this.halve();
  }

  /** The estimated number of recent accesses to the id (0..15, +1 with the doorkeeper). */
  frequency(id: number): number {
    const h = mix32(id + 1);
    const t = this.table;
    const m = this.mask;
    const w = this.width;
    let f = 15;
    for (let i = 0; i < DEPTH; i++) {
      const c = t[i * w + (mix32(h ^ SEEDS[i]!) & m)]!;
      if (c < f) f = c;
    }
    if (this.doorkeeper && this.doorHas(h)) f++;
    return f;
  }

  /** Halve every counter (the "reset"); the doorkeeper is cleared. */
  private halve(): void {
    const t = this.table;
    let odd = 0;
    for (let j = 0; j < t.length; j++) {
      odd += t[j]! & 1;
      t[j] = t[j]! >>> 1;
    }
    // As Caffeine: the odd counters' lost halves leave the addition count too.
    this.additions = (this.additions - (odd >>> 2)) >>> 1;
    this.door.fill(0);
    this.resets++;
  }

  private doorHas(h: number): boolean {
    const a = h & this.doorMask;
    const b = mix32(h ^ 0x5bd1e995) & this.doorMask;
    return (this.door[a >>> 5]! & (1 << (a & 31))) !== 0 && (this.door[b >>> 5]! & (1 << (b & 31))) !== 0;
  }

  private doorAdd(h: number): void {
    const a = h & this.doorMask;
    const b = mix32(h ^ 0x5bd1e995) & this.doorMask;
    this.door[a >>> 5]! |= 1 << (a & 31);
    this.door[b >>> 5]! |= 1 << (b & 31);
  }
}
