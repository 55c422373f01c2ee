/**
 * Redis's per-key access metadata, on simulated time (seconds). Redis keeps
 * 24 bits per object (`robj.lru`): under the LRU policies a clock of
 * 1-second resolution, under the LFU policies 16 bits of minutes (the last
 * decrement time) and an 8-bit logarithmic counter. The functions below
 * follow Redis 7.0's code, wraps and off-by-ones included; comments name
 * the C function each one mirrors.
 */

/** server.h LRU_CLOCK_MAX: the LRU clock is 24 bits. */
export const LRU_CLOCK_MAX = (1 << 24) - 1;

/** server.h LFU_INIT_VAL: the counter a new key starts at. */
export const LFU_INIT_VAL = 5;

/**
 * evict.c getLRUClock: (milliseconds / LRU_CLOCK_RESOLUTION) & LRU_CLOCK_MAX,
 * with a resolution of 1000 ms, i.e. whole seconds modulo 2^24.
 */
export function lruClock(now: number): number {
  return Math.floor(now) & LRU_CLOCK_MAX;
}

/**
 * evict.c estimateObjectIdleTime, in seconds rather than milliseconds (the
 * order is the same): the clock's distance from the key's stamp, wrapping
 * once (Redis adds LRU_CLOCK_MAX, not 2^24, on a wrap).
 */
export function lruIdle(clock: number, stamp: number): number {
  return clock >= stamp ? clock - stamp : clock + (LRU_CLOCK_MAX - stamp);
}

/** evict.c LFUGetTimeInMinutes: (unix seconds / 60) & 65535. */
export function lfuMinutes(now: number): number {
  return Math.floor(now / 60) & 0xffff;
}

/** evict.c LFUTimeElapsed: minutes since `ldt`, wrapping once (65535 − ldt + now, as the code has it). */
export function lfuTimeElapsed(ldt: number, nowMinutes: number): number {
  return nowMinutes >= ldt ? nowMinutes - ldt : 65535 - ldt + nowMinutes;
}

/** The 24-bit field: last decrement time (minutes) above an 8-bit counter. */
export function lfuPack(minutes: number, counter: number): number {
  return (minutes << 8) | counter;
}

/** The counter part of a packed LFU field. */
export function lfuCounter(packed: number): number {
  return packed & 255;
}

/**
 * evict.c LFUDecrAndReturn: the counter less one per `decayTime` minutes
 * elapsed since the field's time (never below 0); decayTime 0 never decays.
 * It does not store the result: the caller does when the key is accessed.
 */
export function lfuDecrAndReturn(packed: number, nowMinutes: number, decayTime: number): number {
  const counter = packed & 255;
  const periods = decayTime > 0 ? Math.floor(lfuTimeElapsed(packed >>> 8, nowMinutes) / decayTime) : 0;
  if (periods === 0) return counter;
  return periods > counter ? 0 : counter - periods;
}

/**
 * The chance evict.c LFULogIncr increments `counter`:
 * 1 / ((counter − LFU_INIT_VAL)·factor + 1), the difference floored at 0
 * (so always at or below 5), and 0 at the 255 ceiling.
 */
export function lfuIncrProbability(counter: number, factor: number): number {
  if (counter >= 255) return 0;
  const base = counter > LFU_INIT_VAL ? counter - LFU_INIT_VAL : 0;
  return 1 / (base * factor + 1);
}

/** evict.c LFULogIncr with `r` uniform in [0, 1): the counter after one access. */
export function lfuLogIncr(counter: number, factor: number, r: number): number {
  return r < lfuIncrProbability(counter, factor) ? counter + 1 : counter;
}
