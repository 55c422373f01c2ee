import { createRequire } from 'node:module';
import type CliTable3 from 'cli-table3';

type TableCtor = typeof CliTable3;
let Table: TableCtor | undefined;

/** No lines between rows: tables of many results stay readable. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * A cli-table3 table, loaded on first use (JSON and CSV runs never pay for it).
 * Returns the table; push rows, then toString().
 */
export function makeTable(options: CliTable3.TableConstructorOptions): CliTable3.Table {
  Table ??= createRequire(import.meta.url)('cli-table3') as TableCtor;
  return new Table({ style: { head: [], border: [] }, chars: COMPACT, ...options });
}
