import module from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Finding, StrataError } from '@strata/core';
import { type ClusterOutcome, drainQueue, QUEUE, type QueueReport, queueSlots, type RenderJob, renderStep, sharePaths } from './render-step.ts';
import type { Session } from './session.ts';
import { discardStaging } from './staging.ts';
import type { ClusterEntry } from './workspace.ts';
import { UsageError } from './workspace.ts';

/**
 * Rendering across worker threads. The main thread and the workers take
 * clusters one at a time from a shared queue (an atomic counter over a
 * SharedArrayBuffer); each worker opens its own session (components, profiles,
 * spec loader) on the same workspace, renders, compares with disk and stages
 * like the main thread ({@link renderStep}), and posts back only the small
 * {@link ClusterOutcome}. Results are kept by index, so findings, reports and
 * the bytes written are those of an in-process render whatever the scheduling.
 */

/**
 * Clusters each worker must have to pay for itself. A worker loads every
 * package and opens a session (~1 s of CPU) and renders its first clusters
 * cold; on the 2-core machine, with other work on it, two render threads gave
 * no gain at 16–64 clusters, 12–25% at 100–300 and 22–30% at 1,000 (they also
 * slow each other: 25% more CPU in all).
 */
export const CLUSTERS_PER_WORKER = 64;

/**
 * How many worker threads a render of `clusters` clusters uses besides the main
 * thread: `STRATA_WORKERS` when set (0 renders in this thread only), else one
 * per further core (`os.availableParallelism()`), and only as many as there
 * are {@link CLUSTERS_PER_WORKER} clusters for. A one-cluster render never
 * starts one.
 */
export function workerCount(env: Readonly<Record<string, string | undefined>>, clusters: number, cores = availableParallelism()): number {
  const forced = env.STRATA_WORKERS;
  if (forced !== undefined && forced !== '') {
    if (!/^\d+$/.test(forced)) throw new UsageError(`STRATA_WORKERS must be a whole number of worker threads (0: render in the main thread only), not "${forced}"`);
    return Math.min(Number(forced), clusters);
  }
  return Math.max(0, Math.min(cores - 1, Math.floor(clusters / CLUSTERS_PER_WORKER)));
}

/** The young generation of a worker, in MB. */
const WORKER_YOUNG_MB = 16;

/** What a worker is started with (structured-cloned). */
export interface WorkerInput {
  readonly root: string;
  readonly identities: readonly string[];
  readonly entries: readonly RenderJob[];
  readonly queue: SharedArrayBuffer;
  /** This worker's slot in the queue (QUEUE.busy + its number). */
  readonly busy: number;
  readonly stage?: string;
  /** Node's compile-cache folder when the main thread has it on (the bin does). */
  readonly compileCache?: string;
}

/** What a worker posts back, one message per claimed cluster. */
export type WorkerMessage = { readonly index: number; readonly outcome: ClusterOutcome } | { readonly index: number; readonly failure: WorkerFailure };

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

export interface PoolOptions {
  /** Worker threads besides the main thread ({@link workerCount}). */
  readonly workers: number;
  /** Staging tag when changed clusters are to be written (see staging.ts); undefined under --check. */
  readonly stage?: string;
  /** Whether the main thread renders too (default true); tests turn it off to put every cluster through a worker. */
  readonly mainRenders?: boolean;
  /** The worker's script (default render-worker.ts); tests pass one that fails. */
  readonly workerScript?: URL;
}

export interface PoolResult {
  /** One outcome per entry, in entry order. */
  readonly outcomes: ClusterOutcome[];
  /** How many clusters the worker threads rendered. */
  readonly inWorkers: number;
}

/**
 * Renders `entries`, in worker threads too when `opts.workers` > 0. An error
 * thrown by a render is thrown here as in-process: the first in entry order
 * (every cluster before it was claimed earlier, so it was rendered too). A
 * worker that dies or cannot start costs only time: whatever it left undone is
 * rendered in this thread.
 */
export async function renderAll(session: Session, entries: readonly RenderJob[], opts: PoolOptions): Promise<PoolResult> {
  const queue = new Int32Array(new SharedArrayBuffer(queueSlots(opts.workers) * Int32Array.BYTES_PER_ELEMENT));
  const outcomes: (ClusterOutcome | undefined)[] = Array.from({ length: entries.length }, () => undefined);
  const errors = new Map<number, unknown>();
  let inWorkers = 0;
  const paths = new Map<string, string>();
  const take = (r: QueueReport): void => {
    if (!('outcome' in r)) errors.set(r.index, r.error);
    else outcomes[r.index] = r.outcome.summary === undefined ? r.outcome : { ...r.outcome, summary: sharePaths(r.outcome.summary, paths) };
  };
  const input: Omit<WorkerInput, 'busy'> = {
    root: session.ws.root,
    identities: session.identities,
    entries,
    queue: queue.buffer as SharedArrayBuffer,
    ...(opts.stage === undefined ? {} : { stage: opts.stage }),
    ...(module.getCompileCacheDir?.() === undefined ? {} : { compileCache: module.getCompileCacheDir() }),
  };
  const workers = Array.from({ length: opts.workers }, (_, n) =>
    startWorker(opts.workerScript ?? new URL('./render-worker.ts', import.meta.url), { ...input, busy: QUEUE.busy + n }, (m) => {
      if ('outcome' in m) inWorkers++;
      take('outcome' in m ? m : { index: m.index, error: revive(m.failure) });
    }),
  );
  const exited = Promise.all(workers.map((w) => w.exited));
  try {
    if (opts.mainRenders !== false || opts.workers === 0) {
      await drainQueue(session, entries, queue, opts.stage, take);
      // Every cluster is claimed: a worker still starting, or between two clusters, has nothing left to do.
      for (const [n, w] of workers.entries()) if (Atomics.load(queue, QUEUE.busy + n) === 0) void w.worker?.terminate();
    }
    await exited;
    // In entry order: the first error is thrown; a cluster nobody finished (a worker died) is rendered here.
    for (const [index, entry] of entries.entries()) {
      if (errors.has(index)) throw errors.get(index);
      outcomes[index] ??= await renderStep(session, entry, opts.stage === undefined ? {} : { stage: opts.stage });
    }
  } catch (err) {
    await exited;
    // Nothing is written: what was staged goes (a staging folder left without any is swept by the next render).
    discardStaging(outcomes.flatMap((o) => (o?.summary === undefined ? [] : [o.summary])));
    throw err;
  }
  return { outcomes: outcomes as ClusterOutcome[], inWorkers };
}

/** Starts one worker; `exited` resolves when it has stopped (its messages are all delivered by then). */
function startWorker(script: URL, input: WorkerInput, onMessage: (m: WorkerMessage) => void): { worker?: Worker; exited: Promise<void> } {
  let worker: Worker;
  try {
    // A smaller young generation than the main thread's (the bin's --max-semi-space-size=16): about 25 MB less per
    // worker at no measurable cost; the old generation is kept in check by the heap budget (heap-budget.ts).
    worker = new Worker(script, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  } catch {
    return { exited: Promise.resolve() };
  }
  worker.on('message', onMessage);
  // An uncaught error ends the worker; what it claimed and did not report is rendered in the main thread.
  worker.on('error', () => undefined);
  return { worker, exited: new Promise((resolve) => worker.on('exit', () => resolve())) };
}
