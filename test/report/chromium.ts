import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers.js';

/** Opening an HTML report in headless Chromium and reading back what its check script measured. */
/** Debian's chromium (or CHROMIUM=path), or undefined. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      const f = path.join(dir, name);
      if (fs.existsSync(f)) return f;
    }
  }
  return undefined;
}

export const CHROMIUM = findChromium();
export const SKIP = 'chromium is not installed (apt-get install -y chromium): the HTML report was not opened in a browser';

export interface RenderCheck {
  charts: { id: string; kind: string; width: number; height: number; marks: number; drawn: number; values: { series: string; x: string; value: number }[] }[];
  rows: { section: string; label: string; cells: Record<string, string> }[];
}

/**
 * Open the page in headless Chromium, let its script measure the charts and
 * read the tables, and return what it wrote into #render-check.
 */
export function renderInChromium(file: string): RenderCheck {
  const r = spawnSync(CHROMIUM!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${path.join(tempDir(), 'profile')}`,
    '--dump-dom', pathToFileURL(file).href,
  ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
  const m = /<pre id="render-check"[^>]*>([\s\S]*?)<\/pre>/.exec(r.stdout ?? '');
  assert.ok(m && m[1]!.length > 0, `the page's check did not run (chromium exit ${r.status}): ${(r.stderr ?? '').slice(-500)}`);
  const text = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&');
  return JSON.parse(text) as RenderCheck;
}

export function chart(check: RenderCheck, id: string): RenderCheck['charts'][number] {
  const c = check.charts.find((x) => x.id === id);
  assert.ok(c, `chart ${id} missing; charts: ${check.charts.map((x) => x.id).join(', ')}`);
  return c;
}

/** A chart rendered: it laid out to a real size, and every mark it holds has a size. */
export function assertRendered(c: RenderCheck['charts'][number]): void {
  assert.ok(c.width > 100 && c.height > 100, `${c.id}: ${c.width}×${c.height}`);
  assert.ok(c.marks > 0, `${c.id}: no marks`);
  assert.equal(c.drawn, c.marks, `${c.id}: ${c.marks - c.drawn} marks drew nothing`);
}

