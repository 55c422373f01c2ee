/**
 * What one cached key really costs in Redis and in Memcached, from how each
 * allocates it. The sources are named beside each rule; docs/planning.md walks
 * through them and through the measurements that check them (FACTS.md, and
 * test/planner-redis.test.ts against a live redis-server).
 */

// ---- jemalloc (the allocator Redis ships with) ----

/**
 * The size jemalloc really hands out for a request of `n` bytes: its size
 * classes are 8, then multiples of 16 up to 128, then four classes per
 * doubling (160, 192, 224, 256, 320, …, 14336, 16384, 20480, …). In jemalloc
 * 5.3 terms: a spacing of 2^(⌊log2(n−1)⌋ − 2) above 64.
 */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const step = 2 ** (Math.floor(Math.log2(n - 1)) - 2);
  return Math.ceil(n / step) * step;
}

/** The first `count` jemalloc size classes (for docs and tests). */
export function jemallocClasses(count: number): number[] {
  const out: number[] = [];
  let n = 1;
  while (out.length < count) {
    const c = jemallocSize(n);
    out.push(c);
    n = c + 1;
  }
  return out;
}

// ---- Redis ----

/** sizeof(dictEntry) in Redis 7.0 (key, value, next pointers: 24 B) after rounding: 32 B. */
const REDIS_DICT_ENTRY = jemallocSize(24);
/** sizeof(robj): type/encoding/lru bits, refcount, pointer. */
const REDIS_OBJECT = 16;
/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT (object.c): values up to 44 bytes live inside their object. */
const REDIS_EMBSTR_LIMIT = 44;
/** One pointer per hash-table bucket. */
const REDIS_BUCKET = 8;

/**
 * Header bytes of an sds string of `len` bytes (sds.c sdsReqType in 7.0):
 * sdshdr5 (1 byte) below 32, sdshdr8 (3) below 256, sdshdr16 (5) below 64 KiB,
 * sdshdr32 (9) beyond. Keys are copied with sdsdup (db.c dbAdd), so a key
 * under 32 bytes takes the 1-byte header (measured: a 13-byte key costs what
 * a 12-byte one does, not 16 B more). Values of 45 bytes and more (the only
 * ones stored outside their object) never qualify for sdshdr5.
 */
function sdsHeader(len: number, allowType5: boolean): number {
  if (allowType5 && len < 32) return 1;
  if (len < 256) return 3;
  if (len < 65536) return 5;
  return 9;
}

/** Buckets in a Redis dict holding n keys: it doubles when full, so the next power of two (at least 4). */
export function redisTableSize(n: number): number {
  let size = 4;
  while (size < n) size *= 2;
  return size;
}

export interface RedisKeyOptions {
  /** Key name length in bytes. */
  keySize: number;
  /** Value length in bytes (a string that is not a number; numbers are stored as integers). */
  valueSize: number;
  /** The key has an expiry (SET … EX): an entry in the expires dict too. */
  ttl: boolean;
  /** Keys in the database: sets how full the power-of-two hash table is. */
  keys: number;
}

/** One key's bytes in Redis's used_memory, by part. */
export interface RedisKeyCost {
  dictEntry: number;
  key: number;
  value: number;
  /** This key's share of the main hash table (8 B × table size / keys). */
  buckets: number;
  /** The expires entry and its share of that table; 0 without a TTL. */
  expires: number;
  total: number;
}

/**
 * Bytes per string key in Redis 7.0 with jemalloc, as used_memory counts them:
 * a dict entry, the key's sds copy, the value object (embedded in its robj up
 * to 44 bytes, else robj + separate sds), a share of the bucket array, and
 * with a TTL a second dict entry (pointing at the same key sds) plus a share of
 * the expires table. Matches FACTS.md's table for 12-byte keys and a live
 * 7.0.15 server (see test/planner-redis.test.ts).
 */
export function redisKeyCost(o: RedisKeyOptions): RedisKeyCost {
  const dictEntry = REDIS_DICT_ENTRY;
  const key = jemallocSize(sdsHeader(o.keySize, true) + o.keySize + 1);
  const value = o.valueSize <= REDIS_EMBSTR_LIMIT
    ? jemallocSize(REDIS_OBJECT + 3 + o.valueSize + 1)
    : REDIS_OBJECT + jemallocSize(sdsHeader(o.valueSize, false) + o.valueSize + 1);
  const keys = Math.max(1, o.keys);
  const buckets = (REDIS_BUCKET * redisTableSize(keys)) / keys;
  const expires = o.ttl ? REDIS_DICT_ENTRY + buckets : 0;
  return { dictEntry, key, value, buckets, expires, total: dictEntry + key + value + buckets + expires };
}

// ---- Memcached ----

/** sizeof(item) on 64-bit Memcached 1.6. */
export const MEMCACHED_ITEM_HEADER = 48;
/** -n: the smallest value space; with the header it makes the first 96-byte chunk. */
export const MEMCACHED_MIN_SPACE = 48;
/** -f: each slab class's chunk is the last one's × this, rounded up to 8. */
export const MEMCACHED_GROWTH_FACTOR = 1.25;
/** Slab pages (-I's default item limit too): 1 MiB. */
export const MEMCACHED_PAGE = 1024 * 1024;
/** slab_chunk_max: half a page. Larger items are chained across chunks this big. */
export const MEMCACHED_CHUNK_MAX = MEMCACHED_PAGE / 2;
const CHUNK_ALIGN = 8;

/**
 * Chunk sizes of the slab classes (slabs.c slabs_init): start at header + -n,
 * align up to 8, multiply by the factor (truncating), and stop once the next
 * would pass chunk_max / factor; the last class is chunk_max itself.
 */
export function memcachedSlabClasses(growthFactor = MEMCACHED_GROWTH_FACTOR, minSpace = MEMCACHED_MIN_SPACE): number[] {
  if (!(growthFactor > 1)) throw new RangeError(`memcached growth factor must be above 1, got ${growthFactor}`);
  const out: number[] = [];
  let size = MEMCACHED_ITEM_HEADER + minSpace;
  while (out.length < 63 && size < MEMCACHED_CHUNK_MAX / growthFactor) {
    if (size % CHUNK_ALIGN) size += CHUNK_ALIGN - (size % CHUNK_ALIGN);
    out.push(size);
    size = Math.floor(size * growthFactor);
  }
  out.push(MEMCACHED_CHUNK_MAX);
  return out;
}

export interface MemcachedKeyOptions {
  keySize: number;
  valueSize: number;
  /** Items stored: sets the hash table's size. */
  keys: number;
  growthFactor?: number;
  /** The client sets non-zero flags: 4 more bytes per item. */
  clientFlags?: boolean;
  /** CAS enabled (the default; -C turns it off). */
  cas?: boolean;
}

export interface MemcachedKeyCost {
  /** Header + CAS + key + 1 + value + "\r\n" (+ flags). */
  itemSize: number;
  /** The chunk it is stored in (chunk_max for items chained over several chunks). */
  chunkSize: number;
  /** Chunks per 1 MiB page in that class. */
  perPage: number;
  /** Page bytes per item: chunk plus its share of the page's unusable tail, × chunks for chained items. */
  slabBytes: number;
  /** Chunk bytes beyond the item (what the class rounding wastes), per item. */
  chunkWaste: number;
  /** Share of the hash table (8 B a bucket, outside -m). */
  hashBytes: number;
  total: number;
}

/** Hash-table buckets for n items: 2^16 at start, doubled whenever items pass 1.5 × buckets (assoc.c). */
export function memcachedHashBuckets(n: number): number {
  let buckets = 1 << 16;
  while (n > buckets * 1.5) buckets *= 2;
  return buckets;
}

/**
 * What one item costs in Memcached 1.6: its slab chunk (the first class that
 * fits), with the page tail amortised over the page's chunks, plus its share
 * of the hash table. Items over chunk_max (512 KiB) are chained over
 * chunk_max-sized chunks; that case is approximated as whole chunks.
 */
export function memcachedKeyCost(o: MemcachedKeyOptions): MemcachedKeyCost {
  const classes = memcachedSlabClasses(o.growthFactor ?? MEMCACHED_GROWTH_FACTOR);
  const itemSize = MEMCACHED_ITEM_HEADER + ((o.cas ?? true) ? 8 : 0) + o.keySize + 1 + o.valueSize + 2 + (o.clientFlags ? 4 : 0);
  const chunkSize = classes.find((c) => c >= itemSize) ?? MEMCACHED_CHUNK_MAX;
  const chunks = itemSize > MEMCACHED_CHUNK_MAX ? Math.ceil(itemSize / MEMCACHED_CHUNK_MAX) : 1;
  const perPage = Math.floor(MEMCACHED_PAGE / chunkSize);
  const slabBytes = (MEMCACHED_PAGE / perPage) * chunks;
  const keys = Math.max(1, o.keys);
  const hashBytes = (8 * memcachedHashBuckets(keys)) / keys;
  return { itemSize, chunkSize, perPage, slabBytes, chunkWaste: chunkSize * chunks - itemSize, hashBytes, total: slabBytes + hashBytes };
}

// ---- one interface for the planner ----

export type Engine = 'redis' | 'memcached';
export const ENGINES: readonly Engine[] = ['redis', 'memcached'];

export interface EngineItem {
  engine: Engine;
  keySize: number;
  valueSize: number;
  ttl: boolean;
  /** Items that will be stored (per node's share does not matter: tables scale with it). */
  keys: number;
  growthFactor?: number;
}

/** Bytes one item costs in the engine, and the parts that make it up (for the report). */
export function engineBytesPerItem(o: EngineItem): { total: number; parts: Record<string, number> } {
  if (o.engine === 'redis') {
    const c = redisKeyCost(o);
    return { total: c.total, parts: { dictEntry: c.dictEntry, key: c.key, value: c.value, buckets: c.buckets, expires: c.expires } };
  }
  const c = memcachedKeyCost({ keySize: o.keySize, valueSize: o.valueSize, keys: o.keys, growthFactor: o.growthFactor });
  return { total: c.total, parts: { itemSize: c.itemSize, chunkSize: c.chunkSize, perPage: c.perPage, slabBytes: c.slabBytes, chunkWaste: c.chunkWaste, hashBytes: c.hashBytes } };
}
