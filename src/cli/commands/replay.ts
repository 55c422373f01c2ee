import type { OptionSpec } from '../../core/option-spec.js';
import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { parseBytesLoose, parseCount } from '../../core/units.js';
import { toJson } from '../../report/format.js';
import { openTrace } from '../../trace/open.js';
import { err, out, paintFor } from '../io.js';
import { addOptions, outputFormat, seedOption, traceOptions, type TraceFlags } from '../options.js';
import { TRACE_OPTIONS } from '../../trace/options.js';

interface ReplayFlags extends TraceFlags {
  redis?: string;
  memcached?: string;
  trace?: string;
  maxmemory?: string;
  policy?: string;
  samples: string;
  lfuLogFactor?: string;
  lfuDecayTime?: string;
  rate?: string;
  speed: string;
  yes?: boolean;
  timeout: string;
  seed?: string;
  format: string;
}

function wholeNumber(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${flag} "${value}" must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`);
  return n;
}

/** `REPLAY_OPTIONS`: this command's flags, as option specs (core/option-spec.ts). */
export const REPLAY_OPTIONS: readonly OptionSpec[] = [
  { name: 'redis', flag: '--redis <url>', help: 'the server: redis://HOST:PORT (it is flushed: use a scratch server)' },
  { name: 'memcached', flag: '--memcached <host:port>', help: 'or a memcached: HOST:PORT, freshly started (its -m and settings are read from it; the simulation uses the memcached policy)' },
  { name: 'trace', flag: '-t, --trace <file>', help: 'trace file: CSV or oracleGeneral (.bin)' },
  { name: 'maxmemory', flag: '--maxmemory <size>', help: 'Redis maxmemory for the replay, e.g. 64MB or 67108864 (MB = 10^6 bytes, MiB = 2^20)' },
  { name: 'policy', flag: '-p, --policy <name>', help: 'Redis maxmemory-policy: allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl or noeviction' },
  { name: 'samples', flag: '--samples <n>', help: 'maxmemory-samples, on the server and in the simulation', default: '5' },
  { name: 'lfuLogFactor', flag: '--lfu-log-factor <n>', help: 'lfu-log-factor, on the server and in the simulation (default 10)' },
  { name: 'lfuDecayTime', flag: '--lfu-decay-time <min>', help: 'lfu-decay-time in minutes, on the server and in the simulation (default 1)' },
  { name: 'rate', flag: '--rate <r>', help: 'replay at r requests per second, evenly spaced, instead of at the trace\'s timestamps' },
  { name: 'speed', flag: '--speed <x>', help: 'replay at x times the trace\'s pace', default: '1' },
  { name: 'yes', flag: '--yes', help: 'flush the server even though it holds keys' },
  { name: 'timeout', flag: '--timeout <s>', help: 'seconds to wait for each reply before the server counts as lost', default: '15' },
  { name: 'seed', flag: '--seed <n>', help: 'seed for the simulation (default 42)' },
  { name: 'format', flag: '-f, --format <format>', help: 'table, json or csv', default: 'table', output: true },
];

export function registerReplay(program: Command): void {
  const cmd = program
    .command('replay')
    .description('replay a trace into your own scratch Redis or memcached, cache-aside and paced, and compare its hits with cachesim\'s simulation');
  addOptions(cmd, [...REPLAY_OPTIONS, ...TRACE_OPTIONS]).action(async (flags: ReplayFlags) => {
    if (flags.redis && flags.memcached) throw usageError('give --redis or --memcached, not both');
    if (!flags.redis && !flags.memcached) throw usageError('replay needs a server: --redis redis://HOST:PORT or --memcached HOST:PORT (a scratch one: replay flushes it)');
    if (!flags.trace) throw usageError('replay needs a trace: --trace FILE (make one with cachesim gen --out FILE)');
    if (flags.trace === '-') throw usageError(`replay reads the trace twice (once for ${flags.redis ? 'Redis' : 'memcached'}, once for the simulation): give a file, not standard input`);
    const format = outputFormat(flags.format);
    const rate = flags.rate === undefined ? undefined : parseCount(flags.rate, '--rate');
    if (rate !== undefined && !(rate > 0 && Number.isFinite(rate))) throw usageError(`--rate "${flags.rate}" must be above 0 requests per second`);
    const speed = Number(flags.speed);
    if (!(speed > 0 && Number.isFinite(speed))) throw usageError(`--speed "${flags.speed}" must be a number above 0, e.g. 2 for twice the trace's pace`);
    if (rate !== undefined && flags.speed !== '1') throw usageError('give --rate or --speed, not both: --rate replaces the trace\'s timestamps');
    if (flags.memcached) {
      await replayMemcached(flags, flags.memcached, format, speed, rate);
      return;
    }
    const redisUrl = flags.redis!;
    // Loaded here: other commands never pay for the Redis code at start-up.
    const { connectRedis, redactUrl } = await import('../../redis/connection.js');
    const { compareWithRedis, redisPolicy } = await import('../../redis/replay.js');
    const { redisReplayCsv, redisReplayTable } = await import('../../report/redis-replay.js');
    if (!flags.maxmemory) throw usageError('replay needs --maxmemory SIZE, e.g. 64MB: the memory Redis may use, as maxmemory');
    if (!flags.policy) throw usageError('replay needs --policy P, a Redis maxmemory-policy such as allkeys-lru');
    const maxmemory = parseBytesLoose(flags.maxmemory, '--maxmemory');
    if (!(maxmemory >= 1)) throw usageError(`--maxmemory "${flags.maxmemory}" must be at least 1 byte`);
    const settings = {
      label: redactUrl(redisUrl),
      maxmemory,
      policy: flags.policy.trim().toLowerCase(),
      samples: wholeNumber('--samples', flags.samples, 1, 64),
      ...(flags.lfuLogFactor !== undefined ? { lfuLogFactor: wholeNumber('--lfu-log-factor', flags.lfuLogFactor, 0) } : {}),
      ...(flags.lfuDecayTime !== undefined ? { lfuDecayTime: wholeNumber('--lfu-decay-time', flags.lfuDecayTime, 0) } : {}),
      speed,
      ...(rate !== undefined ? { rate } : {}),
      yes: flags.yes === true,
    };
    redisPolicy(settings.policy, {});
    const seed = seedOption(flags.seed);
    const source = openTrace(flags.trace, traceOptions(flags));
    const timeout = Number(flags.timeout);
    if (!(timeout > 0 && Number.isFinite(timeout))) throw usageError(`--timeout "${flags.timeout}" must be a number of seconds above 0`);
    const conn = await connectRedis(redisUrl, timeout);
    const progress = process.stderr.isTTY ? progressLine() : undefined;
    try {
      const result = await compareWithRedis(source, conn, settings, seed, { onProgress: progress?.update });
      progress?.done();
      out(format === 'json' ? toJson(result) : format === 'csv' ? redisReplayCsv(result) : redisReplayTable(result, await paintFor(process.stdout)));
    } finally {
      progress?.done();
      await conn.close();
    }
  });
}

/** `replay --memcached`: -m and the settings come from the server; --maxmemory, --policy and the Redis flags do not apply. */
async function replayMemcached(flags: ReplayFlags, address: string, format: 'table' | 'json' | 'csv', speed: number, rate: number | undefined): Promise<void> {
  const { connectMemcached, parseMemcachedAddress } = await import('../../memcached/connection.js');
  const { compareWithMemcached } = await import('../../memcached/replay.js');
  const { memcachedReplayCsv, memcachedReplayTable } = await import('../../report/memcached-replay.js');
  if (flags.maxmemory) throw usageError('--maxmemory is for Redis: memcached\'s memory is its -m, read from the server (start it with memcached -m 64 …)');
  if (flags.policy && flags.policy.trim().toLowerCase() !== 'memcached') throw usageError(`--policy ${flags.policy} is a Redis policy: a memcached replay is simulated with the memcached policy`);
  const { label } = parseMemcachedAddress(address);
  const seed = seedOption(flags.seed);
  const source = openTrace(flags.trace!, traceOptions(flags));
  const conn = await connectMemcached(address);
  const progress = process.stderr.isTTY ? progressLine() : undefined;
  try {
    const result = await compareWithMemcached(source, conn, { label, speed, ...(rate !== undefined ? { rate } : {}), yes: flags.yes === true }, seed, { onProgress: progress?.update });
    progress?.done();
    out(format === 'json' ? toJson(result) : format === 'csv' ? memcachedReplayCsv(result) : memcachedReplayTable(result, await paintFor(process.stdout)));
  } finally {
    progress?.done();
    await conn.close();
  }
}

/** "replayed N requests" on standard error, rewritten at most twice a second. */
function progressLine(): { update: (n: number) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
    update: (n) => {
      const now = Date.now();
      if (now - last < 500) return;
      last = now;
      shown = true;
      err(`\rreplaying: ${n.toLocaleString('en-US')} requests sent`);
    },
    done: () => {
      if (shown) err('\r\x1b[K');
      shown = false;
    },
  };
}
