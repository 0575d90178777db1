import type { Cluster, SpecIssue } from '@strata/core';
import type { CiliumBlock } from '../schema.ts';
import { C } from './common.ts';

/** GitOps engine namespace: its controllers fetch from Git and chart sources outside the cluster. */
const ENGINE_NAMESPACE: Record<string, string> = { flux: 'flux-system', argocd: 'argocd' };

/** Default deny: namespaces the platform cannot run without, and what stays closed. */
export function checkDefaultDeny(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const dd = block.defaultDeny;
  if (!dd.enabled) return;
  const D = [...C, 'defaultDeny'];
  const exempt = new Set(dd.exemptNamespaces);
  if (!exempt.has('kube-system')) {
    issues.push({
      path: [...D, 'exemptNamespaces'],
      message: 'must include kube-system: kube-dns, the Cilium operator and Hubble run there, and under default deny kube-dns would refuse every query',
    });
  }
  const engine = cluster.spec.gitops.engine;
  const engineNs = ENGINE_NAMESPACE[engine];
  if (engineNs !== undefined && !exempt.has(engineNs)) {
    issues.push({
      path: [...D, 'exemptNamespaces'],
      message: `must include ${engineNs}: the ${engine} controllers fetch from Git and chart repositories, and once cut off they cannot sync a fix to this policy`,
      hint: `add ${engineNs}, or set defaultDeny.enabled: false until ${engine} has its own policy`,
    });
  }
  const closed = new Set<string>();
  for (const svc of block.services) if (!exempt.has(svc.namespace)) closed.add(svc.namespace);
  for (const route of block.routes) {
    for (const b of route.backends) {
      const ns = b.namespace ?? route.namespace;
      if (!exempt.has(ns)) closed.add(ns);
    }
  }
  if (closed.size > 0) {
    issues.push({
      path: [...D, 'enabled'],
      severity: 'warning',
      message: `LoadBalancer Services and Gateway backends in ${[...closed].sort().join(', ')} receive nothing under default deny until a policy there allows it`,
      hint: 'allow ingress from the world entity (fast-path Services) or the ingress entity (Gateway backends) in a CiliumNetworkPolicy of that namespace',
    });
  }
}
