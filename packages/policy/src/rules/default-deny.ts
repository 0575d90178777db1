import type { Rule, Violation } from '../types.ts';
import { at, isRecord, str } from '../objects.ts';

/** The label Cilium gives every endpoint with its namespace (with or without the `k8s:` source prefix). */
const NAMESPACE_LABELS = new Set(['io.kubernetes.pod.namespace', 'k8s:io.kubernetes.pod.namespace']);

/**
 * Namespaces a cluster-wide Cilium policy leaves out of default deny: one
 * that selects every endpoint outside a list of namespaces (a `NotIn` on the
 * namespace label, optionally beside an `Exists` on it) and has rules, so
 * the endpoints it selects allow only what it lists. Returns the exempt list,
 * or undefined when the policy is not such a default deny.
 */
function clusterwideExempt(obj: Record<string, unknown>): string[] | undefined {
  const exprs = at(obj, ['spec', 'endpointSelector', 'matchExpressions']);
  if (!Array.isArray(exprs) || exprs.length === 0) return undefined;
  if (!exprs.every((e) => isRecord(e) && NAMESPACE_LABELS.has(String(e.key)) && (e.operator === 'NotIn' || e.operator === 'Exists'))) return undefined;
  const notIn = exprs.filter((e): e is Record<string, unknown> => isRecord(e) && e.operator === 'NotIn');
  if (notIn.length !== 1 || !Array.isArray(notIn[0]!.values)) return undefined;
  if (!isRecord(obj.spec) || !('ingress' in obj.spec || 'ingressDeny' in obj.spec || 'enableDefaultDeny' in obj.spec)) return undefined;
  return (notIn[0]!.values as unknown[]).filter((v): v is string => typeof v === 'string');
}

/** A namespace's own default deny: a NetworkPolicy for every pod with Ingress in its types and no ingress rule. */
function denysIngress(obj: Record<string, unknown>): boolean {
  const selector = at(obj, ['spec', 'podSelector']);
  const types = at(obj, ['spec', 'policyTypes']);
  const ingress = at(obj, ['spec', 'ingress']);
  return isRecord(selector) && Object.keys(selector).length === 0 && Array.isArray(types) && types.includes('Ingress') && (ingress === undefined || (Array.isArray(ingress) && ingress.length === 0));
}

/**
 * The label the compiler puts on the namespaces it creates for the
 * components' app objects (Ingresses, Gateways, Certificates…); a
 * component's own install namespace does not carry it.
 */
export const APP_NAMESPACE_LABEL = 'strata.dev/app-namespace';

export const defaultDeny: Rule = {
  id: 'default-deny',
  severity: 'warning',
  title: 'every app namespace starts closed',
  // App namespaces are those the compiler creates for the components' objects (labelled APP_NAMESPACE_LABEL).
  rationale:
    'Without a default deny, any pod in the cluster can reach every pod of an app namespace, so one compromised workload reaches them all. A namespace strata creates for an app should only accept what a policy allows.',
  hint: 'enable spec.cilium.defaultDeny (and keep the namespace off its exemptNamespaces), add a default-deny NetworkPolicy to the namespace, or waive it for the Namespace with the reason',
  check(ctx) {
    const namespaces = ctx.objects.filter((o) => o.obj.apiVersion === 'v1' && o.obj.kind === 'Namespace' && o.obj.metadata.labels?.[APP_NAMESPACE_LABEL] === 'true');
    if (namespaces.length === 0) return [];
    const clusterwide = ctx.objects
      .filter((o) => o.obj.kind === 'CiliumClusterwideNetworkPolicy')
      .map((o) => clusterwideExempt(o.obj))
      .filter((x): x is string[] => x !== undefined);
    const ownDeny = new Set(
      ctx.objects.filter((o) => o.obj.kind === 'NetworkPolicy' && denysIngress(o.obj)).flatMap((o) => (o.obj.metadata.namespace === undefined ? [] : [o.obj.metadata.namespace])),
    );
    const out: Violation[] = [];
    for (const ns of namespaces) {
      const name = str(ns.obj.metadata.name) ?? '';
      const covered = clusterwide.some((exempt) => !exempt.includes(name)) || ownDeny.has(name);
      if (!covered) out.push({ object: ns, message: `namespace ${name} is not under a default-deny policy: every pod in the cluster can reach its pods` });
    }
    return out;
  },
};
