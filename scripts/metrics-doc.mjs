// Rewrites the field tables in docs/json.md from the metric registry
// (src/report/metrics.ts), between <!-- metrics:KIND --> markers. Run after
// `npx tsc -p .`; test/report/metrics.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { jsonDocSections } from '../dist/src/report/metrics-doc.js';

const file = 'docs/json.md';
let text = readFileSync(file, 'utf8');
for (const [kind, table] of Object.entries(jsonDocSections())) {
  const re = new RegExp(`(<!-- metrics:${kind} -->\\n)[\\s\\S]*?(<!-- /metrics:${kind} -->)`);
  if (!re.test(text)) throw new Error(`${file} has no <!-- metrics:${kind} --> section`);
  text = text.replace(re, `$1${table}\n$2`);
}
writeFileSync(file, text);
