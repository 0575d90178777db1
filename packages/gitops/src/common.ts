import { compareStrings, type Cluster, type Layer, type ObjectRef } from '@strata/core';

/** Namespace of Flux's own objects (sources, Kustomizations, HelmReleases). */
export const FLUX_NAMESPACE = 'flux-system';
/** Namespace of Argo CD's Applications. */
export const ARGO_NAMESPACE = 'argocd';
/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Labels on every object an engine adapter builds. */
export function gitopsLabels(cluster: Cluster): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'strata',
    'strata.dev/cluster': cluster.metadata.name,
  };
}

/** Name of the engine object that syncs one layer: `<cluster>-<layer>`. */
export function layerObjectName(cluster: Cluster, layer: Layer | 'gitops' | 'secrets'): string {
  return `${cluster.metadata.name}-${layer}`;
}

/** Orders refs by kind, namespace, name, then apiVersion (code-unit order). */
export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.namespace ?? '', b.namespace ?? '') ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.apiVersion, b.apiVersion)
  );
}

/** Sorted copy of `refs` without duplicates (same apiVersion, kind, namespace, name). */
export function uniqueSortedRefs(refs: readonly ObjectRef[]): ObjectRef[] {
  const sorted = [...refs].sort(compareRefs);
  return sorted.filter((r, i) => i === 0 || compareRefs(r, sorted[i - 1]!) !== 0);
}
