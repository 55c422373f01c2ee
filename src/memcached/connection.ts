import { connect, type Socket } from 'node:net';
import { inputError, usageError } from '../core/errors.js';

/**
 * memcached's text protocol over one TCP connection (protocol.txt): get,
 * set, delete, flush_all and stats, pipelined. Replies come back in the
 * order commands were sent, so each command queues a parser for its reply.
 * Small enough to write here rather than pull in a client library, and a
 * replay needs exact replies (STORED vs SERVER_ERROR out of memory), which
 * general clients turn into exceptions or retries.
 */
export interface MemcachedConnection {
  /** True on a hit. */
  get(key: string): Promise<boolean>;
  /** False when the server refused to store it (out of memory, too large). */
  set(key: string, value: Uint8Array, exptime: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  flushAll(): Promise<void>;
  /** `stats` (no argument) or `stats items`, `stats slabs`, `stats settings`: name → value. */
  stats(group?: string): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/** HOST:PORT (or memcached://HOST:PORT) → host and port; a usage error otherwise. */
export function parseMemcachedAddress(text: string): { host: string; port: number; label: string } {
  const s = text.trim().replace(/^memcached:\/\//, '').replace(/\/$/, '');
  const m = /^(\[[^\]]+\]|[^:]+):([0-9]{1,5})$/.exec(s);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 1 && port <= 65535)) throw usageError(`--memcached "${text}" is not HOST:PORT, e.g. 127.0.0.1:11211`);
  const host = m[1]!.replace(/^\[|\]$/g, '');
  return { host, port, label: `${m[1]}:${port}` };
}

/** Each pending command consumes reply lines until it is done. */
interface Pending {
  /** Given each reply line (and told when a value's data follows); returns true when the reply is complete. */
  feed(line: string): boolean | 'data';
  resolve(): void;
  fail(e: Error): void;
}

const CRLF = Buffer.from('\r\n');

class TextConnection implements MemcachedConnection {
  private readonly queue: Pending[] = [];
  private head = 0;
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of a value (plus CRLF) still to skip. */
  private skip = 0;
  private closed: Error | undefined;

  constructor(private readonly socket: Socket, private readonly label: string) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    const fail = (e: Error): void => {
      this.closed ??= e;
      for (let i = this.head; i < this.queue.length; i++) this.queue[i]!.fail(e);
      this.queue.length = 0;
      this.head = 0;
    };
    socket.on('error', (e) => fail(inputError(`memcached at ${label}: ${e.message}`)));
    socket.on('close', () => fail(inputError(`memcached at ${label} closed the connection`)));
  }

  private send(parts: (string | Uint8Array)[], p: Pending): void {
    if (this.closed) {
      p.fail(this.closed);
      return;
    }
    this.queue.push(p);
    for (const part of parts) this.socket.write(part);
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    let pos = 0;
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buf.length - pos);
        pos += n;
        this.skip -= n;
        if (this.skip > 0) break;
      }
      const end = this.buf.indexOf(CRLF, pos);
      if (end < 0) break;
      const line = this.buf.toString('latin1', pos, end);
      pos = end + 2;
      const p = this.queue[this.head];
      if (!p) continue;
      const r = p.feed(line);
      if (r === 'data') {
        // "VALUE key flags bytes": skip the data block and its CRLF.
        this.skip = Number(line.slice(line.lastIndexOf(' ') + 1)) + 2;
      } else if (r) {
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
        p.resolve();
      }
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos);
  }

  private command<T>(parts: (string | Uint8Array)[], feed: (line: string, done: (v: T) => void) => boolean | 'data'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let value: T;
      const done = (v: T): void => {
        value = v;
      };
      this.send(parts, {
        feed: (line) => {
          if (line.startsWith('SERVER_ERROR') || line.startsWith('CLIENT_ERROR') || line === 'ERROR') {
            const ok = feed(line, done);
            if (ok === true) return true;
            reject(inputError(`memcached at ${this.label}: ${line}`));
            return true;
          }
          return feed(line, done);
        },
        resolve: () => resolve(value),
        fail: reject,
      });
    });
  }

  get(key: string): Promise<boolean> {
    let hit = false;
    return this.command<boolean>([`get ${key}\r\n`], (line, done) => {
      if (line.startsWith('VALUE ')) {
        hit = true;
        return 'data';
      }
      if (line === 'END') {
        done(hit);
        return true;
      }
      return false;
    });
  }

  set(key: string, value: Uint8Array, exptime: number): Promise<boolean> {
    return this.command<boolean>([`set ${key} 0 ${exptime} ${value.length}\r\n`, value, CRLF], (line, done) => {
      // Refusals to store are answers, not failures: the replay counts them.
      done(line === 'STORED');
      return line === 'STORED' || line.startsWith('SERVER_ERROR');
    });
  }

  delete(key: string): Promise<void> {
    return this.command<void>([`delete ${key}\r\n`], (line) => line === 'DELETED' || line === 'NOT_FOUND');
  }

  flushAll(): Promise<void> {
    return this.command<void>(['flush_all\r\n'], (line) => line === 'OK');
  }

  stats(group?: string): Promise<Map<string, string>> {
    const m = new Map<string, string>();
    return this.command<Map<string, string>>([group ? `stats ${group}\r\n` : 'stats\r\n'], (line, done) => {
      if (line === 'END') {
        done(m);
        return true;
      }
      if (line.startsWith('STAT ')) {
        const sp = line.indexOf(' ', 5);
        m.set(line.slice(5, sp), line.slice(sp + 1));
      }
      return false;
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end('quit\r\n');
    });
  }
}

export function connectMemcached(address: string): Promise<MemcachedConnection> {
  const { host, port, label } = parseMemcachedAddress(address);
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    const onError = (e: Error): void => reject(inputError(`cannot reach memcached at ${label}: ${e.message} (is it running? start one: memcached -p ${port} -m 64)`));
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(new TextConnection(socket, label));
    });
  });
}
