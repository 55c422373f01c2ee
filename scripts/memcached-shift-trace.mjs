// Writes traces/memcached-shift.csv: small values fill memory, then large
// ones take over (the "Memcached slab calcification" scenario). Three
// generated streams merged by time, each key named with a 16-byte name so the
// memcached policy charges 16 key bytes whether or not the reader knows key
// lengths. Run after a build: node scripts/memcached-shift-trace.mjs
import { writeFileSync } from 'node:fs';
import { collectTrace } from '../dist/src/trace/collect.js';
import { generateTrace } from '../dist/src/workload/generator.js';
import { parseGenSpec } from '../dist/src/workload/spec.js';

const parts = [
  // 0–20 s: 30,000 requests (1,500/s) to 25,000 small keys, values of 1,000–1,100 B: all in 1,184-byte chunks.
  { prefix: 'small:', start: 0, spec: { dist: 'zipf', alpha: 0.6, keys: 25_000, requests: 30_000, rate: 1_500, size: 'uniform:min=1000,max=1100', seed: 11 } },
  // 20–80 s: the small keys at 200/s, and 3,000 large keys (5,000–5,500 B values, 5,680-byte chunks) at 800/s.
  { prefix: 'small:', start: 20, spec: { dist: 'zipf', alpha: 0.6, keys: 25_000, requests: 12_000, rate: 200, size: 'uniform:min=1000,max=1100', seed: 12 } },
  { prefix: 'large:', start: 20, spec: { dist: 'zipf', alpha: 0.9, keys: 3_000, requests: 48_000, rate: 800, size: 'uniform:min=5000,max=5500', seed: 13 } },
];

const rows = [];
for (const p of parts) {
  const src = generateTrace(parseGenSpec(p.spec));
  const d = await collectTrace(src);
  for (let i = 0; i < d.length; i++) {
    const name = `${p.prefix}${src.keys.name(d.ids[i]).padStart(16 - p.prefix.length, '0')}`;
    rows.push([d.times[i] + p.start, name, d.sizes[i]]);
  }
}
rows.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
const lines = ['timestamp,key,op,size,ttl'];
for (const [t, key, size] of rows) lines.push(`${Number(t.toFixed(6))},${key},get,${size},0`);
writeFileSync(new URL('../traces/memcached-shift.csv', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${rows.length} requests to traces/memcached-shift.csv`);
