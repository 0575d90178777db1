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
