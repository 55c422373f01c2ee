import type { OptionSpec } from '../../core/option-spec.js';
import type { Command } from 'commander';
import { outputTarget, writeOutput } from '../../core/files.js';
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
    .argument('<out>', 'output file, or - for standard output; its format follows its name (.bin → oracleGeneral) unless --to says');
  addOptions(cmd, [...CONVERT_OPTIONS, ...TRACE_OPTIONS]).action(async (input: string, output: string, flags: ConvertFlags) => {
    const to = flags.to ? oneOf('--to', flags.to, ['csv', 'oracleGeneral'] as const) : output === '-' ? 'csv' : detectFormat(output);
    if (output === input && output !== '-') throw usageError('convert: the output must be a different file from the input');
    // Checked before reading the input: a bad destination fails at once.
    const target = outputTarget(output);
    // With the trace on standard output, the summary goes to standard error.
    const say = target.mode === 'stdout' ? (s: string) => err(`cachesim: ${s}`) : out;
    const where = target.mode === 'stdout' ? 'standard output' : output;
    const source = openTrace(input, traceOptions(flags));
    const { writeTraceCsv } = await import('../../trace/csv-writer.js');
    if (to === 'oracleGeneral') {
      const r = await writeOracleGeneral(source, target);
      const notes: string[] = [];
      if (r.nonReads) notes.push(`${int(r.nonReads)} writes/deletes written as reads (the format has no op)`);
      if (r.ttlsDropped) notes.push(`${int(r.ttlsDropped)} TTLs dropped (the format has none)`);
      if (r.fractionalTimes) notes.push(`${int(r.fractionalTimes)} times truncated to whole seconds`);
      for (const n of notes) err(`cachesim: note: ${n}\n`);
      say(`wrote ${int(r.requests)} requests to ${where} (oracleGeneral)\n`);
    } else {
      let rows = 0;
      await writeOutput(target, async (fd) => {
        rows = await writeTraceCsv(source, fd);
      });
      say(`wrote ${int(rows)} requests to ${where} (CSV)\n`);
    }
  });
}
