import { LfuPolicy } from '../lfu.js';
import type { PolicyInfo } from '../registry-types.js';

/**
 * CR-LFU, the churn-resistant LFU expert of Cacheus (Rodriguez et al.,
 * FAST 2021), as libCacheSim's `CR_LFU.c` when it runs alone: in-cache LFU
 * whose ties at the lowest count go to the most recently touched key, so
 * under churn (many keys seen equally rarely) the older ones keep their
 * place instead of being cycled out.
 */
export class CrLfuPolicy extends LfuPolicy {
  override victim(): number {
    return this.newestOfLowest();
  }
}

export const crLfu: PolicyInfo = {
  name: 'cr-lfu',
  family: 'adaptive',
  paper: 'Rodriguez et al. (Cacheus), FAST 2021',
  description: 'CR-LFU, Cacheus\'s churn-resistant expert: LFU whose ties at the lowest count evict the most recently touched key.',
  params: [],
  create: (ctx) => new CrLfuPolicy(ctx),
};
