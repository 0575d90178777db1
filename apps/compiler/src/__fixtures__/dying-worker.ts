// A render worker that dies after claiming a cluster (render-pool.test.ts): the main thread must render it.
import { workerData } from 'node:worker_threads';
import type { WorkerInput } from '../render-pool.ts';

const input = workerData as WorkerInput;
Atomics.add(new Int32Array(input.queue), 0, 1); // QUEUE.next
throw new Error('worker died');
