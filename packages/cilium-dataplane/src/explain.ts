import { type ComponentContext, type Explanation, preferClose, zonesOf } from '@strata/core';
import { bgpSpeakers, maintenanceNodes } from './drain.ts';
import type { CiliumBlock } from './schema.ts';

/**
 * `strata explain` for Cilium: what WireGuard encrypts, which Services take
 * the L4 fast path and how their address is announced, and what the Gateways
 * do with TLS. Sentences, not values: the reviewer reads them beside the spec.
 */
export function explainCilium({ cluster, block }: ComponentContext<CiliumBlock>): Explanation[] {
  const announce = block.bgp.enabled ? 'advertised over BGP by the nodes that run a backend' : block.l2Announcements.enabled ? 'answered by ARP from one elected node (L2)' : 'not announced by Cilium';
  const encryption: string[] = [];
  if (!block.encryption.wireguard) {
    encryption.push('no transparent encryption: traffic between nodes is plain on the wire, unless the applications use TLS');
  } else {
    encryption.push('pod-to-pod between nodes: encrypted by WireGuard (UDP 51871, keys made by the agents, never rendered)');
    if (block.encryption.nodeEncryption) {
      encryption.push('node-to-node, node-to-pod and pod-to-node between nodes: encrypted too (nodeEncryption)');
    } else {
      encryption.push('node-to-node, node-to-pod and pod-to-node: NOT encrypted (set encryption.nodeEncryption to include host traffic)');
    }
    encryption.push('traffic that stays on one node is never encrypted: it does not leave the host');
  }

  const paths: string[] = [];
  const zones = zonesOf(cluster);
  for (const svc of block.services) {
    const ports = svc.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
    const address = svc.ip ?? `an address from ${svc.pool === undefined ? 'a matching pool' : `pool ${svc.pool}`}`;
    const policy = svc.externalTrafficPolicy === 'Local' ? 'client IP kept (externalTrafficPolicy Local)' : 'client IP replaced by the node\'s (externalTrafficPolicy Cluster)';
    paths.push(`Service ${svc.namespace}/${svc.name} on ${address} ${ports}: L4 fast path (eBPF, no proxy), ${policy}, ${announce}`);
    if (preferClose(cluster)) {
      const external =
        svc.externalTrafficPolicy === 'Local'
          ? 'external clients already stay on the node they reach (Local), so PreferClose steers in-cluster clients'
          : 'external and in-cluster clients';
      paths.push(`Service ${svc.namespace}/${svc.name} locality: trafficDistribution PreferClose over zones ${zones.join(', ')}; ${external} to a backend in their own zone, other zones only when it has none`);
    }
  }
  for (const route of block.routes) {
    const to = route.backends.map((b) => `${b.namespace}/${b.name}:${b.port}${route.backends.length > 1 && b.weight !== undefined ? ` (weight ${b.weight})` : ''}`).join(', ');
    const hosts = route.hostnames === undefined || route.hostnames.length === 0 ? 'the listener\'s hosts' : route.hostnames.join(', ');
    paths.push(`${hosts}: Gateway ${route.namespace}/${route.gateway} (Cilium's Envoy) → ${route.kind} ${route.name} → ${to}`);
  }

  const drained = maintenanceNodes(cluster);
  if (drained.length > 0 && (block.bgp.enabled || block.l2Announcements.enabled)) {
    const how = [
      ...(block.bgp.enabled ? [`BGP peering (advertising: ${bgpSpeakers(cluster, block).join(', ') || 'none'})`] : []),
      ...(block.l2Announcements.enabled ? ['L2 announcements'] : []),
    ].join(' and ');
    paths.push(`drained (maintenance): ${drained.join(', ')} left out of ${how}, so their LoadBalancer IPs move before they go down`);
  }

  const tls: string[] = [];
  for (const gw of block.gateways) {
    for (const l of gw.listeners) {
      if (l.protocol === 'HTTP') continue;
      const mode = l.tls?.mode ?? (l.protocol === 'HTTPS' ? 'Terminate' : 'Passthrough');
      const host = l.hostname ?? 'any host';
      tls.push(
        mode === 'Terminate'
          ? `${host}:${l.port}: terminated at Gateway ${gw.namespace}/${gw.name} (Secret ${gw.namespace}/${l.tls?.certificateSecret ?? '?'}); plain HTTP to the backends`
          : `${host}:${l.port}: passed through Gateway ${gw.namespace}/${gw.name} by SNI; TLS ends at the backend`,
      );
    }
  }
  return [
    { topic: 'encryption', lines: encryption },
    { topic: 'paths', lines: paths },
    { topic: 'tls', lines: tls },
  ];
}
