import { standardLabels } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/cilium-dataplane/`. */
export const COMPONENT = 'cilium-dataplane';

/** Metadata of a cluster-scoped object this package renders. */
export interface ClusterScopedMeta {
  name: string;
  labels: Record<string, string>;
}

/** Metadata of a cluster-scoped object: explicit name and the standard labels. */
export function clusterScoped(cluster: string, name: string, labels: Record<string, string> = {}): ClusterScopedMeta {
  return { name, labels: { ...standardLabels(COMPONENT, cluster), ...labels } };
}

/** Metadata of a namespaced object this package renders. */
export interface NamespacedMeta extends ClusterScopedMeta {
  namespace: string;
  annotations?: Record<string, string>;
}

/** Metadata of a namespaced object: explicit name and namespace, the standard labels, optional annotations. */
export function namespaced(
  cluster: string,
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): NamespacedMeta {
  return {
    name,
    namespace,
    labels: { ...standardLabels(COMPONENT, cluster), ...labels },
    ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
  };
}
