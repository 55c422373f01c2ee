import { createRequire } from 'node:module';
import type { NodeOwnership, Sharding } from './sharding.js';
import { nodeName } from './sharding.js';

type Md5 = (text: string) => Buffer;
let md5: Md5 | undefined;

/** MD5 digest of the text's UTF-8 bytes; node:crypto is loaded on first use (start-up time). */
function digest(text: string): Buffer {
  if (md5 === undefined) {
    const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
    md5 = (t) => crypto.createHash('md5').update(t, 'utf8').digest();
  }
  return md5(text);
}

/** libketama's 32-bit point from 4 bytes of an MD5 digest, little-endian. */
function point(d: Buffer, at: number): number {
  return ((d[at + 3]! << 24) | (d[at + 2]! << 16) | (d[at + 1]! << 8) | d[at]!) >>> 0;
}

/** A key's position on the ring: the first 4 bytes of MD5(key), as libketama hashes keys. */
export function ketamaHash(key: string): number {
  return point(digest(key), 0);
}

/**
 * Consistent hashing with virtual nodes, as libketama (last.fm's memcached
 * client library) builds its continuum: each node is hashed as MD5 of
 * "name-i" for i = 0, 1, …, each digest giving four 32-bit points, until the
 * node has `vnodes` points (libketama: 160 = 40 digests × 4). A key belongs to
 * the first point at or after MD5(key) on the ring, wrapping past the top.
 * Adding a node moves only the keys that fall on its new arcs: about
 * 1/(N+1) of them.
 */
export class KetamaSharding implements Sharding {
  readonly scheme = 'ketama' as const;
  /** Ring points in ascending order, and the node each belongs to. */
  readonly points: Uint32Array;
  readonly owners: Uint16Array;

  constructor(readonly nodes: number, readonly vnodes = 160) {
    const all: { p: number; node: number }[] = [];
    for (let node = 0; node < nodes; node++) {
      const name = nodeName(node);
      for (let i = 0, made = 0; made < vnodes; i++) {
        const d = digest(`${name}-${i}`);
        for (let h = 0; h < 4 && made < vnodes; h++, made++) all.push({ p: point(d, h * 4), node });
      }
    }
    // Equal points (rare) go to the lower node, so the ring does not depend on sort stability.
    all.sort((a, b) => a.p - b.p || a.node - b.node);
    this.points = Uint32Array.from(all, (x) => x.p);
    this.owners = Uint16Array.from(all, (x) => x.node);
  }

  /** The node owning ring position h: the first point ≥ h, or the first point when h is past the last. */
  nodeAt(h: number): number {
    const pts = this.points;
    let lo = 0;
    let hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pts[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === pts.length ? 0 : lo]!;
  }

  nodeOf(key: string): number {
    return this.nodeAt(ketamaHash(key));
  }

  describe(node: number): NodeOwnership {
    const pts = this.points;
    const n = pts.length;
    let arc = 0;
    for (let i = 0; i < n; i++) {
      if (this.owners[i] !== node) continue;
      // The arc ending at point i: from the previous point (the last one, wrapping, for i = 0).
      arc += i === 0 ? pts[0]! + (2 ** 32 - pts[n - 1]!) : pts[i]! - pts[i - 1]!;
    }
    return { vnodes: this.vnodes, ringShare: arc / 2 ** 32 };
  }
}
