import { keySlot, SLOT_COUNT } from './crc16.js';
import type { NodeOwnership, Sharding } from './sharding.js';

/**
 * The slot ranges of `nodes` primaries, split as `redis-cli --cluster create`
 * splits them: contiguous ranges of 16384 / nodes slots, the boundaries
 * rounded to the nearest slot, the last node taking the rest (three nodes:
 * 0-5460, 5461-10922, 10923-16383). Each range is [first, last], inclusive.
 */
export function splitSlots(nodes: number): [number, number][] {
  const per = SLOT_COUNT / nodes;
  const ranges: [number, number][] = [];
  let first = 0;
  let cursor = 0;
  for (let i = 0; i < nodes; i++) {
    let last = Math.round(cursor + per - 1);
    if (last > SLOT_COUNT || i === nodes - 1) last = SLOT_COUNT - 1;
    if (last < first) last = first;
    ranges.push([first, last]);
    first = last + 1;
    cursor += per;
  }
  return ranges;
}

/** Redis Cluster placement: key → CRC16 slot (hash tags honoured) → the node owning that slot. */
export class SlotSharding implements Sharding {
  readonly scheme = 'slots' as const;
  readonly ranges: [number, number][];
  /** Owner node of each slot. */
  private readonly owner: Uint16Array;

  constructor(readonly nodes: number) {
    if (nodes > SLOT_COUNT) throw new RangeError(`at most ${SLOT_COUNT} nodes with hash slots`);
    this.ranges = splitSlots(nodes);
    this.owner = new Uint16Array(SLOT_COUNT);
    this.ranges.forEach(([a, b], node) => this.owner.fill(node, a, b + 1));
  }

  slotOwner(slot: number): number {
    return this.owner[slot]!;
  }

  nodeOf(key: string): number {
    return this.owner[keySlot(key)]!;
  }

  describe(node: number): NodeOwnership {
    const [a, b] = this.ranges[node]!;
    return { slots: b - a + 1, slotRanges: `${a}-${b}`, ringShare: (b - a + 1) / SLOT_COUNT };
  }
}
