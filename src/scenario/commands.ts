import * as fs from 'node:fs';
import { inputError } from '../core/errors.js';
import { executeRun, planRun, type RunOptions } from '../engine/plan.js';
import type { ScenarioCommand } from './scenario.js';

/**
 * `cachesim run` as a scenario command. `options` are the option names the
 * CLI's run command accepts (camelCased flags, taken from the command itself
 * so a new flag is usable in scenarios the moment it exists).
 */
export function runCommand(options: readonly string[]): ScenarioCommand {
  return {
    options,
    replaysWorkload: true,
    async check(o) {
      const trace = o.trace;
      if (typeof trace === 'string' && trace !== '-' && !fs.existsSync(trace)) {
        throw inputError(`trace "${trace}": no such file (a scenario's trace path is relative to the folder cachesim runs in)`);
      }
      await planRun(o as RunOptions);
    },
    execute(o, onProgress) {
      return executeRun(o as RunOptions, onProgress);
    },
  };
}
