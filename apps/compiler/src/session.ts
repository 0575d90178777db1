import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Component, createSpecLoader, type Finding, type LoadResult, type ProfileFiles, type SpecLoader } from '@strata/core';
import { type RenderedCluster, renderCluster, type SecretsInput } from './render.ts';
import { readProfiles, withProfiles } from './profiles.ts';
import { identitiesFromEnv, readSecretFiles } from './secrets/files.ts';
import { since } from './report.ts';
import { fsReader } from './sources.ts';
import { diskValidatorCache } from './validator-cache.ts';
import { discoverComponents } from './components.ts';
import { type ClusterEntry, findWorkspace, listClusters, selectClusters, type Workspace } from './workspace.ts';

/** What every command starts from: the workspace, its clusters and the installed components. */
export interface Session {
  readonly ws: Workspace;
  readonly all: readonly ClusterEntry[];
  readonly selected: readonly ClusterEntry[];
  readonly components: readonly Component[];
  readonly loader: SpecLoader;
  /** The workspace's profiles (`clusters/_profiles/*.yaml`); the loader already passes them to every load. */
  readonly profiles: ProfileFiles;
  /** True when the command covers every cluster (no --cluster filter). */
  readonly wholeWorkspace: boolean;
  /** age identities from SOPS_AGE_KEY / SOPS_AGE_KEY_FILE, to verify SOPS MACs in full. */
  readonly identities: readonly string[];
}

export interface SessionOptions {
  readonly cwd: string;
  readonly root?: string;
  readonly clusters: readonly string[];
  /** Override discovery (tests render with fixture components). */
  readonly components?: readonly Component[];
  /** Environment to find age keys in; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const ws = findWorkspace(opts.cwd, opts.root);
  const all = listClusters(ws);
  const selected = selectClusters(all, opts.clusters);
  const components = opts.components ?? (await discoverComponents()).map((p) => p.component);
  const profiles = readProfiles(ws.root);
  const loader = withProfiles(createSpecLoader(components, { validators: diskValidatorCache(ws.root) }), profiles);
  return { ws, all, selected, components, loader, profiles, wholeWorkspace: opts.clusters.length === 0, identities: identitiesFromEnv(opts.env ?? process.env) };
}

/** A cluster's `clusters/<name>/secrets/` files and the age keys at hand. */
export function readSecrets(session: Session, entry: ClusterEntry): SecretsInput {
  return { files: readSecretFiles(session.ws.root, entry.specFile), identities: session.identities };
}

export function readSpec(session: Session, entry: ClusterEntry): Uint8Array {
  return readFileSync(join(session.ws.root, entry.specFile));
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

/** Renders the given clusters (default: every selected one) in memory; the caller decides what to do with errors. */
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
