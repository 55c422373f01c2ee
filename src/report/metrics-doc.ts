import type { SimResult } from '../run/results.js';
import { CACHE_METRICS, METRICS, metricsDoc, metricsOf } from './metrics.js';

/** docs/json.md's field tables, by kind: the plain run's fields, then what each other kind adds. */
export function jsonDocSections(): Record<string, string> {
  const common = new Set(CACHE_METRICS.metrics.map((m) => m.key));
  const out: Record<string, string> = {};
  for (const kind of Object.keys(METRICS) as SimResult['kind'][]) {
    out[kind] = metricsDoc(metricsOf(kind), kind === 'cache' ? () => true : (key) => !common.has(key));
  }
  return out;
}
