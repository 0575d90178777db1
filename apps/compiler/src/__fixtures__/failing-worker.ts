// A render worker whose render of the first cluster it claims throws (render-pool.test.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput, WorkerMessage } from '../worker-pool.ts';

const input = workerData as WorkerInput;
const queue = new Int32Array(input.queue);
// As a render worker does: busy while it claims and renders (the main thread waits for it), then QUEUE.next.
Atomics.store(queue, input.busy, 1);
const index = Atomics.add(queue, 0, 1);
const error = new Error(`component demo failed: cannot render ${input.entries[index]?.name ?? ''}`);
const message: WorkerMessage = { index, failure: { message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) } };
parentPort?.postMessage(message);
