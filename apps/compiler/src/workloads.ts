// How spec.releases and spec.manifests render (a chart of Helm installs, manifest objects); what
// validate reads of them without rendering is in releases.ts and manifests.ts, which load no cdk8s.
import { Construct } from 'constructs';
import { type Cluster, type Finding, finding, formatPath, type HelmInstall, type Layer, LAYERS, type ManifestEntry, type Position, type SpecPath } from '@strata/core';
import { ComponentChart } from '@strata/core/chart';
import type { EngineAdapter } from '@strata/gitops';
import { objectId } from '@strata/validate';
import type { K8sObject } from './files.ts';
import { loadManifests, type ManifestObject, type WorkspaceReader } from './manifests.ts';
import { RELEASES_COMPONENT, releasesOf } from './releases.ts';

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

/** A Helm release some component installs, and where. */
interface ComponentRelease {
  readonly component: string;
  readonly layer: Layer;
  readonly name: string;
  readonly namespace: string;
}

function componentReleases(charts: readonly ComponentChart[]): ComponentRelease[] {
  return charts.flatMap((chart) =>
    LAYERS.flatMap((layer) => chart.helmReleases(layer).map((r) => ({ component: chart.component, layer, name: r.name, namespace: r.namespace }))),
  );
}

/**
 * Turns `spec.releases` into a chart of Helm installs, rendered by the engine
 * adapter exactly as the components' are (so layers, health checks, the
 * upstream-pinned rule, `strata pins` and the diff treat them alike). What the
 * loader cannot see is checked here: names taken by a component's release,
 * and `dependsOn` naming a component, which waits for each Helm release that
 * component installs (an error when it installs none, or in a later layer).
 */
function renderReleases(
  app: Construct,
  cluster: Cluster,
  adapter: EngineAdapter,
  charts: readonly ComponentChart[],
  at: (path: SpecPath) => Pick<Finding, 'file' | 'line' | 'column' | 'path'>,
): { chart?: ComponentChart; findings: Finding[] } {
  const entries = releasesOf(cluster);
  if (entries.length === 0) return { findings: [] };
  const findings: Finding[] = [];
  const fail = (path: SpecPath, message: string, hint?: string): void => {
    findings.push(finding('SPEC_RELEASE', message, { ...at(path), ...(hint === undefined ? {} : { hint }) }));
  };
  const taken = componentReleases(charts);
  const rank = (layer: Layer): number => LAYERS.indexOf(layer);
  const chart = new ComponentChart(app, RELEASES_COMPONENT);
  entries.forEach((r, i) => {
    const layer = (r.layer ?? 'controllers') as Layer;
    const clash = taken.find((t) => t.name === r.name);
    if (clash !== undefined) {
      fail(['spec', 'releases', i, 'name'], `release name "${r.name}" is already a Helm release of component ${clash.component} (namespace ${clash.namespace})`, 'release names are unique in a cluster; pick another name');
    }
    const waitsFor: string[] = [];
    (r.dependsOn ?? []).forEach((dep, j) => {
      if (entries.some((e) => e.name === dep)) {
        waitsFor.push(dep);
        return;
      }
      const installs = taken.filter((t) => t.component === dep);
      if (installs.length === 0) {
        fail(['spec', 'releases', i, 'dependsOn', j], `component ${dep} installs no Helm chart, so there is nothing to wait for`, 'its objects are ordered by layer: put this release in a later layer instead');
        return;
      }
      const later = installs.find((t) => rank(t.layer) > rank(layer));
      if (later !== undefined) {
        fail(['spec', 'releases', i, 'dependsOn', j], `component ${dep} installs ${later.name} in layer ${later.layer}, which syncs after this release's layer ${layer}: neither would ever be ready`);
        return;
      }
      waitsFor.push(...installs.map((t) => t.name));
    });
    const install: HelmInstall = {
      name: r.name,
      namespace: r.namespace,
      chart: r.chart,
      version: r.version,
      repository: r.repository,
      ...(r.digest === undefined ? {} : { digest: r.digest }),
      values: (r.values ?? {}) as Record<string, unknown>,
      ...(r.crds === undefined ? {} : { crds: r.crds }),
      ...(waitsFor.length === 0 ? {} : { dependsOn: [...new Set(waitsFor)] }),
    };
    chart.addHelmRelease(install, layer);
  });
  if (findings.length > 0) return { findings };
  for (const layer of LAYERS) {
    const installs = chart.helmReleases(layer);
    if (installs.length > 0) adapter.renderHelm(new Construct(chart.layer(layer), 'helm'), installs, cluster);
  }
  return { chart, findings };
}

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
