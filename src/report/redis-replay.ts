import { formatBytes } from '../core/units.js';
import type { RedisComparison } from '../redis/replay.js';
import { int, ratio, seconds, toCsv, type Paint } from './format.js';
import { traceLine } from './run-report.js';
import { round6 } from '../core/numbers.js';
import { makeTable } from './table.js';

/** A lag above this means the replay no longer measures the trace's own pace. */
export const LAG_WARNING_SECONDS = 1;

function signed(x: number | undefined, digits: number): string {
  if (x === undefined) return '';
  const s = x.toFixed(digits);
  return x > 0 ? `+${s}` : s;
}

/** `cachesim replay --redis` as a table: the server's counters beside the simulation's, with the gap. */
export function redisReplayTable(c: RedisComparison, paint: Paint): string {
  const lines: string[] = [];
  if (c.trace) lines.push(traceLine(c.trace, paint));
  const pace = c.replay.rate !== undefined ? `at ${int(c.replay.rate)}/s` : c.replay.speed !== 1 ? `at ${c.replay.speed}× the trace's pace` : 'at the trace\'s pace';
  lines.push(
    `${paint.bold('Replayed')} ${int(c.replay.requests)} requests into ${c.redis} ${pace} in ${seconds(c.replay.seconds)} ` +
      `(${int(c.replay.requestsPerSecond)}/s, at most ${seconds(c.replay.maxLagSeconds)} behind schedule)`,
  );
  const params = c.params ? ` (${Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
  lines.push(`${paint.bold('Policy')} ${c.policy}${params}, maxmemory ${formatBytes(c.maxmemory)}; cachesim at the key count Redis ended with, seed ${c.seed}`);
  const s = c.server;
  const sim = c.simulation;
  const table = makeTable({
    head: ['', 'redis', 'cachesim', 'gap'].map((h) => paint.bold(h)),
    colAligns: ['left', 'right', 'right', 'right'],
  });
  const gapInt = (a: number | undefined, b: number): string => (a === undefined ? '' : signed(a - b, 0));
  table.push(
    ['reads', int(s.reads), sim ? int(sim.reads) : '–', gapInt(sim?.reads, s.reads)],
    ['hits', int(s.hits), sim ? int(sim.hits) : '–', gapInt(sim?.hits, s.hits)],
    ['misses', int(s.misses), sim ? int(sim.misses) : '–', gapInt(sim?.misses, s.misses)],
    [paint.bold('hit ratio'), paint.bold(ratio(s.hitRatio)), paint.bold(sim ? ratio(sim.hitRatio) : '–'), paint.bold(signed(c.gap?.hitRatio, 4))],
    ['evictions', int(s.evictions), sim ? int(sim.evictions) : '–', gapInt(sim?.evictions, s.evictions)],
    ['expired', int(s.expirations), sim ? int(sim.expirations) : '–', gapInt(sim?.expirations, s.expirations)],
    ['rejected (OOM)', int(s.rejected), sim ? int(sim.rejected) : '–', gapInt(sim?.rejected, s.rejected)],
    ['keys at the end', int(s.keys), sim ? `${int(sim.capacity.value)} (capacity)` : '–', ''],
    ['used memory', formatBytes(s.usedMemory), '', ''],
  );
  lines.push(table.toString());
  if (!sim) {
    lines.push(paint.yellow(`Redis ended with no keys, so there is nothing to simulate: maxmemory ${formatBytes(c.maxmemory)} is at or below what the server itself uses; raise --maxmemory.`));
  }
  if (c.replay.maxLagSeconds > LAG_WARNING_SECONDS) {
    lines.push(paint.yellow(`The replay fell up to ${seconds(c.replay.maxLagSeconds)} behind its schedule: both columns follow the times really sent, not the trace's own pace; lower --rate or --speed to measure that.`));
  }
  return `${lines.join('\n')}\n`;
}

export const REDIS_REPLAY_CSV_COLUMNS = ['metric', 'redis', 'cachesim', 'gap'] as const;

/**
 * `cachesim replay --format csv`: the table's rows, one per counter, the
 * server's value beside the simulation's and the gap (cachesim − redis).
 * cachesim's column is empty when the server ended with no keys; `keys` and
 * `usedMemory` are the server's alone. The replay's pace and timing are in
 * the JSON.
 */
export function redisReplayCsv(c: RedisComparison): string {
  const s = c.server;
  const sim = c.simulation;
  const row = (metric: string, redis: number | undefined, cachesim: number | undefined) => ({
    metric, redis, cachesim,
    gap: redis !== undefined && cachesim !== undefined ? round6(cachesim - redis) : undefined,
  });
  return toCsv(REDIS_REPLAY_CSV_COLUMNS, [
    row('reads', s.reads, sim?.reads),
    row('hits', s.hits, sim?.hits),
    row('misses', s.misses, sim?.misses),
    row('hitRatio', s.hitRatio, sim?.hitRatio),
    row('evictions', s.evictions, sim?.evictions),
    row('expirations', s.expirations, sim?.expirations),
    row('rejected', s.rejected, sim?.rejected),
    row('keys', s.keys, undefined),
    row('usedMemory', s.usedMemory, undefined),
  ]);
}
