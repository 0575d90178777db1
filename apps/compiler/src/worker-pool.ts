import module from 'node:module';
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { type Finding, StrataError } from '@strata/core/errors';
import { bundledWorker } from './code-bundle.ts';
import type { ClusterEntry } from './workspace.ts';
import { UsageError } from './workspace.ts';

/**
 * Work on clusters across worker threads, shared by `strata render`
 * (render-pool.ts) and `strata validate` (validate/pool.ts). The main thread
 * and the workers take clusters one at a time from a shared queue (an atomic
 * counter over a SharedArrayBuffer); each worker opens its own session on the
 * same workspace, does to its cluster what the main thread would
 * ({@link Step}), and posts back only the outcome, plain data. Outcomes are
 * kept by index, so whatever the scheduling, the results are those of a run
 * in one thread.
 */

/** One cluster's work in one thread; the entry and the outcome cross a worker boundary as they are (structured clone). */
export type Step<E extends ClusterEntry, O> = (entry: E) => Promise<O>;

/** Slots of the Int32Array over the SharedArrayBuffer the threads of one run share. */
export const QUEUE = {
  /** The next entry to claim (each thread takes one at a time: no thread idles while another has a backlog). */
  next: 0,
  /** Set when a step threw (an internal error): no thread claims another cluster. */
  stop: 1,
  /** Set when an outcome is a failure ({@link PoolOptions.failed}); a step may then do less (render: nothing will be written). */
  failed: 2,
  /** Then one slot per worker, set while it claims and works on a cluster (not while it starts or waits). */
  busy: 3,
} as const;

/** The size of the queue of a run with `workers` worker threads. */
export function queueSlots(workers: number): number {
  return QUEUE.busy + workers;
}

/**
 * How many worker threads a run over `clusters` clusters uses besides the main
 * thread: `STRATA_WORKERS` when set (0: the main thread only), else one per
 * further core (`os.availableParallelism()`), and only as many as there are
 * `perWorker` clusters for (what a worker must have to pay for its start-up).
 * A one-cluster run never starts one.
 */
export function workerCount(env: Readonly<Record<string, string | undefined>>, clusters: number, perWorker: number, cores = availableParallelism()): number {
  const forced = env.STRATA_WORKERS;
  if (forced !== undefined && forced !== '') {
    if (!/^\d+$/.test(forced)) throw new UsageError(`STRATA_WORKERS must be a whole number of worker threads (0: work in the main thread only), not "${forced}"`);
    return Math.min(Number(forced), clusters);
  }
  return Math.max(0, Math.min(cores - 1, Math.floor(clusters / perWorker)));
}

/** The young generation of a worker, in MB. */
const WORKER_YOUNG_MB = 16;

/** What a worker is started with (structured-cloned). */
export interface WorkerInput<S = unknown, E extends ClusterEntry = ClusterEntry> {
  readonly entries: readonly E[];
  readonly queue: SharedArrayBuffer;
  /** This worker's slot in the queue (QUEUE.busy + its number). */
  readonly busy: number;
  /** Node's compile-cache folder when the main thread has it on (the bin does). */
  readonly compileCache?: string;
  /** What the worker opens its session and step from. */
  readonly setup: S;
}

/** What a worker posts back, one message per claimed cluster. */
export type WorkerMessage<O = unknown> = { readonly index: number; readonly outcome: O } | { readonly index: number; readonly failure: WorkerFailure };

/** An error thrown inside a worker, as data. */
export interface WorkerFailure {
  readonly message: string;
  readonly stack?: string;
  readonly findings?: readonly Finding[];
}

export function toFailure(err: unknown): WorkerFailure {
  if (err instanceof StrataError) return { message: err.message, findings: err.findings };
  if (err instanceof Error) return { message: err.message, ...(err.stack === undefined ? {} : { stack: err.stack }) };
  return { message: String(err) };
}

/** The error as the main thread throws it: the same message (and findings) as in-process, the worker's stack for --debug. */
function revive(f: WorkerFailure): Error {
  if (f.findings !== undefined) return new StrataError(f.findings);
  const err = new Error(f.message);
  if (f.stack !== undefined) err.stack = f.stack;
  return err;
}

/** What a thread reports of one claimed cluster. */
export type QueueReport<O> = { readonly index: number; readonly outcome: O } | { readonly index: number; readonly error: unknown };

/**
 * Claims entries one by one from the shared queue and runs `step` on each,
 * until none is left or a step threw. Every thread of a run (the main one
 * included) runs this loop on the same queue; which thread takes which cluster
 * does not change any result (each is worked on from its own inputs and
 * reported by index).
 */
export async function drainQueue<E extends ClusterEntry, O>(
  entries: readonly E[],
  queue: Int32Array,
  step: Step<E, O>,
  report: (r: QueueReport<O>) => void,
  opts: {
    readonly failed?: ((outcome: O) => boolean) | undefined;
    /** A worker's slot in the queue ({@link QUEUE}.busy + its number). */
    readonly busy?: number;
  } = {},
): Promise<void> {
  const working = (on: boolean): void => {
    if (opts.busy !== undefined) Atomics.store(queue, opts.busy, on ? 1 : 0);
  };
  try {
    for (;;) {
      if (Atomics.load(queue, QUEUE.stop) !== 0) return;
      working(true);
      const index = Atomics.add(queue, QUEUE.next, 1);
      if (index >= entries.length) return;
      try {
        const outcome = await step(entries[index]!);
        if (opts.failed?.(outcome) === true) Atomics.store(queue, QUEUE.failed, 1);
        report({ index, outcome });
      } catch (error) {
        Atomics.store(queue, QUEUE.stop, 1);
        report({ index, error });
        return;
      }
      working(false);
    }
  } finally {
    working(false);
  }
}

export interface PoolOptions<E extends ClusterEntry, O, S> {
  /** Worker threads besides the main thread ({@link workerCount}). */
  readonly workers: number;
  /** The worker's script: a module that calls {@link serveQueue} with the same kind of step. */
  readonly script: URL;
  /** What each worker opens its session and step from (structured-cloned). */
  readonly setup: S;
  /** This thread's step, opened after the workers were started (so their start-up overlaps this thread's). */
  readonly open: (queue: Int32Array) => Promise<Step<E, O>>;
  /** Whether the main thread works too (default true); tests turn it off to put every cluster through a worker. */
  readonly mainWorks?: boolean;
  /** An outcome that sets {@link QUEUE}.failed for every thread. */
  readonly failed?: (outcome: O) => boolean;
  /** What is kept of an outcome as it arrives, from any thread (default: all of it). */
  readonly keep?: (outcome: O) => O;
  /** Called with the outcomes so far before an error is thrown (render: remove what was staged). */
  readonly discard?: (done: readonly O[]) => void;
}

export interface PoolResult<O> {
  /** One outcome per entry, in entry order. */
  readonly outcomes: O[];
  /** How many clusters the worker threads did. */
  readonly inWorkers: number;
}

/**
 * Runs a step on each of `entries`, in worker threads too when `opts.workers`
 * > 0. An error thrown by a step is thrown here as in-process: the first in
 * entry order (every cluster before it was claimed earlier, so it was done
 * too). A worker that dies or cannot start costs only time: whatever it left
 * undone is done in this thread.
 */
export async function runPool<E extends ClusterEntry, O, S>(entries: readonly E[], opts: PoolOptions<E, O, S>): Promise<PoolResult<O>> {
  const queue = new Int32Array(new SharedArrayBuffer(queueSlots(opts.workers) * Int32Array.BYTES_PER_ELEMENT));
  const outcomes: (O | undefined)[] = Array.from({ length: entries.length }, () => undefined);
  const errors = new Map<number, unknown>();
  let inWorkers = 0;
  const take = (r: QueueReport<O>): void => {
    if (!('outcome' in r)) errors.set(r.index, r.error);
    else outcomes[r.index] = opts.keep === undefined ? r.outcome : opts.keep(r.outcome);
  };
  const compileCache = module.getCompileCacheDir?.();
  const input: Omit<WorkerInput<S, E>, 'busy'> = {
    entries,
    queue: queue.buffer as SharedArrayBuffer,
    setup: opts.setup,
    ...(compileCache === undefined ? {} : { compileCache }),
  };
  const workers = Array.from({ length: opts.workers }, (_, n) =>
    startWorker<O>(opts.script, { ...input, busy: QUEUE.busy + n }, (m) => {
      if ('outcome' in m) inWorkers++;
      take('outcome' in m ? m : { index: m.index, error: revive(m.failure) });
    }),
  );
  const exited = Promise.all(workers.map((w) => w.exited));
  let step: Step<E, O> | undefined;
  try {
    if (opts.mainWorks !== false || opts.workers === 0) {
      step = await opts.open(queue);
      await drainQueue(entries, queue, step, take, { failed: opts.failed });
      // Every cluster is claimed: a worker still starting, or between two clusters, has nothing left to do.
      for (const [n, w] of workers.entries()) if (Atomics.load(queue, QUEUE.busy + n) === 0) void w.worker?.terminate();
    }
    await exited;
    // In entry order: the first error is thrown; a cluster nobody finished (a worker died) is done here.
    for (const [index, entry] of entries.entries()) {
      if (errors.has(index)) throw errors.get(index);
      if (outcomes[index] === undefined) {
        step ??= await opts.open(queue);
        outcomes[index] = await step(entry);
      }
    }
  } catch (err) {
    // This thread could not open its step (or a step threw): no worker claims another cluster.
    Atomics.store(queue, QUEUE.stop, 1);
    await exited;
    opts.discard?.(outcomes.filter((o) => o !== undefined));
    throw err;
  }
  return { outcomes: outcomes as O[], inWorkers };
}

/** Starts one worker; `exited` resolves when it has stopped (its messages are all delivered by then). */
function startWorker<O>(script: URL, input: WorkerInput<unknown, ClusterEntry>, onMessage: (m: WorkerMessage<O>) => void): { worker?: Worker; exited: Promise<void> } {
  let worker: Worker;
  try {
    // A smaller young generation than the main thread's (the bin's --max-semi-space-size=16): about 25 MB less per
    // worker at no measurable cost; the old generation is kept in check by the heap growing factor (heap-budget.ts).
    worker = new Worker(bundledWorker(script), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  } catch {
    return { exited: Promise.resolve() };
  }
  worker.on('message', onMessage);
  // An uncaught error ends the worker; what it claimed and did not report is done in the main thread.
  worker.on('error', () => undefined);
  return { worker, exited: new Promise((resolve) => worker.on('exit', () => resolve())) };
}

/**
 * The body of a worker thread: opens its step (its own session), then
 * claims clusters from the shared queue until none is left, posting each
 * outcome (or the error, as data) to the main thread.
 */
export async function serveQueue<E extends ClusterEntry, O, S>(
  input: WorkerInput<S, E>,
  open: (setup: S, queue: Int32Array) => Promise<Step<E, O>>,
  failed?: (outcome: O) => boolean,
): Promise<void> {
  const queue = new Int32Array(input.queue);
  const step = await open(input.setup, queue);
  await drainQueue(
    input.entries,
    queue,
    step,
    (r) => {
      const message: WorkerMessage<O> = 'outcome' in r ? r : { index: r.index, failure: toFailure(r.error) };
      parentPort?.postMessage(message);
    },
    { failed, busy: input.busy },
  );
}
