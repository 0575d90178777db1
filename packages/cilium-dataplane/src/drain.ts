import type { Cluster, SpecIssue } from '@strata/core';
import type { CiliumBlock } from './schema.ts';

/** The node label Kubernetes sets to the node name; the drain selectors match on it. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Names of the nodes with `maintenance: true`, in spec order. */
export function maintenanceNodes(cluster: Cluster): string[] {
  return cluster.spec.network.nodes.filter((n) => n.maintenance === true).map((n) => n.name);
}

/**
 * The nodes that peer and advertise over BGP: `spec.cilium.bgp.nodes` (or
 * every node) without those in maintenance.
 */
export function bgpSpeakers(cluster: Cluster, block: CiliumBlock): string[] {
  const drained = new Set(maintenanceNodes(cluster));
  return (block.bgp.nodes ?? cluster.spec.network.nodes.map((n) => n.name)).filter((n) => !drained.has(n));
}

/** Nodes that may win an L2 lease by the spec: all but those in maintenance (nodeSelector labels are not in the spec). */
export function l2Announcers(cluster: Cluster): string[] {
  return cluster.spec.network.nodes.filter((n) => n.maintenance !== true).map((n) => n.name);
}

/**
 * Drain checks: announcing with every announcing node in maintenance leaves
 * the VIPs dark (error); draining the only control-plane node takes the API
 * server away (warning).
 */
export function checkDrain(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const nodes = cluster.spec.network.nodes;
  const drainedIdx = nodes.flatMap((n, i) => (n.maintenance === true ? [i] : []));
  if (drainedIdx.length === 0) return;
  const lastPath = ['spec', 'network', 'nodes', drainedIdx[drainedIdx.length - 1] ?? 0, 'maintenance'];
  if (block.l2Announcements.enabled && l2Announcers(cluster).length === 0) {
    issues.push({
      path: lastPath,
      message: `every node is in maintenance, so no node answers ARP for the LoadBalancer IPs (L2) and they go dark`,
      hint: 'keep at least one node out of maintenance until the drain is done',
    });
  }
  if (block.bgp.enabled && bgpSpeakers(cluster, block).length === 0) {
    const listed = block.bgp.nodes;
    issues.push({
      path: lastPath,
      message: `every BGP node (${(listed ?? nodes.map((n) => n.name)).join(', ')}) is in maintenance, so no node advertises the LoadBalancer IPs and they go dark`,
      hint: listed === undefined ? 'keep at least one node out of maintenance' : 'keep one of them out of maintenance, or add another node to spec.cilium.bgp.nodes',
    });
  }
  const controlPlanes = nodes.flatMap((n, i) => (n.roles.includes('control-plane') ? [i] : []));
  const only = controlPlanes.length === 1 ? controlPlanes[0] : undefined;
  const cp = only === undefined ? undefined : nodes[only];
  if (only !== undefined && cp?.maintenance === true) {
    issues.push({
      path: ['spec', 'network', 'nodes', only, 'maintenance'],
      severity: 'warning',
      message: `${cp.name} is the only control-plane node: draining it stops the API server, and with it LB-IPAM, L2 lease renewals and BGP reconciliation`,
      hint: 'add a second control-plane node before draining this one, or plan the downtime',
    });
  }
}
