import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { inputError, usageError } from '../core/errors.js';
import { ByteKeyTable, hashBytes, MAX_NUMERIC_DIGITS } from './keys.js';
import { fieldText, isBlank, parseDecimal } from './bytes.js';
import { OP_HELP, opFromBytes, opFromString } from './ops.js';
import { resolveColumns, type ColumnIndexes, type ColumnMapping } from './columns.js';
import { allocChunk, DEFAULT_CHUNK_ROWS, OP_DELETE, type TraceChunk, type TraceColumns, type TraceSource } from './types.js';

export type TimeUnit = 's' | 'ms' | 'us';
const TIME_DIVISOR: Record<TimeUnit, number> = { s: 1, ms: 1e3, us: 1e6 };

export interface CsvTraceOptions {
  /** --columns: which column holds what. */
  columns?: ColumnMapping;
  /** Whether the first row is a header; by default yes, unless every column is mapped by position. */
  header?: boolean;
  timeUnit?: TimeUnit;
  /** Count and skip malformed rows instead of stopping at the first. */
  skipBadRows?: boolean;
  chunkRows?: number;
  /** Bytes read per system call. */
  blockBytes?: number;
}

const NL = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;

const ROLE_NONE = 0;
const ROLE_TIME = 1;
const ROLE_KEY = 2;
const ROLE_OP = 3;
const ROLE_SIZE = 4;
const ROLE_TTL = 5;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Thrown inside the parser for one bad row; turned into file:line text or a skip. */
class BadRow {
  constructor(readonly what: string) {}
}

/**
 * A CSV trace read in blocks. Plain rows are parsed at the byte level (keys
 * interned from bytes, numbers parsed in place); a row containing a quote is
 * handed to csv-parse, so quoted keys and escapes read correctly without
 * slowing down the common case. Memory grows with distinct keys, not rows.
 */
export class CsvTrace implements TraceSource {
  readonly keys = new ByteKeyTable(1 << 16);
  columns: TraceColumns = { time: false, op: false, size: false, ttl: false };
  skippedRows = 0;
  private readonly opts: Required<Omit<CsvTraceOptions, 'columns' | 'header'>> & Pick<CsvTraceOptions, 'columns' | 'header'>;
  private reads = 0;

  constructor(readonly path: string, options: CsvTraceOptions = {}) {
    this.opts = {
      columns: options.columns,
      header: options.header,
      timeUnit: options.timeUnit ?? 's',
      skipBadRows: options.skipBadRows ?? false,
      chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
      blockBytes: options.blockBytes ?? 1 << 22,
    };
    if (!(this.opts.timeUnit in TIME_DIVISOR)) throw usageError(`--time-unit "${String(this.opts.timeUnit)}" is not one of s, ms, us`);
  }

  get source(): string {
    return this.path;
  }

  /** File size over the mean length of the first rows. */
  estimatedRequests(): number | undefined {
    if (this.path === '-') return undefined;
    try {
      const size = fs.statSync(this.path).size;
      const fd = fs.openSync(this.path, 'r');
      const head = Buffer.alloc(Math.min(size, 1 << 16));
      const n = fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      let lines = 0;
      for (let i = 0; i < n; i++) if (head[i] === NL) lines++;
      return lines > 1 ? Math.round((size / n) * (lines - 1)) : undefined;
    } catch {
      return undefined;
    }
  }

  async *chunks(): AsyncGenerator<TraceChunk> {
    if (this.path === '-' && this.reads > 0) {
      throw usageError('standard input can be read only once: save the trace to a file for runs that read it twice (capacities in %)');
    }
    this.reads++;
    const reader = new CsvChunkReader(this, this.path, this.opts);
    try {
      reader.open();
      this.columns = reader.present;
      // One chunk, refilled: consumers finish with a chunk before asking for the next.
      const chunk = allocChunk(this.opts.chunkRows);
      for (;;) {
        reader.fill(chunk);
        if (chunk.length > 0) yield chunk;
        if (reader.done) break;
      }
      this.skippedRows = reader.skipped;
    } finally {
      reader.close();
    }
  }
}

class CsvChunkReader {
  present: TraceColumns = { time: false, op: false, size: false, ttl: false };
  done = false;
  skipped = 0;

  private fd = -1;
  private buf: Buffer;
  private view: Buffer;
  private pos = 0;
  private end = 0;
  private eof = false;
  private line = 0;
  private nextQuote = -1;
  /** Just past the last newline in the buffer: every row before it is complete. */
  private safeEnd = 0;
  private roleOf = new Uint8Array(1);
  private maxCol = 0;
  private cols: ColumnIndexes = { time: -1, key: -1, op: -1, size: -1, ttl: -1 };
  private rowIndex = 0;
  private readonly divisor: number;
  private readonly keys: ByteKeyTable;

  constructor(
    trace: CsvTrace,
    private readonly file: string,
    private readonly opts: CsvTraceOptions & { skipBadRows: boolean; blockBytes: number; timeUnit: TimeUnit },
  ) {
    this.keys = trace.keys;
    this.buf = Buffer.allocUnsafe(opts.blockBytes);
    this.view = this.buf.subarray(0, 0);
    this.divisor = TIME_DIVISOR[opts.timeUnit];
  }

  open(): void {
    if (this.file === '-') {
      this.fd = 0;
    } else {
      try {
        this.fd = fs.openSync(this.file, 'r');
      } catch (e) {
        throw inputError(openErrorText(this.file, e));
      }
    }
    this.refill();
    if (this.end === 0) throw inputError(`${this.file}: the trace is empty: give a CSV with a header row and at least one request`);
    // A UTF-8 byte order mark is not part of the first column's name.
    if (this.end >= 3 && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.pos = 3;

    const mapping = this.opts.columns;
    const hasHeader = this.opts.header ?? !(mapping && mapping.positional);
    let header: string[] | null = null;
    if (hasHeader) {
      const rec = this.nextRecordText();
      if (rec === null) throw inputError(`${this.file}: the trace is empty: give a CSV with a header row and at least one request`);
      header = splitRecord(rec.text);
    }
    this.cols = resolveColumns(header, mapping, this.file);
    const c = this.cols;
    this.maxCol = Math.max(c.time, c.key, c.op, c.size, c.ttl);
    this.roleOf = new Uint8Array(this.maxCol + 1);
    if (c.time >= 0) this.roleOf[c.time] = ROLE_TIME;
    this.roleOf[c.key] = ROLE_KEY;
    if (c.op >= 0) this.roleOf[c.op] = ROLE_OP;
    if (c.size >= 0) this.roleOf[c.size] = ROLE_SIZE;
    if (c.ttl >= 0) this.roleOf[c.ttl] = ROLE_TTL;
    this.present = { time: c.time >= 0, op: c.op >= 0, size: c.size >= 0, ttl: c.ttl >= 0 };
    if (!this.eof && this.pos >= this.end) this.refill();
  }

  close(): void {
    if (this.fd > 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Parse rows into `chunk` until it is full or the file ends. */
  fill(chunk: TraceChunk): void {
    const cap = chunk.times.length;
    let rows = 0;
    while (rows < cap) {
      if (this.pos >= this.safeEnd) {
        if (!this.eof) {
          this.refill();
          continue;
        }
        if (this.pos >= this.end) {
          this.done = true;
          break;
        }
      }
      if (this.pos < this.safeEnd && (this.nextQuote < 0 || this.nextQuote >= this.safeEnd)) {
        // No quote before the last complete line: the fused byte-level path,
        // in short calls so V8 optimises it as a whole function early (a long
        // first call would run on-stack-replaced code that deoptimises at
        // every exit on Node 20).
        rows = this.fillPlain(chunk, rows, Math.min(cap, rows + 1024));
        continue;
      }
      // Near a quote, or the last line without a newline: one line at a time.
      let nl = this.view.indexOf(NL, this.pos);
      if (nl < 0) nl = this.end;
      const ls = this.pos;
      if (this.nextQuote >= 0 && this.nextQuote < ls) this.nextQuote = this.view.indexOf(QUOTE, ls);
      if (this.nextQuote >= 0 && this.nextQuote < nl) {
        // A quoted field: it may span lines, so csv-parse reads the whole record.
        const rec = this.nextRecordText();
        if (rec === null) continue;
        if (this.parseSlowRow(rec.text, rec.line, chunk, rows)) rows++;
        continue;
      }
      this.line++;
      this.pos = Math.min(nl + 1, this.end);
      let le = nl;
      if (le > ls && this.buf[le - 1] === CR) le--;
      if (le === ls || isBlank(this.buf, ls, le)) continue;
      if (this.parseFastRow(ls, le, chunk, rows)) rows++;
    }
    chunk.length = rows;
  }

  /**
   * The hot loop: rows before `safeEnd` (the last newline of the block) are
   * complete, so fields are scanned and parsed in one pass with no search for
   * the line's end. Keys that are plain integers are parsed while scanned.
   * Anything unusual in a row (spaces, exponents, a bad value) sends that
   * row to parseFastRow, which knows every rule and error message.
   */
  private fillPlain(chunk: TraceChunk, rows: number, cap: number): number {
    const buf = this.buf;
    const roleOf = this.roleOf;
    const maxCol = this.maxCol;
    const keys = this.keys;
    const divisor = this.divisor;
    const safeEnd = this.safeEnd;
    const { times, ids, ops, sizes, ttls } = chunk;
    let pos = this.pos;
    let line = this.line;
    let rowIndex = this.rowIndex;
    while (rows < cap && pos < safeEnd) {
      const ls = pos;
      line++;
      let p = pos;
      let time = rowIndex;
      let key = -1;
      let op = 0;
      let size = 1;
      let ttl = 0;
      let ok = true;
      for (let col = 0; ; col++) {
        const role = roleOf[col]!;
        const fs = p;
        if (role === ROLE_KEY) {
          // Scan the key, noting whether it is a canonical integer.
          let v = 0;
          let digits = true;
          let b = buf[p]!;
          while (b !== COMMA && b !== NL && b !== CR) {
            const d = b - 48;
            if (d < 0 || d > 9) digits = false;
            else v = v * 10 + d;
            b = buf[++p]!;
          }
          const len = p - fs;
          if (len === 0) { ok = false; break; }
          if (digits && len <= MAX_NUMERIC_DIGITS && (buf[fs] !== 48 || len === 1)) key = keys.internNumber(v);
          else key = keys.internText(hashBytes(buf, fs, p), buf, fs, len);
        } else if (role === ROLE_NONE) {
          let b = buf[p]!;
          while (b !== COMMA && b !== NL && b !== CR) b = buf[++p]!;
        } else if (role === ROLE_OP) {
          let b = buf[p]!;
          while (b !== COMMA && b !== NL && b !== CR) b = buf[++p]!;
          op = opFromBytes(buf, fs, p);
          if (op < 0) { ok = false; break; }
        } else {
          // A number: digits, optionally a point and more digits.
          let v = 0;
          let digits = 0;
          let frac = 0;
          let b = buf[p]!;
          let d = b - 48;
          while (d >= 0 && d <= 9) { v = v * 10 + d; digits++; b = buf[++p]!; d = b - 48; }
          if (b === 46) {
            b = buf[++p]!;
            d = b - 48;
            while (d >= 0 && d <= 9) { v = v * 10 + d; digits++; frac++; b = buf[++p]!; d = b - 48; }
          }
          const atEnd = b === COMMA || b === NL || b === CR;
          // An empty TTL means none; anything else unusual takes the careful path.
          if (!atEnd || digits > 15 || (digits === 0 && !(role === ROLE_TTL && p === fs))) { ok = false; break; }
          const x = frac === 0 ? v : v / POW10[frac]!;
          if (role === ROLE_TIME) time = divisor === 1 ? x : x / divisor;
          else if (role === ROLE_SIZE) size = x;
          else ttl = x;
          if (role === ROLE_SIZE && (frac > 0 || x > 0xffffffff)) { ok = false; break; }
        }
        const b = buf[p]!;
        if (b !== COMMA) {
          if (col < maxCol) ok = false;
          break;
        }
        if (col === maxCol) {
          // Columns after the last one we need.
          let c = b;
          while (c !== NL && c !== CR) c = buf[++p]!;
          break;
        }
        p++;
      }
      // The row ends at CR LF or LF.
      while (buf[p] !== NL) p++;
      const next = p + 1;
      if (!ok || op === OP_DELETE) {
        // Let the careful path decide: a blank line, a bad value, or a delete (whose size is ignored).
        this.line = line;
        let le = p;
        if (le > ls && buf[le - 1] === CR) le--;
        this.rowIndex = rowIndex;
        pos = next;
        if (le === ls || isBlank(buf, ls, le)) continue;
        if (this.parseFastRow(ls, le, chunk, rows)) {
          rows++;
          rowIndex++;
        }
        continue;
      }
      times[rows] = time;
      ids[rows] = key;
      ops[rows] = op;
      sizes[rows] = size;
      ttls[rows] = ttl;
      rows++;
      rowIndex++;
      pos = next;
    }
    this.pos = pos;
    this.line = line;
    this.rowIndex = rowIndex;
    return rows;
  }

  private parseFastRow(ls: number, le: number, chunk: TraceChunk, row: number): boolean {
    const buf = this.buf;
    const roleOf = this.roleOf;
    const maxCol = this.maxCol;
    let time = this.rowIndex;
    let key = -1;
    let op = 0;
    let size = 1;
    let ttl = 0;
    let sizeStart = -1;
    let sizeEnd = -1;
    let col = 0;
    let fs = ls;
    try {
      for (let p = ls; ; p++) {
        if (p === le || buf[p] === COMMA) {
          const role = roleOf[col]!;
          if (role !== ROLE_NONE) {
            switch (role) {
              case ROLE_KEY:
                if (p === fs) throw new BadRow('the key is empty');
                key = this.keys.internBytes(buf, fs, p);
                break;
              case ROLE_TIME: {
                const t = parseDecimal(buf, fs, p);
                if (!(t >= 0)) throw new BadRow(`time "${fieldText(buf, fs, p)}" is not a non-negative number`);
                time = t / this.divisor;
                break;
              }
              case ROLE_OP:
                op = opFromBytes(buf, fs, p);
                if (op < 0) throw new BadRow(`unknown op "${fieldText(buf, fs, p)}": use ${OP_HELP}`);
                break;
              case ROLE_SIZE:
                sizeStart = fs;
                sizeEnd = p;
                break;
              case ROLE_TTL:
                if (!isBlank(buf, fs, p)) {
                  ttl = parseDecimal(buf, fs, p);
                  if (!(ttl >= 0)) throw new BadRow(`ttl "${fieldText(buf, fs, p)}" must be a number of seconds, 0 or more (0 or empty: no TTL)`);
                }
                break;
            }
          }
          col++;
          if (col > maxCol || p === le) break;
          fs = p + 1;
        }
      }
      if (col <= maxCol) throw new BadRow(`the row has ${col} column${col === 1 ? '' : 's'}, but column ${maxCol + 1} is needed`);
      if (sizeStart >= 0 && op !== OP_DELETE) {
        size = parseDecimal(buf, sizeStart, sizeEnd);
        if (!(size >= 0) || size !== Math.floor(size) || size > 0xffffffff) {
          throw new BadRow(badSize(fieldText(buf, sizeStart, sizeEnd), size));
        }
      }
    } catch (e) {
      if (e instanceof BadRow) return this.badRow(e.what, this.line);
      throw e;
    }
    chunk.times[row] = time;
    chunk.ids[row] = key;
    chunk.ops[row] = op;
    chunk.sizes[row] = size;
    chunk.ttls[row] = ttl;
    this.rowIndex++;
    return true;
  }

  private parseSlowRow(text: string, line: number, chunk: TraceChunk, row: number): boolean {
    const fields = splitRecord(text);
    if (fields.length === 1 && fields[0]!.trim() === '') return false;
    const c = this.cols;
    try {
      if (fields.length <= this.maxCol) throw new BadRow(`the row has ${fields.length} columns, but column ${this.maxCol + 1} is needed`);
      const keyText = fields[c.key]!;
      if (keyText === '') throw new BadRow('the key is empty');
      let time = this.rowIndex;
      if (c.time >= 0) {
        const t = numberOrNaN(fields[c.time]!);
        if (!(t >= 0)) throw new BadRow(`time "${fields[c.time]}" is not a non-negative number`);
        time = t / this.divisor;
      }
      let op = 0;
      if (c.op >= 0) {
        op = opFromString(fields[c.op]!);
        if (op < 0) throw new BadRow(`unknown op "${fields[c.op]}": use ${OP_HELP}`);
      }
      let size = 1;
      if (c.size >= 0 && op !== OP_DELETE) {
        size = numberOrNaN(fields[c.size]!);
        if (!(size >= 0) || size !== Math.floor(size) || size > 0xffffffff) throw new BadRow(badSize(fields[c.size]!, size));
      }
      let ttl = 0;
      if (c.ttl >= 0 && fields[c.ttl]!.trim() !== '') {
        ttl = numberOrNaN(fields[c.ttl]!);
        if (!(ttl >= 0)) throw new BadRow(`ttl "${fields[c.ttl]}" must be a number of seconds, 0 or more (0 or empty: no TTL)`);
      }
      chunk.times[row] = time;
      chunk.ids[row] = this.keys.internString(keyText);
      chunk.ops[row] = op;
      chunk.sizes[row] = size;
      chunk.ttls[row] = ttl;
    } catch (e) {
      if (e instanceof BadRow) return this.badRow(e.what, line);
      throw e;
    }
    this.rowIndex++;
    return true;
  }

  private badRow(what: string, line: number): false {
    if (!this.opts.skipBadRows) {
      throw inputError(`${this.file}:${line}: ${what} (or pass --skip-bad-rows to count and skip such rows)`);
    }
    this.skipped++;
    return false;
  }

  /**
   * The next record as text, honouring quotes (a quoted field may hold
   * commas and newlines); null at the end of the file.
   */
  private nextRecordText(): { text: string; line: number } | null {
    for (;;) {
      const buf = this.buf;
      let inQuote = false;
      let newlines = 0;
      let p = this.pos;
      let recEnd = -1;
      for (; p < this.end; p++) {
        const b = buf[p]!;
        if (b === QUOTE) inQuote = !inQuote;
        else if (b === NL) {
          newlines++;
          if (!inQuote) { recEnd = p; break; }
        }
      }
      if (recEnd < 0 && !this.eof) {
        this.refill();
        continue;
      }
      if (recEnd < 0) {
        if (this.pos >= this.end) return null;
        recEnd = this.end;
        newlines++;
      }
      const line = this.line + 1;
      this.line += newlines;
      const text = buf.toString('utf8', this.pos, recEnd).replace(/\r$/, '');
      this.pos = Math.min(recEnd + 1, this.end);
      return { text, line };
    }
  }

  /** Keep the unparsed tail, read the next block after it. */
  private refill(): void {
    const rest = this.end - this.pos;
    if (rest > 0 && this.pos > 0) this.buf.copy(this.buf, 0, this.pos, this.end);
    if (rest >= this.buf.length) {
      // A record longer than the buffer: double it.
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, rest);
      this.buf = bigger;
    }
    this.pos = 0;
    this.end = rest;
    let n = 0;
    try {
      n = fs.readSync(this.fd, this.buf, rest, this.buf.length - rest, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') n = 0;
      else if (code === 'EOF') n = 0;
      else throw inputError(`${this.file}: cannot read: ${(e as Error).message}`);
    }
    if (n === 0) this.eof = true;
    this.end = rest + n;
    this.view = this.buf.subarray(0, this.end);
    this.nextQuote = this.view.indexOf(QUOTE, 0);
    this.safeEnd = this.view.lastIndexOf(NL) + 1;
  }
}

type ParseSync = (text: string, options: Record<string, unknown>) => string[][];
let parseCsvSync: ParseSync | undefined;

function splitRecord(text: string): string[] {
  if (!text.includes('"')) return text.split(',');
  // Loaded on first use: most traces have no quotes, and start-up time counts.
  parseCsvSync ??= (createRequire(import.meta.url)('csv-parse/sync') as { parse: ParseSync }).parse;
  try {
    const rows = parseCsvSync(text, { relax_column_count: true, relax_quotes: false }) as string[][];
    return rows[0] ?? [''];
  } catch (e) {
    throw new BadRow(`malformed quoted field: ${(e as Error).message.split('\n')[0]}`);
  }
}

function numberOrNaN(text: string): number {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

export function openErrorText(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file}: no such file: check the path (cachesim gen --out ${file} makes a synthetic trace)`;
  if (code === 'EISDIR') return `${file}: is a directory, not a trace file`;
  if (code === 'EACCES') return `${file}: permission denied`;
  return `${file}: cannot open: ${(e as Error).message}`;
}

/** Why a size field was refused: not a whole number, or one above what a request's size column holds. */
function badSize(text: string, size: number): string {
  if (size === Math.floor(size) && size > 0xffffffff) return `size "${text}" is above 4,294,967,295 bytes (2^32 − 1), the largest a request may have`;
  return `size "${text}" is not a whole number of bytes`;
}
