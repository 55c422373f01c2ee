import { usageError } from '../core/errors.js';
import { oneOf } from '../core/options.js';
import { flagOf, type OptionSpec } from '../core/option-spec.js';
import { parseCount } from '../core/units.js';
import type { RunSpec } from '../engine/replay.js';
import { parseSeconds } from '../core/units.js';
import { CLUSTER_DEFAULTS, MITIGATIONS, type ClusterSimConfig, type Mitigation } from './config.js';
import { SLOT_COUNT } from './crc16.js';

type Value = string | number | boolean | undefined;

/** The run options that describe a cluster (docs/cluster.md), named as `cachesim run`'s flags: any of them makes every result a cluster run; all but --nodes need --nodes. */
export interface ClusterOptions {
  nodes?: string | number;
  sharding?: string;
  vnodes?: string | number;
  nodeOps?: string | number;
  /** SIZE:TTL, e.g. "1000:1s". */
  l1?: string;
  appServers?: string | number;
  replicas?: string | number;
  fanout?: string | number;
  hotThreshold?: string | number;
  /** true (the default window) or a window ("1ms"). */
  coalesce?: boolean | string | number;
  /** Mitigation sets to compare: "none,l1,replicas,fanout,coalesce,all" or as a list. */
  mitigations?: string | string[];
  /** The load window, shared with the strategy simulation. */
  window?: string | number;
}

const d = CLUSTER_DEFAULTS;

/** The cluster options (docs/cluster.md): any of them makes every result a cluster run; all but --nodes need --nodes. No commander defaults, so "not given" stays visible. */
export const CLUSTER_OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'nodes', flag: '--nodes <n>', help: 'cluster: N cache nodes (shards); --capacity is per node' },
  { name: 'sharding', flag: '--sharding <scheme>', help: `cluster: slots (Redis Cluster: CRC16 of the key or its {hash tag}) or ketama (consistent hashing) (default ${d.sharding})` },
  { name: 'vnodes', flag: '--vnodes <n>', help: `cluster, ketama: points per node on the ring (default ${d.vnodes}, as libketama)` },
  { name: 'nodeOps', flag: '--node-ops <n>', help: `cluster: operations/second one node handles (default ${d.nodeOps / 1000}k)` },
  { name: 'l1', flag: '--l1 <size:ttl>', help: 'cluster: a local cache on each app server, SIZE entries kept TTL each, e.g. 1000:1s' },
  { name: 'appServers', flag: '--app-servers <m>', help: `cluster: application servers the requests are spread over, round robin (default ${d.appServers})` },
  { name: 'replicas', flag: '--replicas <r>', help: 'cluster: replicas per node; reads spread over the primary and its replicas' },
  { name: 'fanout', flag: '--fanout <k>', help: 'cluster: K copies of each hot key (key:shard:0..K-1); writes go to all, reads pick one' },
  { name: 'hotThreshold', flag: '--hot-threshold <r>', help: 'cluster: reads/second at the cluster that make a key hot, for --fanout (default: a tenth of --node-ops)' },
  { name: 'coalesce', flag: '--coalesce [window]', help: `cluster: a proxy sends one read per key per window to the cluster (default window ${d.coalesceWindow * 1000}ms)` },
  { name: 'mitigations', flag: '--mitigations <list>', help: 'cluster: compare sets: none, l1, replicas, fanout, coalesce, all, or combinations like l1+replicas' },
];

/** The names of the ClusterOptions fields that describe a cluster. */
export const CLUSTER_OPTIONS = CLUSTER_OPTION_SPECS.map((s) => s.name as keyof ClusterOptions);

/** Flags for messages: the cluster's own, and --window (shared with the strategy simulation). */
const flag = (field: string): string => (field === 'window' ? '--window' : flagOf(CLUSTER_OPTION_SPECS, field));

/**
 * The cluster run specs: every policy × capacity spec once per mitigation
 * set. Without --mitigations there is one set, made of the mitigations whose
 * flags are given (none: the bare cluster). With --mitigations each listed
 * set is run, each mitigation taking its flag's settings or, when the flag
 * is not given, its default (docs/cluster.md).
 */
export function clusterSpecs(o: ClusterOptions, base: readonly RunSpec[]): RunSpec[] {
  const rec = o as Record<string, Value>;
  if (rec.nodes === undefined) {
    const given = CLUSTER_OPTIONS.find((f) => rec[f] !== undefined)!;
    throw usageError(`${flag(given)} describes a cluster: give --nodes N too`);
  }
  const nodes = integer(rec.nodes, 'nodes', 1, SLOT_COUNT);
  const sharding = oneOf('--sharding', String(rec.sharding ?? CLUSTER_DEFAULTS.sharding), ['slots', 'ketama'] as const);
  if (rec.vnodes !== undefined && sharding !== 'ketama') throw usageError('--vnodes applies to --sharding ketama (hash slots have no virtual nodes)');
  const vnodes = rec.vnodes === undefined ? CLUSTER_DEFAULTS.vnodes : integer(rec.vnodes, 'vnodes', 1, 100_000);
  const nodeOps = positive(rec.nodeOps, 'nodeOps') ?? CLUSTER_DEFAULTS.nodeOps;
  const windowSeconds = seconds(rec.window, 'window') ?? CLUSTER_DEFAULTS.windowSeconds;
  const appServers = rec.appServers === undefined ? CLUSTER_DEFAULTS.appServers : integer(rec.appServers, 'appServers', 1, 1_000_000);
  const l1 = rec.l1 === undefined ? undefined : parseL1(rec.l1);
  const replicas = rec.replicas === undefined ? undefined : integer(rec.replicas, 'replicas', 0, 64);
  const fanout = rec.fanout === undefined ? undefined : integer(rec.fanout, 'fanout', 2, 1024);
  const hotThreshold = positive(rec.hotThreshold, 'hotThreshold') ?? nodeOps * CLUSTER_DEFAULTS.hotShareOfNodeOps;
  const coalesce = rec.coalesce === undefined || rec.coalesce === false ? undefined
    : rec.coalesce === true ? CLUSTER_DEFAULTS.coalesceWindow : seconds(rec.coalesce, 'coalesce');
  if (coalesce !== undefined && !(coalesce > 0)) throw usageError('--coalesce window must be above 0 seconds, e.g. 1ms');

  const sets = rec.mitigations === undefined
    ? [MITIGATIONS.filter((m) => (m === 'l1' && l1) || (m === 'replicas' && replicas) || (m === 'fanout' && fanout) || (m === 'coalesce' && coalesce))]
    : parseMitigations(rec.mitigations);

  // A setting no run uses is an error: the user expected it to change something.
  const used = (m: Mitigation): boolean => sets.some((set) => set.includes(m));
  const unused: [Value, string, Mitigation][] = [
    [rec.l1, '--l1', 'l1'], [rec.appServers, '--app-servers', 'l1'], [rec.replicas, '--replicas', 'replicas'],
    [rec.fanout, '--fanout', 'fanout'], [rec.hotThreshold, '--hot-threshold', 'fanout'], [rec.coalesce, '--coalesce', 'coalesce'],
  ];
  for (const [value, name, m] of unused) {
    if (value === undefined || value === false || used(m) || (m === 'replicas' && replicas === 0)) continue;
    throw usageError(rec.mitigations === undefined
      ? `${name} applies with --${m === 'l1' ? 'l1 SIZE:TTL' : m === 'fanout' ? 'fanout K' : m}: add it, or drop ${name}`
      : `${name} is used by none of --mitigations ${String(rec.mitigations)}: add ${m} to a set, or drop ${name}`);
  }
  for (const spec of base) {
    if (spec.policy.offline) {
      throw usageError(`${spec.policy.name} needs the whole trace's future and cannot run per node: choose an online policy with --nodes`);
    }
  }
  const specs: RunSpec[] = [];
  for (const spec of base) {
    for (const set of sets) {
      const has = (m: Mitigation): boolean => set.includes(m);
      const sim: ClusterSimConfig = {
        kind: 'cluster',
        mitigation: set.length === 0 ? 'none' : set.length === MITIGATIONS.length ? 'all' : set.join('+'),
        nodes,
        sharding,
        vnodes,
        nodeOps,
        windowSeconds,
        appServers,
        l1: has('l1') ? l1 ?? { ...CLUSTER_DEFAULTS.l1 } : null,
        replicas: has('replicas') ? replicas ?? CLUSTER_DEFAULTS.replicas : 0,
        fanout: has('fanout') ? fanout ?? CLUSTER_DEFAULTS.fanout : 1,
        hotThreshold,
        coalesceWindow: has('coalesce') ? coalesce ?? CLUSTER_DEFAULTS.coalesceWindow : 0,
      };
      specs.push({ ...spec, sim });
    }
  }
  return specs;
}

/** "none,l1,replicas,l1+replicas,all" → the sets, each in the canonical order. */
export function parseMitigations(value: Value): Mitigation[][] {
  const items = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw usageError('--mitigations is empty: give e.g. none,l1,replicas,fanout,coalesce,all');
  const sets: Mitigation[][] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const parts = item.split('+').map((s) => s.trim().toLowerCase());
    const chosen = new Set<Mitigation>();
    for (const part of parts) {
      if (part === 'none') continue;
      if (part === 'all') {
        for (const m of MITIGATIONS) chosen.add(m);
        continue;
      }
      if (!(MITIGATIONS as readonly string[]).includes(part)) {
        throw usageError(`--mitigations: "${part}" is not a mitigation: use none, ${MITIGATIONS.join(', ')}, all, or combinations such as l1+replicas`);
      }
      chosen.add(part as Mitigation);
    }
    const set = MITIGATIONS.filter((m) => chosen.has(m));
    const key = set.join('+');
    if (seen.has(key)) continue;
    seen.add(key);
    sets.push(set);
  }
  return sets;
}

/** "1000:1s", "10k:500ms" → entries and seconds. */
export function parseL1(value: Value): { size: number; ttl: number } {
  const text = String(value);
  const colon = text.indexOf(':');
  if (colon < 0) throw usageError(`--l1 "${text}" must be SIZE:TTL, e.g. 1000:1s (1,000 entries kept one second each)`);
  const size = integer(text.slice(0, colon), 'l1', 1, 100_000_000, 'SIZE');
  const ttl = seconds(text.slice(colon + 1), 'l1');
  if (!(ttl! > 0)) throw usageError(`--l1 "${text}": the TTL must be above 0 seconds, e.g. 1000:1s`);
  return { size, ttl: ttl! };
}

function integer(v: Value, field: string, min: number, max: number, what = ''): number {
  const n = typeof v === 'number' ? v : parseCount(String(v), `${flag(field)}${what ? ` ${what}` : ''}`);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw usageError(`${flag(field)}${what ? ` ${what}` : ''} must be a whole number from ${min} to ${max} (got ${v})`);
  }
  return n;
}

function positive(v: Value, field: string): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : parseCount(String(v), flag(field));
  if (!(n > 0 && Number.isFinite(n))) throw usageError(`${flag(field)} must be above 0 (got ${v})`);
  return n;
}

function seconds(v: Value, field: string): number | undefined {
  if (v === undefined) return undefined;
  const s = parseSeconds(typeof v === 'number' ? v : String(v), flag(field));
  if (field === 'window' && !(s > 0)) throw usageError(`--window must be above 0 seconds, e.g. 1s`);
  return s;
}
