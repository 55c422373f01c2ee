import type { Scenario, ScenarioCommands, ScenarioRun } from './scenario.js';
import { wrapRunError } from './scenario.js';

/** One run's output: what `cachesim COMMAND --format json` prints for it. */
export interface ScenarioRunOutput {
  name: string;
  command: string;
  output: unknown;
}

/**
 * A scenario's outputs, in file order: exactly what its golden file holds.
 * No timings, no absolute paths: the same scenario gives the same bytes.
 */
export interface ScenarioOutput {
  scenario: string;
  runs: ScenarioRunOutput[];
}

export interface ScenarioHooks {
  /** Called before each run: return a progress callback for it, or nothing. */
  progressFor?(scenario: Scenario, run: ScenarioRun): ((requests: number, total?: number) => void) | undefined;
  /** Called after each run (a progress bar stops here). */
  afterRun?(scenario: Scenario, run: ScenarioRun): void;
}

/** Replay every run of a scenario, in order. Errors name the file and the run. */
export async function runScenario(scenario: Scenario, commands: ScenarioCommands, hooks: ScenarioHooks = {}): Promise<ScenarioOutput> {
  const runs: ScenarioRunOutput[] = [];
  for (const run of scenario.runs) {
    const progress = hooks.progressFor?.(scenario, run);
    let output: unknown;
    try {
      output = await commands[run.command]!.execute({ ...run.options }, progress);
    } catch (e) {
      throw wrapRunError(e, scenario, run);
    } finally {
      hooks.afterRun?.(scenario, run);
    }
    runs.push({ name: run.name, command: run.command, output });
  }
  return { scenario: scenario.id, runs };
}
