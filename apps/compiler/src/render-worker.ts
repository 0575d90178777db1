// A render worker thread (see render-pool.ts): opens its own session on the
// workspace, then takes clusters from the shared queue until none is left.
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput, WorkerMessage } from './render-pool.ts';

const input = workerData as WorkerInput;
// Before anything else loads, as the bin does in the main thread.
if (input.compileCache !== undefined) module.enableCompileCache?.(input.compileCache);

const { openSession } = await import('./session.ts');
const { drainQueue } = await import('./render-step.ts');
const { toFailure } = await import('./render-pool.ts');

// The main thread's age identities, whatever environment this thread was given.
const session = { ...(await openSession({ cwd: input.root, root: input.root, clusters: [] })), identities: input.identities };
await drainQueue(
  session,
  input.entries,
  new Int32Array(input.queue),
  input.stage,
  (r) => {
    const message: WorkerMessage = 'outcome' in r ? r : { index: r.index, failure: toFailure(r.error) };
    parentPort?.postMessage(message);
  },
  input.busy,
);
