import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { IntKeyTable } from '../../src/trace/keys.js';
import { KeyPermutation } from '../../src/workload/permutation.js';
import { ROOT } from '../helpers.js';

/** Every element of [0, n) hit exactly once. */
function assertBijection(p: KeyPermutation, label: string): void {
  const seen = new Uint8Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const x = p.at(i);
    assert.ok(Number.isInteger(x) && x >= 0 && x < p.n, `${label}: ${i} → ${x} out of range`);
    assert.equal(seen[x], 0, `${label}: ${x} reached twice`);
    seen[x] = 1;
  }
}

describe('the generator\'s rank → key permutation (Feistel, cycle-walking)', () => {
  it('is a bijection of [0, n), checked exhaustively for every n up to 300 and at the edges of the bit widths', () => {
    for (let n = 1; n <= 300; n++) assertBijection(new KeyPermutation(n, new Rng(n, 'permutation')), `n=${n}`);
    for (const n of [1023, 1024, 1025, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20, (1 << 20) + 1]) {
      for (const seed of [1, 42]) assertBijection(new KeyPermutation(n, new Rng(seed, 'permutation')), `n=${n} seed=${seed}`);
    }
  });

  it('same seed, same permutation; another seed, another one', () => {
    const a = new KeyPermutation(100_000, new Rng(42, 'permutation'));
    const b = new KeyPermutation(100_000, new Rng(42, 'permutation'));
    const c = new KeyPermutation(100_000, new Rng(43, 'permutation'));
    let differ = 0;
    for (let i = 0; i < 1000; i++) {
      assert.equal(a.at(i), b.at(i));
      if (a.at(i) !== c.at(i)) differ++;
    }
    // Two independent permutations of 100,000 agree at about 1 in 100,000 places.
    assert.ok(differ >= 995, `only ${differ} of 1000 differ`);
  });

  it('scatters: the first ranks are not the first keys (mean of the first 10,000 images near n/2)', () => {
    const n = 1_000_000;
    const p = new KeyPermutation(n, new Rng(7, 'permutation'));
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += p.at(i);
    // Uniform on [0, n): mean n/2, standard error n/sqrt(12 · 10,000) ≈ 0.0029 n; allow 5 of them.
    assert.ok(Math.abs(sum / 10_000 - n / 2) < 0.015 * n, `mean ${sum / 10_000}`);
  });

  it('works up to the largest key space, 2^31 − 1 keys, without memory per key', () => {
    const n = 0x7fffffff;
    const p = new KeyPermutation(n, new Rng(1, 'permutation'));
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const x = p.at(n - 1 - i);
      assert.ok(x >= 0 && x < n);
      seen.add(x);
    }
    assert.equal(seen.size, 100_000);
  });

  it('gen --keys 1G with 1,000 requests runs in a 64 MB heap (it took 842 MB at 100M keys)', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', path.join(ROOT, 'bin/cachesim.cjs'), 'gen', '--keys', '1G', '--requests', '1000'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1001);
  });
});

describe('IntKeyTable for a large key space (hashed)', () => {
  it('gives the same ids, in order of first use, as a plain Map', () => {
    const t = new IntKeyTable(1 << 30);
    const ref = new Map<number, number>();
    const rng = new Rng(5);
    for (let i = 0; i < 200_000; i++) {
      const key = rng.int(1 << 30) & ~0xff | (i % 7); // clustered low bits too
      if (!ref.has(key)) ref.set(key, ref.size);
      assert.equal(t.intern(key), ref.get(key));
    }
    assert.equal(t.size, ref.size);
    for (const [key, id] of ref) assert.equal(t.keyNumber(id), key);
  });
});
