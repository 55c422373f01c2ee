import type { EvictionPolicy, PolicyContext } from './policy.js';

/** A policy parameter: its name as users type it, its default, what it means. */
export interface ParamSpec {
  name: string;
  kind: 'number' | 'integer' | 'string';
  default: number | string;
  description: string;
  min?: number;
  max?: number;
  choices?: readonly string[];
}

export type PolicyParams = Record<string, number | string>;

/** One registry entry: everything `cachesim policies` prints and `run` needs. */
export interface PolicyInfo {
  name: string;
  /** Family, as in Caffeine's simulator: exact, sampled, redis, adaptive, … */
  family: string;
  /** Where the algorithm comes from: authors, venue, year. */
  paper?: string;
  description: string;
  params: readonly ParamSpec[];
  /** Needs the whole trace up front (Belady). */
  offline?: boolean;
  create(ctx: PolicyContext, params: PolicyParams): EvictionPolicy;
}
