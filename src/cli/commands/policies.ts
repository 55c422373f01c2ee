import type { Command } from 'commander';
import { makeTable } from '../../report/table.js';
import { ADMISSIONS } from '../../admission/registry.js';
import { FAMILIES, familyRank } from '../../policies/families.js';
import { POLICIES } from '../../policies/registry.js';
import { toJson } from '../../report/format.js';
import { out, paintFor } from '../io.js';
import { outputFormat } from '../options.js';
import { toCsv } from '../../report/format.js';

export function registerPolicies(program: Command): void {
  program
    .command('policies')
    .description('list every eviction policy by family, with its paper, parameters and defaults, and the admission options')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .action(async (flags: { format?: string }) => {
      const format = outputFormat(flags.format);
      // Grouped by family; within a family, in registry order.
      const list = POLICIES.map((p, i) => ({ p, i }))
        .sort((a, b) => familyRank(a.p.family) - familyRank(b.p.family) || a.i - b.i)
        .map(({ p }) => ({
          name: p.name,
          family: p.family,
          ...(p.paper ? { paper: p.paper } : {}),
          description: p.description,
          params: p.params.map((s) => ({ name: s.name, default: s.default, description: s.description })),
        }));
      const admissions = ADMISSIONS.map((a) => ({
        name: a.name,
        description: a.description,
        params: a.params.map((s) => ({ name: s.name, default: s.default, description: s.description })),
      }));
      if (format === 'json') {
        out(toJson({ families: FAMILIES, policies: list, admissions }));
        return;
      }
      const paramText = (p: { params: { name: string; default: number | string }[] }): string => p.params.map((s) => `${s.name}=${s.default}`).join(' ');
      if (format === 'csv') {
        out(toCsv(['name', 'family', 'paper', 'description', 'params'], list.map((p) => ({ ...p, paper: p.paper ?? '', params: paramText(p) }))));
        return;
      }
      const paint = await paintFor(process.stdout);
      // The family is named on its first row only, so the groups read as sections.
      const table = makeTable({ head: ['family', 'policy', 'description', 'paper', 'parameters (defaults)'].map((h) => paint.bold(h)), wordWrap: true, colWidths: [10, 14, 46, 26, 28] });
      let family = '';
      for (const p of list) {
        const first = p.family !== family;
        family = p.family;
        table.push([first ? paint.bold(family) : '', p.name, p.description, p.paper ?? '–', paramText(p) || '–']);
      }
      const adm = makeTable({ head: ['admission (--admission)', 'description', 'parameters (defaults)'].map((h) => paint.bold(h)), wordWrap: true, colWidths: [24, 70, 32] });
      for (const a of admissions) adm.push([a.name, a.description, paramText(a) || '–']);
      out(`${table.toString()}\n${adm.toString()}\n`);
    });
}
