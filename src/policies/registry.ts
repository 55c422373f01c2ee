import { usageError } from '../core/errors.js';
import { fifo } from './fifo.js';
import { lfu } from './lfu.js';
import { lru } from './lru.js';
import { random } from './random.js';
import { arc } from './arc.js';
import { belady } from './belady.js';
import { clock } from './clock.js';
import { gdsf } from './gdsf.js';
import { hyperbolic } from './hyperbolic.js';
import { lfuda } from './lfuda.js';
import { lirs } from './lirs.js';
import { mru } from './mru.js';
import { s3fifo } from './s3fifo.js';
import { sieve } from './sieve.js';
import { slru } from './slru.js';
import { twoQ } from './two-q.js';
import { wtinylfu } from './wtinylfu.js';
import { beladySize } from './offline/belady-size.js';
import { qdlp } from './queues/qdlp.js';
import { lruK } from './linked/lru-k.js';
import { car } from './adaptive/car.js';
import { lecar } from './adaptive/lecar.js';
import { srLru } from './adaptive/sr-lru.js';
import { crLfu } from './adaptive/cr-lfu.js';
import { cacheus } from './adaptive/cacheus.js';
import { lhd } from './sampled/lhd.js';
import { clockPro } from './irr/clock-pro.js';
import { wtinylfuAdaptive } from './sketch/wtinylfu-adaptive.js';
import { allkeysLfu, allkeysLru, allkeysRandom, noeviction, volatileLfu, volatileLru, volatileRandom, volatileTtl } from './redis/index.js';
import type { ParamSpec, PolicyInfo, PolicyParams } from './registry-types.js';

export type { ParamSpec, PolicyInfo, PolicyParams } from './registry-types.js';

/** Every policy users can name. Adding one is one file and one line here. */
export const POLICIES: readonly PolicyInfo[] = [lru, lfu, fifo, random,
  mru,
  clock,
  sieve,
  s3fifo,
  slru,
  lruK,
  twoQ,
  arc,
  car,
  lecar,
  srLru,
  crLfu,
  cacheus,
  lirs,
  clockPro,
  wtinylfu,
  wtinylfuAdaptive,
  qdlp,
  lfuda,
  gdsf,
  hyperbolic,
  lhd,
  belady,
  beladySize,
  noeviction,
  allkeysLru,
  volatileLru,
  allkeysLfu,
  volatileLfu,
  allkeysRandom,
  volatileRandom,
  volatileTtl,
];

export function policyNames(): string[] {
  return POLICIES.map((p) => p.name);
}

export function findPolicy(name: string): PolicyInfo {
  const p = POLICIES.find((x) => x.name === name.trim().toLowerCase());
  if (!p) throw usageError(`unknown policy "${name}": valid policies are ${policyNames().join(', ')} (see cachesim policies)`);
  return p;
}

/**
 * Expand "lru,lfu" or "all" into registry entries, in the order given,
 * without duplicates.
 */
export function expandPolicies(list: string): PolicyInfo[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw usageError(`--policy is empty: valid policies are ${policyNames().join(', ')}`);
  const out: PolicyInfo[] = [];
  for (const n of names) {
    const infos = n.toLowerCase() === 'all' ? [...POLICIES] : [findPolicy(n)];
    for (const info of infos) if (!out.includes(info)) out.push(info);
  }
  return out;
}

/**
 * Typed parameters for a policy: its defaults overridden by `given`. A name
 * the policy does not have fails, listing the ones it does.
 */
export function resolveParams(info: PolicyInfo, given: Record<string, string | number>): PolicyParams {
  const out: PolicyParams = {};
  for (const spec of info.params) out[spec.name] = spec.default;
  for (const [k, v] of Object.entries(given)) {
    const spec = info.params.find((s) => s.name === k);
    if (!spec) {
      const valid = info.params.length ? info.params.map((s) => s.name).join(', ') : 'none';
      throw usageError(`policy ${info.name} has no parameter "${k}" (its parameters: ${valid})`);
    }
    out[k] = parseParam(info.name, spec, v);
  }
  return out;
}

function parseParam(policy: string, spec: ParamSpec, v: string | number): number | string {
  if (spec.kind === 'string') {
    const s = String(v);
    if (spec.choices && !spec.choices.includes(s)) throw usageError(`${policy} ${spec.name} "${s}" is not one of ${spec.choices.join(', ')}`);
    return s;
  }
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n) || (typeof v === 'string' && v.trim() === '')) throw usageError(`${policy} ${spec.name} "${v}" is not a number`);
  if (spec.kind === 'integer' && !Number.isInteger(n)) throw usageError(`${policy} ${spec.name} must be a whole number (got ${v})`);
  if (spec.min !== undefined && n < spec.min) throw usageError(`${policy} ${spec.name} must be at least ${spec.min} (got ${v})`);
  if (spec.max !== undefined && n > spec.max) throw usageError(`${policy} ${spec.name} must be at most ${spec.max} (got ${v})`);
  return n;
}
