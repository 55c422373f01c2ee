import { Policy, type PolicyContext } from '../policy.js';
import { growFloat64, growUint8 } from '../../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from '../registry-types.js';
import { IdList, Links } from '../structures/id-list.js';

const NONE = 0;
const PROBATION = 1;
const MAIN = 2;
const GHOST = 3;

/**
 * QD-LP (Yang, Zhang, Qiu, Yue and Rashmi, HotOS 2023: "FIFO can be better
 * than LRU: the power of lazy promotion and quick demotion"), as
 * libCacheSim's `QDLP.c` with its regression test's main cache: new keys
 * enter a small FIFO probation queue (`probation-ratio` of the cache); a
 * key found in the ghost FIFO of keys demoted from probation goes straight
 * to main, a CLOCK with `main-bits`-bit counters holding the rest.
 *
 * Quick demotion: while probation holds anything, evicting takes its oldest
 * key: hit at least `move-threshold` times while there, it moves to main
 * (main making room by its own CLOCK first); else it leaves into the ghost
 * queue (`ghost-ratio` of the cache, in the store's unit). Probation is thus
 * not capped at its share: it holds whatever main does not use. Lazy
 * promotion: a hit only counts.
 */
export class QdlpPolicy extends Policy {
  private readonly links = new Links();
  private readonly probation = new IdList(this.links);
  private readonly main = new IdList(this.links);
  private readonly ghost = new IdList(this.links);
  private where = new Uint8Array(0);
  /** Hits while in probation, or the main CLOCK counter. */
  private count = new Uint8Array(0);
  private cost = new Float64Array(0);
  private mainUsed = 0;
  private ghostUsed = 0;
  private readonly probationCap: number;
  private readonly mainCap: number;
  private readonly ghostCap: number;
  private readonly maxCount: number;
  private readonly threshold: number;

  constructor(ctx: PolicyContext, probationRatio = 0.1, ghostRatio = 0.9, mainBits = 2, threshold = 1) {
    super(ctx);
    // Rounded down as libCacheSim's int64 casts.
    this.probationCap = Math.floor(ctx.capacity * probationRatio);
    this.mainCap = ctx.capacity - this.probationCap;
    this.ghostCap = Math.floor(ctx.capacity * ghostRatio);
    this.maxCount = (1 << mainBits) - 1;
    this.threshold = threshold;
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.where = growUint8(this.where, n);
    this.count = growUint8(this.count, n);
    this.cost = growFloat64(this.cost, n);
  }

  onInsert(id: number, size: number): void {
    this.cost[id] = size;
    this.count[id] = 0;
    if (this.where[id] === GHOST) {
      this.dropGhost(id);
      this.toMain(id);
    } else {
      this.where[id] = PROBATION;
      this.probation.pushFront(id);
    }
  }

  onHit(id: number, _now?: number): void {
    const c = this.count[id]!;
    if (this.where[id] === PROBATION) {
      if (c < 255) this.count[id] = c + 1;
    } else if (c < this.maxCount) {
      this.count[id] = c + 1;
    }
  }

  override onWrite(id: number, size: number): void {
    if (this.where[id] === MAIN) this.mainUsed += size - this.cost[id]!;
    this.cost[id] = size;
    this.onHit(id);
  }

  onRemove(id: number): void {
    this.leave(id, false);
  }

  override onEvict(id: number): void {
    this.leave(id, true);
  }

  private leave(id: number, evicted: boolean): void {
    const w = this.where[id];
    if (w === MAIN) {
      this.main.remove(id);
      this.mainUsed -= this.cost[id]!;
      this.where[id] = NONE;
    } else {
      this.probation.remove(id);
      this.where[id] = NONE;
      if (evicted) this.addGhost(id);
    }
  }

  victim(_now: number, incoming = -1, size = 0): number {
    // libCacheSim admits nothing larger than probation, ghost or not.
    if (incoming >= 0 && size > this.probationCap) return -1;
    // Main over its share (a write grew a key, or bytes after a move): its CLOCK gives up a key.
    if (this.mainUsed > this.mainCap && this.main.size > 0) return this.mainVictim();
    for (;;) {
      const id = this.probation.tail;
      if (id < 0) return this.mainVictim();
      if (this.count[id]! < this.threshold) return id;
      // Promote: main makes room first, as libCacheSim's main cache does on insert.
      this.probation.remove(id);
      const v = this.mainUsed + this.cost[id]! > this.mainCap && this.main.size > 0 ? this.mainVictim() : -1;
      this.count[id] = 0;
      this.toMain(id);
      if (v >= 0) return v;
    }
  }

  /** A ghost hit overfilled main: its CLOCK gives up keys now, as libCacheSim's main cache does on insert. */
  surplus(): number {
    if (this.mainUsed <= this.mainCap || this.main.size === 0) return -1;
    return this.mainVictim();
  }

  check(residents: number): string | undefined {
    const held = this.probation.size + this.main.size;
    if (held !== residents) return `probation ${this.probation.size} + main ${this.main.size}, store ${residents}`;
    if (this.ghostUsed > this.ghostCap) return `ghost holds ${this.ghostUsed}, more than ${this.ghostCap}`;
    return undefined;
  }

  /** Which queue the id is in (for tests). */
  queueOf(id: number): 'probation' | 'main' | 'ghost' | 'none' {
    return (['none', 'probation', 'main', 'ghost'] as const)[this.where[id]!]!;
  }

  private toMain(id: number): void {
    this.where[id] = MAIN;
    this.main.pushFront(id);
    this.mainUsed += this.cost[id]!;
  }

  /** CLOCK over main: a referenced oldest key loses one count and goes round again. */
  private mainVictim(): number {
    const main = this.main;
    const count = this.count;
    let id = main.tail;
    while (id >= 0 && count[id]! > 0) {
      count[id] = count[id]! - 1;
      main.moveToFront(id);
      id = main.tail;
    }
    return id;
  }

  private addGhost(id: number): void {
    if (this.ghostCap <= 0) return;
    this.where[id] = GHOST;
    this.ghost.pushFront(id);
    this.ghostUsed += this.cost[id]!;
    while (this.ghostUsed > this.ghostCap) this.dropGhost(this.ghost.tail);
  }

  private dropGhost(id: number): void {
    this.ghost.remove(id);
    this.ghostUsed -= this.cost[id]!;
    this.where[id] = NONE;
  }
}

export const qdlp: PolicyInfo = {
  name: 'qdlp',
  family: 'queues',
  paper: 'Yang, Zhang, Qiu, Yue and Rashmi, HotOS 2023',
  description: 'QD-LP: quick demotion through a small FIFO probation queue (with a ghost queue), lazy promotion into a CLOCK main cache.',
  params: [
    { name: 'probation-ratio', kind: 'number', default: 0.1, min: 0.001, max: 0.999, description: 'probation FIFO\'s share of the cache (libCacheSim\'s fifo-size-ratio, 0.10)' },
    { name: 'ghost-ratio', kind: 'number', default: 0.9, min: 0, max: 10, description: 'ghost queue of demoted keys, as a share of the cache (libCacheSim\'s 0.9)' },
    { name: 'main-bits', kind: 'integer', default: 2, min: 1, max: 7, description: 'bits of main CLOCK\'s counters (libCacheSim\'s test: Clock2)' },
    { name: 'move-threshold', kind: 'integer', default: 1, min: 1, max: 255, description: 'hits in probation that move a key to main rather than out (libCacheSim\'s 1)' },
  ],
  create: (ctx, p: PolicyParams) => new QdlpPolicy(ctx, Number(p['probation-ratio'] ?? 0.1), Number(p['ghost-ratio'] ?? 0.9), Number(p['main-bits'] ?? 2), Number(p['move-threshold'] ?? 1)),
};
