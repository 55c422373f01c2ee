import { usageError } from './errors.js';
import { DEFAULT_SEED } from './rng.js';

/**
 * Option parsing shared by the commands and scenario files: option text (as
 * flags give it, or as a JSON file holds it) into typed values or one clear error.
 */

export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw usageError(`${flag} "${value}" is not one of ${choices.join(', ')}`);
  }
  return value as T;
}

export function seedOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SEED;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`--seed "${value}" must be a whole number, 0 or more`);
  return n;
}

/** "k=v" pairs from repeated --param flags. */
export function parsePairs(flag: string, values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    for (const part of v.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw usageError(`${flag} "${part}" is not NAME=VALUE, e.g. ${flag} samples=10`);
      out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

/** --threads: auto, or a whole number (0 = replay in this thread). */
export function threadsOption(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`--threads "${value}" must be auto or a whole number, 0 or more`);
  return n;
}
