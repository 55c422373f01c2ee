/** Byte-level field parsing for the CSV fast path: no strings for plain numbers. */

const SPACE = 32;
const TAB = 9;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

function latin1(buf: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]!);
  return out;
}

/**
 * A decimal number in buf[s, e), spaces around allowed; NaN when it is not one.
 * Plain integers and fixed-point numbers of up to 15 significant digits are
 * parsed in place: mantissa / 10^k is correctly rounded, so the result equals
 * Number(text). Anything else (exponents, long mantissas) goes through Number.
 */
export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
  while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  if (s === e) return NaN;
  let p = s;
  let neg = false;
  if (buf[p] === 45) { neg = true; p++; } else if (buf[p] === 43) p++;
  let v = 0;
  let digits = 0;
  for (; p < e; p++) {
    const d = buf[p]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    digits++;
  }
  let fracDigits = 0;
  if (p < e && buf[p] === 46) {
    p++;
    for (; p < e; p++) {
      const d = buf[p]! - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      digits++;
      fracDigits++;
    }
  }
  if (p === e && digits > 0 && digits <= 15) {
    const r = fracDigits === 0 ? v : v / POW10[fracDigits]!;
    return neg ? -r : r;
  }
  const text = latin1(buf, s, e);
  // Number("") and Number("0x10") are not decimals for us.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
  return Number(text);
}

/** Field text for error messages, shortened. */
export function fieldText(buf: Uint8Array, s: number, e: number): string {
  const t = new TextDecoder().decode(buf.subarray(s, Math.min(e, s + 60)));
  return e - s > 60 ? `${t}…` : t;
}

export function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== SPACE && buf[i] !== TAB) return false;
  return true;
}
