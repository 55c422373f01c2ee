import type { OptionSpec } from '../../core/option-spec.js';
import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { toJson } from '../../report/format.js';
import { out, paintFor } from '../io.js';
import { addOptions, oneOf, outputFormat, traceOptions } from '../options.js';
import { TRACE_OPTIONS } from '../../trace/options.js';

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

/** `HOTKEYS_OPTIONS`: this command's flags, as option specs (core/option-spec.ts). */
export const HOTKEYS_OPTIONS: readonly OptionSpec[] = [
  { name: 'trace', flag: '-t, --trace <file>', help: 'trace file: CSV, or libCacheSim oracleGeneral (.bin); - for standard input' },
  { name: 'top', flag: '--top <k>', help: 'how many keys to list', default: '10' },
  { name: 'streaming', flag: '--streaming', help: 'count with Space-Saving in bounded memory instead of exactly (for traces with very many keys)' },
  { name: 'counters', flag: '--counters <m>', help: 'Space-Saving counters (default: 100 per listed key, at least 1,000)' },
  { name: 'window', flag: '--window <t>', help: 'peak rate over windows of this length, e.g. 1s or 100ms', default: '1s' },
  { name: 'nodes', flag: '--nodes <n>', help: 'show each key\'s node in a cluster of N nodes' },
  { name: 'sharding', flag: '--sharding <scheme>', help: 'with --nodes: slots (Redis Cluster) or ketama', default: 'slots' },
  { name: 'vnodes', flag: '--vnodes <n>', help: 'with --sharding ketama: points per node (default 160)' },
  { name: 'format', flag: '-f, --format <format>', help: 'table, json or csv', default: 'table', output: true },
];

export function registerHotKeys(program: Command): void {
  const cmd = program
    .command('hotkeys')
    .description('the keys that take the largest share of requests, with their peak rate and their node in a cluster');
  addOptions(cmd, [...HOTKEYS_OPTIONS, ...TRACE_OPTIONS]).action(async (flags: HotKeysFlags) => {
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
