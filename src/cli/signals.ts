import * as fs from 'node:fs';
import { temporaryFiles } from '../core/files.js';

/**
 * On SIGINT (Ctrl-C) and SIGTERM: remove the temporary files being written,
 * then exit as a shell expects (130, 143). Installed only once a temporary
 * file exists, so until then a signal stops cachesim at once, as it always
 * did (the simulations run without yielding to the event loop). kill -9
 * cannot be caught: it may leave a `.NAME.cachesim-XXXXXXXX.tmp` beside the
 * output (docs/reliability.md).
 */
export function cleanUpOnSignals(): void {
  const on = (signal: NodeJS.Signals, code: number): void => {
    process.once(signal, () => {
      for (const f of temporaryFiles) fs.rmSync(f, { force: true });
      temporaryFiles.clear();
      process.exit(code);
    });
  };
  on('SIGINT', 130);
  on('SIGTERM', 143);
}
