import { NO_PAINT, type Paint } from '../report/format.js';
import { writeAll } from '../core/files.js';

/** The only place that decides colours: a terminal, and NO_COLOR unset. */
export async function paintFor(stream: NodeJS.WriteStream): Promise<Paint> {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  if (noColor || !stream.isTTY) return NO_PAINT;
  // Loaded only for a terminal: start-up time counts in every run.
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { bold: c.bold, dim: c.dim, green: c.green, yellow: c.yellow, red: c.red, cyan: c.cyan };
}

export function out(text: string): void {
  writeAll(1, text);
}

export function err(text: string): void {
  try {
    writeAll(2, text);
  } catch {
    // Standard error closed: nowhere left to say anything.
  }
}
