import { memcachedSlabClasses } from '../planner/memory.js';

/** Slab pages: 1 MiB (settings.slab_page_size). */
export const PAGE_BYTES = 1024 * 1024;
/** A chunk is named page × SLOTS + slot: a page holds at most 1 MiB / 32 B chunks. */
const SLOTS = 1 << 15;
/** Chunk names stay below 2^31: at most this many pages (64 GiB). */
export const MAX_PAGES = Math.floor(0x7fffffff / SLOTS);

/**
 * Memcached's slab allocator (slabs.c): classes of fixed-size chunks cut
 * from 1 MiB pages; a class takes a page when its free chunks run out, from
 * the global pool of reclaimed pages first, else new memory while `-m`
 * allows (do_slabs_newslab: a class with no page yet always gets one, even
 * past the limit). Free chunks are a stack per class, as memcached's
 * `slots` list is: the chunk freed last is handed out first.
 *
 * Classes are numbered from 1 as memcached numbers them; class 0 is the
 * global page pool.
 */
export class SlabAllocator {
  /** Chunk size per class (index 0 unused). */
  readonly chunkSize: number[];
  /** Chunks per page per class. */
  readonly perPage: number[];
  /** The largest class. */
  readonly largest: number;
  /** Bytes of pages taken from memory (mem_malloced). */
  malloced = 0;
  /** Pages per class in memcached's slab_list order (index 0: the global pool). */
  readonly pages: number[][];
  /** The item id in each chunk of each page (-1 = free). */
  private owners: Int32Array[] = [];
  private pageClass: number[] = [];
  private free: Int32Array[];
  /** Page numbers handed back to the system, reused before new ones. */
  private freedPages: number[] = [];
  private freeCount: Int32Array;

  constructor(readonly limit: number, growthFactor: number, chunkMin: number) {
    const sizes = memcachedSlabClasses(growthFactor, chunkMin);
    this.chunkSize = [0, ...sizes];
    this.perPage = this.chunkSize.map((s) => (s > 0 ? Math.floor(PAGE_BYTES / s) : 0));
    this.largest = sizes.length;
    this.pages = this.chunkSize.map(() => []);
    this.free = this.chunkSize.map(() => new Int32Array(16));
    this.freeCount = new Int32Array(this.chunkSize.length);
  }

  /** The smallest class whose chunk holds `bytes` (slabs_clsid), or 0 when none does. */
  classFor(bytes: number): number {
    if (bytes > this.chunkSize[this.largest]!) return 0;
    let lo = 1;
    let hi = this.largest;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.chunkSize[mid]! >= bytes) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  freeChunks(cls: number): number {
    return this.freeCount[cls]!;
  }

  /** Pages in the global pool (reclaimed by the automover, not yet reused). */
  get poolPages(): number {
    return this.pages[0]!.length;
  }

  /**
   * A free chunk of the class, taking a new page when it has none
   * (do_slabs_alloc); -1 when memory is exhausted. `newPage` false never
   * takes one (the page mover's rescues).
   */
  alloc(cls: number, id: number, newPage = true): number {
    if (this.freeCount[cls] === 0 && newPage) this.newPage(cls);
    const n = this.freeCount[cls]!;
    if (n === 0) return -1;
    const chunk = this.free[cls]![n - 1]!;
    this.freeCount[cls] = n - 1;
    this.owners[(chunk / SLOTS) | 0]![chunk % SLOTS] = id;
    return chunk;
  }

  release(chunk: number): void {
    const page = (chunk / SLOTS) | 0;
    this.owners[page]![chunk % SLOTS] = -1;
    this.push(this.pageClass[page]!, chunk);
  }

  /** do_slabs_newslab: a page from the pool, else from memory within the limit (or the class's first). */
  private newPage(cls: number): boolean {
    const pool = this.pages[0]!;
    if (this.malloced + PAGE_BYTES > this.limit && this.pages[cls]!.length > 0 && pool.length === 0) return false;
    let page: number;
    if (pool.length > 0) {
      page = pool.pop()!;
    } else if (this.freedPages.length > 0) {
      page = this.freedPages.pop()!;
      this.malloced += PAGE_BYTES;
    } else {
      page = this.owners.length;
      if (page >= MAX_PAGES) return false;
      this.owners.push(new Int32Array(0));
      this.pageClass.push(0);
      this.malloced += PAGE_BYTES;
    }
    this.assign(page, cls);
    return true;
  }

  /** Cut the page into the class's chunks, all free (split_slab_page_into_freelist). */
  private assign(page: number, cls: number): void {
    const per = this.perPage[cls]!;
    this.owners[page] = new Int32Array(per).fill(-1);
    this.pageClass[page] = cls;
    this.pages[cls]!.push(page);
    for (let s = 0; s < per; s++) this.push(cls, page * SLOTS + s);
  }

  private push(cls: number, chunk: number): void {
    let stack = this.free[cls]!;
    const n = this.freeCount[cls]!;
    if (n === stack.length) {
      const bigger = new Int32Array(stack.length * 2);
      bigger.set(stack);
      this.free[cls] = stack = bigger;
    }
    stack[n] = chunk;
    this.freeCount[cls] = n + 1;
  }

  /**
   * Take the class's first page for a move (slab_rebalance_start: "the
   * oldest"): its free chunks leave the free list, and the ids still stored
   * in it are returned in chunk order for the caller to rescue or evict.
   */
  detachFirstPage(cls: number): { page: number; residents: number[] } {
    const page = this.pages[cls]!.shift()!;
    const stack = this.free[cls]!;
    let kept = 0;
    for (let i = 0; i < this.freeCount[cls]!; i++) {
      const c = stack[i]!;
      if (((c / SLOTS) | 0) !== page) stack[kept++] = c;
    }
    this.freeCount[cls] = kept;
    const residents: number[] = [];
    for (const id of this.owners[page]!) if (id >= 0) residents.push(id);
    return { page, residents };
  }

  /** Empty the chunk an item leaves during a move, without returning it to the free list. */
  vacate(chunk: number): void {
    this.owners[(chunk / SLOTS) | 0]![chunk % SLOTS] = -1;
  }

  /**
   * Give a detached page to a class, or to the global pool (class 0), where
   * memory over the limit is handed back (slab_rebalance_finish, memory_release).
   */
  attachPage(page: number, cls: number): void {
    if (cls > 0) {
      this.assign(page, cls);
      return;
    }
    this.owners[page] = new Int32Array(0);
    this.pageClass[page] = 0;
    if (this.malloced > this.limit) {
      this.malloced -= PAGE_BYTES;
      this.freedPages.push(page);
      return;
    }
    this.pages[0]!.push(page);
  }
}
