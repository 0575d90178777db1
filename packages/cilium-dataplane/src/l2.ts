import { CiliumL2AnnouncementPolicy } from '@kubernetes-models/cilium/cilium.io/v2alpha1/CiliumL2AnnouncementPolicy';
import type { Cluster } from '@strata/core';
import { clusterScoped } from './metadata.ts';
import type { CiliumBlock } from './schema.ts';

/** Name of the one L2 announcement policy. */
export const L2_POLICY_NAME = 'l2-announcements';

/**
 * The CiliumL2AnnouncementPolicy (cilium.io/v2alpha1 in 1.18) that answers ARP
 * for LoadBalancer IPs, or undefined when L2 announcements are off.
 */
export function l2AnnouncementPolicy(cluster: Cluster, block: CiliumBlock): CiliumL2AnnouncementPolicy | undefined {
  const l2 = block.l2Announcements;
  if (!l2.enabled) return undefined;
  return new CiliumL2AnnouncementPolicy({
    metadata: clusterScoped(cluster.metadata.name, L2_POLICY_NAME),
    spec: {
      loadBalancerIPs: true,
      externalIPs: l2.externalIPs,
      ...(l2.interfaces === undefined ? {} : { interfaces: [...l2.interfaces] }),
      ...(l2.nodeSelector === undefined ? {} : { nodeSelector: { matchLabels: { ...l2.nodeSelector.matchLabels } } }),
      ...(l2.serviceSelector === undefined ? {} : { serviceSelector: { matchLabels: { ...l2.serviceSelector.matchLabels } } }),
    },
  });
}
