import type { EvictionPolicy, PolicyContext } from '../policies/policy.js';
import type { StrategyConfig } from './config.js';
import { createProtection } from './protections.js';
import { createStrategy } from './strategies.js';
import { StrategySim } from './strategy-sim.js';

/** A strategy simulation with the strategy and protection its config names (what the kinds registry builds). */
export function createStrategySim(policy: EvictionPolicy, ctx: PolicyContext, config: StrategyConfig): StrategySim {
  return new StrategySim(policy, ctx, config, (sim) => ({
    strategy: createStrategy(config.strategy, sim, config),
    protection: createProtection(config.protection, sim, config, ctx.seed),
  }));
}
