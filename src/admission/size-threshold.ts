import type { Admission } from './admission.js';

/** Admit only values of at most `max` bytes, as libCacheSim's `size` admission. */
export class SizeThreshold implements Admission {
  constructor(private readonly max: number) {}

  grow(): void {}

  admit(_id: number, size: number): boolean {
    return size <= this.max;
  }

  onHit(): void {}
}
