import { formatCapacity } from '../core/units.js';
import type { RunReport, RunResult } from '../engine/replay.js';
import type { PlainResult } from '../run/results.js';
import type { MemcachedClassReport, MemcachedReport } from '../memcached/store.js';
import { int, type Paint } from './format.js';
import { lineChart, type LineSeries } from './svg-chart.js';
import { makeTable } from './table.js';

/** The memcached store's report of a result, when it has one (a plain result of the memcached policy). */
export function memcachedOf(r: RunResult): MemcachedReport | undefined {
  return r.kind === 'cache' ? (r as PlainResult).memcached : undefined;
}

/** Slab classes: pages, items by LRU segment, free chunks, evictions; with `other`, its figures before cachesim's (other / cachesim). */
export function classTable(classes: readonly MemcachedClassReport[], paint: Paint, other?: readonly MemcachedClassReport[]): string {
  const theirs = new Map((other ?? []).map((c) => [c.class, c]));
  const ids = [...new Set([...classes.map((c) => c.class), ...theirs.keys()])].sort((a, b) => a - b);
  const mine = new Map(classes.map((c) => [c.class, c]));
  const pair = (a: number | undefined, b: number | undefined): string => (other ? `${a === undefined ? '–' : int(a)} / ${b === undefined ? '–' : int(b)}` : int(a ?? 0));
  const head = ['class', 'chunk', 'pages', 'items', 'hot / warm / cold', 'free chunks', 'evictions'];
  const table = makeTable({ head: head.map((h) => paint.bold(h)), colAligns: ['right', 'right', 'right', 'right', 'right', 'right', 'right'] });
  for (const id of ids) {
    const a = mine.get(id);
    const b = theirs.get(id);
    const chunk = a?.chunkSize ?? b?.chunkSize ?? 0;
    const segs = (c: MemcachedClassReport | undefined): string => (c ? `${int(c.hot)} / ${int(c.warm)} / ${int(c.cold)}` : '–');
    table.push([String(id), `${int(chunk)} B`, pair(b?.pages ?? (other ? undefined : a?.pages), other ? a?.pages : undefined), pair(b?.items ?? (other ? undefined : a?.items), other ? a?.items : undefined), other ? `${segs(b)} | ${segs(a)}` : segs(a), pair(b?.freeChunks ?? (other ? undefined : a?.freeChunks), other ? a?.freeChunks : undefined), pair(b?.evictions ?? (other ? undefined : a?.evictions), other ? a?.evictions : undefined)]);
  }
  return table.toString();
}

/** One line on how the memory went: pages against -m, moves and what they cost. */
export function memcachedSummary(m: MemcachedReport): string {
  const limitPages = Math.floor(m.memoryLimit / (1024 * 1024));
  const over = m.pagesMalloced - limitPages;
  const parts = [`${int(m.pagesMalloced)} pages of 1 MiB for -m ${formatCapacity(m.memoryLimit, 'bytes')}${over > 0 ? ` (${over} over: a class's first page is always granted)` : ''}`];
  parts.push(`${int(m.pageMoves)} page moves${m.pageMoves > 0 ? ` (${int(m.pageMoveEvictions)} items dropped, ${int(m.pageMoveRescues)} rescued)` : ''}`);
  if (m.outOfMemory > 0) parts.push(`${int(m.outOfMemory)} stores out of memory`);
  if (m.tooLarge > 0) parts.push(`${int(m.tooLarge)} items over 512 KiB refused`);
  parts.push(`keys without names charged ${m.keySize} B`);
  return parts.join(' · ');
}

/** The text `run` prints after its table for memcached results: a class table each. */
export function memcachedSections(report: RunReport, paint: Paint): string {
  const out: string[] = [];
  for (const r of report.results) {
    const m = memcachedOf(r);
    if (!m) continue;
    out.push(`${paint.bold('memcached')} at ${formatCapacity(m.memoryLimit, 'bytes')}: ${memcachedSummary(m)}`);
    out.push(classTable(m.classes, paint));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** For the HTML report: pages per slab class over time, a line per class. */
export function memcachedPageChart(r: RunResult, id: string): string | undefined {
  const m = memcachedOf(r);
  if (!m || m.pagesOverTime.seconds.length === 0) return undefined;
  const t = m.pagesOverTime;
  // Steps: a class keeps its page count until the next sample.
  const series: LineSeries[] = t.classes.map((c, j) => {
    const points: { x: number; y: number }[] = [];
    t.seconds.forEach((s, k) => {
      if (k > 0) points.push({ x: s, y: t.pages[k - 1]![j]! });
      points.push({ x: s, y: t.pages[k]![j]! });
    });
    const chunk = m.classes.find((x) => x.class === c)?.chunkSize;
    return { name: `class ${c}${chunk ? ` (${int(chunk)} B)` : ''}`, points };
  });
  return lineChart({
    id,
    title: `Memcached pages per slab class (-m ${formatCapacity(m.memoryLimit, 'bytes')})`,
    xLabel: 'seconds from the first request',
    yLabel: 'pages (1 MiB)',
    series,
    yMin: 0,
    xFormat: (v) => String(Math.round(v)),
    yFormat: (v) => String(Math.round(v)),
  });
}
