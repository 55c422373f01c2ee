import { usageError } from '../core/errors.js';
import { emptyCounters, type CacheCounters, type Simulation, type WriteMode } from '../engine/simulation.js';
import { OP_READ, OP_WRITE, type TraceChunk } from '../trace/types.js';
import { growFloat64, growInt32, growUint32, growUint8 } from '../core/typed-arrays.js';
import type { PolicyContext } from '../policies/policy.js';
import type { PolicyParams } from '../policies/registry-types.js';
import { IdList, Links } from '../policies/structures/id-list.js';
import { Automover, type ClassSnapshot } from './automove.js';
import { itemSize, memcachedSettings, type MemcachedSettings } from '../policies/memcached/settings.js';
import { MAX_PAGES, PAGE_BYTES, SlabAllocator } from './slabs.js';

const HOT = 0;
const WARM = 1;
const COLD = 2;
/** it_flags bits that decide moves: fetched once, and fetched again since (items.c do_item_bump). */
const FETCHED = 1;
const ACTIVE = 2;
const ABSENT = -1;
/** lru_pull_tail looks at this many items from a tail. */
const TAIL_TRIES = 5;
/** The largest gap in the trace (seconds) whose once-a-second work is replayed second by second. */
const MAX_TICKS_PER_GAP = 3600;

/** One slab class as `stats slabs` and `stats items` show it. */
export interface MemcachedClassReport {
  class: number;
  chunkSize: number;
  pages: number;
  items: number;
  hot: number;
  warm: number;
  cold: number;
  freeChunks: number;
  evictions: number;
}

/** Pages per class over time: a sample at each second when some class's page count changed. */
export interface PagesOverTime {
  /** Seconds from the first request. */
  seconds: number[];
  /** The classes that ever held a page, in order. */
  classes: number[];
  /** pages[k][j]: pages of classes[j] at seconds[k]. */
  pages: number[][];
}

export interface MemcachedReport {
  /** -m, bytes. */
  memoryLimit: number;
  /** Pages taken from memory (can pass -m by a page per class: a class's first page is always granted). */
  pagesMalloced: number;
  poolPages: number;
  keySize: number;
  pageMoves: number;
  /** Items dropped because the page they were on moved and their class had no free chunk (slab_reassign_evictions_nomem). */
  pageMoveEvictions: number;
  pageMoveRescues: number;
  /** Stores refused: no memory in the class (SERVER_ERROR out of memory), or larger than the largest chunk. */
  outOfMemory: number;
  tooLarge: number;
  classes: MemcachedClassReport[];
  pagesOverTime: PagesOverTime;
}

/** What the memcached store adds to a plain result's counters (docs/json.md). */
export interface MemcachedFields {
  memcached: MemcachedReport;
}

/**
 * Memcached 1.6 as it stores and evicts (its own store, not CacheStore: -m is
 * spent in pages per slab class, not in bytes). Per request, cache-aside as
 * CacheStore: a read that misses stores the item. Each item costs its header,
 * key, value and CAS (settings.ts itemSize) and goes in the smallest class
 * that fits; each class keeps a segmented LRU (HOT, WARM, COLD) juggled as
 * the LRU maintainer does after every store and once a second; a store with
 * no free chunk and no page to take evicts from its class's COLD tail; once
 * a second the automover may move a page between classes.
 * docs/memcached.md lists the source lines each step follows.
 */
export class MemcachedStore implements Simulation<MemcachedFields> {
  readonly counters: CacheCounters = emptyCounters();
  used = 0;
  residents = 0;
  readonly settings: MemcachedSettings;
  readonly slabs: SlabAllocator;
  /** Per id: -1 when not stored, else its expiry (memcached seconds), 0 for none. */
  private exp = new Float64Array(0);
  private cls = new Uint8Array(0);
  private seg = new Uint8Array(0);
  private flags = new Uint8Array(0);
  /** it->time: when the item was stored or last bumped, in memcached seconds. */
  private time = new Int32Array(0);
  private chunk = new Int32Array(0);
  private bytes = new Uint32Array(0);
  private readonly links = new Links();
  /** One list per class × segment: index class × 3 + segment. */
  private readonly lists: IdList[];
  private readonly segBytes: Float64Array;
  private readonly evicted: Float64Array;
  private readonly outOfMemory: Float64Array;
  private readonly automover: Automover;
  private tooLarge = 0;
  private pageMoves = 0;
  private pageMoveEvictions = 0;
  private pageMoveRescues = 0;
  /** memcached's current_time: whole seconds since the first request. */
  private now = 0;
  private epoch = NaN;
  private readonly timeline: { second: number; pages: number[] }[] = [];

  constructor(readonly ctx: PolicyContext, params: PolicyParams, readonly writeMode: WriteMode = 'update') {
    if (ctx.unit !== 'bytes') throw usageError(`the memcached policy's capacity is its memory (-m): give it in bytes, e.g. --capacity 64MiB (got ${ctx.capacity} objects)`);
    if (ctx.capacity > MAX_PAGES * PAGE_BYTES) throw usageError(`the memcached policy models up to ${MAX_PAGES.toLocaleString('en-US')} pages (64 GiB) of -m per node (got ${ctx.capacity} bytes): simulate one node of a cluster`);
    this.settings = memcachedSettings(params);
    this.slabs = new SlabAllocator(ctx.capacity, this.settings.growthFactor, this.settings.chunkMin);
    const classes = this.slabs.largest + 1;
    this.lists = Array.from({ length: classes * 3 }, () => new IdList(this.links));
    this.segBytes = new Float64Array(classes * 3);
    this.evicted = new Float64Array(classes);
    this.outOfMemory = new Float64Array(classes);
    this.automover = new Automover(classes, this.settings.automoveWindow, this.settings.automoveRatio);
  }

  get capacity(): number {
    return this.ctx.capacity;
  }

  grow(n: number): void {
    if (n <= this.exp.length) return;
    this.exp = growFloat64(this.exp, n, ABSENT);
    this.cls = growUint8(this.cls, n);
    this.seg = growUint8(this.seg, n);
    this.flags = growUint8(this.flags, n);
    this.time = growInt32(this.time, n, 0);
    this.chunk = growInt32(this.chunk, n);
    this.bytes = growUint32(this.bytes, n);
    this.links.grow(this.exp.length);
  }

  isResident(id: number): boolean {
    return id < this.exp.length && this.exp[id]! >= 0;
  }

  finish(): void {}

  processChunk(c: TraceChunk): void {
    for (let from = 0; from < c.length; from += 1024) this.processRange(c, from, Math.min(c.length, from + 1024));
  }

  private processRange(c: TraceChunk, from: number, to: number): void {
    const { times, ids, ops, sizes, ttls, keySizes } = c;
    const k = this.counters;
    const defaultKey = this.settings.keySize;
    for (let i = from; i < to; i++) {
      this.clock(times[i]!);
      const id = ids[i]!;
      const key = keySizes[i]! || defaultKey;
      if (ops[i] === OP_READ) {
        k.reads++;
        const size = sizes[i]!;
        k.bytesRead += size;
        const e = this.exp[id]!;
        if (e >= 0) {
          // do_item_get: expired once exptime <= current_time.
          if (e === 0 || e > this.now) {
            k.hits++;
            k.bytesHit += size;
            this.bump(id);
            continue;
          }
          k.expirations++;
          this.unlink(id);
        }
        k.misses++;
        k.dbReads++;
        this.store(id, key, size, ttls[i]!);
      } else if (ops[i] === OP_WRITE) {
        k.writes++;
        k.dbWrites++;
        if (this.writeMode === 'invalidate') {
          if (this.exp[id]! >= 0) this.unlink(id);
        } else {
          this.store(id, key, sizes[i]!, ttls[i]!);
        }
      } else {
        k.deletes++;
        k.dbWrites++;
        if (this.exp[id]! >= 0) this.unlink(id);
      }
    }
    k.requests += to - from;
  }

  // ---- time: the clock, and what the LRU maintainer does once a second ----

  private clock(t: number): void {
    const s = Math.floor(t);
    if (Number.isNaN(this.epoch)) {
      this.epoch = s;
      this.automover.prime(this.snapshot());
      this.record();
      return;
    }
    const now = s - this.epoch;
    if (now <= this.now) return;
    const first = Math.max(this.now + 1, now - MAX_TICKS_PER_GAP);
    for (let sec = first; sec <= now; sec++) {
      this.now = sec;
      this.tick();
    }
  }

  /** One second of the maintainer: juggle every class, then the automover's decision. */
  private tick(): void {
    for (let c = 1; c <= this.slabs.largest; c++) {
      if (this.slabs.pages[c]!.length > 0) this.juggle(c);
    }
    // Pages taken since the last second, as of its start.
    this.record(this.now - 1);
    if (this.settings.slabAutomove !== 1) return;
    // A page handed to the global pool is followed at once by another look (dst 0 is "more aggressive").
    for (let round = 0; round < 64; round++) {
      const move = this.automover.run(this.snapshot());
      if (!move) break;
      this.movePage(move[0], move[1]);
      if (move[1] !== 0) break;
    }
  }

  private snapshot(): ClassSnapshot[] {
    const out: ClassSnapshot[] = [];
    for (let c = 0; c <= this.slabs.largest; c++) {
      const tail = c > 0 ? this.lists[c * 3 + COLD]!.tail : -1;
      out.push({
        evicted: this.evicted[c]!,
        outOfMemory: this.outOfMemory[c]!,
        age: tail >= 0 ? this.now - this.time[tail]! : 0,
        pages: this.slabs.pages[c]!.length,
        freeChunks: this.slabs.freeChunks(c),
        perPage: this.slabs.perPage[c]!,
      });
    }
    return out;
  }

  // ---- items ----

  /** A hit (do_item_bump): fetched twice makes an item ACTIVE; an ACTIVE item in COLD goes to WARM (the async bump). */
  private bump(id: number): void {
    const f = this.flags[id]!;
    if (f & ACTIVE) return;
    if ((f & FETCHED) === 0) {
      this.flags[id] = f | FETCHED;
      return;
    }
    this.time[id] = this.now;
    if (this.seg[id] !== COLD) {
      this.flags[id] = f | ACTIVE;
      return;
    }
    // do_item_update: COLD and ACTIVE → WARM's head, no longer ACTIVE.
    this.move(id, WARM);
  }

  /**
   * A SET (process_update_command → do_item_alloc → do_store_item): a chunk
   * of the item's class, evicting from its COLD tail if none is free, then
   * the old item (if any) unlinked and the new one linked at HOT's head.
   * A failed allocation unlinks the old item too ("avoid stale data").
   */
  private store(id: number, keyBytes: number, valueBytes: number, ttl: number): void {
    const total = itemSize(keyBytes, valueBytes, this.settings.cas);
    const c = this.slabs.classFor(total);
    const chunk = c === 0 ? -1 : this.allocPull(c, id);
    if (chunk < 0) {
      if (c === 0) this.tooLarge++;
      else this.outOfMemory[c]!++;
      this.counters.rejected++;
      if (this.exp[id]! >= 0) this.unlink(id);
      return;
    }
    // The allocation may have evicted the old copy itself.
    if (this.exp[id]! >= 0) this.unlink(id);
    this.exp[id] = ttl > 0 ? this.now + Math.max(1, Math.round(ttl)) : 0;
    this.cls[id] = c;
    this.seg[id] = HOT;
    this.flags[id] = 0;
    this.time[id] = this.now;
    this.chunk[id] = chunk;
    this.bytes[id] = total;
    this.lists[c * 3 + HOT]!.pushFront(id);
    this.segBytes[c * 3 + HOT]! += total;
    this.used += total;
    this.residents++;
    this.juggle(c);
  }

  /** do_item_alloc_pull: up to 10 tries of allocate, else evict COLD's tail, else push HOT's tail down. */
  private allocPull(c: number, id: number): number {
    for (let i = 0; i < 10; i++) {
      const chunk = this.slabs.alloc(c, id);
      if (chunk >= 0) return chunk;
      if (this.pullTail(c, COLD, 0, true, 0) <= 0) this.pullTail(c, HOT, 0, false, 0);
    }
    return -1;
  }

  /**
   * lru_pull_tail: look at up to five items from a segment's tail. Expired
   * ones are reclaimed and the walk goes on; HOT and WARM send an ACTIVE
   * tail on (HOT → WARM; WARM relinks it and keeps walking) or one over the
   * segment's byte share or idle longer than `maxAge` to COLD; COLD evicts
   * its tail when asked, else sends an ACTIVE one to WARM. Returns how many
   * items it removed or moved.
   */
  private pullTail(c: number, segment: number, totalBytes: number, evict: boolean, maxAge: number): number {
    const list = this.lists[c * 3 + segment]!;
    const prev = this.links.prev;
    let search = list.tail;
    let removed = 0;
    for (let tries = TAIL_TRIES; tries > 0 && search >= 0; tries--) {
      const next = prev[search]!;
      const e = this.exp[search]!;
      if (e !== 0 && e < this.now) {
        this.counters.expirations++;
        this.unlink(search);
        removed++;
        search = next;
        continue;
      }
      if (segment === COLD) {
        if (evict) {
          this.evicted[c]!++;
          this.counters.evictions++;
          this.unlink(search);
          removed++;
        } else if (this.flags[search]! & ACTIVE) {
          this.flags[search]! &= ~ACTIVE;
          this.move(search, WARM);
          removed++;
        }
        return removed;
      }
      // The share is in whole bytes; HOT with a share of 0 falls back to WARM's, as in the source.
      let limit = segment === HOT ? Math.floor((totalBytes * this.settings.hotLruPct) / 100) : 0;
      if (limit === 0) limit = Math.floor((totalBytes * this.settings.warmLruPct) / 100);
      if (this.flags[search]! & ACTIVE) {
        this.flags[search]! &= ~ACTIVE;
        removed++;
        if (segment === WARM) {
          this.move(search, WARM);
          search = next;
          continue;
        }
        this.move(search, WARM);
      } else if (this.segBytes[c * 3 + segment]! > limit || this.now - this.time[search]! > maxAge) {
        this.move(search, COLD);
        removed++;
      }
      return removed;
    }
    return removed;
  }

  /** lru_maintainer_juggle: HOT and WARM drained by share and age (relative to COLD's tail age), COLD's ACTIVE tail rescued. */
  private juggle(c: number): void {
    const base = c * 3;
    const coldTail = this.lists[base + COLD]!.tail;
    const coldAge = coldTail >= 0 ? this.now - this.time[coldTail]! : 0;
    const hotAge = Math.floor(coldAge * this.settings.hotMaxFactor);
    const warmAge = Math.floor(coldAge * this.settings.warmMaxFactor);
    const total = this.segBytes[base + HOT]! + this.segBytes[base + WARM]! + this.segBytes[base + COLD]!;
    for (let i = 0; i < 500; i++) {
      let more = this.pullTail(c, HOT, total, false, hotAge) > 0 || this.pullTail(c, WARM, total, false, warmAge) > 0 ? 1 : 0;
      more += this.pullTail(c, COLD, total, false, 0);
      if (more === 0) break;
    }
  }

  /** To the head of another segment (or of its own), keeping its time. */
  private move(id: number, to: number): void {
    const base = this.cls[id]! * 3;
    const from = this.seg[id]!;
    const b = this.bytes[id]!;
    this.lists[base + from]!.remove(id);
    this.segBytes[base + from]! -= b;
    this.lists[base + to]!.pushFront(id);
    this.segBytes[base + to]! += b;
    this.seg[id] = to;
  }

  /** The item leaves (deleted, expired, evicted); its chunk is freed unless its page is being moved. */
  private unlink(id: number, freeChunk = true): void {
    const slot = this.cls[id]! * 3 + this.seg[id]!;
    this.lists[slot]!.remove(id);
    this.segBytes[slot]! -= this.bytes[id]!;
    if (freeChunk) this.slabs.release(this.chunk[id]!);
    else this.slabs.vacate(this.chunk[id]!);
    this.exp[id] = ABSENT;
    this.used -= this.bytes[id]!;
    this.residents--;
  }

  // ---- the page mover (slabs.c slab_rebalance_start / _move / _finish) ----

  private movePage(src: number, dst: number): void {
    if (this.slabs.pages[src]!.length < 2) return;
    const { page, residents } = this.slabs.detachFirstPage(src);
    for (const id of residents) {
      const e = this.exp[id]!;
      if (e !== 0 && e < this.now) {
        this.counters.expirations++;
        this.unlink(id, false);
        continue;
      }
      const fresh = this.slabs.alloc(src, id, false);
      if (fresh < 0) {
        this.pageMoveEvictions++;
        this.unlink(id, false);
        continue;
      }
      // A rescue is copied and relinked (do_item_replace): head of its segment, time now.
      this.slabs.vacate(this.chunk[id]!);
      this.chunk[id] = fresh;
      this.time[id] = this.now;
      this.move(id, this.seg[id]!);
      this.pageMoveRescues++;
    }
    this.slabs.attachPage(page, dst);
    this.pageMoves++;
    this.record();
  }

  /** A sample of pages per class at `second` (default now), when they changed since the last one. */
  private record(second = this.now): void {
    const pages = this.slabs.pages.map((p) => p.length);
    const last = this.timeline[this.timeline.length - 1];
    if (last && pages.every((n, c) => n === last.pages[c])) return;
    if (last && last.second >= second) last.pages = pages;
    else this.timeline.push({ second, pages });
  }

  // ---- reports ----

  classReport(): MemcachedClassReport[] {
    const out: MemcachedClassReport[] = [];
    for (let c = 1; c <= this.slabs.largest; c++) {
      const pages = this.slabs.pages[c]!.length;
      const hot = this.lists[c * 3 + HOT]!.size;
      const warm = this.lists[c * 3 + WARM]!.size;
      const cold = this.lists[c * 3 + COLD]!.size;
      if (pages === 0 && hot + warm + cold === 0 && this.evicted[c] === 0) continue;
      out.push({
        class: c, chunkSize: this.slabs.chunkSize[c]!, pages, items: hot + warm + cold, hot, warm, cold,
        freeChunks: this.slabs.freeChunks(c), evictions: this.evicted[c]!,
      });
    }
    return out;
  }

  report(): MemcachedReport {
    // Close the timeline with the final state, so a chart runs to the end.
    this.record();
    const end = this.timeline[this.timeline.length - 1];
    if (end && end.second < this.now) this.timeline.push({ second: this.now, pages: end.pages });
    const used = new Set<number>();
    for (const s of this.timeline) s.pages.forEach((n, c) => { if (c > 0 && n > 0) used.add(c); });
    const classes = [...used].sort((a, b) => a - b);
    return {
      memoryLimit: this.ctx.capacity,
      pagesMalloced: this.slabs.malloced / PAGE_BYTES,
      poolPages: this.slabs.poolPages,
      keySize: this.settings.keySize,
      pageMoves: this.pageMoves,
      pageMoveEvictions: this.pageMoveEvictions,
      pageMoveRescues: this.pageMoveRescues,
      outOfMemory: this.outOfMemory.reduce((a, b) => a + b, 0),
      tooLarge: this.tooLarge,
      classes: this.classReport(),
      pagesOverTime: {
        seconds: this.timeline.map((s) => s.second),
        classes,
        pages: this.timeline.map((s) => classes.map((c) => s.pages[c] ?? 0)),
      },
    };
  }

  result(): MemcachedFields {
    return { memcached: this.report() };
  }

  /** Invariants, for tests: list sizes, byte totals and chunk ownership agree. */
  check(): string | undefined {
    let items = 0;
    let bytes = 0;
    for (let c = 1; c <= this.slabs.largest; c++) {
      let inClass = 0;
      for (let s = 0; s < 3; s++) {
        let sum = 0;
        for (const id of this.lists[c * 3 + s]!.toArray()) {
          if (this.exp[id]! < 0 || this.cls[id] !== c || this.seg[id] !== s) return `item ${id} listed in class ${c} segment ${s} but marked ${this.cls[id]}/${this.seg[id]}`;
          sum += this.bytes[id]!;
          inClass++;
        }
        if (sum !== this.segBytes[c * 3 + s]) return `class ${c} segment ${s}: ${sum} bytes listed, ${this.segBytes[c * 3 + s]} counted`;
        bytes += sum;
      }
      const capacity = this.slabs.pages[c]!.length * this.slabs.perPage[c]!;
      if (inClass + this.slabs.freeChunks(c) !== capacity) return `class ${c}: ${inClass} items + ${this.slabs.freeChunks(c)} free chunks ≠ ${capacity} chunks`;
      items += inClass;
    }
    if (items !== this.residents) return `${items} items listed, ${this.residents} counted`;
    if (bytes !== this.used) return `${bytes} bytes listed, ${this.used} counted`;
    const pages = this.slabs.pages.reduce((n, p) => n + p.length, 0);
    if (pages * PAGE_BYTES !== this.slabs.malloced) return `${pages} pages held, ${this.slabs.malloced / PAGE_BYTES} malloced`;
    return undefined;
  }
}
