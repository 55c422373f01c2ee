import type { ProtectionName, StrategyName } from './config.js';
import type { StrategyFields } from './result.js';

/**
 * What the strategy simulation calls on its caching strategy and its stampede
 * protection (strategies.ts, protections.ts hold the classes and their
 * rules). Declared apart so the simulation depends on these shapes, not on
 * the classes that in turn reach into the simulation.
 */
export interface StrategyPart {
  readonly name: StrategyName;
  /** Concurrent misses for one key share one load. */
  readonly sharesLoads: boolean;
  grow(n: number): void;
  write(id: number, t: number): void;
  del(id: number, t: number): void;
  accepts(id: number, version: number): boolean;
  fresh(id: number, t: number, expiry: number): void;
  leaving(id: number, t: number): void;
  timer(t: number, aux: number): void;
  crash(t: number): void;
  /** Its own result fields (write-behind's lost writes). */
  fields(): Pick<StrategyFields, 'lostWrites' | 'lostKeys' | 'lostKeysNotListed'>;
}

export interface ProtectionPart {
  readonly name: ProtectionName;
  grow(n: number): void;
  read(id: number): void;
  fresh(id: number, t: number, expiry: number): void;
  expired(id: number, t: number, expiry: number): boolean;
  miss(id: number, t: number): void;
  installed(id: number, t: number, ttl: number): void;
  timer(id: number, t: number, aux: number): void;
  loaded(id: number, start: number, flags: number): void;
  crash(): void;
  /** Its own result fields (lock's waits and fallbacks). */
  fields(): Pick<StrategyFields, 'lockWaits' | 'lockFallbacks'>;
}

/** Builds the simulation's two parts once the simulation exists (they keep a reference to it). */
export type MakeParts<S> = (sim: S) => { strategy: StrategyPart; protection: ProtectionPart };
