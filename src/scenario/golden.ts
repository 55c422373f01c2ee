import * as fs from 'node:fs';
import { inputError } from '../core/errors.js';
import { stageOutput, writeAll, type StagedOutput } from '../core/files.js';
import { asScenarioOutput, compareOutputs, type Comparison } from './compare.js';
import type { ScenarioOutput } from './execute.js';
import type { Scenario } from './scenario.js';

/** What `scenario check` found for one scenario. */
export interface CheckOutcome {
  scenario: string;
  file: string;
  golden: string;
  /**
   * ok: nothing moved beyond its tolerance; moved: something did; missing:
   * no golden file yet. With --update: recorded (new golden file), updated
   * (rewritten), unchanged (same bytes).
   */
  status: 'ok' | 'moved' | 'missing' | 'recorded' | 'updated' | 'unchanged';
  runs: number;
  comparison?: Comparison;
}

/** The outcomes that make `scenario check` exit 1. */
export function failed(o: CheckOutcome): boolean {
  return o.status === 'moved' || o.status === 'missing';
}

/** A scenario's output as its golden file holds it: stable JSON, two-space indent, final newline. */
export function goldenText(output: ScenarioOutput): string {
  return `${JSON.stringify(output, null, 2)}\n`;
}

/** The outcome for a scenario without a golden file (no need to replay it to know), or undefined. */
export function missingGolden(scenario: Scenario): CheckOutcome | undefined {
  if (fs.existsSync(scenario.goldenFile)) return undefined;
  return { scenario: scenario.id, file: scenario.file, golden: scenario.goldenFile, status: 'missing', runs: scenario.runs.length };
}

/** Compare a fresh output with the scenario's golden file. */
export function checkGolden(scenario: Scenario, output: ScenarioOutput): CheckOutcome {
  const base = { scenario: scenario.id, file: scenario.file, golden: scenario.goldenFile, runs: scenario.runs.length };
  let text: string;
  try {
    text = fs.readFileSync(scenario.goldenFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ...base, status: 'missing' };
    throw inputError(`${scenario.goldenFile}: cannot read: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw inputError(`${scenario.goldenFile}: not valid JSON (${(e as Error).message}): restore it from git, or rerun with --update`);
  }
  const expected = asScenarioOutput(parsed);
  if (!expected) throw inputError(`${scenario.goldenFile}: not a golden output ({ "scenario", "runs": [{ "name", "command", "output" }] }): restore it from git, or rerun with --update`);
  const byName = new Map(scenario.runs.map((r) => [r.name, r.tolerance]));
  const comparison = compareOutputs(expected, output, (run) => byName.get(run) ?? {});
  return { ...base, status: comparison.failed ? 'moved' : 'ok', comparison };
}

/**
 * Write the golden files whose bytes would change, as a set: every new file
 * is written beside its golden first, and only then are they all renamed into
 * place, so a failure while writing leaves every golden as it was (and an
 * interrupt can fall only between two renames).
 */
export async function recordGoldens(runs: { scenario: Scenario; output: ScenarioOutput }[]): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  const staged: StagedOutput[] = [];
  try {
    for (const { scenario, output } of runs) {
      const base = { scenario: scenario.id, file: scenario.file, golden: scenario.goldenFile, runs: scenario.runs.length };
      const text = goldenText(output);
      let old: string | undefined;
      try {
        old = fs.readFileSync(scenario.goldenFile, 'utf8');
      } catch {
        old = undefined;
      }
      if (old === text) {
        outcomes.push({ ...base, status: 'unchanged' });
        continue;
      }
      staged.push(await stageOutput(scenario.goldenFile, (fd) => writeAll(fd, text)));
      outcomes.push({ ...base, status: old === undefined ? 'recorded' : 'updated' });
    }
  } catch (e) {
    for (const s of staged) s.discard();
    throw e;
  }
  for (const s of staged) s.commit();
  return outcomes;
}
