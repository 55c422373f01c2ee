import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isCachesimError } from '../core/errors.js';
import { whenTemporaryFiles } from '../core/files.js';
import { err } from './io.js';
import { cleanUpOnSignals } from './signals.js';
import { registerRun } from './commands/run.js';
import { registerConvert } from './commands/convert.js';
import { registerPolicies } from './commands/policies.js';
import { registerGen } from './commands/gen.js';
import { registerReplay } from './commands/replay.js';
import { registerHotKeys } from './commands/hotkeys.js';
import { registerScenario } from './commands/scenario.js';
import { registerSize } from './commands/size.js';
import { registerMrc } from './commands/mrc.js';
import { registerAnalyze } from './commands/analyze.js';

/** Our package.json's version: found by walking up from this file (dist/src/cli or dist/bundle). */
function version(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'cachesim') return pkg.version;
    } catch {
      // not here: keep walking up
    }
    if (dir.pathname === '/') return 'unknown';
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('cachesim')
    .description('Cache simulator and capacity planner: replay traces against eviction policies, size Redis and Memcached tiers.')
    .version(version())
    .option('--debug', 'print stack traces for unexpected errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => err(s), outputError: (s) => err(`${oneLine(s)}\n`) });
  registerGen(program);
  registerRun(program);
  registerConvert(program);
  registerPolicies(program);
  registerReplay(program);
  registerHotKeys(program);
  registerScenario(program);
  registerSize(program);
  registerMrc(program);
  registerAnalyze(program);
  for (const c of program.commands) {
    c.exitOverride().configureOutput({ writeErr: (s) => err(s), outputError: (s) => err(`${oneLine(s)}\n`) });
  }
  return program;
}

/** Commander's "error: unknown option '--x'\n(Did you mean --y?)" as one line, with a pointer to help. */
function oneLine(message: string): string {
  const text = message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
  return `cachesim: ${text} (see cachesim --help)`;
}

/**
 * The only error boundary and the only place that exits: a CachesimError
 * becomes one line and its exit code (2 usage, 1 input); anything else is a
 * bug, shown in full only with --debug.
 */
export async function runMain(argv: string[]): Promise<number> {
  whenTemporaryFiles(cleanUpOnSignals);
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (and help where useful).
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (isCachesimError(e)) {
      if (e.code === 'E_PIPE') return 0;
      err(`cachesim: ${e.message}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    if (debug) err(`${e instanceof Error && e.stack ? e.stack : msg}\n`);
    else err(`cachesim: internal error: ${msg} (run again with --debug for details, and please report it)\n`);
    return 1;
  }
}
