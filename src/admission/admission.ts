/**
 * Admission: whether a key that a read missed comes into the cache at all,
 * decided before any eviction, composable with every eviction policy. The
 * store asks `admit` on each read miss (and tells `onHit` of each hit, for
 * admissions that learn from the traffic); a refusal is counted in
 * `notAdmitted` and the read is served from the database. Writes are not
 * filtered: a write of a cached key updates it, and one of an absent key
 * inserts it, as without admission.
 */
export interface Admission {
  /** Make room for ids below n. */
  grow(n: number): void;
  /** A read missed `id`, whose value is `size` bytes (its cost in the store's unit is `cost`). */
  admit(id: number, size: number, cost: number, now: number): boolean;
  /** A read hit `id` (value `size` bytes). */
  onHit(id: number, size: number): void;
}

/** What the store needs to build an admission: its capacity (in its unit) and the run's seed. */
export interface AdmissionContext {
  readonly capacity: number;
  readonly unit: 'objects' | 'bytes';
  readonly seed: number;
}

/** An admission as a run spec holds it: plain JSON, so it crosses to worker threads. */
export interface AdmissionSpec {
  name: string;
  params: Record<string, number>;
}
