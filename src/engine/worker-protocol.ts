import type { AdmissionSpec } from '../admission/admission.js';
import type { PolicyParams } from '../policies/registry-types.js';
import type { TraceChunk } from '../trace/types.js';
import type { CacheCounters, CapacityUnit, WriteMode } from './store.js';
import type { SimConfig } from './simulation.js';

/** Messages between replay() and its workers (replay-worker.ts). */

/** What the main thread sends each worker at start. */
export interface WorkerSetup {
  sims: { index: number; policy: string; params: PolicyParams; capacity: number; unit: CapacityUnit; sim?: SimConfig; admission?: AdmissionSpec }[];
  seed: number;
  writeMode: WriteMode;
  /** Ring slots: one set of shared columns each. */
  slots: SharedSlot[];
  /** For offline policies: next access per request, shared. */
  nextAccess: SharedArrayBuffer | null;
}

export interface SharedSlot {
  times: SharedArrayBuffer;
  ids: SharedArrayBuffer;
  ops: SharedArrayBuffer;
  sizes: SharedArrayBuffer;
  ttls: SharedArrayBuffer;
}

export type ToWorker = { type: 'chunk'; slot: number; length: number; keyCount: number } | { type: 'end' };
export type FromWorker =
  | { type: 'done'; slot: number }
  | { type: 'results'; counters: { index: number; counters: CacheCounters; result: object }[] }
  | { type: 'error'; message: string; code?: string; exitCode?: number; stack?: string };

/** Views over one slot's shared columns, as a TraceChunk. */
export function slotChunk(slot: SharedSlot): TraceChunk {
  return {
    length: 0,
    times: new Float64Array(slot.times),
    ids: new Int32Array(slot.ids),
    ops: new Uint8Array(slot.ops),
    sizes: new Uint32Array(slot.sizes),
    ttls: new Float32Array(slot.ttls),
  };
}
