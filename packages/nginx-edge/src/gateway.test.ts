import { ComponentChart } from '@strata/core/chart';
import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { LAB_FACTS, loadValid, pool } from './__fixtures__/spec.ts';
import { component } from './index.ts';

const NGF = { name: 'public', default: true, flavor: 'nginx-gateway-fabric', address: { pool: 'lab', ip: '10.20.0.241' } };
const routes = [
  { name: 'web', namespace: 'apps', host: 'www.lab.example.org', service: { name: 'web', port: 80 }, tls: {} },
  { name: 'docs', namespace: 'docs', host: 'docs.lab.example.org', paths: [{ path: '/v1', pathType: 'Exact' }], service: { name: 'docs', port: 8080 } },
];

function render(facts = LAB_FACTS) {
  const { cluster, block, facts: all } = loadValid({ classes: [NGF], routes }, { facts });
  const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'nginx-edge');
  component.render(chart, { cluster, block, facts: all });
  return chart;
}

describe('NGINX Gateway Fabric flavor', () => {
  it('installs the NGF chart matched to the Gateway API bundle, as a DaemonSet data plane on an L2 pool', () => {
    const chart = render();
    expect(chart.helmReleases('controllers')).toEqual([
      {
        name: 'ngf-public',
        namespace: 'ingress-nginx',
        chart: 'nginx-gateway-fabric',
        version: '2.2.0',
        repository: 'oci://ghcr.io/nginx/charts',
        values: {
          fullnameOverride: 'ngf-public',
          nginxGateway: { gatewayClassName: 'public', gatewayControllerName: 'gateway.nginx.org/public', replicas: 2, metrics: { enable: true } },
          nginx: { kind: 'daemonSet', service: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' } },
        },
      },
    ]);
    expect(chart.healthChecks('controllers')).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ngf-public', namespace: 'ingress-nginx' }]);
  });

  it('follows a newer bundle, and runs a spread Deployment on BGP', () => {
    const chart = render({ addressPools: [pool('lab', ['10.20.0.224/27'], 'bgp')], versions: { 'gateway-api': '1.4.1', 'cert-manager': '1.18.2' } });
    const [release] = chart.helmReleases('controllers');
    expect([release?.version, (release?.values as { nginx: unknown }).nginx]).toEqual(['2.4.0', { kind: 'deployment', replicas: 2, service: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' } }]);
  });

  it('renders a Gateway with port 80 open to all namespaces and an HTTPS listener per TLS host, and an HTTPRoute per route', () => {
    const objects = render().toJson() as { kind: string; metadata: { name: string; namespace: string }; spec: unknown }[];
    expect(objects.map((o) => [o.kind, o.metadata.namespace, o.metadata.name])).toEqual([
      ['Gateway', 'ingress-nginx', 'public'],
      ['HTTPRoute', 'apps', 'web'],
      ['HTTPRoute', 'docs', 'docs'],
    ]);
    expect(objects[0]?.spec).toEqual({
      gatewayClassName: 'public',
      infrastructure: { annotations: { 'lbipam.cilium.io/ips': '10.20.0.241' } },
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        {
          name: 'https-www-lab-example-org',
          hostname: 'www.lab.example.org',
          port: 443,
          protocol: 'HTTPS',
          tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'www-lab-example-org-tls' }] },
          allowedRoutes: {
            kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
            namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['apps'] }] } },
          },
        },
      ],
    });
    expect(objects.slice(1).map((o) => o.spec)).toEqual([
      {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'ingress-nginx', sectionName: 'https-www-lab-example-org' }],
        hostnames: ['www.lab.example.org'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
      },
      {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'ingress-nginx', sectionName: 'http' }],
        hostnames: ['docs.lab.example.org'],
        rules: [{ matches: [{ path: { type: 'Exact', value: '/v1' } }], backendRefs: [{ name: 'docs', port: 8080 }] }],
      },
    ]);
  });
});
