import { writeAll } from '../core/files.js';
import { OP_NAMES, type TraceSource } from './types.js';

export const CSV_HEADER = 'timestamp,key,op,size,ttl';

/** Seconds as the shortest text that reads back to the same double. */
export function formatSeconds(t: number): string {
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
 * Write a trace as CSV with the header `timestamp,key,op,size,ttl` to an open
 * descriptor; keys that need it are quoted.
 */
export async function writeTraceCsv(source: TraceSource, fd: number): Promise<number> {
  writeAll(fd, `${CSV_HEADER}\n`);
  const keys = source.keys;
  const names: (string | undefined)[] = [];
  let rows = 0;
  for await (const c of source.chunks()) {
    let out = '';
    for (let i = 0; i < c.length; i++) {
      const id = c.ids[i]!;
      const name = (names[id] ??= csvField(keys.name(id)));
      out += `${formatSeconds(c.times[i]!)},${name},${OP_NAMES[c.ops[i]!]},${c.sizes[i]},${formatTtl(c.ttls[i]!)}\n`;
      if (out.length > 1 << 20) {
        writeAll(fd, out);
        out = '';
      }
    }
    writeAll(fd, out);
    rows += c.length;
  }
  return rows;
}
