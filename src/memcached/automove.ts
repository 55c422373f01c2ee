/** What the automover reads of each class once a second (fill_item_stats_automove, fill_slab_stats_automove). */
export interface ClassSnapshot {
  /** Evictions from the class's COLD LRU so far. */
  evicted: number;
  /** Allocations that failed for want of memory so far. */
  outOfMemory: number;
  /** Seconds since the COLD tail was last touched (0 when COLD is empty). */
  age: number;
  pages: number;
  freeChunks: number;
  perPage: number;
}

const MIN_PAGES_FOR_SOURCE = 2;
const MIN_PAGES_FOR_RECLAIM = 2.5;

/**
 * slab_automove=1 (slab_automove.c slab_automove_run), run by the LRU
 * maintainer once a second: over a window of the last `window` seconds,
 * a class holding more than 2.5 pages of free chunks and quiet all window
 * gives a page back to the global pool; otherwise, once the window has
 * filled, a page moves from the class with the oldest COLD tail (more than
 * two pages) to the youngest one that evicted in over half the window (or
 * took a quarter of its evictions) and this second, if its age is below
 * the oldest's × ratio. Returns [source, destination] or null; destination 0
 * is the global pool.
 */
export class Automover {
  private readonly age: Float64Array;
  private readonly dirty: Uint8Array;
  private readonly evictedRatio: Float64Array;
  private readonly evictedSeen: Uint8Array;
  private before: ClassSnapshot[] | null = null;
  private cur = 0;

  constructor(private readonly classes: number, private readonly window: number, private readonly ratio: number) {
    const n = classes * window;
    this.age = new Float64Array(n);
    this.dirty = new Uint8Array(n);
    this.evictedRatio = new Float64Array(n);
    this.evictedSeen = new Uint8Array(n);
  }

  /** The state at start (the dry run in slab_automove_init). */
  prime(now: ClassSnapshot[]): void {
    this.before = now;
  }

  run(after: ClassSnapshot[]): [number, number] | null {
    const before = this.before ?? after;
    const w = this.window;
    let evictedTotal = 0;
    for (let n = 1; n < this.classes; n++) evictedTotal += after[n]!.evicted - before[n]!.evicted;
    this.cur++;
    let oldest = -1;
    let oldestAge = 0;
    let youngest = -1;
    let youngestAge = Infinity;
    let youngestEvicting = false;
    let reclaim: [number, number] | null = null;
    for (let n = 1; n < this.classes; n++) {
      const a = after[n]!;
      const b = before[n]!;
      const slot = n * w + (this.cur % w);
      const evictedDelta = a.evicted - b.evicted;
      this.evictedRatio[slot] = 0;
      this.evictedSeen[slot] = 0;
      this.dirty[slot] = 0;
      if (evictedDelta > 0) {
        // memcached stores this in a float.
        this.evictedRatio[slot] = Math.fround(evictedDelta / evictedTotal);
        this.evictedSeen[slot] = 1;
        this.dirty[slot] = 1;
      }
      if (a.outOfMemory - b.outOfMemory > 0 || a.pages - b.pages > 0) this.dirty[slot] = 1;
      this.age[slot] = a.age;
      let ageSum = 0;
      let dirtySum = 0;
      let ratioSum = 0;
      let seenSum = 0;
      for (let x = n * w; x < n * w + w; x++) {
        ageSum += this.age[x]!;
        dirtySum += this.dirty[x]!;
        ratioSum = Math.fround(ratioSum + this.evictedRatio[x]!);
        seenSum += this.evictedSeen[x]!;
      }
      const age = Math.floor(ageSum / w);
      if (a.freeChunks > a.perPage * MIN_PAGES_FOR_RECLAIM && dirtySum === 0) {
        reclaim = [n, 0];
        break;
      }
      if (age > oldestAge && a.pages > MIN_PAGES_FOR_SOURCE) {
        oldest = n;
        oldestAge = age;
      }
      if (age < youngestAge && (seenSum > Math.floor(w / 2) || ratioSum / w > 0.25)) {
        youngest = n;
        youngestAge = age;
        youngestEvicting = this.evictedSeen[slot] === 1;
      }
    }
    this.before = after;
    if (reclaim) return reclaim;
    if (youngest !== -1 && oldest !== -1 && this.cur > w && youngestAge < oldestAge * this.ratio && youngestEvicting) return [oldest, youngest];
    return null;
  }
}
