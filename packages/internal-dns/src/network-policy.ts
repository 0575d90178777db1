import type { Cluster, DefaultDeny } from '@strata/core';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { POD_LABELS } from './address.ts';
import { namespaced } from './metadata.ts';
import { POD_PORTS } from './pins.ts';
import type { InternalDnsBlock } from './schema.ts';

/** Name of the allow in the release namespace. */
export const ALLOW_DNS = 'allow-dns-clients';

/**
 * Under a cluster-wide default deny that closes the release namespace, the
 * pods would refuse every query. This NetworkPolicy admits DNS (1053 UDP and
 * TCP, what the Service's 53 maps to) and metrics (9153) from any source: LAN
 * clients arrive through the LoadBalancer, Prometheus from its namespace.
 * Egress needs nothing: the default deny already allows the kube-apiserver
 * (the plugin's watches) and kube-dns (`forward . /etc/resolv.conf`).
 */
export function allowDnsClients(cluster: Cluster, block: InternalDnsBlock, denies: readonly DefaultDeny[]): NetworkPolicy | undefined {
  if (denies.every((d) => d.exemptNamespaces.includes(block.namespace))) return undefined;
  return new NetworkPolicy({
    metadata: namespaced(cluster.metadata.name, block.namespace, ALLOW_DNS),
    spec: {
      podSelector: { matchLabels: { ...POD_LABELS } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          ports: [
            { protocol: 'UDP', port: POD_PORTS.dns },
            { protocol: 'TCP', port: POD_PORTS.dns },
            { protocol: 'TCP', port: POD_PORTS.metrics },
          ],
        },
      ],
    },
  });
}
