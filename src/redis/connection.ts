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

/** The URL without a password, for messages and reports; a URL that does not parse is masked too. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    // user:password@host (or a bare token@host, which may be a password): keep only the user.
    const at = url.lastIndexOf('@');
    if (at < 0) return url;
    const from = url.indexOf('//') >= 0 && url.indexOf('//') < at ? url.indexOf('//') + 2 : 0;
    const userinfo = url.slice(from, at);
    const colon = userinfo.indexOf(':');
    return `${url.slice(0, from)}${colon >= 0 ? `${userinfo.slice(0, colon)}:***` : '***'}${url.slice(at)}`;
  }
}

/**
 * The server stopped answering (no reply within the timeout) or the
 * connection broke: the replay stops, naming the server and how far it got.
 */
export class ServerLost extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'ServerLost';
  }
}

/** Seconds one command may wait for its reply before the server counts as lost (`replay --timeout`). */
export const DEFAULT_TIMEOUT_SECONDS = 15;

/** Check a --redis URL: redis:// or rediss:// with a host. */
export function checkRedisUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw usageError(`--redis "${redactUrl(url)}" is not a URL: use redis://HOST:PORT, e.g. redis://127.0.0.1:6379`);
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
export async function connectRedis(url: string, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS): Promise<RedisConnection> {
  checkRedisUrl(url);
  const { createClient, ErrorReply } = await import('@redis/client');
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
  let lastError: Error | undefined;
  // Without a listener, a socket error would be thrown from an event emitter.
  client.on('error', (e: Error) => {
    lastError = e;
  });
  /** Set once the server is lost: every later command fails at once, and close() does not wait for it. */
  let lost: ServerLost | undefined;
  const loseServer = (why: string): ServerLost => {
    if (!lost) {
      lost = new ServerLost(why);
      // Fails every command still waiting (a stopped server would keep them for ever).
      client.destroy();
    }
    return lost;
  };
  /** One command with a deadline; a reply error (OOM, a wrong type) is the server's answer, anything else a lost connection. */
  const call = <T>(command: () => Promise<T>): Promise<T> => {
    if (lost) return Promise.reject(lost);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(loseServer(`it stopped answering (no reply within ${timeoutSeconds} s)`)), timeoutSeconds * 1000);
      command().then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          if (e instanceof ErrorReply) reject(e);
          else reject(lost ?? loseServer(`the connection broke (${(lastError ?? (e as Error))?.message || 'closed'})`));
        },
      );
    });
  };
  try {
    await client.connect();
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)) || lastError?.message || 'connection failed';
    throw inputError(`cannot reach ${redactUrl(url)}: ${why} (start a scratch server, e.g. redis-server --port 6399 --save '' --appendonly no, or fix --redis)`);
  }
  let sha: string;
  try {
    sha = await call(() => client.scriptLoad(READ_SCRIPT));
  } catch (e) {
    if (e instanceof ServerLost) throw inputError(`${redactUrl(url)}: ${e.why} before the replay started: check the server, or give --timeout more seconds`);
    await client.close().catch(() => client.destroy());
    throw inputError(`${redactUrl(url)} refused to load the replay's Lua script (${e instanceof Error ? e.message : String(e)}): replay needs scripting enabled`);
  }
  return {
    async read(key, size, ttlMs) {
      const r = Number(await call(() => client.evalSha(sha, { keys: [key], arguments: [String(size), String(ttlMs)] })));
      return r === 1 ? 'hit' : r === 0 ? 'miss' : 'oom';
    },
    async set(key, value, ttlMs) {
      // A Buffer view of the same bytes (the client checks for Buffer, not Uint8Array).
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      try {
        if (ttlMs > 0) await call(() => client.set(key, bytes, { expiration: { type: 'PX', value: ttlMs } }));
        else await call(() => client.set(key, bytes));
        return true;
      } catch (e) {
        // "OOM command not allowed when used memory > 'maxmemory'." (noeviction, or nothing evictable)
        if (e instanceof Error && e.message.startsWith('OOM')) return false;
        throw e;
      }
    },
    async del(key) {
      await call(() => client.del(key));
    },
    async info(section) {
      return String(await call(() => client.info(section)));
    },
    async configGet(name) {
      const reply = (await call(() => client.configGet(name))) as unknown as Record<string, string>;
      return reply[name];
    },
    async configSet(name, value) {
      await call(() => client.configSet(name, value));
    },
    async flushAll() {
      await call(() => client.flushAll('SYNC'));
    },
    async close() {
      if (lost) return;
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}
