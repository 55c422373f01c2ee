import { usageError } from '../core/errors.js';
import { parseBytesLoose } from '../core/units.js';
import type { Admission, AdmissionContext, AdmissionSpec } from './admission.js';
import { AdaptSize } from './adaptsize.js';
import { SecondSight } from './bloom.js';
import { Probabilistic } from './probabilistic.js';
import { SizeThreshold } from './size-threshold.js';

export type { Admission, AdmissionContext, AdmissionSpec } from './admission.js';

interface AdmissionParam {
  name: string;
  default: number;
  description: string;
  /** Parse a value as typed (sizes take units: 1MB). */
  parse(v: string): number;
}

/** One admission option: what `cachesim policies` prints and `--admission` accepts. */
export interface AdmissionInfo {
  name: string;
  description: string;
  params: readonly AdmissionParam[];
  /** Null: admit everything (the store then skips the check). */
  create(ctx: AdmissionContext, params: Record<string, number>): Admission | null;
}

function fraction(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw usageError(`--admission prob: ${name} must be a number from 0 to 1 (got "${v}")`);
    return n;
  };
}

function wholeNumber(what: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw usageError(`--admission ${what} must be a whole number of at least 1 (got "${v}")`);
    return n;
  };
}

/** Every admission users can name. Adding one is one file and one entry here. */
export const ADMISSIONS: readonly AdmissionInfo[] = [
  {
    name: 'none',
    description: 'Admit every missed key (the default).',
    params: [],
    create: () => null,
  },
  {
    name: 'bloom',
    description: 'Admit on second sight: a key\'s first miss is only remembered (Maggs and Sitaraman 2015, Akamai\'s one-hit-wonder filter).',
    params: [],
    create: () => new SecondSight(),
  },
  {
    name: 'prob',
    description: 'Admit each missed key with probability p, seeded.',
    params: [{ name: 'p', default: 0.1, description: 'chance of admission', parse: fraction('p') }],
    create: (ctx, p) => new Probabilistic(ctx, p['p']!),
  },
  {
    name: 'size',
    description: 'Admit only values of at most max bytes.',
    params: [{ name: 'max', default: 1_000_000, description: 'largest value admitted, bytes (units allowed: 64KB, 1MB)', parse: (v) => parseBytesLoose(v, '--admission size:max') }],
    create: (_ctx, p) => new SizeThreshold(p['max']!),
  },
  {
    name: 'adaptsize',
    description: 'AdaptSize (Berger, Sitaraman and Harchol-Balter, NSDI 2017): admit with chance e^(−size/c), c tuned by a Markov model of the hit ratio.',
    params: [{ name: 'interval', default: 250_000, description: 'requests between re-tunings of c (the paper\'s 250k)', parse: wholeNumber('adaptsize:interval') }],
    create: (ctx, p) => new AdaptSize(ctx, p['interval']!),
  },
];

export function admissionNames(): string[] {
  return ADMISSIONS.map((a) => a.name);
}

/** "prob:p=0.2" → { name: 'prob', params: { p: 0.2 } }, its defaults filled in. */
export function parseAdmission(text: string): AdmissionSpec {
  const [rawName, rest] = splitOnce(text.trim(), ':');
  const name = rawName.toLowerCase();
  const info = ADMISSIONS.find((a) => a.name === name);
  if (!info) throw usageError(`unknown admission "${rawName}": valid admissions are ${admissionNames().join(', ')} (see cachesim policies)`);
  const params: Record<string, number> = {};
  for (const p of info.params) params[p.name] = p.default;
  if (rest !== undefined && rest.trim() !== '') {
    for (const pair of rest.split(',')) {
      const [k, v] = splitOnce(pair.trim(), '=');
      const spec = info.params.find((p) => p.name === k.trim());
      if (!spec) {
        const valid = info.params.length ? info.params.map((p) => p.name).join(', ') : 'none';
        throw usageError(`admission ${name} has no parameter "${k.trim()}" (its parameters: ${valid})`);
      }
      if (v === undefined) throw usageError(`--admission ${name}: give ${spec.name} a value, as ${name}:${spec.name}=${spec.default}`);
      params[spec.name] = spec.parse(v.trim());
    }
  }
  return { name, params };
}

export function createAdmission(spec: AdmissionSpec | undefined, ctx: AdmissionContext): Admission | null {
  if (!spec) return null;
  const info = ADMISSIONS.find((a) => a.name === spec.name);
  if (!info) throw usageError(`unknown admission "${spec.name}": valid admissions are ${admissionNames().join(', ')}`);
  return info.create(ctx, spec.params);
}

/** How results name an admission: "prob:p=0.1", "bloom". */
export function admissionLabel(spec: AdmissionSpec): string {
  const ps = Object.entries(spec.params).map(([k, v]) => `${k}=${v}`).join(',');
  return ps ? `${spec.name}:${ps}` : spec.name;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
