import * as fs from 'node:fs';
import { inputError } from '../core/errors.js';
import { executeRun, planRun, type RunOptions } from '../run/plan.js';
import type { MrcOptions } from '../planner/mrc-options.js';
import type { SizeOptions } from '../planner/size-options.js';
import { TRACE_FIELDS, type ScenarioCommand } from './scenario.js';
import { scenarioFields, type OptionSpec } from '../core/option-spec.js';
import { RUN_OPTIONS } from '../run/options.js';
import { MRC_OPTIONS } from '../planner/mrc-options.js';
import { SIZE_OPTIONS } from '../planner/size-options.js';

/** A command's scenario fields: its options but the output ones and the trace's (those sit at the scenario's top level). */
function fieldsOf(specs: readonly OptionSpec<never>[]): string[] {
  return scenarioFields(specs).filter((n) => !(TRACE_FIELDS as readonly string[]).includes(n));
}

/** A scenario's trace must exist before anything runs: a missing file is one line naming it. */
function checkTraceFile(o: Record<string, unknown>): void {
  const trace = o.trace;
  if (typeof trace === 'string' && trace !== '-' && !fs.existsSync(trace)) {
    throw inputError(`trace "${trace}": no such file (a scenario's trace path is relative to the folder cachesim runs in)`);
  }
}

/**
 * `cachesim run` as a scenario command: its fields are run's option specs
 * (run/options.ts), so a new flag is usable in scenarios the moment it
 * exists. The trace fields sit at the scenario's top level.
 */
export function runCommand(): ScenarioCommand {
  return {
    options: fieldsOf(RUN_OPTIONS),
    replaysWorkload: true,
    async check(o) {
      checkTraceFile(o);
      await planRun(o as RunOptions);
    },
    execute(o, onProgress) {
      return executeRun(o as RunOptions, onProgress);
    },
  };
}

/**
 * `cachesim size` as a scenario command (fields: size's option specs). A size run sizes from the
 * scenario's workload or trace when the scenario has one and the run names
 * no popularity model (`zipf`, `uniform`); otherwise from its own options
 * (the working-set rule, a model).
 */
export function sizeCommand(): ScenarioCommand {
  return {
    options: fieldsOf(SIZE_OPTIONS),
    replaysWorkload: (o) => o.zipf === undefined && !o.uniform,
    async check(o) {
      checkTraceFile(o);
      const { prepareSize } = await import('../planner/size-options.js');
      await prepareSize(o as SizeOptions);
    },
    async execute(o) {
      const { executeSize } = await import('../planner/size-options.js');
      return executeSize(o as SizeOptions);
    },
  };
}

/** `cachesim mrc` as a scenario command: the curve of the scenario's workload or trace. */
export function mrcCommand(): ScenarioCommand {
  return {
    options: fieldsOf(MRC_OPTIONS),
    replaysWorkload: true,
    async check(o) {
      checkTraceFile(o);
      const { prepareMrc } = await import('../planner/mrc-options.js');
      await prepareMrc(o as MrcOptions);
    },
    async execute(o) {
      const { executeMrc } = await import('../planner/mrc-options.js');
      return executeMrc(o as MrcOptions);
    },
  };
}
