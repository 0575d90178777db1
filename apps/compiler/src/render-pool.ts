import type { ClusterOutcome, RenderJob, RenderSummary } from './render-step.ts';
import type { Session } from './session.ts';
import { discardStaging } from './staging.ts';
import { QUEUE, runPool, type Step, workerCount } from './worker-pool.ts';
import type { WorkspaceSession } from './workspace-session.ts';

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

/**
 * A render step of `session`: once a cluster had an error nothing will be
 * written, so no thread compares or stages any more. The render code (cdk8s,
 * the engines) loads here, so that this module, and the workers it starts,
 * load before it.
 */
export async function renderStepOf(session: Session, stage: string | undefined, queue: Int32Array): Promise<Step<RenderJob, ClusterOutcome>> {
  const { renderStep } = await import('./render-step.ts');
  const wanted = (): boolean => Atomics.load(queue, QUEUE.failed) === 0;
  return (entry) => renderStep(session, entry, { ...(stage === undefined ? {} : { stage }), wanted });
}

/** A cluster with an error: nothing of the render will be written. */
export function renderFailed(outcome: ClusterOutcome): boolean {
  return outcome.findings.some((f) => f.severity === 'error');
}

/**
 * The main thread's session, or its workspace and how to open it: then the
 * workers start first and load their packages while this thread opens its
 * session, instead of after it (about a second of a second core on a large fleet).
 */
export type MainSession = Session | { readonly base: WorkspaceSession; readonly open: () => Promise<Session> };

/**
 * Renders `entries`, in worker threads too when `opts.workers` > 0. An error
 * thrown by a render is thrown here as in-process (see runPool), and nothing
 * staged is left. A worker that dies or cannot start costs only time.
 */
export async function renderAll(main: MainSession, entries: readonly RenderJob[], opts: PoolOptions): Promise<PoolResult> {
  const base = 'open' in main ? main.base : main;
  const paths = new Map<string, string>();
  const setup: RenderSetup = { root: base.ws.root, identities: base.identities, ...(opts.stage === undefined ? {} : { stage: opts.stage }) };
  return runPool(entries, {
    workers: opts.workers,
    script: opts.workerScript ?? new URL('./render-worker.ts', import.meta.url),
    setup,
    open: async (queue) => renderStepOf('open' in main ? await main.open() : main, opts.stage, queue),
    ...(opts.mainRenders === undefined ? {} : { mainWorks: opts.mainRenders }),
    failed: renderFailed,
    keep: (o) => (o.summary === undefined ? o : { ...o, summary: sharePaths(o.summary, paths) }),
    // Nothing is written: what was staged goes (a staging folder left without any is swept by the next render).
    discard: (done) => discardStaging(done.flatMap((o) => (o.summary === undefined ? [] : [o.summary]))),
  });
}

/**
 * The summary with its file paths shared with those of earlier summaries
 * (clusters built from the same profiles have mostly the same paths): what
 * the main thread keeps of 1,000 clusters until the end is then mostly one
 * copy of each path.
 */
export function sharePaths(summary: RenderSummary, paths: Map<string, string>): RenderSummary {
  const share = (list: readonly string[]): string[] =>
    list.map((p) => {
      const known = paths.get(p);
      if (known !== undefined) return known;
      paths.set(p, p);
      return p;
    });
  const { diff } = summary;
  return {
    ...summary,
    files: share(summary.files),
    diff: { missing: share(diff.missing), stale: share(diff.stale), extra: share(diff.extra), unchanged: diff.unchanged },
  };
}
