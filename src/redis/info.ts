/** Reading Redis's INFO text: `field:value` lines, `# Section` headers. */

export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

/** A numeric INFO field, or 0 when absent. */
export function infoNumber(info: Map<string, string>, field: string): number {
  const v = Number(info.get(field));
  return Number.isFinite(v) ? v : 0;
}

/** Keys in every database, from INFO keyspace lines like `db0:keys=3,expires=1,avg_ttl=0`. */
export function keyspaceKeys(info: Map<string, string>): number {
  let total = 0;
  for (const [field, value] of info) {
    if (!/^db[0-9]+$/.test(field)) continue;
    const m = /(?:^|,)keys=([0-9]+)/.exec(value);
    if (m) total += Number(m[1]);
  }
  return total;
}
