/**
 * Small SVG charts for the HTML report, drawn here so the page needs no
 * library and no network: a line chart (linear or log x) and a grouped bar
 * chart. Every drawn mark has class "mark" and, where it stands for one
 * number, `data-value` (the number) and a <title> (hover text), so a test in
 * a real browser can check that the marks render and carry the right values.
 */

export interface ChartPoint {
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  points: readonly ChartPoint[];
}

export interface LineChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  /** Log-scaled x axis (capacities spanning decades). */
  xLog?: boolean;
  /** Log-scaled y axis (requests by rank); every y must be above 0. */
  yLog?: boolean;
  /** Fixed y range; by default from 0 to the data's maximum. */
  yMin?: number;
  yMax?: number;
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  /** A horizontal reference line (a node's throughput limit), labelled. */
  reference?: { value: number; label: string };
}

export interface BarSeries {
  name: string;
  /** One value per category; undefined draws nothing. */
  values: readonly (number | undefined)[];
}

export interface BarChartSpec {
  id: string;
  title: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  yMax?: number;
  yFormat?: (v: number) => string;
  /** A horizontal reference line (a node's throughput limit), labelled. */
  reference?: { value: number; label: string };
}

/** Tableau 10: distinct and readable for colour-blind viewers. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

const W = 760;
const H = 360;
const M = { left: 70, right: 200, top: 34, bottom: 56 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
/** Above this many points a series is drawn as a line only, without a dot per point. */
const MAX_DOTS = 80;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number short enough for an SVG attribute. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Round numbers about `count` apart covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  // One more tick above the data, so the top of the axis is labelled.
  if (out[out.length - 1]! < hi - step * 1e-9) out.push(Number((out[out.length - 1]! + step).toPrecision(12)));
  return out;
}

/** Powers of ten (and 2×, 5× when the range is short) inside [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const decades = Math.log10(hi / lo);
  const mults = decades <= 2 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of mults) {
      const v = m * 10 ** e;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out.length >= 2 ? out : [lo, hi];
}

/** 1500 → 1.5k, 2000000 → 2M: axis labels stay short. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  const f = (x: number, s: string): string => `${Number(x.toPrecision(3))}${s}`;
  if (a >= 1e9) return f(v / 1e9, 'G');
  if (a >= 1e6) return f(v / 1e6, 'M');
  if (a >= 1e4) return f(v / 1e3, 'k');
  return String(Number(v.toPrecision(4)));
}

function frame(spec: { id: string; title: string; yLabel: string }, kind: string, body: string[]): string {
  return [
    `<svg class="chart" id="${escapeXml(spec.id)}" data-kind="${kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<text class="chart-title" x="${M.left}" y="20">${escapeXml(spec.title)}</text>`,
    `<text class="axis-label" transform="translate(16 ${n(M.top + PH / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function legend(names: readonly string[], line: boolean): string[] {
  const out: string[] = [];
  const x = W - M.right + 16;
  names.forEach((name, i) => {
    const y = M.top + 8 + i * 18;
    if (y > H - 10) return;
    const color = PALETTE[i % PALETTE.length]!;
    const dash = DASHES[Math.floor(i / PALETTE.length) % DASHES.length]!;
    out.push(line
      ? `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${color}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`
      : `<rect x="${x + 3}" y="${y - 6}" width="12" height="12" fill="${color}"/>`);
    const label = name.length > 26 ? `${name.slice(0, 25)}…` : name;
    out.push(`<text class="legend" x="${x + 24}" y="${y + 4}">${escapeXml(label)}<title>${escapeXml(name)}</title></text>`);
  });
  return out;
}

function yAxis(ticks: number[], y: (v: number) => number, fmt: (v: number) => string): string[] {
  const out: string[] = [];
  for (const t of ticks) {
    const py = n(y(t));
    out.push(`<line class="grid" x1="${M.left}" y1="${py}" x2="${M.left + PW}" y2="${py}"/>`);
    out.push(`<text class="tick" x="${M.left - 6}" y="${py}" dy="0.32em" text-anchor="end">${escapeXml(fmt(t))}</text>`);
  }
  out.push(`<line class="axis" x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + PH}"/>`);
  out.push(`<line class="axis" x1="${M.left}" y1="${M.top + PH}" x2="${M.left + PW}" y2="${M.top + PH}"/>`);
  return out;
}

function referenceLine(ref: { value: number; label: string }, y: (v: number) => number): string[] {
  const ry = n(y(ref.value));
  return [
    `<line class="reference" x1="${M.left}" y1="${ry}" x2="${M.left + PW}" y2="${ry}"/>`,
    `<text class="reference-label" x="${M.left + PW - 4}" y="${ry}" dy="-0.4em" text-anchor="end">${escapeXml(ref.label)}</text>`,
  ];
}

export function lineChart(spec: LineChartSpec): string {
  const pts = spec.series.flatMap((s) => s.points);
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  const xLog = spec.xLog === true && x0 > 0;
  if (x0 === x1) {
    x0 = xLog ? x0 / 2 : x0 - 1;
    x1 = xLog ? x1 * 2 : x1 + 1;
  }
  const yLog = spec.yLog === true && Math.min(...ys) > 0;
  const y0 = spec.yMin ?? (yLog ? Math.min(...ys) : Math.min(0, ...ys));
  let y1 = spec.yMax ?? Math.max(...ys);
  if (!(y1 > y0)) y1 = yLog ? y0 * 10 : y0 + 1;
  const yTicks = yLog ? logTicks(y0, y1) : niceTicks(y0, y1);
  if (!yLog) y1 = Math.max(y1, yTicks[yTicks.length - 1]!);
  const x = xLog
    ? (v: number): number => M.left + (Math.log(v / x0) / Math.log(x1 / x0)) * PW
    : (v: number): number => M.left + ((v - x0) / (x1 - x0)) * PW;
  const y = yLog
    ? (v: number): number => M.top + PH - (Math.log(v / y0) / Math.log(y1 / y0)) * PH
    : (v: number): number => M.top + PH - ((v - y0) / (y1 - y0)) * PH;
  const xf = spec.xFormat ?? shortNumber;
  const yf = spec.yFormat ?? shortNumber;
  const body = yAxis(yTicks, y, yf);
  const span = (x1 - x0) * 1e-9;
  for (const t of (xLog ? logTicks(x0, x1) : niceTicks(x0, x1, 6)).filter((v) => v >= x0 - span && v <= x1 + span)) {
    const px = n(x(t));
    body.push(`<line class="tick-mark" x1="${px}" y1="${M.top + PH}" x2="${px}" y2="${M.top + PH + 5}"/>`);
    body.push(`<text class="tick" x="${px}" y="${M.top + PH + 18}" text-anchor="middle">${escapeXml(xf(t))}</text>`);
  }
  body.push(`<text class="axis-label" x="${n(M.left + PW / 2)}" y="${H - 12}" text-anchor="middle">${escapeXml(spec.xLabel)}${xLog ? ' (log scale)' : ''}</text>`);
  spec.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const dash = DASHES[Math.floor(i / PALETTE.length) % DASHES.length]!;
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    if (sorted.length > 1) {
      body.push(`<polyline class="mark line" data-series="${escapeXml(s.name)}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${sorted.map((p) => `${n(x(p.x))},${n(y(p.y))}`).join(' ')}"><title>${escapeXml(s.name)}</title></polyline>`);
    }
    if (sorted.length <= MAX_DOTS) {
      for (const p of sorted) {
        body.push(`<circle class="mark point" data-series="${escapeXml(s.name)}" data-x="${p.x}" data-value="${p.y}" cx="${n(x(p.x))}" cy="${n(y(p.y))}" r="3.5" fill="${color}"><title>${escapeXml(`${s.name}: ${yf(p.y)} at ${xf(p.x)}`)}</title></circle>`);
      }
    }
  });
  if (spec.reference) body.push(...referenceLine(spec.reference, y));
  body.push(...legend(spec.series.map((s) => s.name), true));
  return frame(spec, 'line', body);
}

export function barChart(spec: BarChartSpec): string {
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
  let y1 = spec.yMax ?? Math.max(0, ...values, spec.reference?.value ?? 0);
  if (!(y1 > 0)) y1 = 1;
  const yTicks = niceTicks(0, y1);
  y1 = Math.max(y1, yTicks[yTicks.length - 1]!);
  const y = (v: number): number => M.top + PH - (v / y1) * PH;
  const yf = spec.yFormat ?? shortNumber;
  const body = yAxis(yTicks, y, yf);
  const slot = PW / Math.max(1, spec.categories.length);
  const barW = Math.max(1, (slot * 0.8) / Math.max(1, spec.series.length));
  spec.categories.forEach((cat, c) => {
    const cx = M.left + slot * c + slot / 2;
    const label = cat.length > 14 ? `${cat.slice(0, 13)}…` : cat;
    if (spec.categories.length <= 24 || c % Math.ceil(spec.categories.length / 24) === 0) {
      body.push(`<text class="tick" x="${n(cx)}" y="${M.top + PH + 18}" text-anchor="middle">${escapeXml(label)}<title>${escapeXml(cat)}</title></text>`);
    }
    spec.series.forEach((s, i) => {
      const v = s.values[c];
      if (v === undefined) return;
      const bx = cx - (barW * spec.series.length) / 2 + i * barW;
      const top = y(Math.max(0, v));
      body.push(`<rect class="mark bar" data-series="${escapeXml(s.name)}" data-category="${escapeXml(cat)}" data-value="${v}" x="${n(bx)}" y="${n(top)}" width="${n(Math.max(1, barW - 1))}" height="${n(Math.max(1, M.top + PH - top))}" fill="${PALETTE[i % PALETTE.length]!}"><title>${escapeXml(`${s.name} · ${cat}: ${yf(v)}`)}</title></rect>`);
    });
  });
  if (spec.reference) body.push(...referenceLine(spec.reference, y));
  if (spec.series.length > 1) body.push(...legend(spec.series.map((s) => s.name), false));
  return frame(spec, 'bar', body);
}
