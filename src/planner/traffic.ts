import { usageError } from '../core/errors.js';

/**
 * What a cache tier serves at peak, cache-aside: every request is an
 * operation, and so is the SET that fills each miss. Bytes on the wire are
 * the keys and values plus each message's framing; TCP/IP headers are not
 * counted (docs/planning.md).
 */
export interface TrafficInput {
  /** Peak requests per second from the application (reads + writes). */
  peakQps: number;
  /** Share of requests that are writes (SETs). */
  writeRatio: number;
  /** The hit ratio the tier is sized for. */
  hitRatio: number;
  keySize: number;
  /** Mean value size, bytes. */
  valueSize: number;
  /** Replicas per shard: each write and fill is sent on to each of them. */
  replicas: number;
}

export interface Traffic {
  reads: number;
  writes: number;
  /** SETs after misses. */
  fills: number;
  /** reads + writes + fills: what a node's operations per second are spent on. */
  opsPerSecond: number;
  /** Into the primaries: GETs, and SETs with their values. */
  bytesInPerSecond: number;
  /** Out of the primaries: hits' values, replies, and replication to the replicas. */
  bytesOutPerSecond: number;
}

/**
 * Framing per message besides its key and value: about this much in both
 * memcached's text protocol ("get k\r\n", "VALUE k 0 2048\r\n…\r\nEND\r\n",
 * "set k 0 0 2048\r\n…\r\n", "STORED\r\n") and RESP ("*2\r\n$3\r\nGET\r\n$n\r\nk\r\n",
 * "$2048\r\n…\r\n", "+OK\r\n").
 */
export const MESSAGE_FRAMING_BYTES = 32;

export function peakTraffic(t: TrafficInput): Traffic {
  const reads = t.peakQps * (1 - t.writeRatio);
  const writes = t.peakQps * t.writeRatio;
  const hits = reads * t.hitRatio;
  const fills = reads - hits;
  const stores = writes + fills;
  const request = t.keySize + MESSAGE_FRAMING_BYTES;
  const stored = t.keySize + t.valueSize + MESSAGE_FRAMING_BYTES;
  return {
    reads,
    writes,
    fills,
    opsPerSecond: reads + writes + fills,
    bytesInPerSecond: reads * request + stores * stored,
    // Hits return key and value; misses and stores a short reply; replicas get every store.
    bytesOutPerSecond: hits * stored + (fills + stores) * MESSAGE_FRAMING_BYTES + stores * stored * t.replicas,
  };
}

/** "10Gbit/s", "10Gbps", "1.25GB/s", "800MB/s", "25Gb" → bytes per second (bits are ÷ 8; k, M, G are powers of 1000). */
export function parseBandwidth(text: string, flag = '--node-bandwidth'): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([kmgt]?)(bit|bps|b|byte|bytes|B)?(?:\/s|ps)?\s*$/i.exec(text);
  if (!m) throw usageError(`${flag} "${text}" is not a bandwidth: use e.g. 10Gbit/s, 25Gbps or 1.25GB/s`);
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't']!;
  const unit = m[3] ?? '';
  // A capital B or "byte" is bytes; b, bit, bps and a bare number are bits per second, as NICs are rated.
  const bytes = unit.startsWith('B') || /^byte/i.test(unit);
  const v = (Number(m[1]) * scale) / (bytes ? 1 : 8);
  if (!(v > 0)) throw usageError(`${flag} "${text}" must be above 0`);
  return v;
}
