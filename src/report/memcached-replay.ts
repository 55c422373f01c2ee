import { formatCapacity } from '../core/units.js';
import type { MemcachedComparison } from '../memcached/replay.js';
import { int, ratio, seconds, toCsv, type Paint } from './format.js';
import { classTable, memcachedSummary } from './memcached-report.js';
import { comparisonRow, LAG_WARNING_SECONDS, signed } from './redis-replay.js';
import { traceLine } from './run-report.js';
import { makeTable } from './table.js';

/** `cachesim replay --memcached` as tables: the server's counters beside the simulation's, then per slab class. */
export function memcachedReplayTable(c: MemcachedComparison, paint: Paint): string {
  const lines: string[] = [];
  if (c.trace) lines.push(traceLine(c.trace, paint));
  const pace = c.replay.rate !== undefined ? `at ${int(c.replay.rate)}/s` : c.replay.speed !== 1 ? `at ${c.replay.speed}× the trace's pace` : 'at the trace\'s pace';
  lines.push(
    `${paint.bold('Replayed')} ${int(c.replay.requests)} requests into memcached at ${c.memcached} ${pace} in ${seconds(c.replay.seconds)} ` +
      `(${int(c.replay.requestsPerSecond)}/s, at most ${seconds(c.replay.maxLagSeconds)} behind schedule)`,
  );
  lines.push(`${paint.bold('Memory')} -m ${formatCapacity(c.memoryLimit, 'bytes')}, read from the server with its settings; cachesim's memcached policy with the same, at the times really sent and the keys' own lengths, seed ${c.seed}`);
  const s = c.server;
  const sim = c.simulation;
  const m = sim.memcached;
  const table = makeTable({ head: ['', 'memcached', 'cachesim', 'gap'].map((h) => paint.bold(h)), colAligns: ['left', 'right', 'right', 'right'] });
  const gap = (a: number, b: number): string => signed(a - b, 0);
  const simItems = m.classes.reduce((n, k) => n + k.items, 0);
  table.push(
    ['reads', int(s.reads), int(sim.reads), gap(sim.reads, s.reads)],
    ['hits', int(s.hits), int(sim.hits), gap(sim.hits, s.hits)],
    ['misses', int(s.misses), int(sim.misses), gap(sim.misses, s.misses)],
    [paint.bold('hit ratio'), paint.bold(ratio(s.hitRatio)), paint.bold(ratio(sim.hitRatio)), paint.bold(signed(c.gap.hitRatio, 4))],
    ['evictions', int(s.evictions), int(sim.evictions), gap(sim.evictions, s.evictions)],
    ['expired', int(s.expirations), int(sim.expirations), gap(sim.expirations, s.expirations)],
    ['refused (out of memory, too large)', int(s.rejected), int(sim.rejected), gap(sim.rejected, s.rejected)],
    ['items at the end', int(s.items), int(simItems), gap(simItems, s.items)],
    ['pages (1 MiB)', int(s.pages), int(m.pagesMalloced), gap(m.pagesMalloced, s.pages)],
    ['page moves', int(s.pageMoves), int(m.pageMoves), gap(m.pageMoves, s.pageMoves)],
  );
  lines.push(table.toString());
  lines.push(`${paint.bold('Per slab class')} (memcached / cachesim; cachesim: ${memcachedSummary(m)})`);
  lines.push(classTable(m.classes, paint, s.classes));
  if (!c.fresh) lines.push(paint.yellow('The server had stored items before this replay: its pages were already assigned to classes, which the simulation (starting empty) does not know.'));
  if (c.replay.maxLagSeconds > LAG_WARNING_SECONDS) {
    lines.push(paint.yellow(`The replay fell up to ${seconds(c.replay.maxLagSeconds)} behind its schedule: both columns follow the times really sent, not the trace's own pace; lower --rate or --speed to measure that.`));
  }
  return `${lines.join('\n')}\n`;
}

export const MEMCACHED_REPLAY_CSV_COLUMNS = ['metric', 'memcached', 'cachesim', 'gap'] as const;

/** `cachesim replay --memcached --format csv`: one row per counter, then one per class and field (class5.pages). */
export function memcachedReplayCsv(c: MemcachedComparison): string {
  const s = c.server;
  const sim = c.simulation;
  const m = sim.memcached;
  const row = (metric: string, server: number | undefined, cachesim: number | undefined) => comparisonRow('memcached', metric, server, cachesim);
  const rows = [
    row('reads', s.reads, sim.reads),
    row('hits', s.hits, sim.hits),
    row('misses', s.misses, sim.misses),
    row('hitRatio', s.hitRatio, sim.hitRatio),
    row('evictions', s.evictions, sim.evictions),
    row('expirations', s.expirations, sim.expirations),
    row('rejected', s.rejected, sim.rejected),
    row('items', s.items, m.classes.reduce((n, k) => n + k.items, 0)),
    row('pages', s.pages, m.pagesMalloced),
    row('pageMoves', s.pageMoves, m.pageMoves),
  ];
  const ids = [...new Set([...s.classes.map((k) => k.class), ...m.classes.map((k) => k.class)])].sort((a, b) => a - b);
  for (const id of ids) {
    const a = s.classes.find((k) => k.class === id);
    const b = m.classes.find((k) => k.class === id);
    for (const f of ['pages', 'items', 'evictions'] as const) rows.push(row(`class${id}.${f}`, a?.[f] ?? 0, b?.[f] ?? 0));
  }
  return toCsv(MEMCACHED_REPLAY_CSV_COLUMNS, rows);
}
