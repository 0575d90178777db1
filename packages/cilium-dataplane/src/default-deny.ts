import type { Cluster } from '@strata/core';
import { CiliumClusterwideNetworkPolicy } from '@kubernetes-models/cilium/cilium.io/v2/CiliumClusterwideNetworkPolicy';
import { clusterScoped } from './metadata.ts';
import type { CiliumBlock } from './schema.ts';

/** Name of the clusterwide default-deny policy. */
export const DEFAULT_DENY_NAME = 'default-deny';

const POD_NAMESPACE = 'io.kubernetes.pod.namespace';

/**
 * The `default-deny` CiliumClusterwideNetworkPolicy (cilium.io/v2), or
 * undefined when off. In Cilium's default enforcement mode an endpoint allows
 * everything until a policy selects it; once selected, it allows only what
 * some policy allows, per direction. This policy selects every pod outside the
 * exempt namespaces and asks for default deny both ways, allowing only:
 * - egress to kube-dns on 53/UDP and 53/TCP, through the DNS proxy (Hubble DNS visibility, and what `toFQDNs` rules build on);
 * - egress to the kube-apiserver entity;
 * - ingress from the pod's own node (`host`: kubelet probes).
 * Everything else is up to each application's own policies.
 */
export function defaultDenyPolicy(cluster: Cluster, block: CiliumBlock): CiliumClusterwideNetworkPolicy | undefined {
  const dd = block.defaultDeny;
  if (!dd.enabled) return undefined;
  const exempt = [...dd.exemptNamespaces].sort();
  return new CiliumClusterwideNetworkPolicy({
    metadata: clusterScoped(cluster.metadata.name, DEFAULT_DENY_NAME),
    spec: {
      description: `Default deny for pods outside ${exempt.join(', ')}: only DNS to kube-dns, the kube-apiserver and probes from the node are allowed.`,
      endpointSelector: {
        matchExpressions: [
          // `NotIn` alone also matches endpoints without the label: the health endpoint and the Gateway API/Ingress
          // Envoy identity. `Exists` keeps the policy on pods, so node health checks and Gateways keep working.
          { key: POD_NAMESPACE, operator: 'Exists' },
          { key: POD_NAMESPACE, operator: 'NotIn', values: exempt },
        ],
      },
      enableDefaultDeny: { ingress: true, egress: true },
      ingress: [{ fromEntities: ['host'] }],
      egress: [
        {
          toEndpoints: [{ matchLabels: { [POD_NAMESPACE]: 'kube-system', 'k8s-app': 'kube-dns' } }],
          toPorts: [
            {
              ports: [
                { port: '53', protocol: 'UDP' },
                { port: '53', protocol: 'TCP' },
              ],
              rules: { dns: [{ matchPattern: '*' }] },
            },
          ],
        },
        { toEntities: ['kube-apiserver'] },
      ],
    },
  });
}
