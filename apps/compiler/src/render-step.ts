import { join } from 'node:path';
import type { Finding } from '@strata/core';
import { INDEX_FILE } from './layout.ts';
import { renderCluster, type Waived } from './render.ts';
import type { Session } from './session.ts';
import { readSecrets, readSpec } from './workspace-session.ts';
import { fsReader } from './sources.ts';
import { type Staged, stageCluster } from './staging.ts';
import { compareTree, type DiskHint, innerPrint, isClean, type TreeDiff } from './tree.ts';
import type { ClusterEntry } from './workspace.ts';

/**
 * What `strata render` keeps of a cluster once it rendered and passed: names,
 * hashes and counts, never the files' contents, so memory does not grow with
 * the fleet. Plain data: it crosses a worker boundary as it is.
 */
export interface RenderSummary {
  readonly name: string;
  readonly renderedPath: string;
  readonly objects: number;
  /** Every file of the render (index.json included), in render order. */
  readonly files: readonly string[];
  /** sha256 of the rendered index.json. */
  readonly index: string;
  /** The profiles the render was built from, as its index records them. */
  readonly profiles: readonly { readonly file: string; readonly sha256: string }[];
  readonly waived: readonly Waived[];
  /** How rendered/ on disk differs from the render. */
  readonly diff: TreeDiff;
  /** The staged folder (absolute) when the render differs from disk and is to be written. */
  readonly staged?: string;
  /** The folder staging had to create (see {@link Staged}). */
  readonly made?: string;
  /**
   * {@link innerPrint} of the folder as it will be once written (the staged
   * folder), or as it is when it matches the render: taken here, in parallel,
   * rather than by the main thread at the end.
   */
  readonly print?: string;
}

/** A cluster to render, with what the render cache knows of its folder on disk (plain data: it crosses to a worker). */
export interface RenderJob extends ClusterEntry {
  readonly disk?: DiskHint;
}

/** One cluster's render: its findings (errors or warnings), and its summary when it passed. */
export interface ClusterOutcome {
  readonly findings: readonly Finding[];
  readonly summary?: RenderSummary;
  /** Time of the render itself (not the comparison with disk). */
  readonly ms: number;
}

export interface StepOptions {
  /** Staging tag ({@link stageCluster}) when changed clusters are to be written; undefined under --check. */
  readonly stage?: string;
  /** False once any cluster had an error: nothing will be written, so the comparison and staging are skipped. */
  readonly wanted?: () => boolean;
}

/**
 * Renders one cluster, compares it with its folder on disk and, when it changed
 * and is to be written, stages its files; returns what is left to report. The
 * contents are dropped with the render.
 */
export async function renderStep(session: Session, entry: RenderJob, opts: StepOptions): Promise<ClusterOutcome> {
  const root = session.ws.root;
  const start = performance.now();
  const result = await renderCluster(entry, readSpec(session, entry), session.loader, session.components, readSecrets(session, entry), fsReader(root));
  const ms = Math.round(performance.now() - start);
  const cluster = result.rendered;
  if (cluster === undefined || (opts.wanted !== undefined && !opts.wanted())) return { findings: result.findings, ms };
  const index = cluster.files.find((f) => f.path === INDEX_FILE);
  const profiles = index === undefined ? [] : ((JSON.parse(index.content) as { profiles?: { file: string; sha256: string }[] }).profiles ?? []);
  const { diff, inner } = compareTree(root, cluster, entry.disk);
  let staged: Staged | undefined;
  if (opts.stage !== undefined && !isClean(diff)) {
    // What the comparison found byte-identical on disk is linked, not written again.
    const rewritten = new Set([...diff.missing, ...diff.stale]);
    staged = stageCluster(root, opts.stage, entry.name, cluster.renderedPath, cluster.files, (path) => !rewritten.has(path));
  }
  const paths = cluster.files.map((f) => f.path);
  // The folder's print: the staged one's, or, when it matches the render, the one the comparison took (or its own).
  const print = staged !== undefined ? innerPrint(staged.staged, paths) : isClean(diff) ? (inner ?? innerPrint(join(root, cluster.renderedPath), paths)) : undefined;
  const summary: RenderSummary = {
    name: cluster.name,
    renderedPath: cluster.renderedPath,
    objects: cluster.objectCount,
    files: paths,
    index: index?.sha256 ?? '',
    profiles: profiles.map((p) => ({ file: p.file, sha256: p.sha256 })),
    waived: cluster.waived,
    diff,
    ...staged,
    ...(print === undefined ? {} : { print }),
  };
  return { findings: result.findings, summary, ms };
}
