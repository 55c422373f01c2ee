import { outputTarget, writeAll, writeOutput, type OutputTarget } from '../core/files.js';
import type { HtmlReportInput } from '../report/html.js';
import { err } from './io.js';

/** `--report FILE`'s destination, checked before the work starts (undefined when not asked for). */
export function reportTarget(file: string | undefined): OutputTarget | undefined {
  return file === undefined ? undefined : outputTarget(file, '--report');
}

/** Write `--report FILE`: the HTML page, atomically (never a half-written report); `-` is standard output. */
export async function writeHtmlReport(target: OutputTarget, input: HtmlReportInput): Promise<void> {
  // Loaded only when a report is asked for.
  const { htmlReport } = await import('../report/html.js');
  const html = htmlReport(input);
  await writeOutput(target, (fd) => writeAll(fd, html));
  err(`cachesim: wrote the report to ${target.mode === 'stdout' ? 'standard output' : target.name}\n`);
}
