import type { Cluster, DefaultDeny } from '@strata/core';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { namespaced } from './metadata.ts';
import type { EdgeBlock } from './schema.ts';

/** Port cert-manager's ACME HTTP-01 solver pods listen on. */
export const ACME_SOLVER_PORT = 8089;

/** Name of the allow the edge puts in each closed backend namespace. */
export const ALLOW_FROM_EDGE = 'allow-from-edge';

/**
 * Under a cluster-wide default deny, a route's backend namespace accepts
 * nothing the edge sends (and cert-manager's HTTP-01 solver pods there would
 * be unreachable too). For every route namespace the default deny closes,
 * a NetworkPolicy admits traffic from the controllers' namespace to the
 * route's Service ports; Cilium enforces Kubernetes NetworkPolicies beside its
 * own, and allows add up. HTTP-01 solver pods listen on 8089.
 */
export function allowFromEdge(cluster: Cluster, block: EdgeBlock, denies: readonly DefaultDeny[]): NetworkPolicy[] {
  if (denies.length === 0) return [];
  const exempt = (ns: string) => denies.every((d) => d.exemptNamespaces.includes(ns));
  const ports = new Map<string, Set<number>>();
  for (const route of block.routes) {
    if (route.namespace === block.namespace || exempt(route.namespace)) continue;
    const set = ports.get(route.namespace) ?? new Set<number>();
    set.add(route.service.port);
    if (route.tls !== undefined && !route.tls.existingSecret) set.add(ACME_SOLVER_PORT);
    ports.set(route.namespace, set);
  }
  return [...ports.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([ns, set]) =>
        new NetworkPolicy({
          metadata: namespaced(cluster.metadata.name, ns, ALLOW_FROM_EDGE),
          spec: {
            podSelector: {},
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': block.namespace } } }],
                ports: [...set].sort((a, b) => a - b).map((port) => ({ protocol: 'TCP', port })),
              },
            ],
          },
        }),
    );
}
