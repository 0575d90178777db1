import type { Construct } from 'constructs';
import { type Cluster, type ComponentChart, type Finding, finding, formatPath, LAYERS, type ManifestEntry, type Position, type SpecPath } from '@strata/core';
import type { EngineAdapter } from '@strata/gitops';
import { objectId } from '@strata/validate';
import { type K8sObject, objectPath } from './files.ts';
import { loadManifests, MANIFESTS_COMPONENT, type ManifestObject, parsePath, type WorkspaceReader } from './manifests.ts';
import { releasesOf, renderReleases } from './releases.ts';

/** Namespaces that exist in every cluster; manifests never get a Namespace object for them. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** What `spec.releases` and `spec.manifests` add to one cluster's render. */
export interface Workloads {
  /** The releases' chart (Helm installs through the engine adapter), when there are releases. */
  readonly chart?: ComponentChart;
  readonly manifests: readonly ManifestObject[];
  /** CRDs read for validation only (`spec.releases[].crdSchemas`). */
  readonly crdSchemas: readonly unknown[];
  /**
   * Namespaces manifest objects live in that nothing else creates (no Helm
   * install targets them, no manifest defines them): the compiler renders them
   * beside the components' app namespaces.
   */
  readonly namespaces: readonly string[];
  readonly findings: readonly Finding[];
}

/**
 * Built-in kinds that live in a namespace. A manifest object of one of these
 * (or of a CRD kind whose CRD says `scope: Namespaced`) without
 * `metadata.namespace` would land wherever the engine's apply defaults to.
 */
const NAMESPACED_KINDS = new Set([
  'ConfigMap', 'CronJob', 'DaemonSet', 'Deployment', 'Endpoints', 'EndpointSlice', 'HorizontalPodAutoscaler', 'Ingress', 'Job',
  'Lease', 'LimitRange', 'NetworkPolicy', 'PersistentVolumeClaim', 'Pod', 'PodDisruptionBudget', 'ReplicaSet', 'ResourceQuota',
  'Role', 'RoleBinding', 'Secret', 'Service', 'ServiceAccount', 'StatefulSet',
]);

function missingNamespaces(manifests: readonly ManifestObject[], crdSchemas: readonly unknown[]): Finding[] {
  const namespacedCrds = new Set(
    [...manifests.map((m) => m.obj as unknown), ...crdSchemas].flatMap((o) => {
      const crd = o as { kind?: unknown; spec?: { scope?: unknown; names?: { kind?: unknown } } };
      return crd.kind === 'CustomResourceDefinition' && crd.spec?.scope === 'Namespaced' && typeof crd.spec.names?.kind === 'string' ? [crd.spec.names.kind] : [];
    }),
  );
  return manifests
    .filter((m) => m.obj.metadata.namespace === undefined && (NAMESPACED_KINDS.has(m.obj.kind) || namespacedCrds.has(m.obj.kind)))
    .map((m) =>
      finding('MANIFEST_OBJECT', `${m.obj.kind}/${m.obj.metadata.name} has no metadata.namespace`, {
        file: m.file,
        line: m.start.line,
        column: m.start.column,
        hint: 'name the namespace: without one, the engine applies the object wherever its default namespace is',
      }),
    );
}

/** A reader for renders without a workspace (tests): every path is missing. */
const NO_FILES: WorkspaceReader = { yamlFiles: () => undefined };

/**
 * Renders `spec.releases` and reads `spec.manifests` for one cluster, after
 * the components (whose Helm releases the releases may wait for). Pure but
 * for `reader`, which the compiler's session backs with the workspace.
 */
export function renderWorkloads(input: {
  readonly app: Construct;
  readonly cluster: Cluster;
  readonly adapter: EngineAdapter;
  readonly charts: readonly ComponentChart[];
  readonly specFile: string;
  readonly locate: ((path: SpecPath) => Position) | undefined;
  readonly reader: WorkspaceReader | undefined;
  /** Namespaces the compiler already renders (the components' app namespaces). */
  readonly rendered: readonly string[];
}): Workloads {
  const { cluster, specFile, locate } = input;
  const at = (path: SpecPath): Pick<Finding, 'file' | 'line' | 'column' | 'path'> => {
    const pos = locate?.(path);
    return { file: specFile, path: formatPath(path), ...(pos === undefined ? {} : { line: pos.line, column: pos.column }) };
  };
  const releases = renderReleases(input.app, cluster, input.adapter, input.charts, at);
  const entries = (cluster.spec.manifests ?? []) as readonly ManifestEntry[];
  const crdPaths = releasesOf(cluster).flatMap((r, i) => (r.crdSchemas === undefined ? [] : [{ path: r.crdSchemas, at: ['spec', 'releases', i, 'crdSchemas'] as SpecPath }]));
  const loaded = entries.length === 0 && crdPaths.length === 0 ? undefined : loadManifests(entries, crdPaths, input.reader ?? NO_FILES, at);
  const manifests = loaded?.objects ?? [];
  const findings = [...releases.findings, ...(loaded?.findings ?? []), ...missingNamespaces(manifests, loaded?.crdSchemas ?? [])];

  const installed = new Set([...input.charts, ...(releases.chart === undefined ? [] : [releases.chart])].flatMap((c) => LAYERS.flatMap((l) => c.helmReleases(l).map((r) => r.namespace))));
  const defined = new Set(manifests.filter((m) => m.obj.apiVersion === 'v1' && m.obj.kind === 'Namespace').map((m) => m.obj.metadata.name));
  const namespaces = [
    ...new Set(
      manifests.flatMap((m) => {
        const ns = m.obj.metadata.namespace;
        return ns === undefined || BUILT_IN_NAMESPACES.has(ns) || installed.has(ns) || defined.has(ns) || input.rendered.includes(ns) ? [] : [ns];
      }),
    ),
  ].sort();
  return {
    ...(releases.chart === undefined ? {} : { chart: releases.chart }),
    manifests,
    crdSchemas: loaded?.crdSchemas ?? [],
    namespaces,
    findings,
  };
}

/**
 * The objects of a cluster's `spec.manifests` with where each came from, for
 * `strata validate` to point its findings about the rendered copies at the
 * manifest's own file and line. Problems reading them are render's to report.
 */
export function clusterManifests(cluster: Cluster, reader: WorkspaceReader): readonly ManifestObject[] {
  const entries = (cluster.spec.manifests ?? []) as readonly ManifestEntry[];
  if (entries.length === 0) return [];
  return loadManifests(entries, [], reader, () => ({})).objects;
}

/**
 * Manifest objects that a component (or strata itself) also renders: each is
 * an error at the manifest's line, and only the others are kept, so the
 * clash is reported once, where it can be fixed.
 */
export function manifestClashes(
  manifests: readonly ManifestObject[],
  rendered: readonly { readonly obj: K8sObject; readonly component?: string }[],
): { kept: ManifestObject[]; findings: Finding[] } {
  const owner = new Map(rendered.map((r) => [sameObject(r.obj), r.component ?? 'the GitOps engine']));
  const kept: ManifestObject[] = [];
  const findings: Finding[] = [];
  for (const m of manifests) {
    const by = owner.get(sameObject(m.obj));
    if (by === undefined) {
      kept.push(m);
      continue;
    }
    findings.push(
      finding('OBJECT_DUPLICATE', `${objectId(m.obj)} is rendered by ${by} already`, {
        file: m.file,
        line: m.start.line,
        column: m.start.column,
        hint: by === 'namespaces' ? 'remove it from the manifest: strata renders the namespaces of app objects itself, labelled for the default-deny rule' : 'an object has one owner: remove it from the manifest, or change it through the spec',
      }),
    );
  }
  return { kept, findings };
}

/** API group, kind, namespace and name: what makes two objects the same to the API server. */
function sameObject(obj: K8sObject): string {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  return [group, obj.kind, obj.metadata.namespace ?? '', obj.metadata.name].join('\0');
}

/**
 * Points findings about manifest objects at the manifest itself: the file,
 * and the line of the offending field (or of the document), instead of the
 * rendered copy.
 */
export function relocateFindings(findings: readonly Finding[], manifests: readonly ManifestObject[], renderedPath: string): Finding[] {
  if (manifests.length === 0) return [...findings];
  const byFile = new Map(manifests.map((m) => [`${renderedPath}/${objectPath(m.layer, MANIFESTS_COMPONENT, m.obj)}`, m]));
  return findings.map((f) => {
    const m = f.file === undefined ? undefined : byFile.get(f.file);
    if (m === undefined || (f.object !== undefined && f.object !== objectId(m.obj))) return f;
    const pos = f.path === undefined || f.path === '' ? m.start : m.locate(parsePath(f.path));
    return { ...f, file: m.file, line: pos.line, column: pos.column };
  });
}

/** The CRDs the releases' `crdSchemas` name, for validating rendered/ as committed (unreadable ones are left out: render reports them). */
export function releaseCrdSchemas(cluster: Cluster, reader: WorkspaceReader): readonly unknown[] {
  const paths = releasesOf(cluster).flatMap((r, i) => (r.crdSchemas === undefined ? [] : [{ path: r.crdSchemas, at: ['spec', 'releases', i, 'crdSchemas'] as SpecPath }]));
  return paths.length === 0 ? [] : loadManifests([], paths, reader, () => ({})).crdSchemas;
}
