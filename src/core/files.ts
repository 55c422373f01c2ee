import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CachesimError, inputError, usageError } from './errors.js';

/**
 * Where an output goes, decided before the work starts (so `--report
 * nodir/r.html` fails at once, not after the simulation).
 *
 * - stdout: `-`, written to descriptor 1.
 * - direct: a device, FIFO or socket, opened and written in place: renaming
 *   over it would replace /dev/null with a file and leave a FIFO's reader
 *   with nothing.
 * - atomic: a regular file (or none yet), written to a temporary file in the
 *   same folder and renamed over it, so a failure or an interrupt never
 *   leaves a partial file. A symlink is followed: its target is written.
 */
export interface OutputTarget {
  /** The path as the user wrote it: what every message names. */
  readonly name: string;
  readonly mode: 'stdout' | 'descriptor' | 'direct' | 'atomic';
  /** The file finally written (a symlink's target, resolved). */
  readonly path: string;
  /** descriptor: the open descriptor a /dev/stdout, /dev/fd/N or /proc/self/fd/N names. */
  readonly fd?: number;
}

/** The descriptor a path names through /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N (following links to them), if any. */
function descriptorOf(p: string): number | undefined {
  for (let hops = 0; hops < 40; hops++) {
    const abs = path.resolve(p);
    if (abs === '/dev/stdout') return 1;
    if (abs === '/dev/stderr') return 2;
    const m = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(abs);
    if (m) return Number(m[1]);
    let link: string;
    try {
      link = fs.readlinkSync(abs);
    } catch {
      return undefined;
    }
    p = path.resolve(path.dirname(abs), link);
  }
  return undefined;
}

/** Temporary files being written now: the CLI removes them on SIGINT/SIGTERM. */
export const temporaryFiles = new Set<string>();
let onFirstTemporary: (() => void) | undefined;

/** Call `f` once, when the first temporary file is created (the CLI installs its signal handlers then). */
export function whenTemporaryFiles(f: () => void): void {
  onFirstTemporary = f;
}

/** Count a file as temporary: removed on SIGINT/SIGTERM until removeTemporary. */
export function trackTemporary(file: string): void {
  if (onFirstTemporary) {
    onFirstTemporary();
    onFirstTemporary = undefined;
  }
  temporaryFiles.add(file);
}

export function removeTemporary(file: string): void {
  fs.rmSync(file, { force: true });
  temporaryFiles.delete(file);
}

/** A symlink's final target (a dangling link's too: writing creates it), or the path itself. */
function followLinks(p: string): string {
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  throw inputError(`${p}: too many levels of symbolic links: point the link at a file`);
}

/**
 * Check an output destination and say how it will be written. `flag` names
 * the option in messages (`--report`).
 */
export function outputTarget(name: string, flag = 'the output'): OutputTarget {
  if (name === '') throw usageError(`${flag} needs a file name (or - for standard output)`);
  if (name === '-') return { name, mode: 'stdout', path: name };
  // Written to the descriptor itself: a socket or a pipe cannot be reopened through /proc.
  const fd = descriptorOf(name);
  if (fd !== undefined) return { name, mode: 'descriptor', path: name, fd };
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(name, e);
  }
  if (st?.isDirectory()) throw ioError(name, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
  // Opened by name, so the kernel follows the links: /dev/stdout's /proc/self/fd/1
  // names a descriptor, not a path a rename could use.
  if (st && (!st.isFile() || /^\/(dev|proc)\//.test(path.resolve(name)))) return { name, mode: 'direct', path: name };
  const target = st ? fs.realpathSync(name) : followLinks(name);
  const dir = path.dirname(target);
  let dst: fs.Stats;
  try {
    dst = fs.statSync(dir);
  } catch (e) {
    throw ioError(name, e);
  }
  if (!dst.isDirectory()) throw ioError(name, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw ioError(name, e);
  }
  return { name, mode: 'atomic', path: target };
}

/** An output written but not yet in place: `commit` renames it over the destination, `discard` removes it. */
export interface StagedOutput {
  commit(): void;
  discard(): void;
}

/**
 * Write an output's content now and put it in place later, so a set of files
 * (a scenario set's goldens) can be written first and renamed together.
 * Devices, FIFOs and standard output are written at once (commit does nothing).
 */
export async function stageOutput(out: OutputTarget | string, write: (fd: number) => void | Promise<void>): Promise<StagedOutput> {
  const t = typeof out === 'string' ? outputTarget(out) : out;
  const done: StagedOutput = { commit() {}, discard() {} };
  if (t.mode === 'stdout' || t.mode === 'descriptor') {
    await guard(t.name, () => write(t.fd ?? 1));
    return done;
  }
  if (t.mode === 'direct') {
    const fd = guardSync(t.name, () => fs.openSync(t.path, 'w'));
    try {
      await guard(t.name, () => write(fd));
    } finally {
      fs.closeSync(fd);
    }
    return done;
  }
  // Hidden and named for us, beside the target (same file system, so rename is atomic):
  // what a kill -9 can leave behind is recognisable.
  const tmp = path.join(path.dirname(t.path), `.${path.basename(t.path)}.cachesim-${randomBytes(4).toString('hex')}.tmp`);
  const fd = guardSync(t.name, () => fs.openSync(tmp, 'wx', 0o666));
  trackTemporary(tmp);
  const discard = (): void => removeTemporary(tmp);
  try {
    try {
      // A rewritten file keeps its permissions.
      fs.fchmodSync(fd, fs.statSync(t.path).mode & 0o7777);
    } catch {
      // no file there yet: the umask decides, as for any new file
    }
    await guard(t.name, () => write(fd));
    guardSync(t.name, () => fs.closeSync(fd));
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    discard();
    throw e;
  }
  return {
    commit(): void {
      try {
        guardSync(t.name, () => fs.renameSync(tmp, t.path));
      } finally {
        discard();
      }
    },
    discard,
  };
}

/**
 * Write an output: standard output, a device or FIFO in place, a regular
 * file through a temporary file renamed over it.
 */
export async function writeOutput(out: OutputTarget | string, write: (fd: number) => void | Promise<void>): Promise<void> {
  (await stageOutput(out, write)).commit();
}

async function guard(name: string, f: () => void | Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    throw e instanceof CachesimError ? e : ioError(name, e);
  }
}

function guardSync<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof CachesimError ? e : ioError(name, e);
  }
}

/** The reader of our output went away (`gen | head -1`): stop quietly and exit 0, as Unix tools do. */
export function pipeClosed(): CachesimError {
  return new CachesimError('E_PIPE', 'the reader of the output closed it');
}

/**
 * An operating system's error on an output as one line naming the user's
 * path (never our temporary file) and what to do. Anything that is not an
 * OS error is passed through unchanged.
 */
export function ioError(name: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e as Error;
  const dir = path.dirname(name);
  switch (code) {
    case 'EPIPE':
      return pipeClosed();
    case 'ENOENT':
      return inputError(`${name}: the folder ${dir} does not exist: create it (mkdir -p ${dir}) or write elsewhere`);
    case 'ENOTDIR':
      return inputError(`${name}: ${dir} is not a folder: give a path inside a folder`);
    case 'EISDIR':
      return inputError(`${name} is a folder: give a file name, e.g. ${path.join(name, 'out.csv')}`);
    case 'EACCES':
    case 'EPERM':
      return inputError(`${name}: permission denied: write to a folder you may write to`);
    case 'EROFS':
      return inputError(`${name}: the file system is read-only: write elsewhere`);
    case 'ENOSPC':
      return inputError(`${name}: no space left on the device: free some space or write elsewhere`);
    case 'EDQUOT':
      return inputError(`${name}: disk quota exceeded: free some space or write elsewhere`);
    case 'EFBIG':
      return inputError(`${name}: file too large for the file size limit (ulimit -f): raise the limit or write elsewhere`);
    case 'ELOOP':
      return inputError(`${name}: too many levels of symbolic links: point the link at a file`);
    default:
      return inputError(`${name}: cannot write (${code}): ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
}

/** Write all of a string or buffer to a descriptor (writeSync may write less than asked). */
export function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A pipe to a slow reader (stdout | head) reports EAGAIN: wait and retry.
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') throw pipeClosed();
      throw e;
    }
  }
}

/** Let signals (Ctrl-C) and timers run between chunks of a long synchronous write. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
