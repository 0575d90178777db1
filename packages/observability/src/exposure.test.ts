import { describe, expect, it } from 'vitest';
import { FULL, loadValid } from './__fixtures__/spec.ts';
import { exposures, exposureTlsHosts } from './exposure.ts';
import { exposureIngress } from './exposure-ingress.ts';

const LABELS = { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'observability', 'strata.dev/cluster': 'lab' };

describe('exposures', () => {
  it('routes the Hubble UI host to Cilium\'s hubble-ui Service in kube-system, with TLS', () => {
    const { block } = loadValid({ ingressClass: 'internal', hubbleUI: { host: 'hubble.lab.example.org', issuer: 'internal-ca' } }, FULL);
    const [e] = exposures(block);
    expect(exposureIngress('lab', 'internal', e!).toJSON()).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'hubble-ui', namespace: 'kube-system', labels: LABELS },
      spec: {
        ingressClassName: 'internal',
        tls: [{ hosts: ['hubble.lab.example.org'], secretName: 'hubble-ui-tls' }],
        rules: [{ host: 'hubble.lab.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'hubble-ui', port: { number: 80 } } } }] } }],
      },
    });
  });

  it('sends the Kubernetes Dashboard through its Kong proxy over HTTPS', () => {
    const { block } = loadValid({ ingressClass: 'internal', dashboard: { flavor: 'kubernetes-dashboard', namespace: 'kubernetes-dashboard', host: 'dash.example.org' } }, FULL);
    const json = exposureIngress('lab', 'internal', exposures(block)[0]!).toJSON() as {
      metadata: { namespace: string; annotations: Record<string, string> };
      spec: { rules: { http: { paths: { backend: unknown }[] } }[] };
    };
    expect(json.metadata.namespace).toBe('kubernetes-dashboard');
    expect(json.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' });
    expect(json.spec.rules[0]!.http.paths[0]!.backend).toEqual({ service: { name: 'dashboard-kong-proxy', port: { number: 443 } } });
  });

  it('declares a TLS host per exposed UI, served by the class, with the spec\'s issuer', () => {
    const { block } = loadValid({ ingressClass: 'internal', hubbleUI: { host: 'hubble.example.org', issuer: 'internal-ca' }, dashboard: { host: 'dash.example.org', secretName: 'dash-cert' } }, FULL);
    expect(exposureTlsHosts(block).map((h) => [h.host, h.secretName, h.namespace, h.issuer, h.server])).toEqual([
      ['hubble.example.org', 'hubble-ui-tls', 'kube-system', 'internal-ca', { kind: 'ingress', ingressClass: 'internal' }],
      ['dash.example.org', 'dash-cert', 'dashboard', undefined, { kind: 'ingress', ingressClass: 'internal' }],
    ]);
  });

  it('declares no TLS host without a class (the check reports the missing class)', () => {
    const { block } = loadValid({}, FULL);
    expect(exposureTlsHosts({ ...block, dashboard: { flavor: 'headlamp', namespace: 'dashboard', host: 'dash.example.org', secretName: 'dashboard-tls' } })).toEqual([]);
  });
});
