import type { PolicyInfo } from '../registry-types.js';
import { allkeysLfu, volatileLfu } from './lfu.js';
import { allkeysLru, volatileLru } from './lru.js';
import { noeviction } from './noeviction.js';
import { allkeysRandom, volatileRandom } from './random.js';
import { volatileTtl } from './ttl.js';

export { allkeysLfu, volatileLfu } from './lfu.js';
export { allkeysLru, volatileLru } from './lru.js';
export { noeviction } from './noeviction.js';
export { allkeysRandom, volatileRandom } from './random.js';
export { volatileTtl } from './ttl.js';

/** Redis's eight maxmemory-policy values, in redis.conf's order. */
export const REDIS_POLICIES: readonly PolicyInfo[] = [
  volatileLru, allkeysLru, volatileLfu, allkeysLfu, volatileRandom, allkeysRandom, volatileTtl, noeviction,
];

export function isRedisPolicy(name: string): boolean {
  return REDIS_POLICIES.some((p) => p.name === name);
}
