import { inputError, usageError } from '../core/errors.js';
import { replay, type RunResult } from '../engine/replay.js';
import { isRedisPolicy } from '../policies/redis/index.js';
import { LFU_DECAY_TIME_PARAM, LFU_LOG_FACTOR_PARAM } from '../policies/redis/lfu.js';
import { findPolicy, resolveParams, type PolicyInfo, type PolicyParams } from '../policies/registry.js';
import { type TraceSummary } from '../trace/stats.js';
import { round6 } from '../core/numbers.js';
import { OP_READ, OP_WRITE, type TraceSource } from '../trace/types.js';
import { ServerLost, type RedisConnection } from './connection.js';
import { infoNumber, keyspaceKeys, parseInfo } from './info.js';
import { RetimedTrace, Schedule } from './schedule.js';
import { SIMULATIONS } from '../run/kinds.js';

/** What to set on the server and how to pace the replay. */
export interface RedisReplaySettings {
  /** The server as shown to the user (password removed). */
  label: string;
  /** maxmemory in bytes. */
  maxmemory: number;
  /** A maxmemory-policy value (the same name as cachesim's policy). */
  policy: string;
  /** maxmemory-samples, lfu-log-factor and lfu-decay-time (Redis's defaults when absent: 10 and 1). */
  samples: number;
  lfuLogFactor?: number;
  lfuDecayTime?: number;
  /** Multiplier on the trace's pace (2 = twice as fast). */
  speed: number;
  /** Requests per second, evenly spaced, instead of the trace's timestamps. */
  rate?: number;
  /** Flush a server that holds keys. */
  yes: boolean;
  /** Requests in flight at most (pipelining). */
  window?: number;
}

/** A source of wall time and waiting (the real clock, or a test's). */
export interface ReplayClock {
  /** Milliseconds since the epoch, with a fraction. */
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const WALL_CLOCK: ReplayClock = {
  nowMs: () => performance.timeOrigin + performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What every server replay reports of its counters (differences over the replay). */
export interface ReplayCounts {
  /** GETs: hits + misses. */
  reads: number;
  hits: number;
  misses: number;
  hitRatio?: number;
  evictions: number;
  expirations: number;
  /** SETs the server refused. */
  rejected: number;
}

/** Reads, hits, misses and the hit ratio (absent without reads). */
export function readCounts(hits: number, misses: number): Pick<ReplayCounts, 'reads' | 'hits' | 'misses' | 'hitRatio'> {
  const reads = hits + misses;
  return { reads, hits, misses, ...(reads > 0 ? { hitRatio: round6(hits / reads) } : {}) };
}

/** How a replay kept pace, as reported. */
export interface PaceReport {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  maxLagSeconds: number;
  speed: number;
  rate?: number;
}

export function paceReport(paced: { requests: number; seconds: number; maxLagSeconds: number }, pace: Pace): PaceReport {
  return {
    requests: paced.requests,
    seconds: paced.seconds,
    requestsPerSecond: paced.seconds > 0 ? Math.round(paced.requests / paced.seconds) : 0,
    maxLagSeconds: paced.maxLagSeconds,
    speed: pace.speed,
    ...(pace.rate !== undefined ? { rate: pace.rate } : {}),
  };
}

/** What Redis reported: evictions are evicted_keys, expirations expired_keys, rejections OOM errors (noeviction, or nothing evictable). */
export interface ServerCounts extends ReplayCounts {
  /** Keys held at the end, every database. */
  keys: number;
  /** used_memory at the end, bytes. */
  usedMemory: number;
}

export interface RedisReplayOutcome {
  requests: number;
  /** From the first request's due time to the last reply. */
  seconds: number;
  /** How far behind its schedule the replay ever sent a request. */
  maxLagSeconds: number;
  server: ServerCounts;
  /**
   * When each request was really sent, in trace seconds (its scheduled time
   * plus any lag): what the server's clocks saw.
   */
  sentTimes: Float64Array;
}

export interface ReplayHooks {
  clock?: ReplayClock;
  onProgress?: (requests: number) => void;
}

/** Redis's largest string (proto-max-bulk-len's default): a larger value cannot be stored. */
export const MAX_VALUE_BYTES = 512 * 1024 * 1024;

/** The settings replay changes, put back afterwards. */
const CONFIG_NAMES = ['maxmemory', 'maxmemory-policy', 'maxmemory-samples', 'lfu-log-factor', 'lfu-decay-time'] as const;

/**
 * How far the server's clock lags the wall clock: Redis refreshes its cached
 * LRU clock and unix time in serverCron, 10 times a second (hz 10), so a
 * new second shows 0–100 ms late; we centre on 50 ms.
 */
const CRON_LAG_S = 0.05;

/**
 * Offset (ms) from scheduled trace time to wall time: a whole number of
 * seconds (plus the cron lag), so the server's 1-second LRU clock ticks when
 * the simulation's does, starting at least 100 ms from now.
 */
export function alignedOffsetMs(nowMs: number, firstTime: number): number {
  const c = Math.ceil(nowMs / 1000 + 0.1 - firstTime);
  return (c + CRON_LAG_S) * 1000;
}

/**
 * Replay a trace into a Redis server cache-aside, paced by its timestamps
 * (or `rate`), after FLUSHALL and CONFIG SET of maxmemory, the policy and
 * its parameters (all of them, so the server runs what is simulated); the
 * settings are put back afterwards. A read is a GET, and on a miss a SET of
 * a value of the request's size with its TTL, run as one script; a write is
 * a SET, a delete a DEL. Refuses a server that holds keys unless
 * `yes`. Returns the server's counters over the replay.
 */
export async function replayIntoRedis(
  source: TraceSource,
  conn: RedisConnection,
  settings: RedisReplaySettings,
  hooks: ReplayHooks = {},
): Promise<RedisReplayOutcome> {
  await checkTrace(source, settings);
  const progress = { sent: 0, answered: 0 };
  try {
    return await replayInto(source, conn, settings, hooks, progress);
  } catch (e) {
    if (!(e instanceof ServerLost)) throw e;
    // The server cannot be asked for its counters now: nothing half-measured is reported.
    const total = source.estimatedRequests?.();
    const of = total !== undefined ? ` of about ${total.toLocaleString('en-US')}` : '';
    const where = progress.sent === 0
      ? 'before the first request'
      : `after ${progress.sent.toLocaleString('en-US')}${of} requests sent, ${progress.answered.toLocaleString('en-US')} answered`;
    throw inputError(`${settings.label}: ${e.why} ${where}; no results, as the server's counters cannot be read: check the server and replay again (--timeout S waits longer for each reply)`);
  }
}

async function replayInto(
  source: TraceSource,
  conn: RedisConnection,
  settings: RedisReplaySettings,
  hooks: ReplayHooks,
  progress: { sent: number; answered: number },
): Promise<RedisReplayOutcome> {
  const held = keyspaceKeys(parseInfo(await conn.info('keyspace')));
  if (held > 0 && !settings.yes) {
    throw usageError(`${settings.label} holds ${held.toLocaleString('en-US')} keys, and replay starts with FLUSHALL: use a scratch server, or pass --yes to flush them`);
  }
  const saved: [string, string][] = [];
  for (const name of CONFIG_NAMES) {
    const v = await conn.configGet(name);
    if (v !== undefined) saved.push([name, v]);
  }
  try {
    await conn.flushAll();
    await conn.configSet('maxmemory', String(settings.maxmemory));
    await conn.configSet('maxmemory-policy', settings.policy);
    await conn.configSet('maxmemory-samples', String(settings.samples));
    // Always set, so the server runs what is simulated whatever it was configured with.
    await conn.configSet('lfu-log-factor', String(settings.lfuLogFactor ?? LFU_LOG_FACTOR_PARAM.default));
    await conn.configSet('lfu-decay-time', String(settings.lfuDecayTime ?? LFU_DECAY_TIME_PARAM.default));
    const before = parseInfo(await conn.info('stats'));
    const paced = await pacedReplay(source, new CacheAside(conn, progress), settings, hooks, progress);
    const stats = parseInfo(await conn.info('stats'));
    const memory = parseInfo(await conn.info('memory'));
    const keyspace = parseInfo(await conn.info('keyspace'));
    const delta = (f: string): number => infoNumber(stats, f) - infoNumber(before, f);
    return {
      requests: paced.requests,
      seconds: paced.seconds,
      maxLagSeconds: paced.maxLagSeconds,
      sentTimes: paced.sentTimes,
      server: {
        ...readCounts(delta('keyspace_hits'), delta('keyspace_misses')),
        evictions: delta('evicted_keys'),
        expirations: delta('expired_keys'),
        rejected: paced.rejected,
        keys: keyspaceKeys(keyspace),
        usedMemory: infoNumber(memory, 'used_memory'),
      },
    };
  } finally {
    for (const [name, value] of saved) {
      await conn.configSet(name, value).catch(() => undefined);
    }
  }
}

/**
 * Read the trace's first chunk before the server is touched: a missing file,
 * a bad header or a trace without timestamps (and no --rate) fails here,
 * not after FLUSHALL.
 */
async function checkTrace(source: TraceSource, settings: RedisReplaySettings): Promise<void> {
  for await (const c of source.chunks()) {
    if (c.length > 0 && !source.columns.time && settings.rate === undefined) throw noTimestamps(source);
    break;
  }
}

function noTimestamps(source: TraceSource): Error {
  return usageError(`${source.source} has no timestamps to pace the replay by: give --rate R (requests per second)`);
}

export interface PacedResult {
  requests: number;
  seconds: number;
  maxLagSeconds: number;
  rejected: number;
  sentTimes: Float64Array;
}

/** What a paced replay drives: one request's commands at a time, keeping the first error. */
export interface PacedClient {
  rejected: number;
  error: unknown;
  /** Never rejects: a failure is kept in `error` for the loop to throw. */
  issue(op: number, key: string, size: number, ttlMs: number): Promise<void>;
}

/** How a paced replay keeps time: the trace's pace × speed, or `rate` requests per second; `window` requests in flight. */
export interface Pace {
  speed: number;
  rate?: number;
  window?: number;
}

/** Issues one request's commands; never rejects (the first error is kept for the loop to throw). */
class CacheAside implements PacedClient {
  rejected = 0;
  error: unknown = undefined;
  private readonly value = new ValueBuffer();

  constructor(private readonly conn: RedisConnection, private readonly progress: { answered: number }) {}

  issue(op: number, key: string, size: number, ttlMs: number): Promise<void> {
    return this.run(op, key, size, ttlMs).then(
      () => {
        this.progress.answered++;
      },
      (e: unknown) => {
        this.error ??= e;
      },
    );
  }

  private async run(op: number, key: string, size: number, ttlMs: number): Promise<void> {
    if (op === OP_READ) {
      if ((await this.conn.read(key, size, ttlMs)) === 'oom') this.rejected++;
    } else if (op === OP_WRITE) {
      if (!(await this.conn.set(key, this.valueOf(size), ttlMs))) this.rejected++;
    } else {
      await this.conn.del(key);
    }
  }

  private valueOf(size: number): Uint8Array {
    return this.value.of(size);
  }
}

/** Values to send: a view of `size` bytes of one shared, growing buffer of 'x's. */
export class ValueBuffer {
  private bytes = new Uint8Array(0);

  of(size: number): Uint8Array {
    if (size > this.bytes.length) this.bytes = new Uint8Array(Math.max(size, 2 * this.bytes.length)).fill(0x78);
    return this.bytes.subarray(0, size);
  }
}

/**
 * Send the trace's requests through `client` on schedule (see Schedule),
 * at most `window` in flight, recording when each was really sent.
 */
export async function pacedReplay(
  source: TraceSource,
  client: PacedClient,
  settings: Pace,
  hooks: ReplayHooks,
  progress: { sent: number; answered: number } = { sent: 0, answered: 0 },
): Promise<PacedResult> {
  const clock = hooks.clock ?? WALL_CLOCK;
  const window = settings.window ?? 256;
  const schedule = new Schedule(settings.speed, settings.rate);
  const inflight: Promise<void>[] = new Array<Promise<void>>(window).fill(Promise.resolve());
  const names: string[] = [];
  let sentTimes = new Float64Array(1 << 16);
  let offsetMs = NaN;
  let firstDue = 0;
  let maxLag = 0;
  let i = 0;
  for await (const c of source.chunks()) {
    if (i === 0 && c.length > 0 && !source.columns.time && settings.rate === undefined) {
      throw noTimestamps(source);
    }
    for (let j = 0; j < c.length; j++, i++) {
      const s = schedule.at(i, c.times[j]!);
      if (Number.isNaN(offsetMs)) {
        offsetMs = alignedOffsetMs(clock.nowMs(), s);
        firstDue = s * 1000 + offsetMs;
      }
      const due = s * 1000 + offsetMs;
      let now = clock.nowMs();
      if (due - now >= 1) {
        await clock.sleep(due - now);
        now = clock.nowMs();
      }
      if (now - due > maxLag) maxLag = now - due;
      // At most `window` requests in flight. One connection runs commands in the
      // order sent, and a read is one command, so each key's requests stay in trace order.
      const slot = i % window;
      await inflight[slot];
      const id = c.ids[j]!;
      if (client.error !== undefined) throw client.error;
      const ttl = c.ttls[j]!;
      const size = c.sizes[j]!;
      // Lua's string.rep overflows at 2^31 and makes an empty value: both sides would "agree" on nothing.
      if (size > MAX_VALUE_BYTES) throw usageError(`${source.source}: request ${(i + 1).toLocaleString('en-US')} has a value of ${size.toLocaleString('en-US')} bytes, more than a Redis string holds (512 MiB, proto-max-bulk-len): replay traces whose values fit, or simulate it with cachesim run`);
      const key = (names[id] ??= source.keys.name(id));
      if (i === sentTimes.length) {
        const grown = new Float64Array(2 * i);
        grown.set(sentTimes);
        sentTimes = grown;
      }
      sentTimes[i] = (clock.nowMs() - offsetMs) / 1000;
      inflight[slot] = client.issue(c.ops[j]!, key, size, ttl > 0 ? Math.max(1, Math.round(ttl * 1000)) : 0);
      progress.sent = i + 1;
      if ((i & 1023) === 1023) hooks.onProgress?.(i + 1);
    }
  }
  await Promise.all(inflight);
  if (client.error !== undefined) throw client.error;
  if (i === 0) throw inputError(`${source.source}: the trace has no requests (only a header, or every row skipped): give a trace with at least one request`);
  hooks.onProgress?.(i);
  return {
    requests: i,
    seconds: round6((clock.nowMs() - firstDue) / 1000),
    maxLagSeconds: round6(Math.max(0, maxLag) / 1000),
    rejected: client.rejected,
    sentTimes: sentTimes.subarray(0, i),
  };
}

/** `replay --redis`'s whole answer: the server beside the simulation. */
export interface RedisComparison {
  redis: string;
  policy: string;
  params?: PolicyParams;
  maxmemory: number;
  seed: number;
  trace?: TraceSummary;
  replay: PaceReport;
  server: ServerCounts;
  /** cachesim at an object capacity of the server's final key count; absent when it held none. */
  simulation?: RunResult;
  /** Simulation minus server. */
  gap?: { hitRatio?: number; evictions?: number };
}

/** The registry entry and parameters of a Redis policy name, or a usage error listing the valid ones. */
export function redisPolicy(name: string, given: Record<string, number>): { info: PolicyInfo; params: PolicyParams } {
  if (!isRedisPolicy(name)) {
    throw usageError(`--policy "${name}" is not a Redis maxmemory-policy: use noeviction, allkeys-lru, volatile-lru, allkeys-lfu, volatile-lfu, allkeys-random, volatile-random or volatile-ttl`);
  }
  const info = findPolicy(name);
  const own = Object.fromEntries(Object.entries(given).filter(([k]) => info.params.some((s) => s.name === k)));
  return { info, params: resolveParams(info, own) };
}

/**
 * Replay into the server, then simulate the same trace with the same policy
 * at an object capacity of the key count the server ended with, each
 * request at the time it was really sent (what the server's clocks saw).
 * When the replay kept pace, those are the trace's own times to within
 * milliseconds, and `cachesim run --policy P --capacity KEYS` gives the
 * same numbers to within sampling noise.
 */
export async function compareWithRedis(
  source: TraceSource,
  conn: RedisConnection,
  settings: RedisReplaySettings,
  seed: number,
  hooks: ReplayHooks = {},
): Promise<RedisComparison> {
  const given: Record<string, number> = {
    samples: settings.samples,
    'lfu-log-factor': settings.lfuLogFactor ?? (LFU_LOG_FACTOR_PARAM.default as number),
    'lfu-decay-time': settings.lfuDecayTime ?? (LFU_DECAY_TIME_PARAM.default as number),
  };
  const { info, params } = redisPolicy(settings.policy, given);
  const outcome = await replayIntoRedis(source, conn, settings, hooks);
  const server = outcome.server;
  let simulation: RunResult | undefined;
  let trace: TraceSummary | undefined;
  if (server.keys > 0) {
    const report = await replay(new RetimedTrace(source, outcome.sentTimes), [{ policy: info, params, capacity: { kind: 'objects', value: server.keys } }], { kinds: SIMULATIONS, seed, threads: 0 });
    simulation = report.results[0];
    trace = report.trace;
  }
  const gap: { hitRatio?: number; evictions?: number } = {};
  if (simulation?.hitRatio !== undefined && server.hitRatio !== undefined) gap.hitRatio = round6(simulation.hitRatio - server.hitRatio);
  if (simulation) gap.evictions = simulation.evictions - server.evictions;
  return {
    redis: settings.label,
    policy: info.name,
    ...(info.params.length > 0 ? { params } : {}),
    maxmemory: settings.maxmemory,
    seed,
    ...(trace ? { trace } : {}),
    replay: paceReport(outcome, settings),
    server,
    ...(simulation ? { simulation } : {}),
    ...(simulation ? { gap } : {}),
  };
}
