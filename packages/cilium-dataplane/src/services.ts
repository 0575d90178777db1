import { type Cluster, PREFER_CLOSE, preferClose } from '@strata/core';
import { Service } from 'kubernetes-models/v1/Service';
import { LBIPAM_IPS, poolLabels } from './lb-ipam.ts';
import { namespaced } from './metadata.ts';
import type { CiliumBlock } from './schema.ts';

/** A `spec.cilium.services[]` entry, defaults applied. */
export type FastPathService = CiliumBlock['services'][number];

/**
 * The labels and annotations that steer LB-IPAM: the named pool's
 * serviceSelector labels, and `lbipam.cilium.io/ips` only for a fixed IP
 * (the checks make sure the pool exists, selects the Service and holds the IP).
 */
export function lbIpamMetadata(block: CiliumBlock, svc: Pick<FastPathService, 'pool' | 'ip'>): { labels: Record<string, string>; annotations: Record<string, string> } {
  const pool = svc.pool === undefined ? undefined : block.loadBalancer.pools.find((p) => p.name === svc.pool);
  return {
    labels: pool === undefined ? {} : poolLabels(pool),
    annotations: svc.ip === undefined ? {} : { [LBIPAM_IPS]: svc.ip },
  };
}

/**
 * One v1 Service `type: LoadBalancer` per `spec.cilium.services[]` entry: the
 * L4 fast path, served by Cilium's eBPF load balancer without an L7 proxy, so
 * TLS (Kafka on 9093) passes through untouched and `externalTrafficPolicy:
 * Local` keeps the client IP. When the nodes span zones, `trafficDistribution:
 * PreferClose` makes in-cluster clients prefer a backend in their own zone
 * (external traffic already stays on the receiving node with Local).
 */
export function loadBalancerServices(cluster: Cluster, block: CiliumBlock): Service[] {
  const local = preferClose(cluster);
  return block.services.map((svc) => {
    const { labels, annotations } = lbIpamMetadata(block, svc);
    return new Service({
      metadata: namespaced(cluster.metadata.name, svc.namespace, svc.name, labels, annotations),
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: svc.externalTrafficPolicy,
        ...(local ? { trafficDistribution: PREFER_CLOSE } : {}),
        selector: { ...svc.selector },
        ports: svc.ports.map((p) => ({
          name: p.name,
          port: p.port,
          protocol: p.protocol,
          ...(p.targetPort === undefined ? {} : { targetPort: p.targetPort }),
        })),
      },
    });
  });
}
