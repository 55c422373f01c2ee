import { formatBytes, formatCapacity } from '../core/units.js';
import type { RunReport, RunResult } from '../engine/replay.js';
import { int, NO_PAINT } from './format.js';
import { IDENTITY_FIELDS } from '../scenario/compare.js';
import { csvValue, metricsOf } from './metrics.js';
import { memcachedPageChart } from './memcached-report.js';
import { traceLine } from './run-report.js';
import type { SimResult } from '../run/results.js';
import { barChart, escapeXml, lineChart, shortNumber, type BarSeries, type LineSeries } from './svg-chart.js';
import { analyzeHtml, isAnalyzeReport } from './analyze-html.js';

/**
 * One self-contained HTML page for a run or a scenario: the results tables,
 * SVG charts drawn here (hit ratio by capacity per configuration; database
 * load over time when results carry `dbLoad`; per-node load when they carry
 * `nodes`), and the raw JSON. Inline CSS, no external resource of any kind
 * (a Content-Security-Policy forbids the page to load one), so it reads the
 * same offline, attached to a ticket or archived by CI. Deterministic: the
 * same results give the same bytes.
 */
export interface HtmlReportInput {
  title: string;
  /** A paragraph under the title (a scenario's description). */
  description?: string;
  sections: HtmlSection[];
}

export interface HtmlSection {
  heading: string;
  /** A paragraph under the heading. */
  description?: string;
  /** The cachesim command that produced `output` (run, size, mrc…). */
  command: string;
  /** The options it ran with, shown as given. */
  options?: Readonly<Record<string, unknown>>;
  /** What `--format json` prints for it. */
  output: unknown;
}

export function htmlReport(input: HtmlReportInput): string {
  const body: string[] = [`<header><h1>${escapeXml(input.title)}</h1>`];
  if (input.description) body.push(`<p class="description">${escapeXml(input.description)}</p>`);
  body.push('</header>');
  input.sections.forEach((s, i) => body.push(section(s, i)));
  body.push('<pre id="render-check" hidden></pre>');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may be fetched: the page is complete as it stands.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    '<meta name="generator" content="cachesim">',
    `<title>${escapeXml(input.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script>${RENDER_CHECK}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function isRunReport(v: unknown): v is RunReport {
  return typeof v === 'object' && v !== null && Array.isArray((v as RunReport).results) && typeof (v as RunReport).trace === 'object';
}

function section(s: HtmlSection, index: number): string {
  const out: string[] = [`<section class="run" id="section-${index}" data-command="${escapeXml(s.command)}">`, `<h2>${escapeXml(s.heading)}</h2>`];
  if (s.description) out.push(`<p class="description">${escapeXml(s.description)}</p>`);
  if (s.options && Object.keys(s.options).length > 0) out.push(optionsList(s.command, s.options));
  if (isRunReport(s.output)) {
    out.push(`<p class="trace">${escapeXml(traceLine(s.output.trace, NO_PAINT))}</p>`);
    const charts = runCharts(s.output, index);
    if (charts.length) out.push(`<div class="charts">${charts.join('\n')}</div>`);
    out.push(resultsTable(s.output));
  } else if (isAnalyzeReport(s.output)) {
    out.push(analyzeHtml(s.output, index));
  } else {
    const chart = curveChart(s.output, index);
    if (chart) out.push(`<div class="charts">${chart}</div>`);
  }
  out.push(`<details><summary>JSON</summary><pre class="json">${escapeXml(JSON.stringify(s.output, null, 2))}</pre></details>`);
  out.push('</section>');
  return out.join('\n');
}

function optionsList(command: string, options: Readonly<Record<string, unknown>>): string {
  const items = Object.entries(options).map(([k, v]) => {
    const text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    return `<dt>${escapeXml(k)}</dt><dd>${escapeXml(text)}</dd>`;
  });
  return `<dl class="options"><dt>command</dt><dd>cachesim ${escapeXml(command)}</dd>${items.join('')}</dl>`;
}

// ---- what a result is ----

/** A result's configuration without its capacity: policy, strategy, protection… */
function configOf(r: RunResult, omit: readonly string[] = []): string {
  const rec = r as unknown as Record<string, unknown>;
  return IDENTITY_FIELDS.filter((k) => !omit.includes(k)).map((k) => rec[k]).filter((v): v is string => typeof v === 'string').join(' · ');
}

/** Identity fields every result shares (all "lru", all "cache-aside"): charts leave them out of series names. */
function sharedFields(results: readonly RunResult[]): string[] {
  const recs = results as unknown as Record<string, unknown>[];
  const present = IDENTITY_FIELDS.filter((k) => recs.some((r) => typeof r[k] === 'string'));
  const shared = present.filter((k) => recs.every((r) => r[k] === recs[0]![k]));
  // Keep at least one part in every name.
  return shared.length === present.length ? shared.slice(1) : shared;
}

function paramsText(r: RunResult): string {
  return r.params ? Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(', ') : '';
}

/**
 * Series names: the configuration, with parameters where two results share a
 * configuration and capacity but differ in parameters.
 */
function seriesNames(results: readonly RunResult[], short = false): string[] {
  const omit = short ? sharedFields(results) : [];
  const base = results.map((r) => configOf(r, omit));
  return results.map((r, i) => {
    const clash = results.some((o, j) => j !== i && base[j] === base[i] && o.capacity.value === r.capacity.value && o.capacity.unit === r.capacity.unit);
    return clash && r.params ? `${base[i]} (${paramsText(r)})` : base[i]!;
  });
}

// ---- charts ----

function runCharts(report: RunReport, index: number): string[] {
  const charts: string[] = [];
  const results = report.results;
  const names = seriesNames(results, true);
  for (const unit of ['objects', 'bytes'] as const) {
    const rows = results.map((r, i) => ({ r, name: names[i]! })).filter(({ r }) => r.capacity.unit === unit && r.hitRatio !== undefined);
    if (rows.length === 0) continue;
    const caps = [...new Set(rows.map(({ r }) => r.capacity.value))];
    const id = `hit-ratio-${unit}-${index}`;
    if (caps.length >= 2) {
      const series = new Map<string, LineSeries & { points: { x: number; y: number }[] }>();
      for (const { r, name } of rows) {
        const s = series.get(name) ?? { name, points: [] };
        s.points.push({ x: r.capacity.value, y: r.hitRatio! });
        series.set(name, s);
      }
      charts.push(lineChart({
        id,
        title: 'Hit ratio by capacity',
        xLabel: `capacity (${unit})`,
        yLabel: 'hit ratio',
        series: [...series.values()],
        xLog: Math.max(...caps) / Math.min(...caps) >= 8,
        yMin: 0,
        xFormat: unit === 'bytes' ? (v) => formatBytes(v) : shortNumber,
        yFormat: (v) => v.toFixed(2),
      }));
    } else if (rows.length > 1) {
      // One capacity: a bar per configuration (a single bar would say nothing the table does not).
      const cap = formatCapacity(caps[0]!, unit);
      charts.push(barChart({
        id,
        title: `Hit ratio at ${cap}`,
        yLabel: 'hit ratio',
        categories: rows.map(({ name }) => name),
        series: [{ name: 'hit ratio', values: rows.map(({ r }) => r.hitRatio) }],
        yMax: 1,
        yFormat: (v) => v.toFixed(2),
      }));
    }
  }
  const load = dbLoadChart(results, names, index);
  if (load) charts.push(load);
  charts.push(...nodeCharts(results, names, index));
  results.forEach((r, i) => {
    const pages = memcachedPageChart(r, `memcached-pages-${index}-${i}`);
    if (pages) charts.push(pages);
  });
  return charts;
}

function numericFields(o: Record<string, unknown>): [string, number][] {
  return Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
}

/**
 * A `dbLoad` as queries per second over time: { windowSeconds, startSeconds,
 * reads: [...], writes: [...] } (counts per window, as strategy runs report
 * it), or simply a list of rates, one per window.
 */
function loadSeries(load: unknown, fallbackStep: number): { x: number; y: number }[] {
  if (Array.isArray(load)) {
    return load.flatMap((v, i) => (typeof v === 'number' ? [{ x: Number((i * fallbackStep).toPrecision(12)), y: v }] : []));
  }
  if (typeof load !== 'object' || load === null) return [];
  const o = load as Record<string, unknown>;
  const step = typeof o.windowSeconds === 'number' && o.windowSeconds > 0 ? o.windowSeconds : fallbackStep;
  const start = typeof o.startSeconds === 'number' ? o.startSeconds : 0;
  const counts = (k: string): number[] => (Array.isArray(o[k]) ? (o[k] as unknown[]).map((v) => (typeof v === 'number' ? v : 0)) : []);
  const reads = counts('reads');
  const writes = counts('writes');
  const n = Math.max(reads.length, writes.length);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i++) out.push({ x: Number((start + i * step).toPrecision(12)), y: Number((((reads[i] ?? 0) + (writes[i] ?? 0)) / step).toPrecision(12)) });
  return out;
}

function dbLoadChart(results: readonly RunResult[], names: readonly string[], index: number): string | undefined {
  const series: LineSeries[] = [];
  const oneCapacity = new Set(results.map((r) => `${r.capacity.value}${r.capacity.unit}`)).size === 1;
  results.forEach((r, i) => {
    const rec = r as unknown as Record<string, unknown>;
    const step = typeof rec.windowSeconds === 'number' ? rec.windowSeconds : typeof rec.window === 'number' ? rec.window : 1;
    const points = loadSeries(rec.dbLoad, step);
    if (points.length) series.push({ name: oneCapacity ? names[i]! : `${names[i]} @ ${formatCapacity(r.capacity.value, r.capacity.unit)}`, points });
  });
  if (series.length === 0) return undefined;
  return lineChart({ id: `db-load-${index}`, title: 'Database load over time', xLabel: 'trace time (s)', yLabel: 'database queries / s (reads + writes)', series, yMin: 0 });
}

/** A node's label: its name or number, else its position. */
function nodeLabel(node: Record<string, unknown>, i: number): string {
  for (const k of ['name', 'node', 'id']) {
    const v = node[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return `node ${v}`;
  }
  return `node ${i}`;
}

function nodeMetric(node: Record<string, unknown>, pattern: RegExp): number | undefined {
  return numericFields(node).find(([k]) => pattern.test(k))?.[1];
}

function nodeCharts(results: readonly RunResult[], names: readonly string[], index: number): string[] {
  const oneCapacity = new Set(results.map((r) => `${r.capacity.value}${r.capacity.unit}`)).size === 1;
  const withNodes = results
    .map((r, i) => ({ r, name: oneCapacity ? names[i]! : `${names[i]} @ ${formatCapacity(r.capacity.value, r.capacity.unit)}`, nodes: (r as unknown as Record<string, unknown>).nodes }))
    .filter((x): x is { r: RunResult; name: string; nodes: Record<string, unknown>[] } => Array.isArray(x.nodes) && x.nodes.length > 0 && x.nodes.every((n) => typeof n === 'object' && n !== null));
  if (withNodes.length === 0) return [];
  // Nodes by name across configurations (replicas add nodes of their own).
  const categories: string[] = [];
  for (const { nodes } of withNodes) nodes.forEach((node, i) => { if (!categories.includes(nodeLabel(node, i))) categories.push(nodeLabel(node, i)); });
  const limitOf = (r: RunResult): number | undefined => {
    const rec = r as unknown as Record<string, unknown>;
    const cluster = rec.cluster as Record<string, unknown> | undefined;
    const v = rec.nodeOps ?? cluster?.nodeOps;
    return typeof v === 'number' ? v : undefined;
  };
  const limit = limitOf(withNodes[0]!.r);
  const reference = limit !== undefined ? { value: limit, label: `node limit ${shortNumber(limit)} ops/s` } : undefined;
  const charts: string[] = [];
  for (const [what, pattern] of [['Peak', /^peak/i], ['Mean', /^mean/i]] as const) {
    const series: BarSeries[] = withNodes.map(({ name, nodes }) => {
      const byLabel = new Map(nodes.map((node, i) => [nodeLabel(node, i), nodeMetric(node, pattern)]));
      return { name, values: categories.map((c) => byLabel.get(c)) };
    });
    if (series.every((s) => s.values.every((v) => v === undefined))) continue;
    charts.push(barChart({ id: `nodes-${what.toLowerCase()}-${index}`, title: `${what} load per node`, yLabel: 'operations / s', categories, series, reference }));
  }
  // Each configuration's per-node load over time, when nodes carry a `load` series per window.
  withNodes.forEach(({ r, name, nodes }, k) => {
    if (nodes.length > 24) return;
    const rec = r as unknown as Record<string, unknown>;
    const cluster = rec.cluster as Record<string, unknown> | undefined;
    const step = typeof cluster?.loadWindowSeconds === 'number' ? cluster.loadWindowSeconds : typeof cluster?.windowSeconds === 'number' ? cluster.windowSeconds : typeof rec.windowSeconds === 'number' ? rec.windowSeconds : 1;
    const series: LineSeries[] = nodes
      .map((node, i) => ({ name: nodeLabel(node, i), load: node.load }))
      .filter((x): x is { name: string; load: number[] } => Array.isArray(x.load) && x.load.length > 0 && x.load.every((v) => typeof v === 'number'))
      .map(({ name: nodeName, load }) => ({ name: nodeName, points: load.map((v, i) => ({ x: i * step, y: v })) }));
    if (series.length === 0) return;
    const lim = limitOf(r);
    charts.push(lineChart({ id: `node-load-${index}-${k}`, title: `Load per node over time: ${name}`, xLabel: 'trace time (s)', yLabel: 'operations / s', series, yMin: 0, ...(lim !== undefined ? { yMax: Math.max(lim, ...series.flatMap((s) => s.points.map((p) => p.y))), reference: { value: lim, label: `node limit ${shortNumber(lim)} ops/s` } } : {}) }));
  });
  return charts;
}

/** A miss-ratio curve (`points: [{ capacity, missRatio }]`), as `cachesim mrc` prints it. */
function curveChart(output: unknown, index: number): string | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const points = (output as Record<string, unknown>).points;
  if (!Array.isArray(points)) return undefined;
  const xy = points
    .map((p) => (typeof p === 'object' && p !== null ? p as Record<string, unknown> : {}))
    .filter((p) => typeof p.capacity === 'number' && typeof p.missRatio === 'number')
    .map((p) => ({ x: p.capacity as number, y: p.missRatio as number }));
  if (xy.length < 2) return undefined;
  const caps = xy.map((p) => p.x);
  return lineChart({
    id: `curve-${index}`,
    title: 'Miss ratio by capacity',
    xLabel: 'capacity',
    yLabel: 'miss ratio',
    series: [{ name: 'miss ratio', points: xy }],
    xLog: Math.min(...caps) > 0 && Math.max(...caps) / Math.min(...caps) >= 8,
    yMin: 0,
    yMax: 1,
    yFormat: (v) => v.toFixed(2),
  });
}

// ---- the results table ----

/** A heading for a field no table names: camelCase split into words. */
function heading(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function cellText(field: string, v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (/ratio$/i.test(field)) return v.toFixed(4);
  if (Number.isInteger(v)) return int(v);
  return v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) < 1 ? 4 : 2 });
}

/**
 * Every one-value field of the results' kind (report/metrics.ts: what the
 * CSV has) that some result carries, text fields first; the rows in the
 * terminal's order, and the cells the terminal highlights marked best.
 */
function resultsTable(report: RunReport): string {
  const kind = (report.results[0]?.kind ?? 'cache') as SimResult['kind'];
  const m = metricsOf<SimResult>(kind);
  const rows = m.order ? m.order(report.results as SimResult[]) : (report.results as SimResult[]);
  const present = m.metrics.filter((x) => x.csv !== false && x.key !== 'unit' && rows.some((r) => csvValue(x, r) !== undefined && csvValue(x, r) !== ''));
  const cols = [...present.filter((x) => x.left), ...present.filter((x) => !x.left)];
  const best = m.best(rows);
  const head = cols.map((c) => (c.key === 'params' ? 'parameters' : c.heading ?? heading(c.key)));
  const out = ['<div class="table-wrap"><table class="results">', `<thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead>`, '<tbody>'];
  const labels = seriesNames(rows);
  rows.forEach((r, i) => {
    const tds: string[] = [];
    for (const c of cols) {
      const f = escapeXml(c.key);
      if (c.key === 'params') tds.push(`<td data-field="params">${escapeXml(paramsText(r))}</td>`);
      else if (c.key === 'capacity') tds.push(`<td class="num" data-field="capacity" data-value="${r.capacity.value}">${escapeXml(formatCapacity(r.capacity.value, r.capacity.unit))}</td>`);
      else if (c.left) tds.push(`<td data-field="${f}">${escapeXml(String(csvValue(c, r) ?? ''))}</td>`);
      else {
        const v = csvValue(c, r);
        const cls = c.key === best.key && best.rows.has(r) ? 'num best' : 'num';
        tds.push(v === undefined ? `<td class="num" data-field="${f}">–</td>` : `<td class="${cls}" data-field="${f}" data-value="${escapeXml(String(v))}">${escapeXml(cellText(c.key, v))}</td>`);
      }
    }
    out.push(`<tr data-label="${escapeXml(`${labels[i]} @ ${r.capacity.value} ${r.capacity.unit}`)}">${tds.join('')}</tr>`);
  });
  out.push('</tbody></table></div>');
  return out.join('\n');
}

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; margin: 0 auto; max-width: 1120px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-top: 1px solid #ddd; padding-top: 16px; }
.description { max-width: 80ch; color: #333; }
.trace { color: #444; }
dl.options { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; color: #333; margin: 8px 0; }
dl.options dt { font-weight: 600; }
dl.options dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
svg.chart { max-width: 100%; height: auto; background: #fff; border: 1px solid #e3e3e3; border-radius: 4px; }
svg .chart-title { font-weight: 600; font-size: 14px; }
svg .tick, svg .legend { font-size: 11px; fill: #444; }
svg .axis-label { font-size: 12px; fill: #333; }
svg .grid { stroke: #ececec; }
svg .axis, svg .tick-mark { stroke: #555; }
svg .reference { stroke: #c0392b; stroke-dasharray: 5 4; stroke-width: 1.5; }
svg .reference-label { font-size: 11px; fill: #c0392b; }
.table-wrap { overflow-x: auto; }
table.results { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
table.results th, table.results td { padding: 3px 10px; border-bottom: 1px solid #eee; white-space: nowrap; }
table.results th { text-align: left; background: #f6f6f6; font-weight: 600; }
table.results td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.results td.best { color: #1a7f37; font-weight: 600; }
details { margin: 8px 0; }
pre.json { font-size: 12px; background: #f7f7f7; padding: 8px; overflow: auto; max-height: 420px; }
@media print { details { display: none; } }
`.trim();

/**
 * Runs in the browser after load: measures every chart (a chart that laid
 * out to nothing, or whose marks have no size, did not render) and reads
 * back the numbers the tables show. It writes a JSON summary into
 * #render-check; the page shows nothing of it. Tests read it with headless
 * Chromium's --dump-dom.
 */
const RENDER_CHECK = `
(function () {
  function check() {
    var charts = Array.prototype.map.call(document.querySelectorAll('svg.chart'), function (svg) {
      var box = svg.getBBox();
      var marks = svg.querySelectorAll('.mark');
      var drawn = 0;
      Array.prototype.forEach.call(marks, function (m) { var b = m.getBBox(); if (b.width > 0 || b.height > 0) drawn++; });
      var values = Array.prototype.map.call(svg.querySelectorAll('.mark[data-value]'), function (m) {
        return { series: m.getAttribute('data-series'), x: m.getAttribute('data-x') || m.getAttribute('data-category'), value: Number(m.getAttribute('data-value')) };
      });
      return { id: svg.id, kind: svg.getAttribute('data-kind'), width: box.width, height: box.height, marks: marks.length, drawn: drawn, values: values };
    });
    var rows = Array.prototype.map.call(document.querySelectorAll('table.results tbody tr'), function (tr) {
      var cells = {};
      Array.prototype.forEach.call(tr.querySelectorAll('td[data-field]'), function (td) { cells[td.getAttribute('data-field')] = td.textContent; });
      return { section: tr.closest('section').id, label: tr.getAttribute('data-label'), cells: cells };
    });
    document.getElementById('render-check').textContent = JSON.stringify({ charts: charts, rows: rows });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check); else check();
})();
`.trim();
