/** RFC 1123 label: what Kubernetes accepts for namespaces and most names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: what Kubernetes accepts for most object names. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `name` is a valid Kubernetes object name (DNS subdomain, ≤ 253 chars). */
export function isObjectName(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** Standard labels strata puts on what it renders. */
export function standardLabels(component: string, cluster: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'strata',
    'app.kubernetes.io/part-of': component,
    'strata.dev/cluster': cluster,
  };
}

/** Metadata of a cluster-scoped object strata renders: explicit name and the standard labels. */
export interface ClusterScopedMeta {
  name: string;
  labels: Record<string, string>;
}

/** Metadata of a namespaced object strata renders. */
export interface NamespacedMeta extends ClusterScopedMeta {
  namespace: string;
  annotations?: Record<string, string>;
}

/**
 * The metadata helpers of one component: explicit names (no generated
 * suffixes), the standard labels plus any given, annotations only when there are some.
 */
export function metadataFor(component: string): {
  clusterScoped(cluster: string, name: string, labels?: Record<string, string>): ClusterScopedMeta;
  namespaced(cluster: string, namespace: string, name: string, labels?: Record<string, string>, annotations?: Record<string, string>): NamespacedMeta;
} {
  return {
    clusterScoped: (cluster, name, labels = {}) => ({ name, labels: { ...standardLabels(component, cluster), ...labels } }),
    namespaced: (cluster, namespace, name, labels = {}, annotations = {}) => ({
      name,
      namespace,
      labels: { ...standardLabels(component, cluster), ...labels },
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
    }),
  };
}
