import { writeAll, writeAtomically } from '../core/files.js';
import type { HtmlReportInput } from '../report/html.js';
import { err } from './io.js';

/** Write `--report FILE`: the HTML page, atomically (never a half-written report). */
export async function writeHtmlReport(file: string, input: HtmlReportInput): Promise<void> {
  // Loaded only when a report is asked for.
  const { htmlReport } = await import('../report/html.js');
  const html = htmlReport(input);
  await writeAtomically(file, (fd) => writeAll(fd, html));
  err(`cachesim: wrote the report to ${file}\n`);
}
