import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';

/**
 * A progress bar on stderr for long replays. It appears only when stderr is
 * a terminal and the output is not JSON, and only once a replay has been
 * running for a second: short runs (and every test and CI log) never see it.
 * cli-progress is loaded when the bar first appears.
 */
export interface ReplayProgress {
  /** For executeRun's onProgress: requests read so far, and the expected total if known. */
  readonly update: (requests: number, total?: number) => void;
  /** Remove the bar (the replay ended or failed). */
  stop(): void;
}

/** Wait this long before showing a bar: about a second's worth of replay. */
const SHOW_AFTER_MS = 1000;

/** A progress reporter for one replay, or undefined when no bar may be shown (not a terminal, or JSON output). */
export function replayProgress(label: string, format: string): ReplayProgress | undefined {
  if (format === 'json' || !process.stderr.isTTY) return undefined;
  const started = Date.now();
  let bar: CliProgress.SingleBar | undefined;
  let known = false;
  const update = (requests: number, total?: number): void => {
    if (bar === undefined) {
      if (Date.now() - started < SHOW_AFTER_MS) return;
      const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
      known = total !== undefined && total > 0;
      bar = new SingleBar({
        format: known
          ? `${label} [{bar}] {percentage}% · {value} of ~{total} requests · ETA {eta_formatted}`
          : `${label} {value} requests`,
        formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? Math.round(v).toLocaleString('en-US') : String(v)),
        stream: process.stderr,
        // The cursor stays visible: a Ctrl-C during a replay (which does not yield to
        // signal handlers) would otherwise leave the terminal without one.
        hideCursor: false,
        clearOnComplete: true,
        barsize: 28,
        etaBuffer: 20,
      }, Presets.shades_classic);
      bar.start(known ? total! : 0, requests);
      return;
    }
    // A CSV file's total is an estimate: never let the bar run past the end.
    if (known && total !== undefined && requests > bar.getTotal()) bar.setTotal(requests);
    bar.update(requests);
  };
  return {
    update,
    stop(): void {
      bar?.stop();
      bar = undefined;
    },
  };
}
