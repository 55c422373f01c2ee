import type { Command } from 'commander';
import { outputTarget, writeOutput } from '../../core/files.js';
import { int } from '../../report/format.js';
import { detectFormat } from '../../trace/open.js';
import { usageError } from '../../core/errors.js';
import { err } from '../io.js';
import { GEN_OPTIONS } from '../../workload/gen-options.js';
import { addOptions, oneOf } from '../options.js';

/** Flags that are not workload fields. */
interface GenOutputFlags {
  out?: string;
  format?: string;
}

export function registerGen(program: Command): void {
  const cmd = program
    .command('gen')
    .description('generate a seeded synthetic trace: Zipf, uniform or a hot-key burst, optionally with scans');
  addOptions(cmd, GEN_OPTIONS).action(async (flags: GenOutputFlags & Record<string, unknown>) => {
      // Loaded here, not at start-up: other commands never pay for the generator.
      const { describeGenSpec, parseGenSpec } = await import('../../workload/spec.js');
      const { generateTrace } = await import('../../workload/generator.js');
      const { writeTraceCsv } = await import('../../trace/csv-writer.js');
      const { writeOracleGeneral } = await import('../../trace/oracle-general.js');
      const { out: file, format: formatFlag, ...fields } = flags;
      const spec = parseGenSpec(fields, { ignoreUnknown: true });
      const format = formatFlag ? oneOf('--format', formatFlag, ['csv', 'oracleGeneral'] as const) : file && file !== '-' ? detectFormat(file) : 'csv';
      // Checked before any work: a bad destination fails at once.
      const target = outputTarget(file ?? '-', '--out');
      const what = describeGenSpec(spec);
      const to = target.mode === 'stdout' ? '' : ` to ${file}`;
      if (format === 'oracleGeneral') {
        if (!file) throw usageError('the oracleGeneral format is binary: give --out FILE.bin (or --out - for standard output)');
        if (spec.writeRatio > 0 || spec.deleteRatio > 0) throw usageError('oracleGeneral records have no op: use --format csv for writes and deletes');
        if (spec.ttl.text !== '0') throw usageError('oracleGeneral records have no TTL: use --format csv for TTLs');
        const r = await writeOracleGeneral(generateTrace(spec), target);
        err(`cachesim: ${to ? 'wrote' : 'generated'} ${int(r.requests)} requests${to} (oracleGeneral): ${what}\n`);
        if (r.fractionalTimes) err(`cachesim: note: times are whole seconds in oracleGeneral; fractions were truncated\n`);
        return;
      }
      const trace = generateTrace(spec);
      await writeOutput(target, async (fd) => {
        await writeTraceCsv(trace, fd);
      });
      err(`cachesim: ${to ? 'wrote' : 'generated'} ${int(spec.requests)} requests${to}: ${what}\n`);
    });
}
