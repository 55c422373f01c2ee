import type { OptionSpec } from '../../core/option-spec.js';
import type { Command } from 'commander';
import { writeAtomically } from '../../core/files.js';
import { usageError } from '../../core/errors.js';
import { detectFormat, openTrace } from '../../trace/open.js';
import { writeOracleGeneral } from '../../trace/oracle-general.js';
import { int } from '../../report/format.js';
import { err, out } from '../io.js';
import { addOptions, oneOf, traceOptions, type TraceFlags } from '../options.js';
import { TRACE_OPTIONS } from '../../trace/options.js';

interface ConvertFlags extends TraceFlags {
  to?: string;
}

/** `CONVERT_OPTIONS`: this command's flags, as option specs (core/option-spec.ts). */
export const CONVERT_OPTIONS: readonly OptionSpec[] = [
  { name: 'to', flag: '--to <format>', help: 'output format: csv or oracleGeneral' },
];

export function registerConvert(program: Command): void {
  const cmd = program
    .command('convert')
    .description('convert a trace between CSV (timestamp,key,op,size,ttl) and libCacheSim oracleGeneral binary')
    .argument('<in>', 'input trace (CSV, or oracleGeneral .bin)')
    .argument('<out>', 'output file; its format follows its name (.bin → oracleGeneral) unless --to says');
  addOptions(cmd, [...CONVERT_OPTIONS, ...TRACE_OPTIONS]).action(async (input: string, output: string, flags: ConvertFlags) => {
    const to = flags.to ? oneOf('--to', flags.to, ['csv', 'oracleGeneral'] as const) : detectFormat(output);
    if (output === input) throw usageError('convert: the output must be a different file from the input');
    const source = openTrace(input, traceOptions(flags));
    const { writeTraceCsv } = await import('../../trace/csv-writer.js');
    if (to === 'oracleGeneral') {
      const r = await writeOracleGeneral(source, output);
      const notes: string[] = [];
      if (r.nonReads) notes.push(`${int(r.nonReads)} writes/deletes written as reads (the format has no op)`);
      if (r.ttlsDropped) notes.push(`${int(r.ttlsDropped)} TTLs dropped (the format has none)`);
      if (r.fractionalTimes) notes.push(`${int(r.fractionalTimes)} times truncated to whole seconds`);
      for (const n of notes) err(`cachesim: note: ${n}\n`);
      out(`wrote ${int(r.requests)} requests to ${output} (oracleGeneral)\n`);
    } else {
      let rows = 0;
      await writeAtomically(output, async (fd) => {
        rows = await writeTraceCsv(source, fd);
      });
      out(`wrote ${int(rows)} requests to ${output} (CSV)\n`);
    }
  });
}
