import type { Construct } from 'constructs';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { OCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository';
import type { Cluster, HelmInstall } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { ARGO_NAMESPACE, FLUX_NAMESPACE, gitopsLabels, IN_CLUSTER } from './common.ts';

const RELEASE_INTERVAL = '30m';
const SOURCE_INTERVAL = '1h';
/** Flux media type of a Helm chart layer in an OCI artifact. */
const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/** Object name for a Helm repository URL: host and path, lower-case, dashes (`helm-cilium-io`). */
export function repositoryName(url: string): string {
  return url
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63)
    .replace(/-$/, '');
}

function isOci(install: HelmInstall): boolean {
  return install.repository.startsWith('oci://');
}

/** `oci://quay.io/cilium/charts` + `cilium` → `oci://quay.io/cilium/charts/cilium`. */
function ociArtifact(install: HelmInstall): string {
  return `${install.repository.replace(/\/+$/, '')}/${install.chart}`;
}

/**
 * Flux: one source per Helm repository URL (HelmRepository) or per OCI chart
 * (OCIRepository, by tag, and by digest when given), and a HelmRelease in
 * flux-system that installs into the target namespace. Sources sit beside the
 * releases so one Kustomization applies both.
 */
export function renderFluxHelm(scope: Construct, releases: readonly HelmInstall[], cluster: Cluster): void {
  const labels = gitopsLabels(cluster);
  const repos = new Set<string>();
  for (const r of releases) {
    const crds = r.crds ?? 'CreateReplace';
    let source:
      | { chart: { spec: { chart: string; version: string; sourceRef: { kind: 'HelmRepository'; name: string; namespace: string } } } }
      | { chartRef: { kind: 'OCIRepository'; name: string; namespace: string } };
    if (isOci(r)) {
      const name = `${r.namespace}-${r.name}`;
      addObject(
        scope,
        new OCIRepository({
          metadata: { name, namespace: FLUX_NAMESPACE, labels },
          spec: {
            interval: SOURCE_INTERVAL,
            url: ociArtifact(r),
            // With a digest, Flux pulls by digest (it takes precedence); the tag stays so reviewers and `strata pins` see the version.
            ref: r.digest === undefined ? { tag: r.version } : { tag: r.version, digest: r.digest },
            layerSelector: { mediaType: HELM_CHART_LAYER, operation: 'copy' },
          },
        }),
      );
      source = { chartRef: { kind: 'OCIRepository' as const, name, namespace: FLUX_NAMESPACE } };
    } else {
      const name = repositoryName(r.repository);
      if (!repos.has(name)) {
        repos.add(name);
        addObject(scope, new HelmRepository({ metadata: { name, namespace: FLUX_NAMESPACE, labels }, spec: { interval: SOURCE_INTERVAL, url: r.repository } }));
      }
      source = {
        chart: { spec: { chart: r.chart, version: r.version, sourceRef: { kind: 'HelmRepository', name, namespace: FLUX_NAMESPACE } } },
      };
    }
    addObject(
      scope,
      new HelmRelease({
        metadata: { name: r.name, namespace: FLUX_NAMESPACE, labels },
        spec: {
          interval: RELEASE_INTERVAL,
          releaseName: r.name,
          // Every HelmRelease of the cluster lives in flux-system, so a name is enough.
          ...(r.dependsOn === undefined || r.dependsOn.length === 0 ? {} : { dependsOn: [...r.dependsOn].sort().map((name) => ({ name })) }),
          targetNamespace: r.namespace,
          storageNamespace: r.namespace,
          ...source,
          install: { crds, createNamespace: true, remediation: { retries: 3 } },
          upgrade: { crds, remediation: { retries: 3, remediateLastFailure: true } },
          values: { ...r.values },
        },
      }),
    );
  }
}

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Sync wave of each release inside its layer's Application: 0 without
 * `dependsOn`, else one more than the latest wave it waits for. Releases not
 * in `releases` (a component's, or one in an earlier layer) count as wave 0.
 */
export function syncWaves(releases: readonly HelmInstall[]): Map<string, number> {
  const byName = new Map(releases.map((r) => [r.name, r]));
  const waves = new Map<string, number>();
  const wave = (r: HelmInstall, seen: readonly string[]): number => {
    const known = waves.get(r.name);
    if (known !== undefined) return known;
    if (seen.includes(r.name)) throw new Error(`dependsOn cycle through ${[...seen, r.name].join(' → ')}`);
    const deps = (r.dependsOn ?? []).map((d) => {
      const dep = byName.get(d);
      return dep === undefined ? 0 : wave(dep, [...seen, r.name]);
    });
    const w = deps.length === 0 ? 0 : 1 + Math.max(...deps);
    waves.set(r.name, w);
    return w;
  };
  for (const r of releases) wave(r, []);
  return waves;
}

/**
 * Argo CD: one Application with a Helm source per release (OCI charts without
 * the `oci://` prefix). Argo CD has no dependency between Applications; a
 * release with `dependsOn` gets a later sync wave than what it waits for, so
 * the layer's Application applies it once those are healthy (given the
 * Application health check in argocd-cm, as the layer waves need).
 */
export function renderArgoHelm(scope: Construct, releases: readonly HelmInstall[], cluster: Cluster): void {
  const labels = gitopsLabels(cluster);
  const waves = syncWaves(releases);
  for (const r of releases) {
    const repoURL = isOci(r) ? r.repository.replace(/^oci:\/\//, '').replace(/\/+$/, '') : r.repository;
    const wave = waves.get(r.name) ?? 0;
    addObject(
      scope,
      new Application({
        metadata: { name: r.name, namespace: ARGO_NAMESPACE, labels, ...(wave === 0 ? {} : { annotations: { [SYNC_WAVE]: String(wave) } }) },
        spec: {
          project: 'default',
          source: {
            repoURL,
            chart: r.chart,
            targetRevision: r.version,
            helm: { releaseName: r.name, valuesObject: { ...r.values }, ...(r.crds === 'Skip' ? { skipCrds: true } : {}) },
          },
          destination: { server: IN_CLUSTER, namespace: r.namespace },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
          },
        },
      }),
    );
  }
}
