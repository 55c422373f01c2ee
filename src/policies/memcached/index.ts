import { usageError } from '../../core/errors.js';
import type { PolicyInfo } from '../registry-types.js';
import { MEMCACHED_PARAMS } from './settings.js';

/**
 * Memcached 1.6's memory and eviction: slab classes, pages, per-class
 * segmented LRUs and the page automover. It runs as its own store
 * (src/memcached/store.ts), since -m is spent per class rather than as one byte budget.
 */
export const memcached: PolicyInfo = {
  name: 'memcached',
  family: 'memcached',
  description: 'Memcached 1.6: slab classes of 1 MiB pages, per-class HOT/WARM/COLD LRU, evicting from the needing class, pages moved by slab_automove (capacity = -m, in bytes)',
  params: MEMCACHED_PARAMS,
  store: 'memcached',
  create() {
    throw usageError('the memcached policy is its own store (slab classes, not one byte budget): it runs as a plain cache, not with --strategy, --protect or cluster options');
  },
};
