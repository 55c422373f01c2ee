import * as path from 'node:path';
import { usageError } from '../core/errors.js';
import { CsvTrace, type CsvTraceOptions } from './csv.js';
import { OracleGeneralTrace } from './oracle-general.js';
import type { TraceSource } from './types.js';

export type TraceFormat = 'auto' | 'csv' | 'oracleGeneral';
export const TRACE_FORMATS: readonly TraceFormat[] = ['auto', 'csv', 'oracleGeneral'];

export interface OpenTraceOptions extends CsvTraceOptions {
  format?: TraceFormat;
}

/** oracleGeneral for .bin / .oracleGeneral files, CSV otherwise. */
export function detectFormat(file: string): 'csv' | 'oracleGeneral' {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.bin') || base.includes('oraclegeneral')) return 'oracleGeneral';
  return 'csv';
}

export function openTrace(file: string, options: OpenTraceOptions = {}): TraceSource {
  const format = options.format ?? 'auto';
  if (!TRACE_FORMATS.includes(format)) {
    throw usageError(`--trace-format "${format}" is not one of ${TRACE_FORMATS.join(', ')}`);
  }
  const kind = format === 'auto' ? detectFormat(file) : format;
  if (kind === 'oracleGeneral') {
    if (options.columns) throw usageError('--columns applies to CSV traces; an oracleGeneral file has fixed fields');
    if (file === '-') throw usageError('oracleGeneral traces are read from a file, not standard input');
    return new OracleGeneralTrace(file, options.chunkRows);
  }
  return new CsvTrace(file, options);
}
