import type { OptionSpec } from '../core/option-spec.js';
import { GEN_DEFAULTS } from './spec.js';

/**
 * `cachesim gen`'s flags, as option specs (core/option-spec.ts): the
 * generator spec's fields (GEN_SPEC_FIELDS, which a scenario's workload also
 * takes) and where the trace goes. The defaults shown are the ones
 * parseGenSpec applies.
 */
export const GEN_OPTIONS: readonly OptionSpec[] = [
  { name: 'dist', flag: '--dist <dist>', help: `popularity: zipf, uniform or hotkey (default ${GEN_DEFAULTS.dist})` },
  { name: 'alpha', flag: '--alpha <a>', help: `Zipf skew, any value above 0 (default ${GEN_DEFAULTS.alpha})` },
  { name: 'keys', flag: '--keys <n>', help: `distinct keys, e.g. 100000 or 10M (default ${GEN_DEFAULTS.keys})` },
  { name: 'requests', flag: '--requests <n>', help: `requests to generate (default ${GEN_DEFAULTS.requests})` },
  { name: 'seed', flag: '--seed <n>', help: `random seed (default ${GEN_DEFAULTS.seed}); the same seed gives the same trace byte for byte` },
  { name: 'rate', flag: '--rate <r>', help: `mean requests per second, Poisson arrivals (default ${GEN_DEFAULTS.rate})` },
  { name: 'writeRatio', flag: '--write-ratio <r>', help: `share of requests that are writes (set), e.g. 0.1 (default ${GEN_DEFAULTS.writeRatio})` },
  { name: 'deleteRatio', flag: '--delete-ratio <r>', help: `share of requests that are deletes (default ${GEN_DEFAULTS.deleteRatio})` },
  { name: 'size', flag: '--size <dist>', help: `value size: bytes (1000, 2KB), uniform:min=..,max=.., lognormal:median=..,sigma=.. (default ${GEN_DEFAULTS.size})` },
  { name: 'ttl', flag: '--ttl <dist>', help: `TTL in seconds: 0 = none, a number (300, 5m), uniform:min=..,max=.., exp:mean=.. (default ${GEN_DEFAULTS.ttl})` },
  { name: 'base', flag: '--base <dist>', help: `hotkey: popularity outside the hot share, zipf or uniform (default ${GEN_DEFAULTS.base})` },
  { name: 'hotKeys', flag: '--hot-keys <n>', help: `hotkey: how many keys are hot (default ${GEN_DEFAULTS.hotKeys})` },
  { name: 'hotShare', flag: '--hot-share <s>', help: `hotkey: share of traffic the hot keys take during a burst (default ${GEN_DEFAULTS.hotShare})` },
  { name: 'burstStart', flag: '--burst-start <t>', help: `hotkey: seconds to the first burst (default ${GEN_DEFAULTS.burstStart})` },
  { name: 'burstDuration', flag: '--burst-duration <t>', help: 'hotkey: seconds a burst lasts (default: to the end)' },
  { name: 'burstEvery', flag: '--burst-every <t>', help: 'hotkey: seconds between burst starts, to repeat bursts' },
  { name: 'scanKeys', flag: '--scan-keys <n>', help: 'add scans: each reads this many cold keys once, in order (numbered after --keys, fresh every scan)' },
  { name: 'scanStart', flag: '--scan-start <t>', help: `scan: seconds to the first scan (default ${GEN_DEFAULTS.scanStart})` },
  { name: 'scanEvery', flag: '--scan-every <t>', help: 'scan: seconds between scan starts (default: one scan only)' },
  { name: 'scanShare', flag: '--scan-share <s>', help: `scan: share of requests that are scan reads while a scan runs, the rest ordinary traffic (default ${GEN_DEFAULTS.scanShare})` },
  { name: 'out', flag: '-o, --out <file>', help: 'write here instead of standard output (- for standard output)', output: true },
  { name: 'format', flag: '-f, --format <format>', help: 'csv or oracleGeneral (default: from --out\'s name, .bin → oracleGeneral)', output: true },
];
