/** The replay worker thread's entry: the engine's worker loop over the registry's simulation kinds. */
import { serveReplayWorker } from '../engine/worker.js';
import { SIMULATIONS } from './kinds.js';

void serveReplayWorker(SIMULATIONS);
