import { parseCapacity } from '../../src/core/units.js';
import { replay } from '../../src/engine/replay.js';
import { findPolicy, resolveParams } from '../../src/policies/registry.js';
import type { StrategyResult } from '../../src/strategies/result.js';
import { strategyConfigs, type StrategyOptions } from '../../src/strategies/config.js';
import type { TraceSource } from '../../src/trace/types.js';
import { generateTrace } from '../../src/workload/generator.js';
import { parseGenSpec } from '../../src/workload/spec.js';
import { SIMULATIONS } from '../../src/run/kinds.js';

/** Replay a trace under strategy options (as `run` takes them): one result per strategy × protection. */
export async function runStrategies(
  trace: TraceSource,
  options: StrategyOptions & { policy?: string; capacity?: string | number; seed?: number; threads?: number },
): Promise<StrategyResult[]> {
  const { policy = 'lru', capacity = 1000, seed = 42, threads = 0, ...rest } = options;
  const sims = strategyConfigs({ strategy: 'cache-aside', ...rest });
  const info = findPolicy(policy);
  const params = resolveParams(info, {});
  const specs = sims!.map((sim) => ({ policy: info, params, capacity: parseCapacity(String(capacity)), sim }));
  const report = await replay(trace, specs, { kinds: SIMULATIONS, seed, threads });
  return report.results as StrategyResult[];
}

export async function runOne(trace: TraceSource, options: Parameters<typeof runStrategies>[1]): Promise<StrategyResult> {
  const [r] = await runStrategies(trace, options);
  return r!;
}

/** One key read by Poisson arrivals at `rate` per second, every read carrying `ttl`. */
export function hotKeyTrace(rate: number, ttl: number, requests: number, seed = 42): TraceSource {
  return generateTrace(parseGenSpec({ keys: 1, requests, rate, ttl, seed }));
}
