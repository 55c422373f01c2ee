import { growInt32 } from '../core/typed-arrays.js';

/**
 * The LRU stack as a Fenwick (binary indexed) tree over "time slots": each
 * key in the stack occupies the slot of its last access, and keys accessed
 * more recently hold higher slots. The number of keys above key x — its LRU
 * stack distance minus one — is the count of occupied slots after x's slot,
 * and their total size is its byte distance: both one prefix query,
 * O(log L). Moving x to the top frees its slot and takes the next one.
 *
 * Slots are not reused, so when they run out the live keys are renumbered
 * 0..live-1 in order and the tree rebuilt in O(L); with L at least twice the
 * live keys that happens at most every L/2 accesses, so the tree stays
 * O(keys) in size, never O(requests), and each access stays O(log keys).
 *
 * Deletes leave holes. A deleted key frees a place in the caches that held
 * it (capacities at or beyond its depth) but not in smaller ones, so its
 * entry stays in the stack as a hole: counted in object depths, zero bytes.
 * The next key that enters a cache where the hole is free fills it: a new
 * key removes the topmost hole; a key re-accessed from depth d (a miss below
 * d, a hit from d on) moves the topmost hole above it down to d. Induction
 * over the store's rules (a free place means no eviction) shows the cache
 * at every object capacity C is then exactly the keys among the top C entries.
 *
 * Optionally, per byte capacity B_k of a grid, a second tree holds only keys
 * larger than B_k: the store never admits those at capacity B_k, so they must
 * not count in a distance measured against B_k (see stack-distance.ts).
 */
/** slotKey marker of a hole. */
const HOLE = -2;
const FREE = -1;

export class RecencyStack {
  /** Slots in the tree. */
  private size = 0;
  private counts = new Int32Array(1);
  private bytes = new Float64Array(1);
  /** Key id at each slot, FREE, or HOLE. */
  private slotKey = new Int32Array(0);
  /** Size of the key at each slot (0 for a hole). */
  private slotBytes = new Float64Array(0);
  private next = 0;
  /** Slot of each key id, -1 when not in the stack. */
  slotOf = new Int32Array(0);
  /** Entries in the stack (keys and holes) and the keys' total size. */
  live = 0;
  liveBytes = 0;
  /** Results of the last query(). */
  aboveCount = 0;
  aboveBytes = 0;
  /** Hole slots as a max-heap: the topmost hole is holes[0]. */
  private holes = new Int32Array(16);
  holeCount = 0;

  /** Byte capacities (ascending) whose "larger than this" trees exist, and the trees. */
  private readonly bigLimits: Float64Array;
  private bigTrees: Float64Array[] = [];
  private readonly bigTotals: Float64Array;
  /** Trees exist for grid indexes below this: every limit below the largest size seen. */
  bigUsed = 0;

  /**
   * @param trackBytes keep byte distances (aboveBytes); without them every access is cheaper
   * @param byteLimits byte capacities whose "larger than this" trees to keep
   */
  constructor(private readonly trackBytes = true, byteLimits: readonly number[] = [], initialSlots = 1 << 12) {
    this.bigLimits = Float64Array.from(byteLimits);
    this.bigTotals = new Float64Array(byteLimits.length);
    this.allocate(initialSlots);
  }

  /** Make room for key ids below n. */
  grow(n: number): void {
    if (n > this.slotOf.length) this.slotOf = growInt32(this.slotOf, n, -1);
  }

  /** Size recorded for a key in the stack. */
  sizeOf(id: number): number {
    return this.slotBytes[this.slotOf[id]!]!;
  }

  /** Count (holes included) and size of the entries above `slot`, into aboveCount / aboveBytes. */
  query(slot: number): void {
    const counts = this.counts;
    let c = 0;
    for (let i = slot + 1; i > 0; i -= i & -i) c += counts[i]!;
    this.aboveCount = this.live - c;
    if (!this.trackBytes) return;
    const bytes = this.bytes;
    let b = 0;
    for (let i = slot + 1; i > 0; i -= i & -i) b += bytes[i]!;
    this.aboveBytes = this.liveBytes - b;
  }

  /** Size of the keys above `slot` that are larger than grid limit k (k < bigUsed). */
  bigAbove(k: number, slot: number): number {
    const tree = this.bigTrees[k]!;
    let b = 0;
    for (let i = slot + 1; i > 0; i -= i & -i) b += tree[i]!;
    return this.bigTotals[k]! - b;
  }

  /** A key entering the stack (not in it): it fills the topmost hole, if any, and goes on top. */
  insert(id: number, size: number): void {
    if (this.holeCount > 0) this.dropHole(this.popHole());
    this.push(id, size);
  }

  /**
   * A key in the stack accessed again, to the top with `size`: the topmost
   * hole above it, if any, moves down to its old place.
   */
  moveToTop(id: number, size: number): void {
    const slot = this.slotOf[id]!;
    if (this.holeCount > 0 && this.holes[0]! > slot) {
      this.dropHole(this.popHole());
      this.makeHole(slot);
    } else {
      this.removeSlot(slot);
    }
    this.slotOf[id] = -1;
    this.push(id, size);
  }

  /** A deleted key: its entry becomes a hole. */
  punch(id: number): void {
    const slot = this.slotOf[id]!;
    this.makeHole(slot);
    this.slotOf[id] = -1;
  }

  /** Take the key out of the stack entirely (leaving the sample, not deleted). */
  remove(id: number): void {
    this.removeSlot(this.slotOf[id]!);
    this.slotOf[id] = -1;
  }

  private push(id: number, size: number): void {
    if (this.next === this.size) this.compact();
    const slot = this.next++;
    this.slotOf[id] = slot;
    this.slotKey[slot] = id;
    this.slotBytes[slot] = size;
    this.live++;
    this.liveBytes += size;
    this.add(slot, 1, size);
  }

  private removeSlot(slot: number): void {
    const size = this.slotBytes[slot]!;
    this.add(slot, -1, -size);
    this.slotKey[slot] = FREE;
    this.slotBytes[slot] = 0;
    this.live--;
    this.liveBytes -= size;
  }

  /** The key at `slot` leaves; its place stays, as a hole. */
  private makeHole(slot: number): void {
    const size = this.slotBytes[slot]!;
    if (size !== 0) this.add(slot, 0, -size);
    this.slotKey[slot] = HOLE;
    this.slotBytes[slot] = 0;
    this.liveBytes -= size;
    this.pushHole(slot);
  }

  private dropHole(slot: number): void {
    this.add(slot, -1, 0);
    this.slotKey[slot] = FREE;
    this.live--;
  }

  private pushHole(slot: number): void {
    if (this.holeCount === this.holes.length) {
      const h = new Int32Array(this.holes.length * 2);
      h.set(this.holes);
      this.holes = h;
    }
    const heap = this.holes;
    let i = this.holeCount++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! >= slot) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = slot;
  }

  private popHole(): number {
    const heap = this.holes;
    const top = heap[0]!;
    const last = heap[--this.holeCount]!;
    const n = this.holeCount;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap[child + 1]! > heap[child]!) child++;
      if (heap[child]! <= last) break;
      heap[i] = heap[child]!;
      i = child;
    }
    if (n > 0) heap[i] = last;
    return top;
  }

  private add(slot: number, count: number, size: number): void {
    const n = this.size;
    if (count !== 0) {
      const counts = this.counts;
      for (let i = slot + 1; i <= n; i += i & -i) counts[i]! += count;
    }
    if (!this.trackBytes || size === 0) return;
    const bytes = this.bytes;
    for (let i = slot + 1; i <= n; i += i & -i) bytes[i]! += size;
    if (this.bigLimits.length === 0) return;
    const abs = size < 0 ? -size : size;
    if (this.bigUsed < this.bigLimits.length && abs > this.bigLimits[this.bigUsed]!) this.addBigTrees(abs);
    const limits = this.bigLimits;
    for (let k = 0; k < this.bigUsed && abs > limits[k]!; k++) {
      const tree = this.bigTrees[k]!;
      for (let i = slot + 1; i <= n; i += i & -i) tree[i]! += size;
      this.bigTotals[k]! += size;
    }
  }

  /** A size above limits not yet tracked: start their trees, empty (no such key was in the stack). */
  private addBigTrees(size: number): void {
    while (this.bigUsed < this.bigLimits.length && size > this.bigLimits[this.bigUsed]!) {
      this.bigTrees.push(new Float64Array(this.size + 1));
      this.bigUsed++;
    }
  }

  /** Renumber live entries 0..live-1 (in stack order) and rebuild the trees; grow when over half full. */
  private compact(): void {
    const oldKeys = this.slotKey;
    const oldBytes = this.slotBytes;
    const oldNext = this.next;
    const size = Math.max(this.size, 2 * this.live + 2, 1 << 12);
    if (size !== this.size) this.allocate(size);
    const keys = this.slotKey;
    const sizes = this.slotBytes;
    let j = 0;
    this.holeCount = 0;
    // Forward copy: j <= i, so an in-place copy never overwrites an unread slot.
    for (let i = 0; i < oldNext; i++) {
      const id = oldKeys[i]!;
      if (id === FREE) continue;
      const s = oldBytes[i]!;
      keys[j] = id;
      sizes[j] = s;
      if (id === HOLE) this.pushHole(j);
      else this.slotOf[id] = j;
      j++;
    }
    keys.fill(FREE, j);
    sizes.fill(0, j);
    this.next = j;
    this.rebuild();
  }

  private allocate(size: number): void {
    this.size = size;
    this.counts = new Int32Array(size + 1);
    this.bytes = new Float64Array(size + 1);
    this.slotKey = new Int32Array(size).fill(FREE);
    this.slotBytes = new Float64Array(size);
    this.bigTrees = this.bigTrees.map(() => new Float64Array(size + 1));
  }

  /** Linear-time Fenwick construction from the slot arrays. */
  private rebuild(): void {
    const n = this.size;
    const counts = this.counts;
    const bytes = this.bytes;
    counts.fill(0);
    bytes.fill(0);
    for (const t of this.bigTrees) t.fill(0);
    for (let slot = 0; slot < this.next; slot++) {
      const s = this.slotBytes[slot]!;
      counts[slot + 1] = 1;
      bytes[slot + 1] = s;
      for (let k = 0; k < this.bigUsed && s > this.bigLimits[k]!; k++) this.bigTrees[k]![slot + 1] = s;
    }
    for (let i = 1; i <= n; i++) {
      const j = i + (i & -i);
      if (j <= n) {
        counts[j]! += counts[i]!;
        bytes[j]! += bytes[i]!;
        for (const t of this.bigTrees) t[j]! += t[i]!;
      }
    }
  }
}
