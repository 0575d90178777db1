// A render worker thread (see render-pool.ts): opens its own session on the
// workspace, then takes clusters from the shared queue until none is left.
import module from 'node:module';
import { workerData } from 'node:worker_threads';
import type { RenderSetup } from './render-pool.ts';
import type { RenderJob } from './render-step.ts';
import type { WorkerInput } from './worker-pool.ts';

const input = workerData as WorkerInput<RenderSetup, RenderJob>;
// Before anything else loads, as the bin does in the main thread.
if (input.compileCache !== undefined) module.enableCompileCache?.(input.compileCache);
(await import('./start-caches.ts')).installStartCaches({ owner: false });

const { openSession } = await import('./session.ts');
const { renderFailed, renderStepOf } = await import('./render-pool.ts');
const { serveQueue } = await import('./worker-pool.ts');

await serveQueue(
  input,
  async (setup, queue) => {
    // The main thread's age identities, whatever environment this thread was given.
    const session = { ...(await openSession({ cwd: setup.root, root: setup.root, clusters: [] })), identities: setup.identities };
    return await renderStepOf(session, setup.stage, queue);
  },
  renderFailed,
);
