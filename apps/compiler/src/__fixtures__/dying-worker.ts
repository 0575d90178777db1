// A pool worker that dies after claiming a cluster (render-pool.test.ts, validate/pool.test.ts): the main thread must do it.
import { workerData } from 'node:worker_threads';
import type { WorkerInput } from '../worker-pool.ts';

const input = workerData as WorkerInput;
Atomics.add(new Int32Array(input.queue), 0, 1); // QUEUE.next
throw new Error('worker died');
