import { growUint8 } from '../core/typed-arrays.js';
import type { Admission } from './admission.js';

/**
 * Admit on second sight (Maggs and Sitaraman, "Algorithmic nuggets in
 * content delivery", 2015: Akamai's cache-on-second-hit rule against
 * one-hit wonders): a key's first miss only records it; a later miss
 * admits it. The record is exact, one bit per key id, as libCacheSim's
 * `bloomfilter` admission (a hash table of seen keys) keeps it: a real
 * Bloom filter's false positives would only admit a few more first sights.
 */
export class SecondSight implements Admission {
  private seen = new Uint8Array(0);

  grow(n: number): void {
    this.seen = growUint8(this.seen, n);
  }

  admit(id: number): boolean {
    if (this.seen[id] === 1) return true;
    this.seen[id] = 1;
    return false;
  }

  onHit(): void {}
}
