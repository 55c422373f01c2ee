/** The CLI's option helpers: the pure parsers live in core/options.ts (scenario files use them too). */
export * from '../core/options.js';

/** Commander's collector for a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
