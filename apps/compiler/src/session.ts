import { type Component, createSpecLoader, type Finding, type LoadResult, type SpecLoader } from '@strata/core';
import { type RenderedCluster, renderCluster } from './render.ts';
import { withProfiles } from './profiles.ts';
import { since } from './report.ts';
import { fsReader } from './sources.ts';
import { diskValidatorCache } from './validator-cache.ts';
import { heapBudget } from './heap-budget.ts';
import { discoverComponents } from './components.ts';
import type { ClusterEntry } from './workspace.ts';
import { openWorkspace, readSecrets, readSpec, type SessionOptions, type WorkspaceSession } from './workspace-session.ts';

export { openWorkspace, readSecrets, readSpec, type SessionOptions, type WorkspaceSession } from './workspace-session.ts';

/** What every command starts from: the workspace, its clusters and the installed components. */
export interface Session extends WorkspaceSession {
  readonly components: readonly Component[];
  /** Loads a spec with its profiles merged (the workspace's profiles are passed to every load). */
  readonly loader: SpecLoader;
}

/** The session of `opts`; `base`, when the command already read the workspace, is reused as it is. */
export async function openSession(opts: SessionOptions, base: WorkspaceSession = openWorkspace(opts)): Promise<Session> {
  const components = opts.components ?? (await discoverComponents()).map((p) => p.component);
  const loader = withProfiles(createSpecLoader(components, { validators: diskValidatorCache(base.ws.root) }), base.profiles);
  return { ...base, components, loader };
}

/** Loads one cluster's spec (its profiles merged) as every command reads it. */
export function loadEntry(session: Session, entry: ClusterEntry): LoadResult {
  return session.loader.load({ file: entry.specFile, bytes: readSpec(session, entry), expectedName: entry.name });
}

/** One cluster rendered in memory, with the findings of its render (warnings only when it succeeded). */
export interface SessionRender {
  readonly cluster: RenderedCluster;
  readonly findings: readonly Finding[];
  readonly ms: number;
}

/**
 * Renders the given clusters one by one and hands each that passed to `visit`,
 * then lets it go: memory holds one cluster's render at a time. Returns every
 * finding (errors included; the caller decides what to do with them). Once a
 * cluster had an error, later ones are still rendered for their findings but
 * not visited.
 */
export async function renderEach(session: Session, entries: readonly ClusterEntry[], visit: (r: SessionRender) => void): Promise<Finding[]> {
  const findings: Finding[] = [];
  // Between two clusters nothing of the last render is live: keep the heap near what is (see heap-budget.ts).
  let budget: (() => void) | undefined;
  for (const entry of entries) {
    if (budget === undefined) budget = heapBudget();
    else budget();
    const start = performance.now();
    const result = await renderCluster(entry, readSpec(session, entry), session.loader, session.components, readSecrets(session, entry), fsReader(session.ws.root));
    findings.push(...result.findings);
    if (result.rendered !== undefined && !findings.some((f) => f.severity === 'error')) visit({ cluster: result.rendered, findings: result.findings, ms: since(start) });
  }
  return findings;
}

/** Renders the given clusters (default: every selected one) in memory, all kept; the caller decides what to do with errors. */
export async function renderSelected(
  session: Session,
  entries: readonly ClusterEntry[] = session.selected,
): Promise<{ rendered: SessionRender[]; findings: Finding[] }> {
  const findings: Finding[] = [];
  const rendered: SessionRender[] = [];
  for (const entry of entries) {
    const start = performance.now();
    const result = await renderCluster(entry, readSpec(session, entry), session.loader, session.components, readSecrets(session, entry), fsReader(session.ws.root));
    findings.push(...result.findings);
    if (result.rendered !== undefined) rendered.push({ cluster: result.rendered, findings: result.findings, ms: since(start) });
  }
  return { rendered, findings };
}
