import * as fs from 'node:fs';
import * as path from 'node:path';
import { CachesimError, inputError, usageError } from '../core/errors.js';
import { GEN_SPEC_FIELDS, parseGenSpec } from '../workload/spec.js';

/**
 * A scenario file: a workload (a generator spec with its seed, or a recorded
 * trace) and the runs to replay against it, each run being exactly the
 * options of a cachesim command (`run` by default) in the command's own
 * words (its flags, camelCased). Its golden output sits beside it as
 * NAME.expected.json. docs/scenarios.md describes every field.
 */
export interface Scenario {
  /** The file as the user named it (used in every message). */
  readonly file: string;
  /** The file's base name without .json: names the golden file and the scenario in reports. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The golden output's path: NAME.expected.json beside the scenario. */
  readonly goldenFile: string;
  readonly runs: readonly ScenarioRun[];
}

export interface ScenarioRun {
  /** Position in the file (0-based), for messages: runs[1]. */
  readonly index: number;
  readonly name: string;
  readonly command: string;
  /** The command's options, the scenario's workload or trace merged in where the command replays one. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Allowed drift per field, on top of the scenario-wide tolerances. */
  readonly tolerance: Readonly<Record<string, Tolerance>>;
}

/** How far a field may move before `scenario check` fails: an absolute amount, or a share of the golden value. */
export type Tolerance = { readonly abs: number } | { readonly rel: number };

/**
 * What a command needs to be usable in a scenario: the option names a run may
 * set (its flags, camelCased), whether it replays the scenario's workload or
 * trace, a cheap check of the options, and the run itself, returning
 * plain JSON (what `--format json` prints).
 */
export interface ScenarioCommand {
  readonly options: readonly string[];
  /**
   * true: every run replays the scenario's workload or trace (one is required).
   * A function: a run replays it when the scenario has one and the function
   * says so for the run's options (`size` does unless the run names a
   * popularity model); otherwise the run stands on its options alone.
   */
  readonly replaysWorkload: boolean | ((options: Readonly<Record<string, unknown>>) => boolean);
  /** Throws a CachesimError for options the command would refuse, without running. */
  check(options: Record<string, unknown>): Promise<void>;
  execute(options: Record<string, unknown>, onProgress?: (requests: number, total?: number) => void): Promise<unknown>;
}

export type ScenarioCommands = Readonly<Record<string, ScenarioCommand>>;

/** Top-level fields that describe the trace: `run`'s trace-reading flags. */
export const TRACE_FIELDS = ['trace', 'columns', 'header', 'timeUnit', 'traceFormat', 'skipBadRows'] as const;
const TOP_FIELDS = ['name', 'description', 'workload', ...TRACE_FIELDS, 'tolerance', 'runs'] as const;
/** Fields of a run that are not command options. */
const RUN_FIELDS = ['name', 'command', 'tolerance'] as const;

/** The golden file beside a scenario: x.json → x.expected.json. */
export function goldenPathFor(file: string): string {
  return file.replace(/\.json$/i, '') + '.expected.json';
}

/** Scenario files in a folder: every *.json except golden outputs, sorted by name. */
export function listScenarioFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw inputError(`${dir}: cannot list scenarios: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message}`);
  }
  const files = names.filter((n) => n.endsWith('.json') && !n.endsWith('.expected.json')).sort();
  if (files.length === 0) throw inputError(`${dir}: no scenario files (*.json) found`);
  return files.map((n) => path.join(dir, n));
}

/** Read and check a scenario file. */
export async function loadScenario(file: string, commands: ScenarioCommands): Promise<Scenario> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a scenario file' : (e as Error).message}`);
  }
  const scenario = parseScenario(file, text, commands);
  await checkScenario(scenario, commands);
  return scenario;
}

/** A problem in a scenario file: `file: field: message`, exit code 2 (the file is a command line written down). */
export function scenarioError(file: string, field: string, message: string): CachesimError {
  return usageError(`${file}: ${field ? `${field}: ` : ''}${message}`);
}

/**
 * Check a scenario's structure and turn it into runs. Every problem names the
 * file and the field. The commands' own checks of option values run later
 * (checkScenario), so a typo in a value reads exactly as on the command line.
 */
export function parseScenario(file: string, text: string, commands: ScenarioCommands): Scenario {
  const fail = (field: string, message: string): CachesimError => scenarioError(file, field, message);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fail('', `not valid JSON: ${jsonErrorText(e as Error, text)}`);
  }
  if (!isPlainObject(raw)) throw fail('', 'a scenario is a JSON object: { "name", "description", "workload" or "trace", "runs": [...] }');
  for (const k of Object.keys(raw)) {
    if (!(TOP_FIELDS as readonly string[]).includes(k)) throw fail(k, `unknown field: a scenario has ${TOP_FIELDS.join(', ')}${nearText(k, TOP_FIELDS)}`);
  }
  const name = requiredText(raw, 'name', fail);
  const description = requiredText(raw, 'description', fail);
  const id = path.basename(file).replace(/\.json$/i, '');

  const hasWorkload = raw.workload !== undefined;
  const hasTrace = raw.trace !== undefined;
  if (hasWorkload && hasTrace) throw fail('trace', 'give a workload or a trace, not both');
  if (hasWorkload && !isPlainObject(raw.workload)) throw fail('workload', 'a generator spec as an object, e.g. { "dist": "zipf", "alpha": 0.99, "keys": 100000, "requests": 500000, "seed": 42 }');
  if (hasTrace && (typeof raw.trace !== 'string' || raw.trace.trim() === '')) throw fail('trace', 'a trace file path, e.g. "traces/cloudphysics.csv" (relative to the folder you run cachesim from)');
  for (const k of TRACE_FIELDS) {
    if (k !== 'trace' && raw[k] !== undefined && !hasTrace) throw fail(k, 'describes how to read a trace: give "trace" too, or drop it');
  }
  if (hasWorkload) checkWorkload(raw.workload as Record<string, unknown>, fail);
  const source: Record<string, unknown> = {};
  if (hasWorkload) source.workload = raw.workload;
  for (const k of TRACE_FIELDS) if (raw[k] !== undefined) source[k] = raw[k];

  const shared = raw.tolerance === undefined ? {} : parseTolerances(raw.tolerance, 'tolerance', fail);
  if (!Array.isArray(raw.runs) || raw.runs.length === 0) {
    throw fail('runs', 'a list of at least one run, e.g. [{ "policy": ["lru", "lfu"], "capacity": [1000, 10000] }]');
  }
  const names = new Set<string>();
  const runs: ScenarioRun[] = raw.runs.map((r: unknown, index: number) => {
    const at = `runs[${index}]`;
    if (!isPlainObject(r)) throw fail(at, 'a run is an object of command options, e.g. { "policy": "lru", "capacity": "10%" }');
    const command = r.command === undefined ? 'run' : r.command;
    if (typeof command !== 'string' || !(command in commands)) {
      throw fail(`${at}.command`, `"${String(command)}" is not a command scenarios can run here: use ${Object.keys(commands).join(', ')}`);
    }
    const spec = commands[command]!;
    const runName = r.name === undefined ? `run ${index + 1}` : r.name;
    if (typeof runName !== 'string' || runName.trim() === '') throw fail(`${at}.name`, 'a short label for the run, e.g. "lru vs lfu at 1%"');
    if (names.has(runName)) throw fail(`${at}.name`, `"${runName}" names another run too: run names must differ (the golden file matches runs by name)`);
    names.add(runName);
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if ((RUN_FIELDS as readonly string[]).includes(k)) continue;
      if (k === 'workload' || (TRACE_FIELDS as readonly string[]).includes(k)) {
        throw fail(`${at}.${k}`, `the workload and trace belong to the whole scenario: move "${k}" to the top level`);
      }
      if (!spec.options.includes(k)) {
        throw fail(`${at}.${k}`, `not an option of cachesim ${command}: valid options are ${spec.options.join(', ')}${nearText(k, spec.options)}`);
      }
      checkValue(v, `${at}.${k}`, fail, k);
      options[k] = v;
    }
    const replays = typeof spec.replaysWorkload === 'function' ? (hasWorkload || hasTrace) && spec.replaysWorkload(options) : spec.replaysWorkload;
    if (replays) {
      if (!hasWorkload && !hasTrace) throw fail(at, `cachesim ${command} replays a workload: add "workload": {...} or "trace": "FILE" to the scenario`);
      Object.assign(options, source);
    }
    const own = r.tolerance === undefined ? {} : parseTolerances(r.tolerance, `${at}.tolerance`, fail);
    return { index, name: runName, command, options, tolerance: { ...shared, ...own } };
  });
  return { file, id, name, description, goldenFile: goldenPathFor(file), runs };
}

/**
 * Let each command check its options as it would on the command line (values,
 * units, policy names), without replaying; its message gains the file and
 * the field it is about.
 */
export async function checkScenario(scenario: Scenario, commands: ScenarioCommands): Promise<void> {
  for (const run of scenario.runs) {
    try {
      await commands[run.command]!.check({ ...run.options });
    } catch (e) {
      throw wrapRunError(e, scenario, run);
    }
  }
}

/**
 * A command's error, prefixed with the scenario file and the run's field the
 * message is about (found by the flag or name it mentions), so
 * `capacity "0" must be…` becomes `scenarios/x.json: runs[1].capacity: capacity "0" must be…`.
 */
export function wrapRunError(e: unknown, scenario: Scenario, run: ScenarioRun): unknown {
  if (!(e instanceof CachesimError)) return e;
  // The workload was checked on its own (parseScenario); trace fields sit at the top level.
  const field = fieldInMessage(e.message, Object.keys(run.options).filter((k) => k !== 'workload'));
  const where = field === undefined ? `runs[${run.index}]` : (TRACE_FIELDS as readonly string[]).includes(field) ? field : `runs[${run.index}].${field}`;
  return new CachesimError(e.code, `${scenario.file}: ${where}: ${e.message}`);
}

/** The generator's own check of the spec, its message pointing at workload.FIELD. */
function checkWorkload(spec: Record<string, unknown>, fail: (f: string, m: string) => CachesimError): void {
  if (spec.seed === undefined) {
    throw fail('workload.seed', 'write the workload\'s seed down (e.g. "seed": 42), so the golden output never depends on a default');
  }
  try {
    parseGenSpec(spec);
  } catch (e) {
    if (!(e instanceof CachesimError)) throw e;
    const inner = fieldInMessage(e.message, [...Object.keys(spec), ...GEN_SPEC_FIELDS]);
    throw fail(inner === undefined ? 'workload' : `workload.${inner}`, e.message);
  }
}

/** camelCase → --kebab-case, as commander names flags. */
function flagOf(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The first of `fields` a message mentions, as a flag (--on-write) or a word (capacity). */
export function fieldInMessage(message: string, fields: readonly string[]): string | undefined {
  let best: { field: string; at: number } | undefined;
  for (const f of fields) {
    const flag = new RegExp(`${escapeRe(flagOf(f))}(?![\\w-])`).exec(message);
    const word = new RegExp(`(?<![\\w-])${escapeRe(f)}(?![\\w-])`).exec(message);
    for (const m of [flag, word]) if (m && (best === undefined || m.index < best.at)) best = { field: f, at: m.index };
  }
  return best?.field;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requiredText(raw: Record<string, unknown>, field: string, fail: (f: string, m: string) => CachesimError): string {
  const v = raw[field];
  if (typeof v !== 'string' || v.trim() === '') {
    throw fail(field, field === 'name' ? 'a short title, e.g. "Product catalogue: LRU vs LFU vs W-TinyLFU"' : 'a paragraph saying what real situation this is and why it matters');
  }
  return v.trim();
}

/** Options whose values are name: value pairs (a repeatable --param k=v); every other option takes text, numbers or a list. */
const PAIR_OPTIONS = ['param'];

/** Option values are what JSON can say of a flag: text, numbers, booleans, lists of them, or an object of k: v (--param). */
function checkValue(v: unknown, field: string, fail: (f: string, m: string) => CachesimError, option: string): void {
  const scalar = (x: unknown): boolean => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)) || typeof x === 'boolean';
  if (scalar(v)) return;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' || typeof x === 'number')) return;
  if (isPlainObject(v) && !PAIR_OPTIONS.includes(option)) {
    throw fail(field, `${JSON.stringify(v)} is an object, but ${option} takes text, a number or a list, e.g. "${option}": "..." or "${option}": ["...", "..."]`);
  }
  if (isPlainObject(v) && Object.values(v).every(scalar)) return;
  throw fail(field, `${JSON.stringify(v)} is not an option value: use text, a number, true/false, a non-empty list of values, or an object of name: value`);
}

function parseTolerances(v: unknown, field: string, fail: (f: string, m: string) => CachesimError): Record<string, Tolerance> {
  if (!isPlainObject(v)) throw fail(field, 'an object of field: allowed drift, e.g. { "hitRatio": 0.002, "dbPeakQps": "5%" }');
  const out: Record<string, Tolerance> = {};
  for (const [k, t] of Object.entries(v)) {
    const at = `${field}.${k}`;
    if (typeof t === 'number') {
      if (!(t >= 0 && Number.isFinite(t))) throw fail(at, `${t} is not an allowed drift: use a number 0 or more (absolute), or a share like "5%"`);
      out[k] = { abs: t };
    } else if (typeof t === 'string' && /^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*%\s*$/.test(t)) {
      out[k] = { rel: Number(t.trim().slice(0, -1)) / 100 };
    } else {
      throw fail(at, `${JSON.stringify(t)} is not an allowed drift: use a number 0 or more (absolute, e.g. 0.002) or a share of the golden value (e.g. "5%")`);
    }
  }
  return out;
}

/** " (did you mean x?)" when a close name exists. */
function nearText(name: string, valid: readonly string[]): string {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const v of valid) {
    const d = editDistance(lower, v.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** JSON.parse's message with a line and column instead of a character position. */
function jsonErrorText(e: Error, text: string): string {
  const m = /position (\d+)/.exec(e.message);
  const msg = e.message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  if (!m) return msg;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${msg} at line ${line}, column ${col}`;
}
