import { Rng } from '../core/rng.js';
import { Policy, type PolicyContext } from './policy.js';
import { growInt32 } from '../core/typed-arrays.js';
import type { PolicyInfo, PolicyParams } from './registry-types.js';

/**
 * Hyperbolic caching (Blankstein, Sen and Freedman, USENIX ATC 2017): a
 * key's priority is its hits (counting the access that brought it in)
 * divided by the time it has spent in the cache, measured in requests.
 * Evicting scans `samples` residents drawn at random (seeded, with
 * replacement) and takes the lowest priority, so no ordered structure is
 * kept and priorities can change without reordering anything. Ties go to
 * the first drawn.
 */
export class HyperbolicPolicy extends Policy {
  private readonly samples: number;
  /**
   * A xorshift32 state seeded from the project's Rng: 64 draws per eviction
   * through seedrandom made it most of this policy's run time.
   */
  private state: number;
  // Residents in a dense array (swap-remove), their counts beside them, so a
  // sample reads one slot rather than chasing ids.
  private slotOf = new Int32Array(0);
  private ids = new Int32Array(16);
  /**
   * Per slot: hits at 2·slot, the request it came in at (mod 2^32) at
   * 2·slot + 1: 8 bytes a resident, so samples stay in the CPU's cache.
   */
  private data = new Uint32Array(32);
  private count = 0;

  constructor(ctx: PolicyContext, samples = 64) {
    super(ctx);
    this.samples = samples;
    const rng = new Rng(ctx.seed, 'hyperbolic');
    // Any non-zero 32-bit state.
    this.state = (Math.floor(rng.next() * 0xffffffff) | 0) || 1;
  }

  override grow(n: number): void {
    this.slotOf = growInt32(this.slotOf, n);
  }

  onInsert(id: number): void {
    if (this.count === this.ids.length) this.enlarge();
    const s = this.count++;
    this.slotOf[id] = s;
    this.ids[s] = id;
    this.data[2 * s] = 1;
    this.data[2 * s + 1] = this.ctx.request >>> 0;
  }

  onHit(id: number): void {
    const i = 2 * this.slotOf[id]!;
    if (this.data[i]! < 0xffffffff) this.data[i]!++;
  }

  onRemove(id: number): void {
    const s = this.slotOf[id]!;
    const last = --this.count;
    if (s !== last) {
      const moved = this.ids[last]!;
      this.ids[s] = moved;
      this.data[2 * s] = this.data[2 * last]!;
      this.data[2 * s + 1] = this.data[2 * last + 1]!;
      this.slotOf[moved] = s;
    }
    this.slotOf[id] = -1;
  }

  victim(): number {
    const n = this.count;
    if (n === 0) return -1;
    // +1: a key inserted by this very request has been in for one request.
    const now = (this.ctx.request + 1) >>> 0;
    const data = this.data;
    // xorshift32 (Marsaglia) in a local for the loop.
    let x = this.state;
    let best = 0;
    // Compare hits/age as cross products: no division per sample.
    let bestHits = 1;
    let bestAge = 0;
    // A uniform 32-bit draw times n / 2^32 is a uniform slot in [0, n).
    const scale = n * 2.3283064365386963e-10;
    const samples = this.samples;
    for (let k = 0; k < samples; k++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const slot = ((x >>> 0) * scale) | 0;
      const h = data[2 * slot]!;
      const age = (now - data[2 * slot + 1]!) >>> 0;
      if (h * bestAge < bestHits * age) {
        best = slot;
        bestHits = h;
        bestAge = age;
      }
    }
    this.state = x;
    return this.ids[best]!;
  }

  check(residents: number): string | undefined {
    for (let s = 0; s < this.count; s++) if (this.slotOf[this.ids[s]!] !== s) return 'slots are out of step';
    return this.count === residents ? undefined : `slots hold ${this.count}, store ${residents}`;
  }

  private enlarge(): void {
    const n = this.ids.length * 2;
    const ids = new Int32Array(n);
    ids.set(this.ids);
    const data = new Uint32Array(2 * n);
    data.set(this.data);
    this.ids = ids;
    this.data = data;
  }
}

export const hyperbolic: PolicyInfo = {
  name: 'hyperbolic',
  family: 'sampled',
  paper: 'Blankstein, Sen and Freedman, USENIX ATC 2017',
  description: 'Hyperbolic caching: among a random sample, evicts the lowest hits per request spent in the cache.',
  params: [
    { name: 'samples', kind: 'integer', default: 64, min: 1, max: 1024, description: 'residents sampled per eviction (the paper\'s 64; libCacheSim also samples 64)' },
  ],
  create: (ctx, p: PolicyParams) => new HyperbolicPolicy(ctx, Number(p['samples'] ?? 64)),
};
