import { usageError } from './errors.js';

/**
 * Sizes and counts as users type them. KB/MB/GB/TB are powers of 1000,
 * KiB/MiB/GiB/TiB powers of 1024 (as the IEC defines them); B is bytes.
 */
const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

const COUNT_SUFFIXES: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, b: 1e9 };

const NUMBER = '([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:e([+-]?[0-9]+))?';

function parseNumberPart(text: string, exp: string | undefined): number {
  return Number(text) * (exp === undefined ? 1 : 10 ** Number(exp));
}

/** "64MB" → 64e6, "2KiB" → 2048, "1000000B" → 1e6. The unit is required. */
export function parseBytes(input: string, what = 'size'): number {
  const m = new RegExp(`^\\s*${NUMBER}\\s*([a-zA-Z]+)\\s*$`).exec(input);
  const unit = m?.[3]?.toLowerCase();
  if (!m || unit === undefined || !(unit in BYTE_UNITS)) {
    throw usageError(`${what} "${input}" is not a byte size: use a number and a unit, e.g. 512B, 64MB, 2KiB (KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024)`);
  }
  const v = parseNumberPart(m[1]!, m[2]) * BYTE_UNITS[unit]!;
  return Math.round(v);
}

/** Like parseBytes, but a bare number counts as bytes ("2048" → 2048). */
export function parseBytesLoose(input: string, what = 'size'): number {
  if (/^\s*[0-9]+(\.[0-9]+)?\s*$/.test(input)) return Math.round(Number(input));
  return parseBytes(input, what);
}

/** "10M" → 10,000,000; "5000" → 5000; "1.5k" → 1500. */
export function parseCount(input: string, what = 'count'): number {
  const m = new RegExp(`^\\s*${NUMBER}\\s*([kKmMgGbB]?)\\s*$`).exec(input.replace(/_/g, '').replace(/,/g, ''));
  if (!m) throw usageError(`${what} "${input}" is not a number: use e.g. 5000, 10k or 10M`);
  const v = parseNumberPart(m[1]!, m[2]) * COUNT_SUFFIXES[m[3]!.toLowerCase()]!;
  return v;
}

export function isByteUnitString(input: string): boolean {
  const m = new RegExp(`^\\s*${NUMBER}\\s*([a-zA-Z]+)\\s*$`).exec(input);
  return !!m && m[3]!.toLowerCase() in BYTE_UNITS;
}

/** A capacity as typed: objects, bytes, or a share of the working set. */
export type CapacitySpec =
  | { kind: 'objects'; value: number }
  | { kind: 'bytes'; value: number }
  | { kind: 'percent'; value: number; unit: 'objects' | 'bytes' };

/**
 * "5000" → 5000 objects; "64MB" → bytes; "10%" → a tenth of the working set
 * (unique keys, or unique bytes when `percentUnit` is bytes).
 */
export function parseCapacity(input: string, percentUnit: 'objects' | 'bytes' = 'objects'): CapacitySpec {
  const s = input.trim();
  const pct = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%$/.exec(s);
  if (pct) {
    const v = Number(pct[1]);
    if (!(v > 0) || v > 100) throw usageError(`capacity "${input}" must be a share above 0% and at most 100%`);
    return { kind: 'percent', value: v, unit: percentUnit };
  }
  if (isByteUnitString(s)) {
    const v = parseBytes(s, 'capacity');
    if (!(v >= 1)) throw usageError(`capacity "${input}" must be at least 1 byte`);
    return { kind: 'bytes', value: v };
  }
  let v: number;
  try {
    v = parseCount(s, 'capacity');
  } catch {
    throw usageError(`capacity "${input}" is not valid: give objects (5000, 10k), bytes with a unit (64MB, 1000000B, 2GiB) or a share of the working set (10%)`);
  }
  if (!Number.isInteger(v) || v < 1) {
    throw usageError(`capacity "${input}" must be a whole number of objects, at least 1`);
  }
  return { kind: 'objects', value: v };
}

/** Resolve a percent capacity against the trace's working set. */
export function resolveCapacity(spec: CapacitySpec, uniqueKeys: number, uniqueBytes: number): { value: number; unit: 'objects' | 'bytes' } {
  if (spec.kind === 'objects') return { value: spec.value, unit: 'objects' };
  if (spec.kind === 'bytes') return { value: spec.value, unit: 'bytes' };
  const base = spec.unit === 'bytes' ? uniqueBytes : uniqueKeys;
  return { value: Math.max(1, Math.round((base * spec.value) / 100)), unit: spec.unit };
}

/** 16e9 → "16 GB"; 2048 → "2.05 KB". Powers of 1000, as the sizing output wants. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  const digits = i === 0 ? 0 : v >= 100 ? 1 : 2;
  return `${Number(v.toFixed(digits))} ${units[i]}`;
}

/** 1024 → "1 KiB"; 1.5 * 2**30 → "1.5 GiB". */
export function formatBytesIec(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  const digits = i === 0 ? 0 : v >= 100 ? 1 : 2;
  return `${Number(v.toFixed(digits))} ${units[i]}`;
}

/** Human form of a capacity, bytes in the unit family the number fits best. */
export function formatCapacity(value: number, unit: 'objects' | 'bytes'): string {
  if (unit === 'objects') return `${value.toLocaleString('en-US')} objects`;
  // The family that writes it exactly, then shorter: 64MB stays "64 MB", 268435456 is "256 MiB".
  const si = formatBytes(value);
  const iec = formatBytesIec(value);
  const exact = (text: string): boolean => {
    const [n, u] = text.split(' ');
    return Math.round(Number(n) * BYTE_UNITS[u!.toLowerCase()]!) === value;
  };
  if (exact(si) !== exact(iec)) return exact(iec) ? iec : si;
  return iec.length < si.length ? iec : si;
}

const SECONDS_PER_UNIT: Record<string, number> = { ms: 1e-3, s: 1, m: 60, min: 60, h: 3600, d: 86400 };

/** "30" → 30, "500ms" → 0.5, "5m" → 300, "1h" → 3600. Never negative. */
export function parseSeconds(input: string | number, what = 'duration'): number {
  if (typeof input === 'number') {
    if (!(Number.isFinite(input) && input >= 0)) throw usageError(`${what} must be 0 or more seconds (got ${input})`);
    return input;
  }
  const m = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e([+-]?[0-9]+))?\s*(ms|s|m|min|h|d)?\s*$/i.exec(input);
  if (!m) throw usageError(`${what} "${input}" is not a duration: use seconds (30, 0.5) or a unit (500ms, 30s, 5m, 1h, 1d)`);
  const v = Number(m[1]) * (m[2] === undefined ? 1 : 10 ** Number(m[2])) * SECONDS_PER_UNIT[(m[3] ?? 's').toLowerCase()]!;
  if (!Number.isFinite(v)) throw usageError(`${what} "${input}" is too large`);
  return v;
}
