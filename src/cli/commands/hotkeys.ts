import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { toJson } from '../../report/format.js';
import { out, paintFor } from '../io.js';
import { oneOf, outputFormat, traceOptions } from '../options.js';
import { addTraceFlags } from './run.js';

interface HotKeysFlags {
  trace?: string;
  top: string;
  streaming?: boolean;
  counters?: string;
  window: string;
  nodes?: string;
  sharding: string;
  vnodes?: string;
  format?: string;
  columns?: string;
  header?: boolean;
  timeUnit?: string;
  traceFormat?: string;
  skipBadRows?: boolean;
}

export function registerHotKeys(program: Command): void {
  const cmd = program
    .command('hotkeys')
    .description('the keys that take the largest share of requests, with their peak rate and their node in a cluster')
    .option('-t, --trace <file>', 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input')
    .option('--top <k>', 'how many keys to list', '10')
    .option('--streaming', 'count with Space-Saving in bounded memory instead of exactly (for traces with very many keys)')
    .option('--counters <m>', 'Space-Saving counters (default: 100 per listed key, at least 1,000)')
    .option('--window <t>', 'peak rate over windows of this length, e.g. 1s or 100ms', '1s')
    .option('--nodes <n>', 'show each key\'s node in a cluster of N nodes')
    .option('--sharding <scheme>', 'with --nodes: slots (Redis Cluster) or ketama', 'slots')
    .option('--vnodes <n>', 'with --sharding ketama: points per node (default 160)')
    .option('-f, --format <format>', 'table, json or csv', 'table');
  addTraceFlags(cmd).action(async (flags: HotKeysFlags) => {
    const format = outputFormat(flags.format);
    if (flags.trace === undefined) throw usageError('hotkeys needs a trace: --trace FILE (make one with cachesim gen --out FILE)');
    // Loaded here, not at start-up: other commands never pay for them.
    const { parseCount, parseSeconds } = await import('../../core/units.js');
    const { openTrace } = await import('../../trace/open.js');
    const { findHotKeys } = await import('../../cluster/hotkeys.js');
    const whole = (v: string, flag: string, min: number, max: number): number => {
      const n = parseCount(v, flag);
      if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${flag} must be a whole number from ${min} to ${max} (got ${v})`);
      return n;
    };
    const top = whole(flags.top, '--top', 1, 100_000);
    const counters = flags.counters === undefined ? Math.max(1000, 100 * top) : whole(flags.counters, '--counters', top, 100_000_000);
    if (flags.counters !== undefined && !flags.streaming) throw usageError('--counters applies to --streaming');
    const windowSeconds = parseSeconds(flags.window, '--window');
    if (!(windowSeconds > 0)) throw usageError('--window must be above 0 seconds, e.g. 1s');
    const sharding = oneOf('--sharding', flags.sharding, ['slots', 'ketama'] as const);
    if (flags.vnodes !== undefined && sharding !== 'ketama') throw usageError('--vnodes applies to --sharding ketama');
    const report = await findHotKeys(openTrace(flags.trace, traceOptions(flags)), {
      top,
      streaming: flags.streaming ?? false,
      counters,
      windowSeconds,
      nodes: flags.nodes === undefined ? undefined : whole(flags.nodes, '--nodes', 1, 16384),
      sharding,
      vnodes: flags.vnodes === undefined ? 160 : whole(flags.vnodes, '--vnodes', 1, 100_000),
    });
    const { hotKeysCsv, hotKeysTable } = await import('../../report/cluster-report.js');
    if (format === 'json') out(toJson(report));
    else if (format === 'csv') out(hotKeysCsv(report));
    else out(hotKeysTable(report, await paintFor(process.stdout)));
  });
}
