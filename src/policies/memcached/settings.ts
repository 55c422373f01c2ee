import type { ParamSpec, PolicyParams } from '../registry-types.js';

/**
 * Memcached 1.6's settings that decide what it keeps, with its defaults
 * (memcached.c settings_init). docs/memcached.md says which source lines
 * each one follows.
 */
export interface MemcachedSettings {
  /** -f: each slab class's chunk is the previous one's × this, rounded up to 8. */
  growthFactor: number;
  /** -n: value space of the smallest chunk (chunk = 48-byte header + this). */
  chunkMin: number;
  /** Key bytes charged when the trace has no key names. */
  keySize: number;
  /** CAS on (no -C): 8 bytes per item. */
  cas: boolean;
  /** hot_lru_pct / warm_lru_pct: a class's HOT and WARM LRUs' share of its item bytes. */
  hotLruPct: number;
  warmLruPct: number;
  /** hot_max_factor / warm_max_factor: items idle longer than COLD's tail age × this leave HOT / WARM. */
  hotMaxFactor: number;
  warmMaxFactor: number;
  /** slab_automove: 1 moves pages between classes once a second (0 = never). */
  slabAutomove: number;
  /** slab_automove_ratio and slab_automove_window (seconds). */
  automoveRatio: number;
  automoveWindow: number;
}

export const MEMCACHED_PARAMS: readonly ParamSpec[] = [
  { name: 'growth-factor', kind: 'number', default: 1.25, min: 1.01, max: 4, description: '-f: slab class growth factor' },
  { name: 'chunk-min', kind: 'integer', default: 48, min: 8, max: 4096, description: '-n: value space of the smallest chunk (chunk = 48 B header + this)' },
  { name: 'key-size', kind: 'integer', default: 16, min: 1, max: 250, description: 'key bytes per item when the trace has no key names (--key-size)' },
  { name: 'cas', kind: 'integer', default: 1, min: 0, max: 1, description: '8 bytes of CAS per item (0 = -C)' },
  { name: 'hot-lru-pct', kind: 'integer', default: 20, min: 1, max: 80, description: 'hot_lru_pct: HOT share of a class\'s item bytes' },
  { name: 'warm-lru-pct', kind: 'integer', default: 40, min: 1, max: 80, description: 'warm_lru_pct: WARM share of a class\'s item bytes' },
  { name: 'hot-max-factor', kind: 'number', default: 0.2, min: 0, max: 100, description: 'hot_max_factor: HOT items idle over COLD age × this go to COLD' },
  { name: 'warm-max-factor', kind: 'number', default: 2, min: 0, max: 100, description: 'warm_max_factor: WARM items idle over COLD age × this go to COLD' },
  { name: 'slab-automove', kind: 'integer', default: 1, min: 0, max: 1, description: 'slab_automove: 1 moves a page a second from the class with the oldest items to one evicting young ones' },
  { name: 'automove-ratio', kind: 'number', default: 0.8, min: 0, max: 1, description: 'slab_automove_ratio: move when the youngest COLD age < oldest × this' },
  { name: 'automove-window', kind: 'integer', default: 30, min: 1, max: 3600, description: 'slab_automove_window: seconds of history per decision' },
];

export function memcachedSettings(p: PolicyParams): MemcachedSettings {
  const n = (name: string): number => Number(p[name] ?? MEMCACHED_PARAMS.find((s) => s.name === name)!.default);
  return {
    growthFactor: n('growth-factor'),
    chunkMin: n('chunk-min'),
    keySize: n('key-size'),
    cas: n('cas') === 1,
    hotLruPct: n('hot-lru-pct'),
    warmLruPct: n('warm-lru-pct'),
    hotMaxFactor: n('hot-max-factor'),
    warmMaxFactor: n('warm-max-factor'),
    slabAutomove: n('slab-automove'),
    automoveRatio: n('automove-ratio'),
    automoveWindow: n('automove-window'),
  };
}

/** sizeof(item) on 64-bit builds (memcached.h). */
export const ITEM_HEADER = 48;

/**
 * An item's bytes (items.c do_item_alloc / item_make_header): the header,
 * the key and its NUL, the value and its "\r\n", and the CAS; client flags
 * are 0 here (our replay sends 0), so no 4-byte suffix.
 */
export function itemSize(keyBytes: number, valueBytes: number, cas: boolean): number {
  return ITEM_HEADER + keyBytes + 1 + valueBytes + 2 + (cas ? 8 : 0);
}
