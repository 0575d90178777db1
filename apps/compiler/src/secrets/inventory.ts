import { type Cluster, compareStrings, type Facts, type Finding, finding, formatPath, readerId, type SecretNeed, secretInventory } from '@strata/core';
import { engineSecrets } from '@strata/gitops/secrets';
import type { ProvidedSecret } from './gate.ts';
import { specPlace } from '../profiles.ts';

/**
 * Where a Secret the cluster needs comes from: `encrypted` (SOPS file in
 * clusters/<name>/secrets/), `generated` (something in the cluster writes it:
 * cert-manager), `bootstrap` (Flux's age key and Git credentials, made by hand once), `external`
 * (declared under spec.secrets.external), `missing` (none of these: a warning).
 * A provided file nothing reads is `unread`.
 */
export type SecretState = 'encrypted' | 'generated' | 'bootstrap' | 'external' | 'missing' | 'unread';

/** One row of `strata secrets`. */
export interface InventoryEntry extends SecretNeed {
  readonly state: SecretState;
  /** The SOPS file that provides it. */
  readonly file?: string;
  /** Who makes it, as `spec.secrets.external[].by` says. */
  readonly by?: string;
  /** A file in secrets/ provides a Secret the engine needs before it can read Git (an error). */
  readonly circular?: boolean;
}

/** The inventory of one cluster with each Secret's state. */
export function clusterInventory(cluster: Cluster, facts: Facts, provided: readonly ProvidedSecret[]): InventoryEntry[] {
  const extra = engineSecrets(cluster, { sops: provided.length > 0 });
  const bootstrap = new Set(extra.filter((r) => r.bootstrap === true).map((r) => `${r.namespace}/${r.name}`));
  const external = cluster.spec.secrets?.external ?? [];
  const needs = secretInventory(facts, extra);
  const rows: InventoryEntry[] = needs.map((need) => {
    const id = `${need.namespace}/${need.name}`;
    const file = provided.find((p) => p.namespace === need.namespace && p.secret === need.name)?.file;
    const ext = external.find((e) => e.namespace === need.namespace && e.name === need.name);
    const state: SecretState =
      file !== undefined ? 'encrypted' : bootstrap.has(id) ? 'bootstrap' : need.generatedBy !== undefined ? 'generated' : ext !== undefined ? 'external' : 'missing';
    const circular = file !== undefined && bootstrap.has(id);
    return { ...need, state, ...(file === undefined ? {} : { file }), ...(ext?.by === undefined ? {} : { by: ext.by }), ...(circular ? { circular } : {}) };
  });
  for (const p of provided) {
    if (rows.some((r) => r.namespace === p.namespace && r.name === p.secret)) continue;
    rows.push({
      namespace: p.namespace,
      name: p.secret,
      keys: p.keys,
      readers: [],
      purpose: 'provided in secrets/; no rendered object reads it (an app deployed outside strata may)',
      create: '',
      components: [],
      path: [],
      state: 'unread',
      file: p.file,
    });
  }
  return rows.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name));
}

/** A key a reader needs that the provided file lacks. */
function missingKeys(entry: InventoryEntry, provided: readonly ProvidedSecret[]): string[] {
  const p = provided.find((x) => x.file === entry.file);
  return p === undefined ? [] : entry.keys.filter((k) => !p.keys.includes(k));
}

/**
 * Warnings about the inventory: a Secret nobody provides (naming the objects
 * that will fail without it), a provided file that lacks a key a reader
 * needs, and an external declaration nothing reads.
 */
export function inventoryFindings(cluster: Cluster, specFile: string, inventory: readonly InventoryEntry[], provided: readonly ProvidedSecret[], locate?: (path: readonly (string | number)[]) => { line: number; column: number; file?: string } | undefined): Finding[] {
  const out: Finding[] = [];
  // A path set in a profile is reported at the profile's line, naming the cluster.
  const where = (path: readonly (string | number)[]) =>
    path.length === 0 ? { file: specFile } : { ...specPlace(specFile, cluster.metadata.name, locate, path), path: formatPath(path) };
  for (const e of inventory) {
    const readers = [...new Set(e.readers.map(readerId))].join(', ');
    if (e.state === 'missing') {
      out.push(
        finding('SECRET_MISSING', `Secret ${e.namespace}/${e.name} (keys: ${e.keys.join(', ')}) is neither in clusters/${cluster.metadata.name}/secrets/ nor in spec.secrets.external: ${readers} will fail without it; make it with: ${e.create}`, {
          severity: 'warning',
          ...where(e.path),
        }),
      );
    }
    if (e.circular === true) {
      out.push(finding('SECRET_BOOTSTRAP', `Secret ${e.namespace}/${e.name} cannot come from secrets/: ${readers} need${readers.includes(', ') ? '' : 's'} it before anything in Git can be read or decrypted`, { file: e.file ?? specFile, line: 1, column: 1 }));
    }
    const lacking = e.state === 'encrypted' ? missingKeys(e, provided) : [];
    if (lacking.length > 0) {
      out.push(finding('SECRET_MISSING', `Secret ${e.namespace}/${e.name} lacks key${lacking.length === 1 ? '' : 's'} ${lacking.join(', ')}, which ${readers} need${readers.includes(', ') ? '' : 's'}`, { severity: 'warning', file: e.file ?? specFile, line: 1, column: 1 }));
    }
  }
  (cluster.spec.secrets?.external ?? []).forEach((ext, i) => {
    if (inventory.some((e) => e.namespace === ext.namespace && e.name === ext.name && e.state === 'external')) return;
    const provided = inventory.find((e) => e.namespace === ext.namespace && e.name === ext.name);
    const message =
      provided === undefined
        ? `Secret ${ext.namespace}/${ext.name} is declared external, but no rendered object reads it`
        : `Secret ${ext.namespace}/${ext.name} is declared external, but it is ${provided.state === 'encrypted' ? `provided in ${provided.file}` : `${provided.state} (${provided.generatedBy ?? 'made at bootstrap'})`}`;
    out.push(finding('SECRET_EXTERNAL_UNUSED', message, { severity: 'warning', ...where(['spec', 'secrets', 'external', i]) }));
  });
  return out;
}

/** The inventory as the index records it: identity, keys, state and readers, no values. */
export function indexSecrets(inventory: readonly InventoryEntry[]): Record<string, unknown>[] {
  return inventory.map((e) => ({
    namespace: e.namespace,
    name: e.name,
    keys: [...e.keys],
    state: e.state,
    readers: e.readers.map(readerId),
    ...(e.file === undefined ? {} : { file: e.file }),
  }));
}
