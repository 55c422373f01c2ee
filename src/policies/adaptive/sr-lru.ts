import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64, growUint8 } from '../../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { IdList, Links } from '../structures/id-list.js';

const NONE = 0;
const SR = 1;
const R = 2;
const HISTORY = 3;

/** Per-id marks: came in new and not yet reused, or demoted from R to SR. */
const NEW = 1;
const DEMOTED = 2;

/**
 * SR-LRU, the scan-resistant LRU expert of Cacheus (Rodriguez, Yusuf,
 * Lyons, Paz, Rangaswami, Liu, Zhao and Narasimhan, FAST 2021), as
 * libCacheSim's `SR_LRU.c`: a new key enters SR, an LRU list; a hit in SR
 * moves the key to R, the LRU list of keys with reuse, and R's overflow goes
 * back to SR's front (demoted). Evictions take SR's LRU key (R's when SR is
 * empty) into H, an LRU history of the cache's size; a missed key found in
 * H enters R directly. SR's share adapts (`adapt=1`): a hit on a demoted key
 * shrinks SR by max(1, ⌊new-in-H / demoted⌋ + 0.5) units, a return from H
 * of a key that left new grows it by max(1, ⌊demoted / new-in-H⌋ + 0.5).
 * It starts at half the cache. Unlike libCacheSim, SR may use space R leaves
 * free: the store evicts only when the whole cache is full.
 */
export class SrLruPolicy extends Policy {
  private readonly links = new Links();
  private readonly sr = new IdList(this.links);
  private readonly r = new IdList(this.links);
  private readonly history = new IdList(this.links);
  private where = new Uint8Array(0);
  private marks = new Uint8Array(0);
  private cost = new Float64Array(0);
  private srUsed = 0;
  private rUsed = 0;
  private historyUsed = 0;
  /** SR's share, in the store's unit; R's is the rest. */
  srCap: number;
  private newInHistory = 0;
  private demoted = 0;
  private lastVictim = -1;

  constructor(ctx: PolicyContext, private readonly adapt = true, private readonly strict = true) {
    super(ctx);
    this.srCap = ctx.capacity / 2;
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.marks = growUint8(this.marks, n);
    this.cost = growFloat64(this.cost, n);
  }

  private get rCap(): number {
    return this.ctx.capacity - this.srCap;
  }

  onInsert(id: number, size: number): void {
    if (this.where[id] === HISTORY) {
      const leftNew = (this.marks[id]! & NEW) !== 0;
      this.dropHistory(id);
      this.cost[id] = size;
      this.marks[id] = 0;
      this.makeRoomInR(size);
      this.toR(id);
      if (leftNew && this.adapt) {
        const delta = Math.max(1, Math.floor(this.demoted / Math.max(1, this.newInHistory)) + 0.5);
        this.srCap = Math.min(this.srCap + delta, Math.max(1, this.srUsed + this.rUsed - 1));
      }
      return;
    }
    this.cost[id] = size;
    this.marks[id] = NEW;
    this.where[id] = SR;
    this.sr.pushFront(id);
    this.srUsed += size;
  }

  onHit(id: number): void {
    if (this.where[id] === R) {
      this.r.moveToFront(id);
      return;
    }
    // Reused in SR: into R, whose overflow is demoted to SR.
    const wasDemoted = (this.marks[id]! & DEMOTED) !== 0;
    this.sr.remove(id);
    this.srUsed -= this.cost[id]!;
    this.toR(id);
    this.makeRoomInR(0);
    this.marks[id] = 0;
    if (wasDemoted) {
      this.demoted--;
      if (this.adapt) {
        const delta = Math.max(1, Math.floor(this.newInHistory / Math.max(1, this.demoted + 1)) + 0.5);
        this.srCap = Math.max(1, this.srCap - delta);
      }
    }
  }

  override onWrite(id: number, size: number): void {
    const d = size - this.cost[id]!;
    if (this.where[id] === R) this.rUsed += d;
    else this.srUsed += d;
    this.cost[id] = size;
    this.onHit(id);
  }

  onRemove(id: number): void {
    const size = this.cost[id]!;
    if (this.where[id] === R) {
      this.r.remove(id);
      this.rUsed -= size;
    } else {
      this.sr.remove(id);
      this.srUsed -= size;
    }
    const m = this.marks[id]!;
    if (m & DEMOTED) this.demoted--;
    this.where[id] = NONE;
    if (id === this.lastVictim) this.toHistory(id, m & NEW);
    this.lastVictim = -1;
  }

  victim(_now: number, incoming = -1, size = 0): number {
    // A key coming back from H goes to R: R's overflow is demoted first, as libCacheSim.
    if (incoming >= 0 && this.where[incoming] === HISTORY) this.makeRoomInR(size);
    return (this.lastVictim = this.sr.size > 0 ? this.sr.tail : this.r.tail);
  }

  /** SR over its own share: its LRU key leaves, even with room elsewhere, as libCacheSim's SR list (`strict=1`). */
  surplus(): number {
    if (!this.strict || this.srUsed <= this.srCap || this.sr.size === 0) return -1;
    return (this.lastVictim = this.sr.tail);
  }

  /** The id is about to be evicted (by whichever expert chose it, in Cacheus): it goes to history. */
  evicting(id: number): void {
    this.lastVictim = id;
  }

  check(residents: number): string | undefined {
    const n = this.sr.size + this.r.size;
    if (n !== residents) return `SR ${this.sr.size} + R ${this.r.size}, store ${residents}`;
    if (this.historyUsed > this.ctx.capacity) return 'history is over the cache size';
    return undefined;
  }

  /** Which list holds the id (for tests). */
  listOf(id: number): 'SR' | 'R' | 'H' | 'none' {
    return (['none', 'SR', 'R', 'H'] as const)[this.where[id]!]!;
  }

  private toR(id: number): void {
    this.where[id] = R;
    this.r.pushFront(id);
    this.rUsed += this.cost[id]!;
  }

  /** R over its share (with `extra` more coming): its LRU keys go to SR's front, marked demoted. */
  private makeRoomInR(extra: number): void {
    while (this.r.size > 0 && this.rUsed + extra > this.rCap) {
      const d = this.r.popBack();
      this.rUsed -= this.cost[d]!;
      this.where[d] = SR;
      this.sr.pushFront(d);
      this.srUsed += this.cost[d]!;
      if (!(this.marks[d]! & DEMOTED)) {
        this.marks[d]! |= DEMOTED;
        this.demoted++;
      }
    }
  }

  private toHistory(id: number, leftNew: number): void {
    this.where[id] = HISTORY;
    this.marks[id] = leftNew;
    if (leftNew) this.newInHistory++;
    this.history.pushFront(id);
    this.historyUsed += this.cost[id]!;
    while (this.historyUsed > this.ctx.capacity) this.dropHistory(this.history.tail);
  }

  private dropHistory(id: number): void {
    this.history.remove(id);
    this.historyUsed -= this.cost[id]!;
    if (this.marks[id]! & NEW) this.newInHistory--;
    this.where[id] = NONE;
  }
}

export const srLru: PolicyInfo = {
  name: 'sr-lru',
  family: 'adaptive',
  paper: 'Rodriguez et al. (Cacheus), FAST 2021',
  description: 'SR-LRU, Cacheus\'s scan-resistant expert: new keys in SR, reused keys in R, a history that sends returning keys to R; SR\'s share adapts.',
  params: [
    { name: 'adapt', kind: 'integer', default: 1, min: 0, max: 1, description: '1 = SR\'s share adapts to demoted hits and returns from history; 0 = fixed at half' },
    { name: 'strict', kind: 'integer', default: 1, min: 0, max: 1, description: '1 = SR never exceeds its share, evicting even while R has room (libCacheSim); 0 = SR may use R\'s free space' },
  ],
  create: (ctx, p: PolicyParams) => new SrLruPolicy(ctx, Number(p['adapt'] ?? 1) === 1, Number(p['strict'] ?? 1) === 1),
};
