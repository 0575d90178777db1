import { standardLabels } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/cert-manager/`. */
export const COMPONENT = 'cert-manager';

/** Path of the block in the spec. */
export const BLOCK_PATH = ['spec', 'certManager'] as const;

/** Metadata of a cluster-scoped object this package renders. */
export interface ClusterScopedMeta {
  name: string;
  labels: Record<string, string>;
}

/** Metadata of a cluster-scoped object: explicit name and the standard labels. */
export function clusterScoped(cluster: string, name: string): ClusterScopedMeta {
  return { name, labels: standardLabels(COMPONENT, cluster) };
}

/** Metadata of a namespaced object this package renders. */
export interface NamespacedMeta extends ClusterScopedMeta {
  namespace: string;
}

/** Metadata of a namespaced object: explicit name and namespace, the standard labels. */
export function namespaced(cluster: string, namespace: string, name: string): NamespacedMeta {
  return { name, namespace, labels: standardLabels(COMPONENT, cluster) };
}
