import { usageError, inputError } from '../core/errors.js';

/** The request fields a trace column can hold. */
export type Role = 'time' | 'key' | 'op' | 'size' | 'ttl';
export const ROLES: readonly Role[] = ['time', 'key', 'op', 'size', 'ttl'];

/** Header names recognised without --columns (compared lower-case, trimmed). */
const HEADER_NAMES: Record<Role, readonly string[]> = {
  time: ['timestamp', 'time'],
  key: ['key', 'id', 'obj_id'],
  op: ['op', 'operation'],
  size: ['size', 'value_size'],
  ttl: ['ttl'],
};

const ROLE_ALIASES: Record<string, Role> = {
  time: 'time', timestamp: 'time',
  key: 'key', id: 'key', obj_id: 'key',
  op: 'op', operation: 'op',
  size: 'size', value_size: 'size',
  ttl: 'ttl',
};

/** --columns as typed: each role mapped to a header name or a 1-based position. */
export interface ColumnMapping {
  byRole: Partial<Record<Role, { name?: string; position?: number }>>;
  /** True when every column is given by position: then the file has no header unless told otherwise. */
  positional: boolean;
}

/** "time=time,key=lbn,size=size" or "key=2,time=1". */
export function parseColumnMapping(text: string): ColumnMapping {
  const byRole: ColumnMapping['byRole'] = {};
  let positions = 0;
  let names = 0;
  for (const part of text.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq <= 0 || eq === p.length - 1) {
      throw usageError(`--columns "${p}" is not ROLE=COLUMN: use e.g. --columns time=time,key=lbn,size=size (roles: ${ROLES.join(', ')})`);
    }
    const roleText = p.slice(0, eq).trim().toLowerCase();
    const role = ROLE_ALIASES[roleText];
    if (!role) throw usageError(`--columns: unknown field "${roleText}": the fields are ${ROLES.join(', ')}`);
    if (byRole[role]) throw usageError(`--columns: ${role} is mapped twice`);
    const col = p.slice(eq + 1).trim();
    if (/^[0-9]+$/.test(col)) {
      const position = Number(col);
      if (position < 1) throw usageError(`--columns: column positions start at 1 (got ${role}=${col})`);
      byRole[role] = { position };
      positions++;
    } else {
      byRole[role] = { name: col.toLowerCase() };
      names++;
    }
  }
  if (!byRole.key) throw usageError('--columns must map the key, e.g. --columns key=lbn (or key=2 for the second column of a headerless file)');
  return { byRole, positional: names === 0 && positions > 0 };
}

/** Zero-based column index per role, -1 when the trace lacks it. */
export type ColumnIndexes = Record<Role, number>;

/**
 * Decide which column holds what. With a mapping, only the mapped roles are
 * used (an unmapped "op" column in the file is ignored on purpose); without
 * one, columns are found by their header names.
 */
export function resolveColumns(header: string[] | null, mapping: ColumnMapping | undefined, file: string): ColumnIndexes {
  const out: ColumnIndexes = { time: -1, key: -1, op: -1, size: -1, ttl: -1 };
  const names = header ? header.map((h) => h.trim().toLowerCase()) : null;
  if (mapping) {
    for (const role of ROLES) {
      const m = mapping.byRole[role];
      if (!m) continue;
      if (m.position !== undefined) {
        out[role] = m.position - 1;
      } else {
        const idx = names ? names.indexOf(m.name!) : -1;
        if (idx < 0) {
          throw inputError(`${file}: --columns ${role}=${m.name}: no column "${m.name}" in the header (${header ? header.join(',') : 'none'})`);
        }
        out[role] = idx;
      }
    }
    return out;
  }
  if (!names) throw usageError(`${file}: a headerless trace needs --columns, e.g. --columns time=1,key=2`);
  for (const role of ROLES) {
    out[role] = names.findIndex((n) => HEADER_NAMES[role].includes(n));
  }
  if (out.key < 0) {
    throw inputError(`${file}: no key column in the header "${header!.join(',')}": name one key, id or obj_id, or map it with --columns key=NAME`);
  }
  return out;
}
