import { KetamaSharding } from './ketama.js';
import type { Sharding, ShardingScheme } from './sharding.js';
import { SlotSharding } from './slots.js';

/** The sharding a cluster config names (its own file: the schemes import sharding.ts's types). */
export function makeSharding(scheme: ShardingScheme, nodes: number, vnodes: number): Sharding {
  return scheme === 'ketama' ? new KetamaSharding(nodes, vnodes) : new SlotSharding(nodes);
}
