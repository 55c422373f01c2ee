import { oneOf } from '../core/options.js';
import type { OptionSpec } from '../core/option-spec.js';
import { parseColumnMapping } from './columns.js';
import type { TimeUnit } from './csv.js';
import type { OpenTraceOptions, TraceFormat } from './open.js';

export interface TraceFlags {
  columns?: string;
  timeUnit?: string;
  traceFormat?: string;
  skipBadRows?: boolean;
  header?: boolean;
}

/** The trace-reading flags every command that reads a trace accepts. */
export function traceOptions(flags: TraceFlags): OpenTraceOptions {
  return {
    columns: flags.columns ? parseColumnMapping(flags.columns) : undefined,
    timeUnit: oneOf('--time-unit', flags.timeUnit ?? 's', ['s', 'ms', 'us'] as const) as TimeUnit,
    format: oneOf('--trace-format', flags.traceFormat ?? 'auto', ['auto', 'csv', 'oracleGeneral'] as const) as TraceFormat,
    skipBadRows: flags.skipBadRows ?? false,
    header: flags.header,
  };
}

/** The trace-reading options every command that reads a trace accepts. */
export const TRACE_OPTIONS: readonly OptionSpec[] = [
  { name: 'columns', flag: '--columns <map>', help: 'which CSV column holds what, e.g. time=time,key=lbn,size=size (positions for a headerless file: key=2)' },
  { name: 'header', flag: '--header', help: 'the first row is a header even though --columns gives positions' },
  { name: 'timeUnit', flag: '--time-unit <unit>', help: 'unit of the time column: s, ms or us', default: 's' },
  { name: 'traceFormat', flag: '--trace-format <format>', help: 'auto (by file name), csv or oracleGeneral', default: 'auto' },
  { name: 'skipBadRows', flag: '--skip-bad-rows', help: 'count and skip malformed rows instead of stopping' },
];
