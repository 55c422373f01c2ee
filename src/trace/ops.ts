import { OP_DELETE, OP_READ, OP_WRITE } from './types.js';

/** Op names a trace may use, and what they mean to a cache. */
export const OP_SYNONYMS: Readonly<Record<string, number>> = {
  get: OP_READ, read: OP_READ, gets: OP_READ,
  set: OP_WRITE, write: OP_WRITE, put: OP_WRITE, add: OP_WRITE, replace: OP_WRITE, cas: OP_WRITE,
  delete: OP_DELETE, del: OP_DELETE,
};

export const OP_HELP = 'get/read/gets (read), set/write/put/add/replace/cas (write), delete/del (delete)';

/** Op from text; -1 when unknown. An empty op is a read. */
export function opFromString(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === '') return OP_READ;
  const op = OP_SYNONYMS[t];
  return op === undefined ? -1 : op;
}

function lower(b: number): number {
  return b >= 65 && b <= 90 ? b | 0x20 : b;
}

function eq(buf: Uint8Array, s: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (lower(buf[s + k]!) !== word.charCodeAt(k)) return false;
  return true;
}

/** Op from bytes without making a string; -1 when unknown. */
export function opFromBytes(buf: Uint8Array, s: number, e: number): number {
  while (s < e && buf[s] === 32) s++;
  while (e > s && buf[e - 1] === 32) e--;
  switch (e - s) {
    case 0: return OP_READ;
    case 3:
      if (eq(buf, s, 'get')) return OP_READ;
      if (eq(buf, s, 'set') || eq(buf, s, 'put') || eq(buf, s, 'add') || eq(buf, s, 'cas')) return OP_WRITE;
      if (eq(buf, s, 'del')) return OP_DELETE;
      return -1;
    case 4:
      if (eq(buf, s, 'read') || eq(buf, s, 'gets')) return OP_READ;
      return -1;
    case 5: return eq(buf, s, 'write') ? OP_WRITE : -1;
    case 6: return eq(buf, s, 'delete') ? OP_DELETE : -1;
    case 7: return eq(buf, s, 'replace') ? OP_WRITE : -1;
    default: return -1;
  }
}
