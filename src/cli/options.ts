import type { Command } from 'commander';
import type { OptionSpec } from '../core/option-spec.js';
/** The CLI's option helpers: the pure parsers live in core/options.ts, trace/options.ts and report/format.ts (scenario files use them too). */
export * from '../core/options.js';
export { traceOptions, type TraceFlags } from '../trace/options.js';
export { outputFormat } from '../report/format.js';

/** Commander's collector for a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Commander flags from option specs (core/option-spec.ts), in their order. */
export function addOptions(cmd: Command, specs: readonly OptionSpec<never>[]): Command {
  for (const s of specs) {
    if (s.repeatable) cmd.option(s.flag, s.help, collect);
    else if (s.default !== undefined) cmd.option(s.flag, s.help, s.default);
    else cmd.option(s.flag, s.help);
  }
  return cmd;
}
