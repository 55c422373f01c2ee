import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { inputError } from '../core/errors.js';
import { removeTemporary, trackTemporary } from '../core/files.js';

/**
 * Standard input saved to a temporary file, for a run that reads its trace
 * twice (a % capacity needs the working set first; Belady the whole trace).
 * `remove` deletes it; a SIGINT or SIGTERM does too.
 */
export async function spoolStdin(): Promise<{ file: string; remove: () => void }> {
  const file = path.join(os.tmpdir(), `.stdin.cachesim-${randomBytes(4).toString('hex')}.tmp`);
  trackTemporary(file);
  try {
    await pipeline(process.stdin, fs.createWriteStream(file, { flags: 'wx' }));
  } catch (e) {
    removeTemporary(file);
    throw inputError(`cannot save standard input to ${os.tmpdir()} for a second read: ${(e as Error).message} (save the trace to a file and give --trace FILE)`);
  }
  return { file, remove: () => removeTemporary(file) };
}
