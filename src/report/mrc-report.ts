import type { MrcReport } from '../planner/mrc.js';
import { formatBytesAsTyped } from '../planner/size.js';
import { ratio, toCsv, type Paint } from './format.js';
import { makeTable } from './table.js';
import { traceLine } from './run-report.js';
import { asciichart } from './ascii-chart.js';

function formatCapacity(value: number, unit: 'objects' | 'bytes'): string {
  return unit === 'objects' ? `${value.toLocaleString('en-US')} objects` : formatBytesAsTyped(value);
}

const METHOD_TEXT: Record<MrcReport['method'], string> = {
  'stack-distance': 'exact LRU stack distances (one pass)',
  shards: 'SHARDS-sampled LRU stack distances',
  simulation: 'simulation at each capacity',
  'miniature-simulation': 'miniature simulation on a SHARDS sample',
};

export const MRC_CSV_COLUMNS = ['capacity', 'unit', 'missRatio', 'byteMissRatio', 'knee'] as const;

export function mrcCsv(r: MrcReport): string {
  return toCsv(MRC_CSV_COLUMNS, r.points.map((p) => ({
    ...p,
    unit: r.unit,
    knee: r.knee && r.knee.capacity === p.capacity ? 1 : '',
  })));
}

/** Chart width in columns: the points are laid out on a log scale of capacity. */
const WIDTH = 64;
const HEIGHT = 14;

/**
 * The curve as an ASCII chart (asciichart), capacity on a log scale, with a
 * ▲ under the knee; then the points as a table.
 */
export function mrcTable(r: MrcReport, paint: Paint): string {
  const lines: string[] = [];
  lines.push(traceLine(r.trace, paint));
  const sample = r.sampling ? ` · sample rate ${r.sampling.rate}${r.sampling.sampleKeys !== undefined ? ` (${r.sampling.sampleKeys.toLocaleString('en-US')} keys)` : ''}, seed ${r.sampling.seed}` : '';
  lines.push(`${paint.bold('Miss-ratio curve')} ${r.policy}${r.params && Object.keys(r.params).length ? ` (${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}, capacity in ${r.unit} · ${METHOD_TEXT[r.method]}${sample}`);
  if (r.points.length >= 2) lines.push(chart(r, paint));
  const hasBytes = r.points.some((p) => p.byteMissRatio !== undefined);
  const head = ['capacity', 'miss ratio', ...(hasBytes ? ['byte miss ratio'] : []), ...(r.knee ? [''] : [])];
  const table = makeTable({ head: head.map((h) => paint.bold(h)), colAligns: ['right', 'right', ...(hasBytes ? ['right' as const] : []), 'left'] });
  for (const p of r.points) {
    const knee = r.knee !== undefined && r.knee.capacity === p.capacity;
    table.push([formatCapacity(p.capacity, r.unit), ratio(p.missRatio), ...(hasBytes ? [ratio(p.byteMissRatio)] : []), ...(r.knee ? [knee ? paint.yellow('◀ knee') : ''] : [])]);
  }
  lines.push(table.toString());
  for (const n of r.notes ?? []) lines.push(paint.dim(`note: ${n}`));
  return `${lines.join('\n')}\n`;
}

function chart(r: MrcReport, paint: Paint): string {
  const pts = r.points;
  const x0 = Math.log(pts[0]!.capacity);
  const x1 = Math.log(pts[pts.length - 1]!.capacity);
  const col = (c: number): number => (x1 > x0 ? Math.round(((Math.log(c) - x0) / (x1 - x0)) * (WIDTH - 1)) : 0);
  // Resample onto WIDTH columns, linear between neighbouring points in log(capacity).
  const series: number[] = [];
  let j = 0;
  for (let i = 0; i < WIDTH; i++) {
    const x = x0 + ((x1 - x0) * i) / (WIDTH - 1);
    while (j < pts.length - 2 && Math.log(pts[j + 1]!.capacity) < x) j++;
    const a = pts[j]!;
    const b = pts[Math.min(j + 1, pts.length - 1)]!;
    const xa = Math.log(a.capacity);
    const xb = Math.log(b.capacity);
    const t = xb > xa ? Math.min(1, Math.max(0, (x - xa) / (xb - xa))) : 0;
    series.push(a.missRatio + t * (b.missRatio - a.missRatio));
  }
  const plot = asciichart().plot(series, { height: HEIGHT, format: (v: number) => v.toFixed(3).padStart(7) });
  const first = plot.split('\n')[0]!;
  const axis = Math.max(first.indexOf('┤'), first.indexOf('┼'));
  const left = axis + 1;
  const out = [paint.dim('miss ratio'), plot];
  const under = (pos: number, text: string, line: string[]): void => {
    for (let k = 0; k < text.length && pos + k < line.length; k++) line[pos + k] = text[k]!;
  };
  const axisLine = Array<string>(left + WIDTH + 24).fill(' ');
  const lo = formatCapacity(pts[0]!.capacity, r.unit);
  const hi = formatCapacity(pts[pts.length - 1]!.capacity, r.unit);
  under(left, lo, axisLine);
  under(Math.max(left + lo.length + 1, left + WIDTH - hi.length), hi, axisLine);
  if (r.knee) {
    const k = left + col(r.knee.capacity);
    const marker = Array<string>(left + WIDTH + 40).fill(' ');
    marker[k] = '▲';
    const label = ` knee: ${formatCapacity(r.knee.capacity, r.unit)}, miss ratio ${ratio(r.knee.missRatio)}`;
    const at = k + 1 + label.length <= marker.length - 1 ? k + 1 : Math.max(0, k - label.length);
    under(at, label, marker);
    out.push(paint.yellow(marker.join('').trimEnd()));
  }
  out.push(paint.dim(`${axisLine.join('').trimEnd()}   (capacity, log scale)`));
  return out.join('\n');
}
