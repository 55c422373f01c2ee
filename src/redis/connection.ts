import { inputError, usageError } from '../core/errors.js';

/**
 * The handful of Redis commands a cache-aside replay needs. The replay core
 * talks to this interface only, so it can be tested without a server; the
 * one implementation over a real server is connectRedis().
 */
export interface RedisConnection {
  /**
   * A cache-aside read as one atomic step: GET, and on a miss SET a value of
   * `size` bytes (PX ttlMs when ttlMs > 0). 'oom' when the SET was refused
   * for memory (noeviction, or nothing evictable).
   */
  read(key: string, size: number, ttlMs: number): Promise<'hit' | 'miss' | 'oom'>;
  /** SET with a value and, when ttlMs > 0, PX ttlMs. False when refused for memory (OOM). */
  set(key: string, value: Uint8Array, ttlMs: number): Promise<boolean>;
  del(key: string): Promise<void>;
  /** INFO SECTION, as the server's text. */
  info(section: string): Promise<string>;
  configGet(name: string): Promise<string | undefined>;
  configSet(name: string, value: string): Promise<void>;
  flushAll(): Promise<void>;
  close(): Promise<void>;
}

/** The URL without a password, for messages and reports. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** Check a --redis URL: redis:// or rediss:// with a host. */
export function checkRedisUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw usageError(`--redis "${url}" is not a URL: use redis://HOST:PORT, e.g. redis://127.0.0.1:6379`);
  }
  if ((u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname) {
    throw usageError(`--redis "${redactUrl(url)}" must be redis://HOST:PORT (or rediss:// for TLS)`);
  }
}

/**
 * The cache-aside read, run by the server so that a key's GET and the SET
 * after a miss are never split by the next request for the same key: the
 * replay can pipeline without waiting a round trip on hot keys. Inside a
 * script, GET and SET go through the same lookups as the commands sent
 * alone (LRU/LFU update, keyspace_hits/misses, OOM refusal), and eviction
 * runs before the script as before any command.
 */
const READ_SCRIPT = `
if redis.call('GET', KEYS[1]) then return 1 end
local value = string.rep('x', tonumber(ARGV[1]))
local ttl = tonumber(ARGV[2])
local r
if ttl > 0 then r = redis.pcall('SET', KEYS[1], value, 'PX', ttl) else r = redis.pcall('SET', KEYS[1], value) end
if type(r) == 'table' and r.err then
  if string.sub(r.err, 1, 3) == 'OOM' then return -1 end
  return redis.error_reply(r.err)
end
return 0
`;

/**
 * Connect with @redis/client (loaded only here, so other commands do not pay
 * for it). No reconnection: a replay that loses its server stops with an
 * error rather than measuring a different run.
 */
export async function connectRedis(url: string): Promise<RedisConnection> {
  checkRedisUrl(url);
  const { createClient } = await import('@redis/client');
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
  let lastError: Error | undefined;
  // Without a listener, a socket error would be thrown from an event emitter.
  client.on('error', (e: Error) => {
    lastError = e;
  });
  try {
    await client.connect();
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)) || lastError?.message || 'connection failed';
    throw inputError(`cannot reach ${redactUrl(url)}: ${why} (start a scratch server, e.g. redis-server --port 6399 --save '' --appendonly no, or fix --redis)`);
  }
  let sha: string;
  try {
    sha = await client.scriptLoad(READ_SCRIPT);
  } catch (e) {
    await client.close().catch(() => client.destroy());
    throw inputError(`${redactUrl(url)} refused to load the replay's Lua script (${e instanceof Error ? e.message : String(e)}): replay needs scripting enabled`);
  }
  return {
    async read(key, size, ttlMs) {
      const r = Number(await client.evalSha(sha, { keys: [key], arguments: [String(size), String(ttlMs)] }));
      return r === 1 ? 'hit' : r === 0 ? 'miss' : 'oom';
    },
    async set(key, value, ttlMs) {
      // A Buffer view of the same bytes (the client checks for Buffer, not Uint8Array).
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      try {
        if (ttlMs > 0) await client.set(key, bytes, { expiration: { type: 'PX', value: ttlMs } });
        else await client.set(key, bytes);
        return true;
      } catch (e) {
        // "OOM command not allowed when used memory > 'maxmemory'." (noeviction, or nothing evictable)
        if (e instanceof Error && e.message.startsWith('OOM')) return false;
        throw e;
      }
    },
    async del(key) {
      await client.del(key);
    },
    async info(section) {
      return String(await client.info(section));
    },
    async configGet(name) {
      const reply = (await client.configGet(name)) as unknown as Record<string, string>;
      return reply[name];
    },
    async configSet(name, value) {
      await client.configSet(name, value);
    },
    async flushAll() {
      await client.flushAll('SYNC');
    },
    async close() {
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}
