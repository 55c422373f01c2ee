import type { Command } from 'commander';
import { outputTarget, writeOutput } from '../../core/files.js';
import { int } from '../../report/format.js';
import { detectFormat } from '../../trace/open.js';
import { usageError } from '../../core/errors.js';
import { err } from '../io.js';
import { oneOf } from '../options.js';

/** Flags that are not workload fields. */
interface GenOutputFlags {
  out?: string;
  format?: string;
}

export function registerGen(program: Command): void {
  program
    .command('gen')
    .description('generate a seeded synthetic trace: Zipf, uniform or a hot-key burst, optionally with scans')
    .option('--dist <dist>', 'popularity: zipf, uniform or hotkey (default zipf)')
    .option('--alpha <a>', 'Zipf skew, any value above 0 (default 1)')
    .option('--keys <n>', 'distinct keys, e.g. 100000 or 10M (default 100000)')
    .option('--requests <n>', 'requests to generate (default 1000000)')
    .option('--seed <n>', 'random seed (default 42); the same seed gives the same trace byte for byte')
    .option('--rate <r>', 'mean requests per second, Poisson arrivals (default 1000)')
    .option('--write-ratio <r>', 'share of requests that are writes (set), e.g. 0.1 (default 0)')
    .option('--delete-ratio <r>', 'share of requests that are deletes (default 0)')
    .option('--size <dist>', 'value size: bytes (1000, 2KB), uniform:min=..,max=.., lognormal:median=..,sigma=.. (default 1000)')
    .option('--ttl <dist>', 'TTL in seconds: 0 = none, a number (300, 5m), uniform:min=..,max=.., exp:mean=.. (default 0)')
    .option('--base <dist>', 'hotkey: popularity outside the hot share, zipf or uniform (default zipf)')
    .option('--hot-keys <n>', 'hotkey: how many keys are hot (default 1)')
    .option('--hot-share <s>', 'hotkey: share of traffic the hot keys take during a burst (default 0.5)')
    .option('--burst-start <t>', 'hotkey: seconds to the first burst (default 0)')
    .option('--burst-duration <t>', 'hotkey: seconds a burst lasts (default: to the end)')
    .option('--burst-every <t>', 'hotkey: seconds between burst starts, to repeat bursts')
    .option('--scan-keys <n>', 'add scans: each reads this many cold keys once, in order (numbered after --keys, fresh every scan)')
    .option('--scan-start <t>', 'scan: seconds to the first scan (default 0)')
    .option('--scan-every <t>', 'scan: seconds between scan starts (default: one scan only)')
    .option('--scan-share <s>', 'scan: share of requests that are scan reads while a scan runs, the rest ordinary traffic (default 0.5)')
    .option('-o, --out <file>', 'write here instead of standard output (- for standard output)')
    .option('-f, --format <format>', 'csv or oracleGeneral (default: from --out\'s name, .bin → oracleGeneral)')
    .action(async (flags: GenOutputFlags & Record<string, unknown>) => {
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
