/**
 * The classic sizing rule: to hit a fraction h of requests, cache a fraction
 * h of the items. It is exact only when every item is equally popular (hit
 * ratio grows linearly with cached items, C / N); under skewed popularity the
 * same hit ratio takes far fewer items (che.ts), which is why the planner
 * prints both.
 */
export interface WorkingSetRule {
  /** Items to cache: ⌈h × items⌉. */
  items: number;
  /** Items × item size (rounded to whole bytes: a mean item size can be fractional). */
  bytes: number;
}

export function workingSetRule(items: number, itemSize: number, target: number): WorkingSetRule {
  const exact = items * target;
  // 1e7 × 0.8 is 8e6 in binary floating point, but guard against x.0000000001 all the same.
  const cached = Math.min(items, Math.ceil(exact - 1e-9 * Math.max(1, exact)));
  return { items: cached, bytes: Math.round(cached * itemSize) };
}
