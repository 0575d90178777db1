import type { ComponentSpec } from '@strata/core';
import { identitiesFromEnv } from '../secrets/files.ts';
import type { Session, SessionOptions } from '../session.ts';
import { fsReader } from '../sources.ts';
import { type PoolResult, runPool, type Step, workerCount } from '../worker-pool.ts';
import type { ClusterEntry } from '../workspace.ts';
import type { ClusterVerdict } from './cluster.ts';
import { type ProfileRecord, type ReadRecord, RecordingProfiles, RecordingReader } from './inputs.ts';

/**
 * Checking clusters across worker threads (the queue and the workers:
 * worker-pool.ts). Each worker opens its own session on the workspace and
 * checks the clusters it claims as the main thread does ({@link checkStepOf}),
 * recording what each check read; the verdicts and records come back by
 * index, so the report and the cache entries are those of a run in one thread.
 * What checking needs (the components' spec parts, the validators) is
 * imported only once the workers are started, so that the main thread's
 * start-up and theirs overlap.
 */

/**
 * Clusters each worker must have to pay for itself. A worker loads what
 * checking needs (the components' spec parts, the validators) and warms up
 * its own JIT, whose background compiling and collecting cost about as much
 * CPU again on the other core; a cluster takes 10–20 ms. On the 2-core
 * machine (idle at each start, other work on it), main thread + 1 worker
 * against the main thread alone, medians of 3: even at 100 and 150 clusters,
 * 7% faster at 200, 14% at 300, 11–27% at 1,000.
 */
export const CHECKS_PER_WORKER = 200;

/** Worker threads for checking `clusters` clusters: one per {@link CHECKS_PER_WORKER}, at most one per further core, or `STRATA_WORKERS`. */
export function checkWorkers(env: Readonly<Record<string, string | undefined>>, clusters: number, cores?: number): number {
  return workerCount(env, clusters, CHECKS_PER_WORKER, cores);
}

/** One cluster checked: its verdict, and what the check read, for its cache entry. */
export interface ClusterCheck {
  readonly verdict: ClusterVerdict;
  /** The profiles the spec loader looked up, with their state ({@link RecordingProfiles.take}). */
  readonly profiles: ProfileRecord;
  /** The workspace files the check read ({@link RecordingReader}). */
  readonly reads: ReadRecord;
}

/** What a validate worker opens its session from (structured-cloned). */
export interface CheckSetup {
  readonly root: string;
  /** The main thread's age identities, whatever environment the worker was given. */
  readonly identities: readonly string[];
}

/** The session validate checks clusters with, in the main thread and in each worker: the components' spec parts only (no render code). */
export async function openCheckSession(opts: SessionOptions): Promise<Session<ComponentSpec>> {
  const { openSession } = await import('../session.ts');
  return openSession(opts, { parts: 'spec' });
}

/** A worker's step: its own session on the workspace. */
export async function openCheckStep(setup: CheckSetup): Promise<Step<ClusterEntry, ClusterCheck>> {
  const session = await openCheckSession({ cwd: setup.root, root: setup.root, clusters: [] });
  return checkStepOf({ ...session, identities: setup.identities });
}

/**
 * Checks one cluster at a time with `session`, each with a fresh record of the
 * workspace files and profiles it reads (one {@link RecordingProfiles} for the
 * thread: the loader memoizes parsed profiles on it).
 */
export async function checkStepOf(session: Session<ComponentSpec>): Promise<Step<ClusterEntry, ClusterCheck>> {
  const { checkCluster } = await import('./cluster.ts');
  const profiles = new RecordingProfiles(session.profiles);
  const memo = new Map<string, string>();
  return async (entry) => {
    const reader = new RecordingReader(fsReader(session.ws.root));
    profiles.take();
    const verdict = await checkCluster(session, entry, { reader, profiles });
    return { verdict, profiles: profiles.take(memo), reads: reader.reads };
  };
}

export interface CheckOptions {
  /** Worker threads besides the main thread ({@link checkWorkers}). */
  readonly workers: number;
  /** Whether the main thread checks too (default true); tests turn it off to put every cluster through a worker. */
  readonly mainChecks?: boolean;
  /** The worker's script (default validate/worker.ts); tests pass one that dies. */
  readonly workerScript?: URL;
}

/**
 * Checks `entries` of the workspace at `root`, in worker threads too when
 * `pool.workers` > 0; one check per entry, in entry order. The workers are
 * started before this thread opens its session, so their start-up overlaps
 * its own. An error thrown by a check is thrown as in-process (the first in
 * entry order); a worker that dies costs only time.
 */
export async function checkAll(opts: SessionOptions, root: string, entries: readonly ClusterEntry[], pool: CheckOptions): Promise<PoolResult<ClusterCheck>> {
  return runPool(entries, {
    workers: pool.workers,
    script: pool.workerScript ?? new URL('./worker.ts', import.meta.url),
    setup: { root, identities: identitiesFromEnv(opts.env ?? process.env) } satisfies CheckSetup,
    open: async () => checkStepOf(await openCheckSession(opts)),
    ...(pool.mainChecks === undefined ? {} : { mainWorks: pool.mainChecks }),
  });
}
