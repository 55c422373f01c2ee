import type { Command } from 'commander';
import { makeTable } from '../../report/table.js';
import { POLICIES } from '../../policies/registry.js';
import { toJson } from '../../report/format.js';
import { out, paintFor } from '../io.js';
import { outputFormat } from '../options.js';
import { toCsv } from '../../report/format.js';

export function registerPolicies(program: Command): void {
  program
    .command('policies')
    .description('list every eviction policy with its parameters and defaults')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .action(async (flags: { format?: string }) => {
      const format = outputFormat(flags.format);
      const list = POLICIES.map((p) => ({
        name: p.name,
        family: p.family,
        description: p.description,
        params: p.params.map((s) => ({ name: s.name, default: s.default, description: s.description })),
      }));
      if (format === 'json') {
        out(toJson({ policies: list }));
        return;
      }
      const paramText = (p: (typeof list)[number]): string => p.params.map((s) => `${s.name}=${s.default}`).join(' ');
      if (format === 'csv') {
        out(toCsv(['name', 'family', 'description', 'params'], list.map((p) => ({ ...p, params: paramText(p) }))));
        return;
      }
      const paint = await paintFor(process.stdout);
      const table = makeTable({ head: ['policy', 'family', 'description', 'parameters (defaults)'].map((h) => paint.bold(h)), wordWrap: true, colWidths: [18, 10, 56, 34] });
      for (const p of list) table.push([p.name, p.family, p.description, paramText(p) || '–']);
      out(`${table.toString()}\n`);
    });
}
