import { CiliumL2AnnouncementPolicy } from '@kubernetes-models/cilium/cilium.io/v2alpha1/CiliumL2AnnouncementPolicy';
import type { Cluster } from '@strata/core';
import { HOSTNAME_LABEL, maintenanceNodes } from './drain.ts';
import { clusterScoped } from './metadata.ts';
import type { CiliumBlock } from './schema.ts';

/** Name of the one L2 announcement policy. */
export const L2_POLICY_NAME = 'l2-announcements';

/**
 * The CiliumL2AnnouncementPolicy (cilium.io/v2alpha1 in 1.18) that answers ARP
 * for LoadBalancer IPs, or undefined when L2 announcements are off. Nodes in
 * maintenance are left out by a `kubernetes.io/hostname NotIn` expression
 * beside the spec's matchLabels, so their leases move before they go down.
 */
export function l2AnnouncementPolicy(cluster: Cluster, block: CiliumBlock): CiliumL2AnnouncementPolicy | undefined {
  const l2 = block.l2Announcements;
  if (!l2.enabled) return undefined;
  const drained = maintenanceNodes(cluster);
  const matchLabels = l2.nodeSelector === undefined ? undefined : { ...l2.nodeSelector.matchLabels };
  const nodeSelector =
    matchLabels === undefined && drained.length === 0
      ? undefined
      : {
          ...(matchLabels === undefined ? {} : { matchLabels }),
          ...(drained.length === 0 ? {} : { matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'NotIn', values: drained }] }),
        };
  return new CiliumL2AnnouncementPolicy({
    metadata: clusterScoped(cluster.metadata.name, L2_POLICY_NAME),
    spec: {
      loadBalancerIPs: true,
      externalIPs: l2.externalIPs,
      ...(l2.interfaces === undefined ? {} : { interfaces: [...l2.interfaces] }),
      ...(nodeSelector === undefined ? {} : { nodeSelector }),
      ...(l2.serviceSelector === undefined ? {} : { serviceSelector: { matchLabels: { ...l2.serviceSelector.matchLabels } } }),
    },
  });
}
