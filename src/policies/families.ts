/**
 * The policy families, in the order `cachesim policies` lists them: the
 * folders of src/policies/, named as in Caffeine's simulator where it has
 * the family. A family not listed here sorts last, under its own name.
 */
export const FAMILIES: readonly { name: string; description: string }[] = [
  { name: 'exact', description: 'the textbook orders, kept exactly' },
  { name: 'linked', description: 'one list with a twist: reference bits, hands, K-th reference' },
  { name: 'queues', description: 'two or more queues: probation and main, ghosts of the evicted' },
  { name: 'adaptive', description: 'tune themselves from ghost hits or learned weights' },
  { name: 'irr', description: 'inter-reference recency: LIRS and CLOCK-Pro' },
  { name: 'sketch', description: 'admission by a frequency sketch (TinyLFU)' },
  { name: 'greedy', description: 'GreedyDual priorities with aging, size-aware' },
  { name: 'sampled', description: 'the best of a random sample' },
  { name: 'offline', description: 'need the whole trace: optimum and references' },
  { name: 'redis', description: 'Redis\'s maxmemory policies, after Redis 7.0\'s evict.c' },
];

/** Index for sorting by family (unknown families last). */
export function familyRank(name: string): number {
  const i = FAMILIES.findIndex((f) => f.name === name);
  return i < 0 ? FAMILIES.length : i;
}
