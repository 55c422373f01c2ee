import { Rng } from '../core/rng.js';
import type { Admission, AdmissionContext } from './admission.js';

/** Admit each missed key with probability p (seeded), as libCacheSim's `prob` admission. */
export class Probabilistic implements Admission {
  private readonly rng: Rng;

  constructor(ctx: AdmissionContext, private readonly p: number) {
    this.rng = new Rng(ctx.seed, 'admission-prob');
  }

  grow(): void {}

  admit(): boolean {
    return this.rng.next() < this.p;
  }

  onHit(): void {}
}
