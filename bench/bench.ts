/**
 * The replay-speed benchmark (`npm run bench`): whole-process wall times of
 * `cachesim run --policy lru` against the C yardstick (bench/ref_lru.c) on a
 * 2,000,000-request Zipf trace (100,000 keys, alpha 1.0), as CSV and as
 * oracleGeneral, plus requests/second for every registered policy.
 *
 * Machines are shared and noisy: every figure is a median of alternating
 * runs, and the verdicts are ratios of medians. Options:
 *   --runs N        runs per command (default 7)
 *   --requests N    trace length (default 2000000)
 *   --policies a,b  policies for the per-policy table (default: all)
 *   --skip-policies skip the per-policy table
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay } from '../src/engine/replay.js';
import { POLICIES, expandPolicies } from '../src/policies/registry.js';
import { collectTrace } from '../src/trace/collect.js';
import { MemoryTrace } from '../src/trace/memory.js';
import { openTrace } from '../src/trace/open.js';
import { SIMULATIONS } from '../src/run/kinds.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'bench/out');
const CLI = path.join(ROOT, 'bin/cachesim.cjs');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const RUNS = Number(arg('runs', '7'));
const REQUESTS = Number(arg('requests', '2000000'));
const CAPACITY = 10000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall seconds of one whole process. */
function timeProcess(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return t;
}

function prepare(): { csv: string; bin: string; ref: string | null } {
  fs.mkdirSync(OUT, { recursive: true });
  const csv = path.join(OUT, `zipf-${REQUESTS}.csv`);
  const bin = path.join(OUT, `zipf-${REQUESTS}.oracleGeneral.bin`);
  if (!fs.existsSync(csv)) {
    execFileSync(process.execPath, [CLI, 'gen', '--dist', 'zipf', '--alpha', '1', '--keys', '100000', '--requests', String(REQUESTS), '--seed', '42', '--out', csv], { stdio: 'inherit' });
  }
  if (!fs.existsSync(bin)) execFileSync(process.execPath, [CLI, 'convert', csv, bin], { stdio: 'inherit' });
  let ref: string | null = path.join(OUT, 'ref_lru');
  try {
    execFileSync('gcc', ['-O2', '-o', ref, path.join(ROOT, 'bench/ref_lru.c')]);
  } catch {
    console.log('gcc not found: skipping the C comparison');
    ref = null;
  }
  return { csv, bin, ref };
}

async function main(): Promise<void> {
  const { csv, bin, ref } = prepare();
  console.log(`# cachesim benchmark: ${REQUESTS.toLocaleString('en-US')} requests, Zipf alpha 1.0, 100,000 keys, LRU at ${CAPACITY.toLocaleString('en-US')} objects; ${RUNS} runs each, medians\n`);
  const times: Record<string, number[]> = { c: [], csv: [], bin: [] };
  const runArgs = (file: string): string[] => [CLI, 'run', '--policy', 'lru', '--capacity', String(CAPACITY), '--trace', file, '--format', 'json'];
  for (let i = 0; i < RUNS; i++) {
    if (ref) times.c!.push(timeProcess(ref, [csv, String(CAPACITY)]));
    times.csv!.push(timeProcess(process.execPath, runArgs(csv)));
    times.bin!.push(timeProcess(process.execPath, runArgs(bin)));
  }
  const c = ref ? median(times.c!) : NaN;
  const mCsv = median(times.csv!);
  const mBin = median(times.bin!);
  console.log('| command | median wall time | ratio to C on CSV | target |');
  console.log('|---|---|---|---|');
  if (ref) console.log(`| C yardstick (ref_lru.c, CSV) | ${c.toFixed(3)} s | 1.00× | |`);
  console.log(`| cachesim run, CSV | ${mCsv.toFixed(3)} s | ${(mCsv / c).toFixed(2)}× | ≤ 2× |`);
  console.log(`| cachesim run, oracleGeneral | ${mBin.toFixed(3)} s | ${(mBin / c).toFixed(2)}× | ≤ 1× |`);
  console.log(`\nall runs (s): C ${times.c!.map((t) => t.toFixed(3)).join(' ')}; CSV ${times.csv!.map((t) => t.toFixed(3)).join(' ')}; bin ${times.bin!.map((t) => t.toFixed(3)).join(' ')}`);

  if (process.argv.includes('--skip-policies')) return;
  // Per policy: replay from memory in this process (parsing excluded), median of 3.
  const trace = openTrace(bin);
  const data = await collectTrace(trace);
  const mem = new MemoryTrace(trace.source, trace.keys, trace.columns, data);
  const names = arg('policies', '');
  const policies = names ? expandPolicies(names) : [...POLICIES];
  console.log(`\n| policy | requests/s (replay only, one thread) | relative to lru |`);
  console.log('|---|---|---|');
  const rates: [string, number][] = [];
  for (const policy of policies) {
    const spec = { policy, params: Object.fromEntries(policy.params.map((p) => [p.name, p.default])), capacity: { kind: 'objects' as const, value: CAPACITY } };
    const t: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      await replay(mem, [spec], { kinds: SIMULATIONS, seed: 42, threads: 0 });
      t.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    rates.push([policy.name, data.length / median(t)]);
  }
  const lru = rates.find(([n]) => n === 'lru')?.[1] ?? rates[0]![1];
  for (const [name, rate] of rates) console.log(`| ${name} | ${(rate / 1e6).toFixed(2)} M | ${(rate / lru).toFixed(2)} |`);
  const slowest = rates.reduce((a, b) => (b[1] < a[1] ? b : a));
  console.log(`\nslowest: ${slowest[0]} at ${(lru / slowest[1]).toFixed(2)}× LRU's time (target ≤ 4×)`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
