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
