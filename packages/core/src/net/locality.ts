import type { Requirement } from '../facts.ts';
import type { Cluster } from '../schema/cluster.ts';

/** `spec.trafficDistribution` value that prefers endpoints in the client's zone (Service v1). */
export const PREFER_CLOSE = 'PreferClose';

/**
 * Kubernetes minor from which `spec.trafficDistribution` is served by
 * default (ServiceTrafficDistribution: beta and on in 1.31, GA in 1.33;
 * kubernetes/enhancements KEP-4444). Older API servers drop the field.
 */
export const TRAFFIC_DISTRIBUTION_MIN_KUBERNETES = '1.31';

/** The distinct `spec.network.nodes[].zone` values, sorted. */
export function zonesOf(cluster: Cluster): string[] {
  return [...new Set(cluster.spec.network.nodes.flatMap((n) => (n.zone === undefined ? [] : [n.zone])))].sort();
}

/**
 * Whether Services that can prefer close endpoints should: the nodes span
 * two zones or more (one zone has nothing to prefer).
 * `externalTrafficPolicy: Local` already keeps external traffic on the node
 * it arrives at; PreferClose then only steers in-cluster clients
 * (internalTrafficPolicy stays Cluster, so they fall back to other zones).
 */
export function preferClose(cluster: Cluster): boolean {
  return zonesOf(cluster).length >= 2;
}

/**
 * The compatibility row a component adds when `subject` (its Services) sets
 * PreferClose: the API server must serve `trafficDistribution`.
 */
export function preferCloseRequirement(component: string, cluster: Cluster, subject: string): Requirement {
  return {
    component,
    product: 'kubernetes',
    min: TRAFFIC_DISTRIBUTION_MIN_KUBERNETES,
    reason: `${subject} set spec.trafficDistribution: ${PREFER_CLOSE} because the nodes span zones ${zonesOf(cluster).join(', ')}; the field is served from Kubernetes ${TRAFFIC_DISTRIBUTION_MIN_KUBERNETES} (KEP-4444, GA in 1.33)`,
    path: ['spec', 'network', 'nodes'],
  };
}
