import type { Cluster } from '@strata/core';

// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { hash } = process.getBuiltinModule('node:crypto');

// The names, place and digest of a rendered folder, apart from render.ts: commands that only
// compare the workspace with what a render left (a render where nothing changed, the
// caches) or check it as committed (validate) load no render code, models or cdk8s.

/** Every rendered cluster folder's list of its files with their sha256 (and the profiles it was built from). */
export const INDEX_FILE = 'index.json';
/** The kustomization of each layer folder of a rendered cluster. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/** Hex sha256 of a text (as UTF-8) or bytes. One-shot `crypto.hash`: a render hashes every file it writes, mostly small. */
export function sha256(text: string | Uint8Array): string {
  return hash('sha256', text, 'hex');
}

/** Where a cluster renders: `spec.gitops.path`, default `rendered/<name>`. */
export function renderedPathOf(cluster: Cluster): string {
  return cluster.spec.gitops.path ?? `rendered/${cluster.metadata.name}`;
}
