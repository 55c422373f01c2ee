import * as fs from 'node:fs';
import * as os from 'node:os';
import { inputError, usageError } from '../core/errors.js';
import { openErrorText } from './csv.js';
import { ByteKeyTable, IntKeyTable, U64KeyTable, type KeyTable } from './keys.js';
import { breathe, writeAll, writeOutput, type OutputTarget } from '../core/files.js';
import { collectTrace, nextAccess } from './collect.js';
import { allocChunk, DEFAULT_CHUNK_ROWS, type TraceChunk, type TraceColumns, type TraceSource } from './types.js';

/**
 * libCacheSim's oracleGeneral binary trace: 24-byte little-endian records
 * (uint32 timestamp in seconds, uint64 object id, uint32 object size, int64
 * next access: the 1-based number of the request that next asks for the same
 * object, -1 when none). Every record is a read; there is no op or TTL.
 */
export const RECORD_BYTES = 24;

const LITTLE_ENDIAN = os.endianness() === 'LE';

export class OracleGeneralTrace implements TraceSource {
  readonly keys = new U64KeyTable(1 << 16);
  readonly columns: TraceColumns = { time: true, op: false, size: true, ttl: false };
  readonly skippedRows = 0;

  constructor(readonly path: string, private readonly chunkRows = DEFAULT_CHUNK_ROWS) {}

  get source(): string {
    return this.path;
  }

  estimatedRequests(): number | undefined {
    try {
      return Math.floor(fs.statSync(this.path).size / RECORD_BYTES);
    } catch {
      return undefined;
    }
  }

  async *chunks(): AsyncGenerator<TraceChunk> {
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch (e) {
      throw inputError(openErrorText(this.path, e));
    }
    try {
      const bytes = fs.fstatSync(fd).size;
      if (bytes === 0) throw inputError(`${this.path}: the trace is empty`);
      if (bytes % RECORD_BYTES !== 0) {
        const whole = Math.floor(bytes / RECORD_BYTES);
        throw inputError(`${this.path}: truncated record at byte ${whole * RECORD_BYTES} (the file is ${bytes} bytes, not a multiple of ${RECORD_BYTES}): is it an oracleGeneral trace? use --trace-format csv for a CSV file`);
      }
      const buf = Buffer.allocUnsafe(this.chunkRows * RECORD_BYTES);
      // A 4-byte-aligned view: the records are read as six uint32 words.
      const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
      const aligned = LITTLE_ENDIAN && buf.byteOffset % 4 === 0;
      const keys = this.keys;
      // One chunk, refilled: consumers finish with a chunk before asking for the next.
      const chunk = allocChunk(this.chunkRows);
      for (;;) {
        const n = readFully(fd, buf, this.path);
        if (n === 0) break;
        const rows = n / RECORD_BYTES;
        // Short calls, so V8 optimises the decoder as a whole function early (see CsvTrace).
        for (let from = 0; from < rows; from += 1024) {
          const to = Math.min(rows, from + 1024);
          if (aligned) decodeWords(words, from, to, chunk, keys);
          else decodeBytes(buf, from, to, chunk, keys);
        }
        chunk.length = rows;
        yield chunk;
        if (n < buf.length) break;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Records from..to as six little-endian uint32 words each: time, id (low, high), size, next (2). */
function decodeWords(words: Uint32Array, from: number, to: number, chunk: TraceChunk, keys: U64KeyTable): void {
  const { times, ids, sizes } = chunk;
  for (let i = from, w = from * 6; i < to; i++, w += 6) {
    times[i] = words[w]!;
    ids[i] = keys.intern(words[w + 1]!, words[w + 2]!);
    sizes[i] = words[w + 3]!;
  }
}

/** The same, where the platform is big-endian or the buffer unaligned. */
function decodeBytes(buf: Buffer, from: number, to: number, chunk: TraceChunk, keys: U64KeyTable): void {
  const { times, ids, sizes } = chunk;
  for (let i = from, o = from * RECORD_BYTES; i < to; i++, o += RECORD_BYTES) {
    times[i] = buf.readUInt32LE(o);
    ids[i] = keys.intern(buf.readUInt32LE(o + 4), buf.readUInt32LE(o + 8));
    sizes[i] = buf.readUInt32LE(o + 12);
  }
}

function readFully(fd: number, buf: Buffer, file: string): number {
  let got = 0;
  while (got < buf.length) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, got, buf.length - got, null);
    } catch (e) {
      throw inputError(`${file}: cannot read: ${(e as Error).message}`);
    }
    if (n === 0) break;
    got += n;
  }
  return got;
}

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const U64_MASK = (1n << 64n) - 1n;

/**
 * The uint64 object id a key gets in a binary trace: a key written as a
 * decimal integer below 2^64 keeps its value; any other key is hashed
 * (64-bit FNV-1a of its UTF-8 bytes).
 */
export function objectIdOf(keys: KeyTable, id: number): bigint {
  if (keys instanceof U64KeyTable) return (BigInt(keys.high(id)) << 32n) | BigInt(keys.low(id));
  if (keys instanceof IntKeyTable) return BigInt(keys.keyNumber(id));
  const bytes = keys instanceof ByteKeyTable ? keys.bytes(id) : new TextEncoder().encode(keys.name(id));
  let decimal = bytes.length > 0 && bytes.length <= 20 && !(bytes.length > 1 && bytes[0] === 48);
  for (let i = 0; decimal && i < bytes.length; i++) decimal = bytes[i]! >= 48 && bytes[i]! <= 57;
  if (decimal) {
    const v = BigInt(new TextDecoder().decode(bytes));
    if (v <= U64_MASK) return v;
  }
  let h = FNV64_OFFSET;
  for (let i = 0; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i]!)) * FNV64_PRIME) & U64_MASK;
  return h;
}

export interface BinaryWriteReport {
  requests: number;
  /** Writes and deletes written as reads: the format has no op. */
  nonReads: number;
  /** Requests that had a TTL, dropped: the format has none. */
  ttlsDropped: number;
  /** Requests whose time had a fraction of a second, truncated to whole seconds. */
  fractionalTimes: number;
}

/** Write a trace as oracleGeneral; a regular file is written whole (temporary file, then rename). */
export async function writeOracleGeneral(source: TraceSource, out: OutputTarget | string): Promise<BinaryWriteReport> {
  const t = await collectTrace(source);
  const next = nextAccess(t.ids, t.length, source.keys.size);
  const objectIds: bigint[] = new Array(source.keys.size);
  const report: BinaryWriteReport = { requests: t.length, nonReads: 0, ttlsDropped: 0, fractionalTimes: 0 };
  const block = 1 << 14;
  const buf = Buffer.alloc(block * RECORD_BYTES);
  await writeOutput(out, async (fd) => {
    for (let start = 0; start < t.length; start += block) {
      // Between blocks, a Ctrl-C may remove the temporary file.
      if (start > 0 && (start & 0xfffff) === 0) await breathe();
      const rows = Math.min(block, t.length - start);
      for (let r = 0; r < rows; r++) {
        const i = start + r;
        const time = t.times[i]!;
        if (time > 0xffffffff) throw usageError(`request ${i + 1}: time ${time} s does not fit the format's uint32 seconds`);
        if (time !== Math.floor(time)) report.fractionalTimes++;
        if (t.ops[i] !== 0) report.nonReads++;
        if (t.ttls[i] !== 0) report.ttlsDropped++;
        const id = t.ids[i]!;
        const oid = (objectIds[id] ??= objectIdOf(source.keys, id));
        const o = r * RECORD_BYTES;
        buf.writeUInt32LE(Math.floor(time), o);
        buf.writeBigUInt64LE(oid, o + 4);
        buf.writeUInt32LE(t.sizes[i]!, o + 12);
        // The format counts requests from 1; -1 means never again.
        buf.writeBigInt64LE(next[i] === Infinity ? -1n : BigInt(next[i]! + 1), o + 16);
      }
      writeAll(fd, buf.subarray(0, rows * RECORD_BYTES));
    }
  });
  return report;
}
