import { createRequire } from 'node:module';
import type asciichartType from 'asciichart';
import type { AnalyzeReport } from '../analyze/analyze.js';
import type { Bucket } from '../analyze/log2-buckets.js';
import { formatBytes, formatBytesIec } from '../core/units.js';
import { int, peaksIn, resampleLogX, seconds, toCsv, type Paint } from './format.js';
import { makeTable } from './table.js';

/**
 * `cachesim analyze` as text (a summary table, terminal charts, histograms
 * as bars) and as CSV (one long table of every number). Pure: the report in,
 * a string out.
 */

// ---- labels shared with the HTML page ----

/** 0.000977 → "977 µs", 90 → "1.5 min": durations in the unit that reads best. */
export function duration(s: number): string {
  const units: [number, string][] = [[86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's'], [1e-3, 'ms'], [1e-6, 'µs']];
  if (s === 0) return '0 s';
  for (const [size, name] of units) if (s >= size) return `${Number((s / size).toPrecision(3))} ${name}`;
  return `${Number((s / 1e-9).toPrecision(3))} ns`;
}

/** A log2 bucket of whole numbers: "0", "1", "2–3", "4–7". */
export function countBucketLabel(b: Bucket): string {
  if (b.to === 0) return '0';
  return b.to - b.from === 1 ? int(b.from) : `${int(b.from)}–${int(b.to - 1)}`;
}

/** A log2 bucket of bytes, from ≤ size < to: "512 B–1 KiB". */
export function bytesBucketLabel(b: Bucket): string {
  return b.to === 0 ? '0 B' : `${formatBytesIec(b.from)}–${formatBytesIec(b.to)}`;
}

/** A log2 bucket of seconds, from ≤ t < to: "0.5 s–1 s". */
export function secondsBucketLabel(b: Bucket): string {
  return b.to === 0 ? '0 s' : `${duration(b.from)}–${duration(b.to)}`;
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–';
}

// ---- the table ----

const BAR_WIDTH = 32;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `fraction` (0..1) of BAR_WIDTH, in eighths of a character. */
export function bar(fraction: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, fraction)) * BAR_WIDTH * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

export function analyzeTable(r: AnalyzeReport, paint: Paint): string {
  const out: string[] = [`${paint.bold('Trace')} ${r.source}`];
  out.push(summaryTable(r, paint));
  if (r.rate) out.push(rateChart(r, paint));
  if (r.popularity.ranks.length >= 2) out.push(popularityChart(r, paint));
  if (r.sizes) {
    out.push(histogram(paint, 'Object sizes by request', 'size', r.sizes.byRequest.buckets, bytesBucketLabel, 'requests',
      `min ${formatBytes(r.sizes.byRequest.min)} · mean ${formatBytes(r.sizes.byRequest.mean)} · max ${formatBytes(r.sizes.byRequest.max)}`));
    const o = r.sizes.byObject;
    out.push(histogram(paint, 'Object sizes by object (size at first get or set)', 'size', o.buckets, bytesBucketLabel, 'objects',
      `min ${formatBytes(o.min)} · median ${formatBytes(o.p50!)} · mean ${formatBytes(o.mean)} · p99 ${formatBytes(o.p99!)} · max ${formatBytes(o.max)}`));
  }
  if (r.ttl) out.push(ttlSection(r.ttl, paint));
  out.push(histogram(paint, 'Reuse distance (distinct other keys between two requests for a key)', 'distance', r.reuseDistance.buckets, countBucketLabel, 'reuses',
    `${int(r.reuseDistance.reuses)} reuses; the other ${int(r.requests - r.reuseDistance.reuses)} requests are first requests`));
  if (r.reuseTime) {
    out.push(histogram(paint, 'Reuse time (time between two requests for a key)', 'time', r.reuseTime.buckets, secondsBucketLabel, 'reuses', `${int(r.reuseTime.reuses)} reuses`));
  }
  if (r.topKeys.length > 0) out.push(topKeysTable(r, paint));
  return `${out.join('\n\n')}\n`;
}

function summaryTable(r: AnalyzeReport, paint: Paint): string {
  const t = makeTable({ colAligns: ['left', 'right', 'left'] });
  const row = (name: string, value: string, note = ''): void => { t.push([name, value, paint.dim(note)]); };
  row('requests', int(r.requests));
  row('objects', int(r.objects), 'distinct keys');
  if (r.requestsPerObject !== undefined) row('requests per object', r.requestsPerObject.toFixed(2));
  if (r.bytesRequested !== undefined) row('bytes requested', formatBytes(r.bytesRequested), 'sum over gets and sets (a delete has no size)');
  if (r.objectBytes !== undefined) row('bytes of objects', formatBytes(r.objectBytes), 'each object once, at its first size');
  if (r.durationSeconds !== undefined) row('duration', seconds(r.durationSeconds));
  if (r.ops) {
    const total = Object.values(r.ops).reduce((a, b) => a + b, 0);
    for (const [op, n] of Object.entries(r.ops)) row(`${op} requests`, int(n), share(n, total));
  }
  row('one-hit wonders', int(r.oneHitWonders), `${share(r.oneHitWonders, r.objects)} of objects: requested exactly once`);
  row('compulsory misses', int(r.compulsoryMisses), r.compulsoryMissRatio !== undefined ? `${(100 * r.compulsoryMissRatio).toFixed(1)}% of reads: first requests that are reads` : 'no reads');
  const fit = r.popularity.fit;
  if (r.zipfAlpha !== undefined) {
    row('Zipf alpha', r.zipfAlpha.toFixed(4), `R² ${r.zipfR2 !== undefined ? r.zipfR2.toFixed(4) : '–'}, fitted on ranks ${int(fit.fromRank)}–${int(fit.toRank)} (keys with ≥ ${fit.minRequests} requests)`);
  } else {
    row('Zipf alpha', '–', `too few keys with ≥ ${fit.minRequests} requests to fit`);
  }
  return `${paint.bold('Summary')}\n${t.toString()}`;
}

let asciichart: typeof asciichartType | undefined;
function plot(series: number[], format: (v: number) => string): string {
  asciichart ??= createRequire(import.meta.url)('asciichart') as typeof asciichartType;
  return asciichart.plot(series, { height: 10, format: (v: number) => format(v).padStart(9) });
}

/** Chart width in columns. */
const WIDTH = 64;

function rateChart(r: AnalyzeReport, paint: Paint): string {
  const rate = r.rate!;
  // Each column the peak of the windows it covers, so a spike never disappears.
  const series = peaksIn(rate.requests.map((n) => n / rate.windowSeconds), WIDTH);
  const head = `${paint.bold('Request rate')} per ${duration(rate.windowSeconds)} window: mean ${int(rate.meanPerSecond)}/s, peak ${int(rate.peakPerSecond)}/s`;
  if (series.length < 2) return head;
  const span = rate.requests.length * rate.windowSeconds;
  return `${head}\n${paint.dim('requests/s')}\n${plot(series, (v) => int(v))}\n${paint.dim(`${' '.repeat(11)}0 s … ${duration(span)} from the first request`)}`;
}

/** Requests by rank on log-log axes: log10(requests) over log(rank), resampled to WIDTH columns. */
function popularityChart(r: AnalyzeReport, paint: Paint): string {
  const pts = r.popularity.ranks;
  const series = resampleLogX(pts.map((p) => ({ x: p.rank, y: Math.log10(p.requests) })), WIDTH);
  const fit = r.zipfAlpha !== undefined ? `: Zipf alpha ${r.zipfAlpha.toFixed(4)} (R² ${r.zipfR2?.toFixed(4) ?? '–'})` : '';
  const head = `${paint.bold('Popularity')}, requests by rank${fit}`;
  const last = pts[pts.length - 1]!.rank;
  return `${head}\n${paint.dim('requests (log)')}\n${plot(series, (v) => int(10 ** v))}\n${paint.dim(`${' '.repeat(11)}rank 1 … ${int(last)} (log scale)`)}`;
}

/** Buckets as rows with a bar each, from the first to the last non-empty bucket. */
function histogram(paint: Paint, title: string, what: string, buckets: readonly Bucket[], label: (b: Bucket) => string, unit: string, note: string): string {
  const total = buckets.reduce((s, b) => s + b.count, 0);
  const head = `${paint.bold(title)}\n${paint.dim(note)}`;
  if (total === 0) return `${head}\n${paint.dim(`no ${unit}`)}`;
  const max = Math.max(...buckets.map((b) => b.count));
  const t = makeTable({ head: [what, unit, 'share', ''].map((h) => paint.bold(h)), colAligns: ['right', 'right', 'right', 'left'] });
  for (const b of buckets) t.push([label(b), int(b.count), share(b.count, total), paint.cyan(bar(b.count / max))]);
  return `${head}\n${t.toString()}`;
}

function ttlSection(ttl: NonNullable<AnalyzeReport['ttl']>, paint: Paint): string {
  const total = ttl.withoutTtl + ttl.withTtl;
  const head = `${paint.bold('TTL')}: ${int(ttl.withoutTtl)} requests without a TTL (${share(ttl.withoutTtl, total)}), ${int(ttl.withTtl)} with one (${share(ttl.withTtl, total)})`;
  if (ttl.withTtl === 0) return head;
  if (ttl.values && ttl.values.length <= 20) {
    const t = makeTable({ head: ['ttl', 'requests', 'share', ''].map((h) => paint.bold(h)), colAligns: ['right', 'right', 'right', 'left'] });
    const max = ttl.values[0]!.requests;
    for (const v of ttl.values) t.push([duration(v.ttl), int(v.requests), share(v.requests, total), paint.cyan(bar(v.requests / max))]);
    return `${head}\n${t.toString()}`;
  }
  const distinct = ttl.values ? `${ttl.values.length} distinct TTLs` : 'more than 256 distinct TTLs';
  return histogram(paint, head, 'ttl', ttl.buckets, secondsBucketLabel, 'requests', `${distinct}, in buckets`);
}

function topKeysTable(r: AnalyzeReport, paint: Paint): string {
  const t = makeTable({ head: ['rank', 'key', 'requests', 'share'].map((h) => paint.bold(h)), colAligns: ['right', 'left', 'right', 'right'] });
  r.topKeys.forEach((k, i) => t.push([String(i + 1), printable(k.key), int(k.requests), share(k.requests, r.requests)]));
  return `${paint.bold(`Top ${r.topKeys.length} keys`)}\n${t.toString()}`;
}

/** A key as it can be shown in a terminal: control bytes escaped, long keys cut. */
export function printable(key: string): string {
  // eslint-disable-next-line no-control-regex
  const s = key.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

// ---- CSV ----

export const ANALYZE_CSV_COLUMNS = ['section', 'name', 'from', 'to', 'value'] as const;

/**
 * Every number as one long table: `section,name,from,to,value`. Scalars have
 * no from/to; a histogram row is a bucket (from ≤ x < to, 0–0 the zeros);
 * a rate row is a window (seconds from the first request); a popularity row
 * a rank (from = to = rank); a top-keys row a key (name) and its requests.
 */
/** The report's single numbers, in the order the CSV lists them. */
const SUMMARY_FIELDS = [
  'requests', 'objects', 'requestsPerObject', 'bytesRequested', 'objectBytes', 'durationSeconds', 'oneHitWonders', 'oneHitWonderShare',
  'compulsoryMisses', 'compulsoryMissRatio', 'zipfAlpha', 'zipfR2', 'skippedRows',
] as const satisfies readonly (keyof AnalyzeReport)[];

export function analyzeCsv(r: AnalyzeReport): string {
  const rows: Record<string, unknown>[] = [];
  for (const name of SUMMARY_FIELDS) {
    const value = r[name];
    if (value !== undefined) rows.push({ section: 'summary', name, value });
  }
  for (const [op, n] of Object.entries(r.ops ?? {})) rows.push({ section: 'ops', name: op, value: n });
  if (r.rate) {
    const w = r.rate.windowSeconds;
    r.rate.requests.forEach((n, i) => rows.push({ section: 'rate', name: 'requests', from: i * w, to: (i + 1) * w, value: n }));
  }
  const buckets = (section: string, name: string, bs: readonly Bucket[]): void => {
    for (const b of bs) rows.push({ section, name, from: b.from, to: b.to, value: b.count });
  };
  if (r.sizes) {
    buckets('sizeByRequest', 'requests', r.sizes.byRequest.buckets);
    buckets('sizeByObject', 'objects', r.sizes.byObject.buckets);
  }
  if (r.ttl) {
    rows.push({ section: 'ttl', name: 'withoutTtl', value: r.ttl.withoutTtl });
    rows.push({ section: 'ttl', name: 'withTtl', value: r.ttl.withTtl });
    for (const v of r.ttl.values ?? []) rows.push({ section: 'ttl', name: 'requests', from: v.ttl, to: v.ttl, value: v.requests });
  }
  buckets('reuseDistance', 'reuses', r.reuseDistance.buckets);
  if (r.reuseTime) buckets('reuseTime', 'reuses', r.reuseTime.buckets);
  for (const p of r.popularity.ranks) rows.push({ section: 'popularity', name: 'requests', from: p.rank, to: p.rank, value: p.requests });
  for (const k of r.topKeys) rows.push({ section: 'topKeys', name: k.key, value: k.requests });
  return toCsv(ANALYZE_CSV_COLUMNS, rows);
}
