/** The replay worker's loop: runs its share of the simulations over chunks the main thread shares. */
import { parentPort, workerData } from 'node:worker_threads';
import { findPolicy } from '../policies/registry.js';
import type { PolicyContext } from '../policies/policy.js';
import type { Simulation, SimulationKinds } from './simulation.js';
import { slotChunk, type FromWorker, type ToWorker, type WorkerSetup } from './worker-protocol.js';

/** Serve replay() in this worker thread, building simulations from `kinds` (the entry module passes the registry's). */
export async function serveReplayWorker(kinds: Pick<SimulationKinds, 'load'>): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const setup = workerData as WorkerSetup;
  const nextAccess = setup.nextAccess ? new Float64Array(setup.nextAccess) : null;
  const chunks = setup.slots.map(slotChunk);
  let sims: { index: number; sim: Simulation }[];
  try {
    const createSimulation = await kinds.load(setup.sims.map((s) => s.sim));
    sims = setup.sims.map((s) => {
      const info = findPolicy(s.policy);
      const ctx: PolicyContext = {
        capacity: s.capacity,
        unit: s.unit,
        seed: setup.seed,
        request: 0,
        nextAccess: info.offline ? nextAccess : null,
      };
      return { index: s.index, sim: createSimulation({ policy: info, params: s.params, ctx, writeMode: setup.writeMode, sim: s.sim, admission: s.admission }) };
    });
  } catch (e) {
    port.postMessage(errorMessage(e));
    return;
  }
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'chunk') {
        const c = chunks[m.slot]!;
        c.length = m.length;
        for (const { sim } of sims) {
          sim.grow(m.keyCount);
          sim.processChunk(c);
        }
        port.postMessage({ type: 'done', slot: m.slot } satisfies FromWorker);
      } else {
        for (const { sim } of sims) sim.finish();
        port.postMessage({
          type: 'results',
          counters: sims.map(({ index, sim }) => ({ index, counters: sim.counters, result: sim.result() })),
        } satisfies FromWorker);
        port.close();
      }
    } catch (e) {
      port.postMessage(errorMessage(e));
    }
  });
}

function errorMessage(e: unknown): FromWorker {
  const err = e as { message?: string; code?: string; exitCode?: number; stack?: string };
  return { type: 'error', message: err?.message ?? String(e), code: err?.code, exitCode: err?.exitCode, stack: err?.stack };
}
