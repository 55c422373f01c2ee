import type { AnalyzeReport } from '../analyze/analyze.js';
import type { Bucket } from '../analyze/log2-buckets.js';
import { formatBytes } from '../core/units.js';
import { bytesBucketLabel, countBucketLabel, duration, secondsBucketLabel } from './analyze-report.js';
import { int, seconds } from './format.js';
import { barChart, escapeXml, lineChart, shortNumber } from './svg-chart.js';

/** Is this `cachesim analyze`'s JSON? (The HTML page is given outputs of every command.) */
export function isAnalyzeReport(v: unknown): v is AnalyzeReport {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.objects === 'number' && typeof o.oneHitWonders === 'number' && typeof o.reuseDistance === 'object' && Array.isArray(o.topKeys);
}

/** The analysis as HTML: a summary table, the charts, the top keys. */
export function analyzeHtml(r: AnalyzeReport, index: number): string {
  const out: string[] = [summary(r)];
  const charts: string[] = [];
  if (r.rate && r.rate.requests.length >= 2) {
    const w = r.rate.windowSeconds;
    charts.push(lineChart({
      id: `analyze-rate-${index}`,
      title: `Request rate (per ${duration(w)} window)`,
      xLabel: 'seconds from the first request',
      yLabel: 'requests / s',
      series: [{ name: 'requests/s', points: r.rate.requests.map((n, i) => ({ x: Number((i * w).toPrecision(12)), y: Number((n / w).toPrecision(12)) })) }],
      yMin: 0,
    }));
  }
  const ranks = r.popularity.ranks;
  if (ranks.length >= 2) {
    const fit = r.zipfAlpha !== undefined ? `, Zipf alpha ${r.zipfAlpha} (R² ${r.zipfR2 ?? '–'})` : '';
    charts.push(lineChart({
      id: `analyze-popularity-${index}`,
      title: `Popularity: requests by rank${fit}`,
      xLabel: 'rank',
      yLabel: 'requests (log scale)',
      series: [{ name: 'requests', points: ranks.map((p) => ({ x: p.rank, y: p.requests })) }],
      xLog: true,
      yLog: true,
    }));
  }
  const bars = (id: string, title: string, yLabel: string, buckets: readonly Bucket[], label: (b: Bucket) => string): void => {
    // One bucket says nothing the summary does not.
    if (buckets.length < 2) return;
    charts.push(barChart({ id: `analyze-${id}-${index}`, title, yLabel, categories: buckets.map(label), series: [{ name: yLabel, values: buckets.map((b) => b.count) }] }));
  };
  if (r.sizes) {
    bars('size-requests', 'Object size, by request', 'requests', r.sizes.byRequest.buckets, bytesBucketLabel);
    bars('size-objects', 'Object size, by object', 'objects', r.sizes.byObject.buckets, bytesBucketLabel);
  }
  if (r.ttl && r.ttl.withTtl > 0) bars('ttl', 'TTL of requests that have one', 'requests', r.ttl.buckets, secondsBucketLabel);
  bars('reuse-distance', 'Reuse distance (distinct other keys in between)', 'reuses', r.reuseDistance.buckets, countBucketLabel);
  if (r.reuseTime) bars('reuse-time', 'Reuse time', 'reuses', r.reuseTime.buckets, secondsBucketLabel);
  if (charts.length) out.push(`<div class="charts">${charts.join('\n')}</div>`);
  if (r.topKeys.length) out.push(topKeys(r));
  return out.join('\n');
}

function table(head: string[], rows: { label: string; cells: [string, string, string][] }[]): string {
  const out = ['<div class="table-wrap"><table class="results">', `<thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead>`, '<tbody>'];
  for (const row of rows) {
    const tds = row.cells.map(([field, text, cls]) => `<td${cls ? ` class="${cls}"` : ''} data-field="${escapeXml(field)}">${escapeXml(text)}</td>`);
    out.push(`<tr data-label="${escapeXml(row.label)}">${tds.join('')}</tr>`);
  }
  out.push('</tbody></table></div>');
  return out.join('\n');
}

function summary(r: AnalyzeReport): string {
  const rows: { label: string; cells: [string, string, string][] }[] = [];
  const add = (name: string, field: string, value: string, note = ''): void => {
    rows.push({ label: field, cells: [['name', name, ''], [field, value, 'num'], ['note', note, '']] });
  };
  add('requests', 'requests', int(r.requests));
  add('objects', 'objects', int(r.objects), 'distinct keys');
  if (r.requestsPerObject !== undefined) add('requests per object', 'requestsPerObject', r.requestsPerObject.toFixed(2));
  if (r.bytesRequested !== undefined) add('bytes requested', 'bytesRequested', formatBytes(r.bytesRequested));
  if (r.objectBytes !== undefined) add('bytes of objects', 'objectBytes', formatBytes(r.objectBytes), 'each object once, at its first size');
  if (r.durationSeconds !== undefined) add('duration', 'durationSeconds', seconds(r.durationSeconds));
  for (const [op, n] of Object.entries(r.ops ?? {})) add(`${op} requests`, `ops.${op}`, int(n));
  add('one-hit wonders', 'oneHitWonders', int(r.oneHitWonders), r.oneHitWonderShare !== undefined ? `${(100 * r.oneHitWonderShare).toFixed(1)}% of objects` : '');
  add('compulsory misses', 'compulsoryMisses', int(r.compulsoryMisses), r.compulsoryMissRatio !== undefined ? `${(100 * r.compulsoryMissRatio).toFixed(1)}% of reads` : '');
  const f = r.popularity.fit;
  add('Zipf alpha', 'zipfAlpha', r.zipfAlpha !== undefined ? r.zipfAlpha.toFixed(4) : '–', r.zipfAlpha !== undefined ? `R² ${r.zipfR2 ?? '–'}, ranks ${int(f.fromRank)}–${int(f.toRank)} (keys with ≥ ${f.minRequests} requests)` : 'too few repeated keys to fit');
  return table(['', 'value', ''], rows);
}

function topKeys(r: AnalyzeReport): string {
  return table(['key', 'requests', 'share'], r.topKeys.map((k, i) => ({
    label: `top ${i + 1}`,
    cells: [['key', k.key, ''], ['requests', int(k.requests), 'num'], ['share', `${shortNumber(100 * k.share)}%`, 'num']],
  })));
}
