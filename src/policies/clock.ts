import { Policy, type PolicyContext } from './policy.js';
import { growUint8 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';
import { IdList, Links } from './structures/id-list.js';

/**
 * CLOCK (Corbató, 1968), written as FIFO with reinsertion ("second chance"),
 * as libCacheSim does: a hit raises the key's counter (one reference bit by
 * default; with `bits` = n it counts up to 2^n − 1); the victim search looks
 * at the oldest key and, while its counter is above zero, lowers it and
 * moves the key to the newest end.
 */
export class ClockPolicy extends Policy {
  private readonly links = new Links();
  private readonly list = new IdList(this.links);
  private freq = new Uint8Array(0);
  private readonly maxFreq: number;

  constructor(ctx: PolicyContext, bits = 1) {
    super(ctx);
    this.maxFreq = (1 << bits) - 1;
  }

  override grow(n: number): void {
    this.links.grow(n);
    this.freq = growUint8(this.freq, n);
  }

  onInsert(id: number): void {
    this.freq[id] = 0;
    this.list.pushFront(id);
  }

  onHit(id: number): void {
    if (this.freq[id]! < this.maxFreq) this.freq[id]!++;
  }

  onRemove(id: number): void {
    this.list.remove(id);
  }

  victim(): number {
    const list = this.list;
    const freq = this.freq;
    let id = list.tail;
    // Terminates: every pass lowers a counter, and counters are bounded.
    while (id >= 0 && freq[id]! > 0) {
      freq[id]!--;
      list.moveToFront(id);
      id = list.tail;
    }
    return id;
  }

  /** The key's reference count (for tests). */
  referenceCount(id: number): number {
    return this.freq[id]!;
  }

  /** Ids from newest to oldest (for tests). */
  order(): number[] {
    return this.list.toArray();
  }

  check(residents: number): string | undefined {
    return this.list.size === residents ? undefined : `list holds ${this.list.size}, store ${residents}`;
  }
}

export const clock: PolicyInfo = {
  name: 'clock',
  family: 'linked',
  paper: 'Corbató, MIT Project MAC 1968',
  description: 'CLOCK / second chance: FIFO that gives a key referenced since its last pass another round.',
  params: [
    {
      name: 'bits',
      kind: 'integer',
      default: 1,
      min: 1,
      max: 7,
      description: 'bits of the reference counter: 1 is classic CLOCK (libCacheSim\'s default too), n counts hits up to 2^n − 1',
    },
  ],
  create: (ctx, params: PolicyParams) => new ClockPolicy(ctx, Number(params['bits'] ?? 1)),
};
