// A validate worker thread (see validate/pool.ts): opens its own session on
// the workspace, then checks clusters from the shared queue until none is left.
import module from 'node:module';
import { workerData } from 'node:worker_threads';
import type { WorkerInput } from '../worker-pool.ts';
import type { CheckSetup } from './pool.ts';

const input = workerData as WorkerInput<CheckSetup>;
// Before anything else loads, as the bin does in the main thread.
if (input.compileCache !== undefined) module.enableCompileCache?.(input.compileCache);
(await import('../start-caches.ts')).installStartCaches({ owner: false });

const { serveQueue } = await import('../worker-pool.ts');
const { openCheckStep } = await import('./pool.ts');
await serveQueue(input, openCheckStep);
