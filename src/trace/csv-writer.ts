import { breathe, writeAll } from '../core/files.js';
import { OP_NAMES, type TraceSource } from './types.js';

export const CSV_HEADER = 'timestamp,key,op,size,ttl';

/** Seconds as the shortest text that reads back to the same double. */
export function formatSeconds(t: number): string {
  // Times kept to the microsecond (generated ones are) print as digits
  // directly: the decimal reads back to the same double, and String() on a
  // fraction is the slowest part of writing a trace.
  const whole = Math.floor(t);
  const micros = Math.round((t - whole) * 1e6);
  if (micros === 0) return String(whole);
  if (micros < 1e6 && whole < 1e15 && whole + micros / 1e6 === t) {
    let frac = String(micros).padStart(6, '0');
    let end = frac.length;
    while (frac.charCodeAt(end - 1) === 48) end--;
    frac = frac.slice(0, end);
    return `${whole}.${frac}`;
  }
  return String(t);
}

/** A TTL (stored as float32) rounded to microseconds, so 0.1 prints as 0.1. */
export function formatTtl(ttl: number): string {
  if (ttl === 0) return '0';
  return String(Number(ttl.toFixed(6)));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows written as bytes into one reused buffer: building a string per row
 * and converting it made writing ten times slower than generating.
 */
class RowWriter {
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;

  constructor(private readonly fd: number) {}

  /** ASCII text (numbers, op names); keys go through bytes(). */
  ascii(text: string): void {
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < text.length; k++) buf[p++] = text.charCodeAt(k);
    this.pos = p;
  }

  /** Any text, as UTF-8. */
  utf8(text: string): void {
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** A whole number, 0 or more. */
  uint(n: number): void {
    if (n < 10) {
      this.buf[this.pos++] = 48 + n;
      return;
    }
    this.ascii(String(n));
  }

  /** Room for a row of `need` bytes. */
  reserve(need: number): void {
    if (this.pos + need > this.buf.length) this.flush();
  }

  flush(): void {
    if (this.pos > 0) writeAll(this.fd, this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

const OP_BYTES = OP_NAMES.map((n) => Buffer.from(n, 'latin1'));
const COMMA = 44;
const NEWLINE = 10;

/**
 * Write a trace as CSV with the header `timestamp,key,op,size,ttl` to an open
 * descriptor; keys that need it are quoted.
 */
export async function writeTraceCsv(source: TraceSource, fd: number): Promise<number> {
  writeAll(fd, `${CSV_HEADER}\n`);
  const keys = source.keys;
  // Each key's CSV text, made once; most keys are ASCII and copied byte by byte.
  const names: (string | undefined)[] = [];
  const ascii: boolean[] = [];
  const w = new RowWriter(fd);
  let rows = 0;
  for await (const c of source.chunks()) {
    for (let i = 0; i < c.length; i++) {
      const id = c.ids[i]!;
      let name = names[id];
      if (name === undefined) {
        name = names[id] = csvField(keys.name(id));
        ascii[id] = /^[\x00-\x7f]*$/.test(name);
      }
      w.reserve(3 * name.length + 80);
      w.ascii(formatSeconds(c.times[i]!));
      w.byte(COMMA);
      if (ascii[id]) w.ascii(name);
      else w.utf8(name);
      w.byte(COMMA);
      w.bytes(OP_BYTES[c.ops[i]!]!);
      w.byte(COMMA);
      w.uint(c.sizes[i]!);
      w.byte(COMMA);
      const ttl = c.ttls[i]!;
      if (ttl === 0) w.byte(48);
      else w.ascii(formatTtl(ttl));
      w.byte(NEWLINE);
    }
    rows += c.length;
    // Between chunks, a Ctrl-C may remove the temporary file (signal handlers need the event loop).
    await breathe();
  }
  w.flush();
  return rows;
}
