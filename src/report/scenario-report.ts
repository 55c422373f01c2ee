import type { FieldMove, Leaf } from '../scenario/compare.js';
import type { ScenarioOutput } from '../scenario/execute.js';
import { failed, type CheckOutcome } from '../scenario/golden.js';
import type { Tolerance } from '../scenario/scenario.js';
import { int, toCsv, type Paint } from './format.js';
import { makeTable } from './table.js';

function leafText(v: Leaf): string {
  if (v === undefined) return '(absent)';
  if (v === null) return 'null';
  return String(v);
}

/** got − expected, signed; integers as integers, others to six decimals. */
export function deltaText(d: number | undefined): string {
  if (d === undefined) return '';
  const text = Number.isInteger(d) ? String(Math.abs(d)) : String(Number(Math.abs(d).toFixed(6)));
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${text}`;
}

export function toleranceText(t: Tolerance | undefined): string {
  if (t === undefined) return 'exact';
  return 'abs' in t ? `±${t.abs}` : `±${Number((t.rel * 100).toPrecision(6))}%`;
}

function statusText(o: CheckOutcome, paint: Paint): string {
  const c = o.comparison;
  switch (o.status) {
    case 'ok': {
      const within = c ? c.moves.length : 0;
      return paint.green(within > 0 ? `ok (${within} within tolerance)` : 'ok');
    }
    case 'moved': return paint.red(`moved (${c!.moves.filter((m) => m.beyond).length} beyond tolerance)`);
    case 'missing': return paint.red('no golden file');
    case 'recorded': return paint.cyan('recorded');
    case 'updated': return paint.yellow('updated');
    case 'unchanged': return 'unchanged';
  }
}

/** Moves printed per scenario before "… and N more" (JSON and CSV carry all). */
const MAX_ROWS = 25;

/**
 * The check's report: one line per scenario, then a table of every field
 * that moved (scenario, run, field, expected, got, delta, tolerance), then
 * the new fields the golden files do not record yet.
 */
export function checkTable(outcomes: readonly CheckOutcome[], paint: Paint): string {
  const summary = makeTable({ head: ['scenario', 'runs', 'fields', 'status'].map((h) => paint.bold(h)), colAligns: ['left', 'right', 'right', 'left'] });
  for (const o of outcomes) summary.push([o.scenario, int(o.runs), o.comparison ? int(o.comparison.fields) : '–', statusText(o, paint)]);
  const parts = [summary.toString()];
  const moved = outcomes.filter((o) => o.comparison && o.comparison.moves.length > 0);
  if (moved.length > 0) {
    const t = makeTable({
      head: ['scenario', 'run', 'field', 'expected', 'got', 'delta', 'tolerance'].map((h) => paint.bold(h)),
      colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'left'],
    });
    let hidden = 0;
    for (const o of moved) {
      const moves = [...o.comparison!.moves].sort((a, b) => Number(b.beyond) - Number(a.beyond));
      moves.forEach((m, i) => {
        if (i >= MAX_ROWS) {
          hidden++;
          return;
        }
        const mark = m.beyond ? paint.red : paint.dim;
        t.push([o.scenario, m.run, mark(m.field), leafText(m.expected), leafText(m.got), deltaText(m.delta), m.beyond ? paint.red(m.tolerance ? `beyond ${toleranceText(m.tolerance)}` : 'exact') : `within ${toleranceText(m.tolerance)}`]);
      });
    }
    parts.push(`${paint.bold('What moved')}\n${t.toString()}`);
    if (hidden > 0) parts.push(paint.dim(`… and ${int(hidden)} more moved fields (--format json or csv lists them all)`));
  }
  const added = outcomes.flatMap((o) => (o.comparison?.added ?? []).map((a) => ({ ...a, scenario: o.scenario })));
  if (added.length > 0) {
    const names = [...new Set(added.map((a) => a.field.replace(/\[[^\]]*\]/g, '[…]')))];
    parts.push(paint.dim(`new fields not in the golden files (not a failure; --update records them): ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length} in all)` : ''}`));
  }
  const bad = outcomes.filter(failed).length;
  const written = outcomes.filter((o) => o.status === 'recorded' || o.status === 'updated').length;
  const updating = outcomes.every((o) => o.status === 'recorded' || o.status === 'updated' || o.status === 'unchanged');
  const verdict = updating
    ? `${outcomes.length} golden file${outcomes.length === 1 ? '' : 's'}: ${written} written, ${outcomes.length - written} unchanged`
    : bad === 0
    ? paint.green(`${outcomes.length} scenario${outcomes.length === 1 ? '' : 's'} checked: nothing moved beyond its tolerance`)
    : paint.red(`${outcomes.length} scenario${outcomes.length === 1 ? '' : 's'} checked: ${bad} failed`);
  parts.push(verdict);
  return `${parts.join('\n')}\n`;
}

function moveRow(o: CheckOutcome, m: FieldMove): Record<string, unknown> {
  return {
    scenario: o.scenario,
    run: m.run,
    field: m.field,
    expected: m.expected,
    got: m.got,
    delta: m.delta,
    tolerance: toleranceText(m.tolerance),
    status: m.beyond ? 'beyond' : 'within',
  };
}

/** The check as JSON: each scenario's status, and every move. */
export function checkJson(outcomes: readonly CheckOutcome[]): unknown {
  return {
    ok: !outcomes.some(failed),
    scenarios: outcomes.map((o) => ({
      scenario: o.scenario,
      file: o.file,
      golden: o.golden,
      status: o.status,
      runs: o.runs,
      ...(o.comparison ? {
        fields: o.comparison.fields,
        moves: o.comparison.moves.map((m) => {
          const { scenario: _s, ...rest } = moveRow(o, m);
          return rest;
        }),
        added: o.comparison.added,
      } : {}),
    })),
  };
}

export const CHECK_CSV_COLUMNS = ['scenario', 'run', 'field', 'expected', 'got', 'delta', 'tolerance', 'status'] as const;

/** One row per moved field; a scenario without a golden file is one row with status missing. */
export function checkCsv(outcomes: readonly CheckOutcome[]): string {
  const rows: Record<string, unknown>[] = [];
  for (const o of outcomes) {
    if (o.status === 'missing') rows.push({ scenario: o.scenario, status: 'missing' });
    for (const m of o.comparison?.moves ?? []) rows.push(moveRow(o, m));
  }
  return toCsv(CHECK_CSV_COLUMNS, rows);
}

/** Prefix every line of a command's CSV with the scenario and run (header: the column names). */
export function prefixCsv(csv: string, scenario: string, run: string, header: boolean): string {
  const lines = csv.replace(/\n$/, '').split('\n');
  const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const out = lines.slice(header ? 0 : 1).map((l, i) => (header && i === 0 ? `scenario,run,${l}` : `${cell(scenario)},${cell(run)},${l}`));
  return out.length ? `${out.join('\n')}\n` : '';
}

export type { CheckOutcome, ScenarioOutput };
