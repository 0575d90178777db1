import { CiliumLoadBalancerIPPool } from '@kubernetes-models/cilium/cilium.io/v2/CiliumLoadBalancerIPPool';
import type { Cluster } from '@strata/core';
import { clusterScoped } from './metadata.ts';
import type { CiliumBlock } from './schema.ts';

/** One CiliumLoadBalancerIPPool (cilium.io/v2) per `spec.cilium.loadBalancer.pools[]` entry. */
export function loadBalancerIPPools(cluster: Cluster, block: CiliumBlock): CiliumLoadBalancerIPPool[] {
  return block.loadBalancer.pools.map(
    (pool) =>
      new CiliumLoadBalancerIPPool({
        metadata: clusterScoped(cluster.metadata.name, pool.name),
        spec: {
          blocks: pool.blocks.map((b) => (typeof b === 'string' ? { cidr: b } : { start: b.start, stop: b.stop })),
          ...(pool.serviceSelector === undefined ? {} : { serviceSelector: { matchLabels: { ...pool.serviceSelector.matchLabels } } }),
        },
      }),
  );
}
