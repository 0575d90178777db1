import { type Component, type ComponentSpec, createSpecLoader, type Finding, type LoadResult, type SpecLoader } from '@strata/core';
import type { RenderedCluster } from './render.ts';
import { withProfiles } from './profiles.ts';
import { since } from './report.ts';
import { fsReader } from './sources.ts';
import { diskValidatorCache } from './validator-cache.ts';
import { type ComponentParts, discoverComponents, type PartsOf } from './components.ts';
import type { ClusterEntry } from './workspace.ts';
import { openWorkspace, readSecrets, readSpec, type SessionOptions, type WorkspaceSession } from './workspace-session.ts';

export { openWorkspace, readSecrets, readSpec, type SessionOptions, type WorkspaceSession } from './workspace-session.ts';

/**
 * What every command starts from: the workspace, its clusters and the
 * installed components, whole (`Session`) or only their spec parts
 * (`Session<ComponentSpec>`, for commands that load and check specs but
 * never render, explain or finalize).
 */
export interface Session<C extends ComponentSpec = Component> extends WorkspaceSession {
  readonly components: readonly C[];
  /** Loads a spec with its profiles merged (the workspace's profiles are passed to every load). */
  readonly loader: SpecLoader;
}

/** How {@link openSession} opens. */
export interface OpenOptions<P extends ComponentParts> {
  /** The workspace, when the command already read it: reused as it is. */
  readonly base?: WorkspaceSession;
  /** `spec`: each component's light spec entry only, so no render code, models or cdk8s load (validate). Default `full`. */
  readonly parts?: P;
}

/** The session of `opts`, with whole components or, with `parts: 'spec'`, their spec parts. */
export async function openSession<P extends ComponentParts = 'full'>(opts: SessionOptions, open: OpenOptions<P> = {}): Promise<Session<PartsOf<P>>> {
  const base = open.base ?? openWorkspace(opts);
  // Test components are whole, so they serve either kind of session.
  const components = (opts.components as readonly PartsOf<P>[] | undefined) ?? (await discoverComponents<P>(open.parts === undefined ? {} : { parts: open.parts })).map((p) => p.component);
  const loader = withProfiles(createSpecLoader(components, { validators: diskValidatorCache(base.ws.root) }), base.profiles);
  return { ...base, components, loader };
}

/** Loads one cluster's spec (its profiles merged) as every command reads it. */
export function loadEntry(session: Session<ComponentSpec>, entry: ClusterEntry): LoadResult {
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
  // Loaded here, not with the session: commands that only load specs (validate) never pull in render code, cdk8s or the engines.
  const { renderCluster } = await import('./render.ts');
  const findings: Finding[] = [];
  for (const entry of entries) {
    const start = performance.now();
    const result = await renderCluster(entry, readSpec(session, entry), session.loader, session.components, readSecrets(session, entry), fsReader(session.ws.root));
    findings.push(...result.findings);
    if (result.rendered !== undefined && !findings.some((f) => f.severity === 'error')) visit({ cluster: result.rendered, findings: result.findings, ms: since(start) });
  }
  return findings;
}
