import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inputError } from './errors.js';

/**
 * Write a file through a temporary name and rename it into place, so a
 * failure never leaves a partial output behind.
 */
export async function writeAtomically(out: string, write: (fd: number) => void | Promise<void>): Promise<void> {
  const tmp = `${out}.${randomBytes(4).toString('hex')}.tmp`;
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'w');
  } catch (e) {
    throw inputError(`${out}: cannot write: ${(e as Error).message}`);
  }
  try {
    await write(fd);
    fs.closeSync(fd);
    fd = -1;
    fs.renameSync(tmp, out);
  } catch (e) {
    if (fd >= 0) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
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
      // A pipe to a slow reader (stdout | head) reports EAGAIN: wait and retry.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw e;
    }
  }
}
