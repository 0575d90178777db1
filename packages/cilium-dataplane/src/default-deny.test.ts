import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import { defaultDenyPolicy } from './default-deny.ts';

describe('defaultDenyPolicy', () => {
  it('renders a valid clusterwide policy that closes pods outside the exempt namespaces except DNS, kube-apiserver and node probes', () => {
    const { cluster, block } = loadValid({ defaultDeny: { enabled: true, exemptNamespaces: ['kube-system', 'flux-system', 'cert-manager'] } });
    const policy = defaultDenyPolicy(cluster, block);
    policy?.validate();
    expect(policy?.toJSON()).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: {
        name: 'default-deny',
        labels: { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'cilium-dataplane', 'strata.dev/cluster': 'lab' },
      },
      spec: {
        description:
          'Default deny for pods outside cert-manager, flux-system, kube-system: only DNS to kube-dns, the kube-apiserver and probes from the node are allowed.',
        endpointSelector: {
          matchExpressions: [
            { key: 'io.kubernetes.pod.namespace', operator: 'Exists' },
            { key: 'io.kubernetes.pod.namespace', operator: 'NotIn', values: ['cert-manager', 'flux-system', 'kube-system'] },
          ],
        },
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [{ fromEntities: ['host'] }],
        egress: [
          {
            toEndpoints: [{ matchLabels: { 'io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' } }],
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
  });

  it('renders nothing when off', () => {
    const { cluster, block } = loadValid({});
    expect(defaultDenyPolicy(cluster, block)).toBeUndefined();
  });
});
