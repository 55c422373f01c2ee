import { oneOf } from '../core/options.js';
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
