import { spawnSync } from 'node:child_process';

import { collectTrace, type CollectedTrace } from '../../src/trace/collect.js';
import { ByteKeyTable } from '../../src/trace/keys.js';
import { MemoryTrace } from '../../src/trace/memory.js';
import { allocChunk } from '../../src/trace/types.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec, type RawGenSpec } from '../../src/workload/spec.js';
import { spawnServer, sparePort } from '../redis/server.js';

/** Whether memcached is on PATH: the tests against a real server skip, with this message, without it. */
export const HAVE_MEMCACHED = spawnSync('memcached', ['-V'], { stdio: 'ignore' }).error === undefined;

export function skipWithoutMemcached(what: string): string | false {
  return HAVE_MEMCACHED ? false : `memcached is not on PATH, so ${what} is skipped (install it: apt-get install -y memcached)`;
}

export interface ScratchMemcached {
  port: number;
  address: string;
  stop(): Promise<void>;
}

/** A fresh memcached on a spare port of 127.0.0.1 with `-m` MiB (and any other flags), once it accepts connections. */
export async function startMemcached(megabytes: number, extra: string[] = []): Promise<ScratchMemcached> {
  const port = await sparePort();
  // -u root: memcached refuses to run as root without naming the user (CI runs as root).
  const args = ['-p', String(port), '-l', '127.0.0.1', '-U', '0', '-m', String(megabytes), ...extra];
  if (process.getuid?.() === 0) args.push('-u', 'root');
  const { stop } = await spawnServer('memcached', args, port);
  return { port, address: `127.0.0.1:${port}`, stop };
}

/**
 * Generated traces merged by time, each part's keys named with its own
 * prefix (so parts never share a key) and its times shifted by `start`.
 */
export async function mergedTrace(name: string, parts: { prefix: string; start: number; spec: RawGenSpec }[]): Promise<MemoryTrace> {
  const keys = new ByteKeyTable();
  const loaded: { data: CollectedTrace; names: number[] ; start: number }[] = [];
  for (const p of parts) {
    const src = generateTrace(parseGenSpec(p.spec));
    const data = await collectTrace(src);
    const names: number[] = [];
    for (let id = 0; id < src.keys.size; id++) names.push(keys.internString(`${p.prefix}${src.keys.name(id)}`));
    loaded.push({ data, names, start: p.start });
  }
  const total = loaded.reduce((n, l) => n + l.data.length, 0);
  const out = allocChunk(total);
  const at = loaded.map(() => 0);
  for (let i = 0; i < total; i++) {
    let best = -1;
    let bestTime = Infinity;
    loaded.forEach((l, j) => {
      if (at[j]! < l.data.length && l.data.times[at[j]!]! + l.start < bestTime) {
        best = j;
        bestTime = l.data.times[at[j]!]! + l.start;
      }
    });
    const l = loaded[best]!;
    const r = at[best]!++;
    out.times[i] = bestTime;
    out.ids[i] = l.names[l.data.ids[r]!]!;
    out.ops[i] = l.data.ops[r]!;
    out.sizes[i] = l.data.sizes[r]!;
    out.ttls[i] = l.data.ttls[r]!;
    out.keySizes[i] = Buffer.byteLength(keys.name(out.ids[i]!));
  }
  out.length = total;
  return new MemoryTrace(name, keys, { time: true, op: true, size: true, ttl: true, keySize: true }, out);
}

/**
 * Small values fill memory, then large ones take over: 12 s of values of
 * 200–600 B over 150,000 keys, then 20 s in which 80% of requests go to
 * 30,000 keys of 2–6 KB (about 120 MB of them for 64 MiB) and 20% to the
 * small keys still. 20,000 requests a second.
 */
export function shiftingTrace(): Promise<MemoryTrace> {
  return mergedTrace('shifting sizes', [
    { prefix: 's', start: 0, spec: { dist: 'zipf', alpha: 0.7, keys: 150_000, requests: 240_000, rate: 20_000, size: 'uniform:min=200,max=600', seed: 1 } },
    { prefix: 's', start: 12, spec: { dist: 'zipf', alpha: 0.7, keys: 150_000, requests: 80_000, rate: 4_000, size: 'uniform:min=200,max=600', seed: 2 } },
    { prefix: 'L', start: 12, spec: { dist: 'zipf', alpha: 0.9, keys: 30_000, requests: 320_000, rate: 16_000, size: 'uniform:min=2000,max=6000', seed: 3 } },
  ]);
}

/** A steady mix: Zipf 0.9 over 200,000 keys, log-normal values (median 500 B), 15 s at 20,000 requests a second. */
export function steadyTrace(): Promise<MemoryTrace> {
  return mergedTrace('steady mixed sizes', [
    { prefix: 'k', start: 0, spec: { dist: 'zipf', alpha: 0.9, keys: 200_000, requests: 300_000, rate: 20_000, size: 'lognormal:median=500,sigma=1', seed: 4 } },
  ]);
}
