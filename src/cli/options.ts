/** The CLI's option helpers: the pure parsers live in core/options.ts, trace/options.ts and report/format.ts (scenario files use them too). */
export * from '../core/options.js';
export { traceOptions, type TraceFlags } from '../trace/options.js';
export { outputFormat } from '../report/format.js';

/** Commander's collector for a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
