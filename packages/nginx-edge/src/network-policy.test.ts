import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import { allowFromEdge } from './network-policy.ts';

const route = (name: string, namespace: string, port: number, extra: object = {}) => ({ name, namespace, host: `${name}.example.org`, service: { name, port }, ...extra });
const deny = (exemptNamespaces: string[]) => [{ component: 'cilium-dataplane', exemptNamespaces }];

function policies(edge: object, denies: ReturnType<typeof deny>) {
  const { cluster, block } = loadValid(edge);
  return allowFromEdge(cluster, block, denies).map((p) => p.toJSON() as { metadata: { name: string; namespace: string }; spec: unknown });
}

describe('allow-from-edge NetworkPolicies', () => {
  const edge = {
    routes: [route('blog', 'blog', 8080, { tls: {} }), route('wiki', 'blog', 80), route('grafana', 'monitoring', 80, { tls: { existingSecret: true } }), route('status', 'open', 80)],
  };

  it('opens each closed backend namespace to the controllers, on the Service ports and the HTTP-01 solver port', () => {
    const out = policies(edge, deny(['kube-system', 'open']));
    expect(out.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['blog/allow-from-edge', 'monitoring/allow-from-edge']);
    expect(out[0]?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
          ports: [
            { protocol: 'TCP', port: 80 },
            { protocol: 'TCP', port: 8080 },
            { protocol: 'TCP', port: 8089 },
          ],
        },
      ],
    });
    // A Secret made outside strata needs no solver, so only the Service port opens.
    expect((out[1]?.spec as { ingress: { ports: unknown }[] }).ingress[0]?.ports).toEqual([{ protocol: 'TCP', port: 80 }]);
  });

  it('renders nothing without a default deny', () => {
    expect(policies(edge, [])).toEqual([]);
  });
});
