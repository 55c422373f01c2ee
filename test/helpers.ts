import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay, type RunResult } from '../src/engine/replay.js';
import type { WriteMode } from '../src/engine/store.js';
import { parseCapacity } from '../src/core/units.js';
import { findPolicy, resolveParams } from '../src/policies/registry.js';
import type { TraceSource } from '../src/trace/types.js';
import { SIMULATIONS } from '../src/run/kinds.js';

/** The repository root (tests run from dist/test). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLOUDPHYSICS_CSV = path.join(ROOT, 'traces/cloudphysics.csv');
export const CLOUDPHYSICS_BIN = path.join(ROOT, 'traces/cloudphysics.oracleGeneral.bin');
export const CLOUDPHYSICS_COLUMNS = 'time=time,key=lbn,size=size';

/** Replay one policy at one or more capacities; results in capacity order. */
export async function simulate(
  trace: TraceSource,
  policy: string,
  capacities: (string | number)[],
  opts: { seed?: number; writeMode?: WriteMode; params?: Record<string, string | number> } = {},
): Promise<RunResult[]> {
  const info = findPolicy(policy);
  const params = resolveParams(info, opts.params ?? {});
  const specs = capacities.map((c) => ({ policy: info, params, capacity: parseCapacity(String(c)) }));
  const report = await replay(trace, specs, { kinds: SIMULATIONS, seed: opts.seed ?? 42, writeMode: opts.writeMode });
  return report.results;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real command line, as a user would. */
export function cli(args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/cachesim.cjs'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 28,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesim-test-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Write a file in a temp dir and return its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}
