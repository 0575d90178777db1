import { type ClusterOutcome, type RenderJob, renderStep, sharePaths } from './render-step.ts';
import type { Session } from './session.ts';
import { discardStaging } from './staging.ts';
import { QUEUE, runPool, type Step, workerCount } from './worker-pool.ts';

/**
 * Rendering across worker threads (the queue and the workers: worker-pool.ts).
 * Each worker opens its own session (components, profiles, spec loader) on
 * the same workspace, renders, compares with disk and stages like the main
 * thread ({@link renderStep}), and posts back only the small
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

/** Worker threads for a render of `clusters` clusters: one per {@link CLUSTERS_PER_WORKER}, at most one per further core, or `STRATA_WORKERS`. */
export function renderWorkers(env: Readonly<Record<string, string | undefined>>, clusters: number, cores?: number): number {
  return workerCount(env, clusters, CLUSTERS_PER_WORKER, cores);
}

/** What a render worker opens its session and step from (structured-cloned). */
export interface RenderSetup {
  readonly root: string;
  readonly identities: readonly string[];
  readonly stage?: string;
}

export interface PoolOptions {
  /** Worker threads besides the main thread ({@link renderWorkers}). */
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

/** A render step of `session`: once a cluster had an error nothing will be written, so no thread compares or stages any more. */
export function renderStepOf(session: Session, stage: string | undefined, queue: Int32Array): Step<RenderJob, ClusterOutcome> {
  const wanted = (): boolean => Atomics.load(queue, QUEUE.failed) === 0;
  return (entry) => renderStep(session, entry, { ...(stage === undefined ? {} : { stage }), wanted });
}

/** A cluster with an error: nothing of the render will be written. */
export function renderFailed(outcome: ClusterOutcome): boolean {
  return outcome.findings.some((f) => f.severity === 'error');
}

/**
 * Renders `entries`, in worker threads too when `opts.workers` > 0. An error
 * thrown by a render is thrown here as in-process (see runPool), and nothing
 * staged is left. A worker that dies or cannot start costs only time.
 */
export async function renderAll(session: Session, entries: readonly RenderJob[], opts: PoolOptions): Promise<PoolResult> {
  const paths = new Map<string, string>();
  const setup: RenderSetup = { root: session.ws.root, identities: session.identities, ...(opts.stage === undefined ? {} : { stage: opts.stage }) };
  return runPool(entries, {
    workers: opts.workers,
    script: opts.workerScript ?? new URL('./render-worker.ts', import.meta.url),
    setup,
    open: async (queue) => renderStepOf(session, opts.stage, queue),
    ...(opts.mainRenders === undefined ? {} : { mainWorks: opts.mainRenders }),
    failed: renderFailed,
    keep: (o) => (o.summary === undefined ? o : { ...o, summary: sharePaths(o.summary, paths) }),
    // Nothing is written: what was staged goes (a staging folder left without any is swept by the next render).
    discard: (done) => discardStaging(done.flatMap((o) => (o.summary === undefined ? [] : [o.summary]))),
  });
}
