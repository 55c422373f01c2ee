import { oneOf } from '../core/options.js';

/** Number and text helpers shared by every report. Pure: no console, no colours of their own. */

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function ratio(x: number | undefined, digits = 4): string {
  return x === undefined ? '–' : x.toFixed(digits);
}

export function seconds(s: number): string {
  if (s >= 3600) return `${(s / 3600).toFixed(2)} h`;
  if (s >= 60) return `${(s / 60).toFixed(1)} min`;
  return `${Number(s.toFixed(3))} s`;
}

/** Output formats every table-printing command accepts. */
export type OutputFormat = 'table' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

/** Stable JSON: two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * A CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @,
 * tab or CR first: a key such as `=cmd|calc`) gets a leading apostrophe, as
 * spreadsheet-safe CSV writers do; numbers, and text that reads as one
 * (-0.5), are left alone.
 */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of objects as CSV with the given columns, header first. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Colours a report may use; the CLI passes chalk or a no-op. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
}

const id = (s: string): string => s;
export const NO_PAINT: Paint = { bold: id, dim: id, green: id, yellow: id, red: id, cyan: id };

/**
 * A series squeezed into at most `columns` points for a terminal chart, each
 * the peak of the windows it covers, so a spike never disappears.
 */
export function peaksIn(series: readonly number[], columns: number): number[] {
  if (series.length <= columns) return [...series];
  const out: number[] = [];
  for (let c = 0; c < columns; c++) {
    const a = Math.floor((c * series.length) / columns);
    const b = Math.max(a + 1, Math.floor(((c + 1) * series.length) / columns));
    let m = 0;
    for (let i = a; i < b; i++) m = Math.max(m, series[i]!);
    out.push(m);
  }
  return out;
}

/** --format: table (the default), json or csv. */
export function outputFormat(value: string | undefined): OutputFormat {
  return oneOf('--format', value ?? 'table', OUTPUT_FORMATS);
}

/**
 * Points (x > 0, ascending) resampled onto `columns` evenly spaced values of
 * log(x) from the first point to the last, linear between neighbours in
 * log(x): a log-scaled x axis for a terminal chart, one value per column.
 */
export function resampleLogX(points: readonly { x: number; y: number }[], columns: number): number[] {
  const x0 = Math.log(points[0]!.x);
  const x1 = Math.log(points[points.length - 1]!.x);
  const series: number[] = [];
  let j = 0;
  for (let i = 0; i < columns; i++) {
    const x = x0 + ((x1 - x0) * i) / (columns - 1);
    while (j < points.length - 2 && Math.log(points[j + 1]!.x) < x) j++;
    const a = points[j]!;
    const b = points[Math.min(j + 1, points.length - 1)]!;
    const xa = Math.log(a.x);
    const xb = Math.log(b.x);
    const t = xb > xa ? Math.min(1, Math.max(0, (x - xa) / (xb - xa))) : 0;
    series.push(a.y + t * (b.y - a.y));
  }
  return series;
}
