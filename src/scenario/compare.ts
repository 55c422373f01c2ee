import type { ScenarioOutput, ScenarioRunOutput } from './execute.js';
import type { Tolerance } from './scenario.js';

/** A leaf value of an output: what a field holds. `undefined` = the field is absent. */
export type Leaf = number | string | boolean | null | undefined;

/** One field whose value differs from the golden file. */
export interface FieldMove {
  run: string;
  /** Where, e.g. `results[lru @ 1000 objects].hitRatio`. */
  field: string;
  expected: Leaf;
  got: Leaf;
  /** got − expected, when both are numbers. */
  delta?: number;
  /** The allowed drift that applied, if the scenario set one for this field. */
  tolerance?: Tolerance;
  /** True when the move is beyond the tolerance (or there was none): `scenario check` fails. */
  beyond: boolean;
}

export interface Comparison {
  /** Leaf fields compared. */
  fields: number;
  moves: FieldMove[];
  /** Fields in the new output that the golden file does not have (new metrics): noted, not failures. */
  added: { run: string; field: string }[];
  /** Some move is beyond its tolerance. */
  failed: boolean;
}

/**
 * Compare a fresh output with the golden one, field by field. Numbers must
 * be equal unless a tolerance names the field; text and booleans must be
 * equal. Runs are matched by name and list items (results, nodes) by what
 * they are (policy, capacity, strategy…), so adding a policy to a run shows
 * as one new result rather than every later result moving. A field the
 * golden file lacks is a new metric: listed, not a failure.
 *
 * `tolerances(run)` gives the allowed drift per field name; a name matches
 * the field's last key, or a dotted suffix of its path (`readLatency.p99`).
 */
export function compareOutputs(
  expected: ScenarioOutput,
  got: ScenarioOutput,
  tolerances: (run: string) => Readonly<Record<string, Tolerance>>,
): Comparison {
  const c: Comparison = { fields: 0, moves: [], added: [], failed: false };
  const gotRuns = new Map(got.runs.map((r) => [r.name, r]));
  const expectedNames = new Set(expected.runs.map((r) => r.name));
  for (const e of expected.runs) {
    const g = gotRuns.get(e.name);
    if (!g) {
      push(c, { run: e.name, field: '(run)', expected: 'recorded', got: undefined, beyond: true });
      continue;
    }
    const walker = new Walker(c, e.name, tolerances(e.name));
    walker.leaf(['command'], 'command', e.command, g.command);
    walker.walk(e.output, g.output, 'output', []);
  }
  for (const g of got.runs) {
    if (!expectedNames.has(g.name)) push(c, { run: g.name, field: '(run)', expected: undefined, got: 'new run, not in the golden file', beyond: true });
  }
  return c;
}

function push(c: Comparison, m: FieldMove): void {
  c.moves.push(m);
  if (m.beyond) c.failed = true;
}

/** Within the tolerance: |got − expected| ≤ abs, or ≤ rel·|expected|. */
export function withinTolerance(expected: number, got: number, t: Tolerance | undefined): boolean {
  if (t === undefined) return false;
  const d = Math.abs(got - expected);
  // A hair of slack for the decimal rounding of values written as JSON.
  const eps = 1e-12 * Math.max(1, Math.abs(expected));
  return 'abs' in t ? d <= t.abs + eps : d <= t.rel * Math.abs(expected) + eps;
}

class Walker {
  constructor(
    private readonly c: Comparison,
    private readonly run: string,
    private readonly tolerances: Readonly<Record<string, Tolerance>>,
  ) {}

  /** `path` is the printable location; `names` the keys along it (no indexes), for tolerances. */
  walk(e: unknown, g: unknown, path: string, names: string[]): void {
    if (isObject(e) && isObject(g)) {
      for (const k of Object.keys(e)) {
        const p = path === 'output' ? k : `${path}.${k}`;
        if (!(k in g)) this.absent(p, e[k], true);
        else this.walk(e[k], g[k], p, [...names, k]);
      }
      for (const k of Object.keys(g)) {
        if (!(k in e)) this.c.added.push({ run: this.run, field: path === 'output' ? k : `${path}.${k}` });
      }
      return;
    }
    if (Array.isArray(e) && Array.isArray(g)) {
      if (e.every(isObject) && g.every(isObject) && (e.length > 0 || g.length > 0)) {
        const el = itemLabels(e as Record<string, unknown>[]);
        const gl = itemLabels(g as Record<string, unknown>[]);
        const gi = new Map(gl.map((l, i) => [l, i]));
        for (let i = 0; i < e.length; i++) {
          const j = gi.get(el[i]!);
          const p = `${path}[${el[i]}]`;
          if (j === undefined) this.absent(p, e[i], true);
          else this.walk(e[i], g[j], p, names);
        }
        const known = new Set(el);
        for (let j = 0; j < g.length; j++) if (!known.has(gl[j]!)) this.absent(`${path}[${gl[j]}]`, g[j], false);
        return;
      }
      const n = Math.max(e.length, g.length);
      for (let i = 0; i < n; i++) {
        const p = `${path}[${i}]`;
        if (i >= e.length) this.absent(p, g[i], false);
        else if (i >= g.length) this.absent(p, e[i], true);
        else this.walk(e[i], g[i], p, names);
      }
      return;
    }
    this.leaf(names, path, e, g);
  }

  leaf(names: string[], path: string, e: unknown, g: unknown): void {
    this.c.fields++;
    const ev = asLeaf(e);
    const gv = asLeaf(g);
    if (typeof ev === 'number' && typeof gv === 'number') {
      if (ev === gv) return;
      const tolerance = this.toleranceFor(names);
      // Rounded to 12 significant digits: 0.5 − 0.488 is 0.012, not 0.01200000000000001.
      push(this.c, { run: this.run, field: path, expected: ev, got: gv, delta: Number((gv - ev).toPrecision(12)), tolerance, beyond: !withinTolerance(ev, gv, tolerance) });
      return;
    }
    if (ev === gv && typeof e !== 'object') return;
    if (typeof e === 'object' && e !== null && JSON.stringify(e) === JSON.stringify(g)) return;
    push(this.c, { run: this.run, field: path, expected: ev, got: gv, beyond: true });
  }

  /** A field or item present on one side only: `inExpected` says which. */
  private absent(path: string, value: unknown, inExpected: boolean): void {
    this.c.fields++;
    const v = asLeaf(value);
    push(this.c, { run: this.run, field: path, expected: inExpected ? v : undefined, got: inExpected ? undefined : v, beyond: true });
  }

  private toleranceFor(names: string[]): Tolerance | undefined {
    for (let i = 0; i < names.length; i++) {
      const t = this.tolerances[names.slice(i).join('.')];
      if (t !== undefined) return t;
    }
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as one printable leaf: objects and lists (a whole item present on one side) as "{…}". */
function asLeaf(v: unknown): Leaf {
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return Array.isArray(v) ? `[${v.length} items]` : '{…}';
}

/**
 * Fields that say what a result (or a node) is rather than what it measured:
 * a result is "lru · cache-aside · coalesce @ 1000 objects", whatever its
 * hit ratio. Other text fields (the hottest node's name) are measurements.
 */
export const IDENTITY_FIELDS = ['policy', 'strategy', 'protection', 'mitigation', 'node', 'name', 'id'] as const;

/**
 * What each item of a list is, for matching and for messages: its identity
 * fields and its capacity, e.g. `lru @ 1000 objects`; parameters are added
 * where they tell two items apart, then a position as the last resort.
 */
export function itemLabels(items: readonly Record<string, unknown>[]): string[] {
  const base = items.map((it, i) => {
    const parts: string[] = [];
    for (const k of IDENTITY_FIELDS) {
      const v = it[k];
      if (typeof v === 'string') parts.push(v);
      else if (typeof v === 'number') parts.push(`${k} ${v}`);
    }
    const cap = it.capacity;
    if (isObject(cap) && typeof cap.value === 'number') parts.push(`@ ${cap.value} ${String(cap.unit ?? '')}`.trim());
    return parts.length ? parts.join(' ') : String(i);
  });
  const withParams = base.map((b, i) => {
    if (base.indexOf(b) === base.lastIndexOf(b)) return b;
    const p = items[i]!.params;
    return isObject(p) ? `${b} (${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ')})` : b;
  });
  const seen = new Map<string, number>();
  return withParams.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} #${n}`;
  });
}

/** A golden file's content, checked for shape: anything else means it must be rewritten with --update. */
export function asScenarioOutput(v: unknown): ScenarioOutput | undefined {
  if (!isObject(v) || typeof v.scenario !== 'string' || !Array.isArray(v.runs)) return undefined;
  for (const r of v.runs as unknown[]) {
    if (!isObject(r) || typeof r.name !== 'string' || typeof r.command !== 'string' || !('output' in r)) return undefined;
  }
  return v as unknown as ScenarioOutput;
}

export type { ScenarioRunOutput };
