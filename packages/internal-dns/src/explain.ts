import type { ComponentContext, Explanation } from '@strata/core';
import { chosenPool, placement } from './address.ts';
import type { InternalDnsBlock } from './schema.ts';

/** `strata explain` for internal DNS: where the zone is answered and from which hosts. */
export function explainInternalDns({ cluster, block, facts }: ComponentContext<InternalDnsBlock>): Explanation[] {
  const pool = chosenPool(block, facts.addressPools);
  const where = placement(cluster, block, facts.addressPools);
  const address = block.address.ip ?? (pool === undefined ? 'an address from a matching pool' : `an address from pool ${pool.name}`);
  const sources = [
    ...(block.ingressClasses.length > 0 ? [`the hosts of ingress class${block.ingressClasses.length === 1 ? '' : 'es'} ${block.ingressClasses.join(', ')}`] : []),
    ...(block.httpRoutes ? ['HTTPRoute hostnames (with their Gateway addresses)'] : []),
    ...(block.services ? [`LoadBalancer Services as <name>.<namespace>.${block.domain ?? ''}`] : []),
  ];
  const client = block.externalTrafficPolicy === 'Local' ? 'client IP kept (externalTrafficPolicy Local)' : 'client IP lost (externalTrafficPolicy Cluster)';
  const lines = [
    `*.${block.domain ?? ''}: internal DNS on ${address}:53 UDP/TCP (k8s-gateway, ${where.replicas} replica${where.replicas === 1 ? '' : 's'}, ${client}), answers for ${sources.join('; ') || 'nothing'}, TTL ${block.ttl}s; ${block.fallthrough ? 'unknown names in the zone and ' : ''}names outside it are forwarded to the cluster resolver`,
  ];
  return [{ topic: 'paths', lines }];
}
