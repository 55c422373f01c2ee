/**
 * How long each scenario takes to replay (`node dist/bench/scenarios.js`),
 * so `scenario check` in CI stays fast: every scenario should take a few
 * seconds at most. Times are wall seconds inside one process (the median of
 * --runs runs, default 3), plus the whole `scenario check` as CI runs it.
 *   --runs N     runs per scenario (default 3)
 *   --dir DIR    scenarios folder (default scenarios)
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioCommands } from '../src/cli/commands/scenario.js';
import { runScenario } from '../src/scenario/execute.js';
import { listScenarioFiles, loadScenario } from '../src/scenario/scenario.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Above this a scenario slows CI down enough to trim its workload. */
const BUDGET_SECONDS = 5;

async function main(): Promise<void> {
  process.chdir(ROOT);
  const runs = Number(arg('runs', '3'));
  const dir = arg('dir', 'scenarios');
  const commands = await scenarioCommands();
  const rows: [string, number, number][] = [];
  for (const file of listScenarioFiles(dir)) {
    const scenario = await loadScenario(file, commands);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      await runScenario(scenario, commands);
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    rows.push([scenario.id, scenario.runs.length, median(times)]);
    console.log(`${scenario.id.padEnd(34)} ${String(scenario.runs.length).padStart(4)} run(s) ${median(times).toFixed(2).padStart(7)} s${median(times) > BUDGET_SECONDS ? `  (over the ${BUDGET_SECONDS} s budget)` : ''}`);
  }
  const total = rows.reduce((s, r) => s + r[2], 0);
  console.log(`${'all scenarios (sum of medians)'.padEnd(34)} ${' '.repeat(11)} ${total.toFixed(2).padStart(7)} s`);
  const t0 = process.hrtime.bigint();
  const check = spawnSync(process.execPath, [path.join(ROOT, 'bin/cachesim.cjs'), 'scenario', 'check', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${'cachesim scenario check (one process)'.padEnd(34)} ${' '.repeat(11)} ${wall.toFixed(2).padStart(7)} s, exit ${check.status}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
