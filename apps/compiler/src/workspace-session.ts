import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component, ProfileFiles } from '@strata/core';
import { readProfiles } from './profiles.ts';
import type { SecretsInput } from './render.ts';
import { identitiesFromEnv, readSecretFiles } from './secrets/files.ts';
import { type ClusterEntry, findWorkspace, listClusters, selectClusters, type Workspace } from './workspace.ts';

/**
 * What a command knows before it loads any component: the workspace, its
 * clusters, profiles and age keys. Light on purpose (no components, models,
 * cdk8s or ajv): a render where nothing changed needs only this.
 */
export interface WorkspaceSession {
  readonly ws: Workspace;
  readonly all: readonly ClusterEntry[];
  readonly selected: readonly ClusterEntry[];
  /** The workspace's profiles (`clusters/_profiles/*.yaml`). */
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
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function openWorkspace(opts: SessionOptions): WorkspaceSession {
  const ws = findWorkspace(opts.cwd, opts.root);
  const all = listClusters(ws);
  const selected = selectClusters(all, opts.clusters);
  return { ws, all, selected, profiles: readProfiles(ws.root), wholeWorkspace: opts.clusters.length === 0, identities: identitiesFromEnv(opts.env ?? process.env) };
}

/** A cluster's `clusters/<name>/secrets/` files and the age keys at hand. */
export function readSecrets(session: WorkspaceSession, entry: ClusterEntry): SecretsInput {
  return { files: readSecretFiles(session.ws.root, entry.specFile), identities: session.identities };
}

export function readSpec(session: WorkspaceSession, entry: ClusterEntry): Uint8Array {
  return readFileSync(join(session.ws.root, entry.specFile));
}
