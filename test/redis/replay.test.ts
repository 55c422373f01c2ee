import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { CachesimError } from '../../src/core/errors.js';
import { checkRedisUrl, redactUrl, type RedisConnection } from '../../src/redis/connection.js';
import { infoNumber, keyspaceKeys, parseInfo } from '../../src/redis/info.js';
import { alignedOffsetMs, compareWithRedis, replayIntoRedis, type ReplayClock, type RedisReplaySettings } from '../../src/redis/replay.js';
import { RetimedTrace, Schedule } from '../../src/redis/schedule.js';
import { traceFromRequests, type RequestRow } from '../../src/trace/memory.js';

// ---- a fake server and clock: every command and when it was sent ----

interface Sent {
  cmd: string;
  key?: string;
  bytes?: number;
  ttlMs?: number;
  at: number;
}

class FakeRedis implements RedisConnection {
  readonly store = new Map<string, number>();
  readonly log: Sent[] = [];
  readonly config = new Map<string, string>([
    ['maxmemory', '0'], ['maxmemory-policy', 'noeviction'], ['maxmemory-samples', '5'], ['lfu-log-factor', '10'], ['lfu-decay-time', '1'],
  ]);
  readonly configLog: [string, string][] = [];
  hits = 0;
  misses = 0;
  /** Keys beyond which a SET of a new key is refused (OOM), like noeviction. */
  limit = Infinity;

  constructor(private readonly clock: FakeClock) {}

  /** The script's steps, logged as the commands it runs. */
  async read(key: string, size: number, ttlMs: number): Promise<'hit' | 'miss' | 'oom'> {
    this.log.push({ cmd: 'GET', key, at: this.clock.t });
    if (this.store.has(key)) {
      this.hits++;
      return 'hit';
    }
    this.misses++;
    return (await this.set(key, new Uint8Array(size), ttlMs)) ? 'miss' : 'oom';
  }

  async set(key: string, value: Uint8Array, ttlMs: number): Promise<boolean> {
    this.log.push({ cmd: 'SET', key, bytes: value.length, ttlMs, at: this.clock.t });
    if (!this.store.has(key) && this.store.size >= this.limit) return false;
    this.store.set(key, value.length);
    return true;
  }

  async del(key: string): Promise<void> {
    this.log.push({ cmd: 'DEL', key, at: this.clock.t });
    this.store.delete(key);
  }

  async info(section: string): Promise<string> {
    if (section === 'keyspace') return this.store.size ? `# Keyspace\r\ndb0:keys=${this.store.size},expires=0,avg_ttl=0\r\n` : '# Keyspace\r\n';
    if (section === 'stats') return `# Stats\r\nkeyspace_hits:${this.hits}\r\nkeyspace_misses:${this.misses}\r\nevicted_keys:0\r\nexpired_keys:0\r\n`;
    return '# Memory\r\nused_memory:1000000\r\n';
  }

  async configGet(name: string): Promise<string | undefined> {
    return this.config.get(name);
  }

  async configSet(name: string, value: string): Promise<void> {
    this.configLog.push([name, value]);
    this.config.set(name, value);
  }

  async flushAll(): Promise<void> {
    this.log.push({ cmd: 'FLUSHALL', at: this.clock.t });
    this.store.clear();
  }

  async close(): Promise<void> {}
}

/** Time moves only when the replay sleeps. */
class FakeClock implements ReplayClock {
  t = 1_700_000_000_123.4;
  nowMs(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
  }
}

function settings(over: Partial<RedisReplaySettings> = {}): RedisReplaySettings {
  return { label: 'redis://fake', maxmemory: 1_000_000, policy: 'allkeys-lru', samples: 5, speed: 1, yes: false, ...over };
}

function setup(): { clock: FakeClock; redis: FakeRedis } {
  const clock = new FakeClock();
  return { clock, redis: new FakeRedis(clock) };
}

const row = (key: string, time: number, extra: Partial<RequestRow> = {}): RequestRow => ({ key, time, size: 10, ...extra });

// ---- tests ----

describe('replay into Redis: cache-aside commands', () => {
  it('GET; on a miss SET with the size and TTL (one script); writes SET; deletes DEL', async () => {
    const { clock, redis } = setup();
    const trace = traceFromRequests([
      row('a', 0, { size: 3 }),
      row('a', 1),
      row('b', 2, { op: 'set', size: 7, ttl: 5 }),
      row('a', 3, { op: 'delete' }),
      row('a', 4, { size: 4, ttl: 0.25 }),
    ]);
    const out = await replayIntoRedis(trace, redis, settings(), { clock });
    assert.deepEqual(
      redis.log.map(({ cmd, key, bytes, ttlMs }) => [cmd, key, bytes, ttlMs]),
      [
        ['FLUSHALL', undefined, undefined, undefined],
        ['GET', 'a', undefined, undefined],
        ['SET', 'a', 3, 0],
        ['GET', 'a', undefined, undefined],
        ['SET', 'b', 7, 5000],
        ['DEL', 'a', undefined, undefined],
        ['GET', 'a', undefined, undefined],
        ['SET', 'a', 4, 250],
      ],
    );
    assert.equal(out.requests, 5);
    assert.deepEqual(
      { reads: out.server.reads, hits: out.server.hits, misses: out.server.misses, hitRatio: out.server.hitRatio, keys: out.server.keys },
      { reads: 3, hits: 1, misses: 2, hitRatio: 0.333333, keys: 2 },
    );
  });

  it('sets maxmemory, the policy and its parameters, then puts the old settings back', async () => {
    const { clock, redis } = setup();
    // A server configured otherwise runs what is simulated: lfu-decay-time 1 unless given.
    redis.config.set('lfu-decay-time', '7');
    await replayIntoRedis(traceFromRequests([row('a', 0)]), redis, settings({ policy: 'allkeys-lfu', samples: 10, lfuLogFactor: 3 }), { clock });
    assert.deepEqual(redis.configLog.slice(0, 5), [
      ['maxmemory', '1000000'], ['maxmemory-policy', 'allkeys-lfu'], ['maxmemory-samples', '10'], ['lfu-log-factor', '3'], ['lfu-decay-time', '1'],
    ]);
    assert.equal(redis.config.get('maxmemory'), '0');
    assert.equal(redis.config.get('maxmemory-policy'), 'noeviction');
    assert.equal(redis.config.get('maxmemory-samples'), '5');
    assert.equal(redis.config.get('lfu-log-factor'), '10');
    assert.equal(redis.config.get('lfu-decay-time'), '7');
  });

  it('refuses a server that holds keys without --yes, and flushes it with', async () => {
    const { clock, redis } = setup();
    redis.store.set('precious', 1);
    await assert.rejects(
      replayIntoRedis(traceFromRequests([row('a', 0)]), redis, settings(), { clock }),
      (e: unknown) => e instanceof CachesimError && e.exitCode === 2 && /holds 1 keys.*--yes/.test(e.message),
    );
    assert.equal(redis.log.length, 0);
    assert.ok(redis.store.has('precious'));
    await replayIntoRedis(traceFromRequests([row('a', 0)]), redis, settings({ yes: true }), { clock });
    assert.ok(!redis.store.has('precious'));
  });

  it('counts SETs refused for memory as rejected', async () => {
    const { clock, redis } = setup();
    redis.limit = 1;
    const out = await replayIntoRedis(traceFromRequests([row('a', 0), row('b', 1), row('c', 2), row('a', 3)]), redis, settings(), { clock });
    assert.equal(out.server.rejected, 2);
    assert.equal(out.server.hits, 1);
  });
});

describe('replay into Redis: pacing', () => {
  it('sends each request at its timestamp, whole seconds apart from trace time (plus 50 ms)', async () => {
    const { clock, redis } = setup();
    const times = [3.25, 3.5, 4.0, 7.125];
    await replayIntoRedis(traceFromRequests(times.map((t, i) => row(`k${i}`, t))), redis, settings(), { clock });
    const gets = redis.log.filter((s) => s.cmd === 'GET').map((s) => s.at);
    const offset = gets[0]! - times[0]! * 1000;
    for (let i = 0; i < times.length; i++) assert.ok(Math.abs(gets[i]! - times[i]! * 1000 - offset) < 1e-6, `request ${i}`);
    // The offset is a whole number of seconds plus the 50 ms cron lag, so second boundaries line up.
    assert.ok(Math.abs((((offset - 50) % 1000) + 1000) % 1000) < 1e-6, `offset ${offset}`);
  });

  it('--rate spaces requests evenly; --speed scales the trace\'s gaps', async () => {
    const rows = [row('a', 0), row('b', 10), row('c', 11)];
    {
      const { clock, redis } = setup();
      await replayIntoRedis(traceFromRequests(rows), redis, settings({ rate: 4 }), { clock });
      const at = redis.log.filter((s) => s.cmd === 'GET').map((s) => s.at);
      assert.deepEqual([at[1]! - at[0]!, at[2]! - at[1]!].map((x) => Math.round(x * 1000) / 1000), [250, 250]);
    }
    {
      const { clock, redis } = setup();
      await replayIntoRedis(traceFromRequests(rows), redis, settings({ speed: 2 }), { clock });
      const at = redis.log.filter((s) => s.cmd === 'GET').map((s) => s.at);
      assert.deepEqual([at[1]! - at[0]!, at[2]! - at[1]!].map((x) => Math.round(x * 1000) / 1000), [5000, 500]);
    }
  });

  it('records when each request was really sent: a slow server\'s lag shows in the times simulated', async () => {
    const { clock, redis } = setup();
    // Each read takes 500 ms of the (fake) clock: requests due 1 ms apart go out 500 ms apart.
    const read = redis.read.bind(redis);
    redis.read = async (key: string, size: number, ttlMs: number) => {
      clock.t += 500;
      return read(key, size, ttlMs);
    };
    const out = await replayIntoRedis(traceFromRequests([row('a', 2), row('b', 2.001), row('c', 2.002)]), redis, settings(), { clock });
    assert.deepEqual([...out.sentTimes].map((t) => Math.round(t * 1000) / 1000), [2, 2.5, 3]);
    assert.equal(out.maxLagSeconds, 0.998);
  });

  it('a trace without timestamps needs --rate', async () => {
    const { clock, redis } = setup();
    const untimed = traceFromRequests([{ key: 'a' }, { key: 'b' }]);
    await assert.rejects(replayIntoRedis(untimed, redis, settings(), { clock }), /no timestamps.*--rate/);
    const out = await replayIntoRedis(untimed, redis, settings({ rate: 100, yes: true }), { clock });
    assert.equal(out.requests, 2);
  });

  it('the alignment offset is whole seconds plus 50 ms, at least 100 ms ahead', () => {
    const off = alignedOffsetMs(1000.5 * 1000, 3.25);
    // ceil(1000.5 + 0.1 − 3.25) = 998 → 998.05 s; the first request at 3.25 + 998.05 = 1001.3 s.
    assert.equal(off, 998_050);
  });
});

describe('replay into Redis: the comparison', () => {
  it('simulates at the server\'s final key count; with room for every key both agree exactly', async () => {
    const { clock, redis } = setup();
    const rows = [row('a', 0), row('b', 1), row('a', 2), row('c', 3), row('b', 4), row('a', 5)];
    const c = await compareWithRedis(traceFromRequests(rows), redis, settings(), 42, { clock });
    assert.equal(c.server.keys, 3);
    assert.equal(c.simulation?.capacity.value, 3);
    assert.equal(c.server.hits, 3);
    assert.equal(c.simulation?.hits, 3);
    assert.equal(c.gap?.hitRatio, 0);
    assert.deepEqual(c.params, { samples: 5 });
  });

  it('rejects a policy that is not a Redis maxmemory-policy', async () => {
    const { clock, redis } = setup();
    await assert.rejects(compareWithRedis(traceFromRequests([row('a', 0)]), redis, settings({ policy: 'lru' }), 42, { clock }), /not a Redis maxmemory-policy/);
    assert.equal(redis.log.length, 0);
  });
});

describe('schedules and INFO', () => {
  it('Schedule scales gaps by speed, or spaces requests by rate', () => {
    const s = new Schedule(4);
    assert.deepEqual([s.at(0, 10), s.at(1, 12), s.at(2, 30)], [10, 10.5, 15]);
    const r = new Schedule(1, 2);
    assert.deepEqual([r.at(0, 10), r.at(1, 99), r.at(2, 0)], [10, 10.5, 11]);
  });

  it('RetimedTrace puts request i at times[i], across chunks', async () => {
    const rows = [row('a', 10), row('b', 12), row('c', 30)];
    const base = traceFromRequests(rows);
    const trace = new RetimedTrace(base, Float64Array.from([1, 2.5, 7]));
    const times: number[] = [];
    const keys: number[] = [];
    for await (const c of trace.chunks()) {
      times.push(...c.times.subarray(0, c.length));
      keys.push(...c.ids.subarray(0, c.length));
    }
    assert.deepEqual(times, [1, 2.5, 7]);
    assert.deepEqual(keys, [0, 1, 2]);
  });

  it('parses INFO text', () => {
    const info = parseInfo('# Stats\r\nkeyspace_hits:12\r\nkeyspace_misses:3\r\n\r\n# Keyspace\r\ndb0:keys=5,expires=2,avg_ttl=0\r\ndb3:keys=7,expires=0,avg_ttl=0\r\n');
    assert.equal(infoNumber(info, 'keyspace_hits'), 12);
    assert.equal(infoNumber(info, 'evicted_keys'), 0);
    assert.equal(keyspaceKeys(info), 12);
  });

  it('checks and redacts URLs', () => {
    assert.equal(redactUrl('redis://user:secret@host:6379'), 'redis://user:***@host:6379');
    assert.doesNotThrow(() => checkRedisUrl('redis://127.0.0.1:6379'));
    assert.throws(() => checkRedisUrl('http://x'), /redis:\/\/HOST:PORT/);
    assert.throws(() => checkRedisUrl('localhost:6379'), /redis:\/\/HOST:PORT/);
  });
});
