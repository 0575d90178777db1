import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import { gatewayAPIObjects } from './gateway-api.ts';
import { listenerMode } from './gateway-routes.ts';

const LABELS = { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'cilium-dataplane', 'strata.dev/cluster': 'lab' };
const POOLS = {
  pools: [
    { name: 'lab', blocks: ['10.20.0.224/28'], serviceSelector: { matchLabels: { 'strata.dev/exposure': 'lab' } } },
    { name: 'spare', blocks: ['10.20.0.240/28'], serviceSelector: { matchLabels: { 'strata.dev/exposure': 'spare' } } },
  ],
};
const GATEWAY = {
  name: 'edge',
  namespace: 'gateway',
  pool: 'lab',
  listeners: [
    { name: 'https', hostname: 'app.example.org', port: 443, protocol: 'HTTPS', tls: { certificateSecret: 'app-tls' } },
    { name: 'db', hostname: 'db.example.org', port: 8443, protocol: 'TLS' },
    { name: 'http', port: 80, protocol: 'HTTP' },
  ],
};

function render(extra: object) {
  const { cluster, block } = loadValid({ l2Announcements: { enabled: true }, loadBalancer: POOLS, gatewayAPI: { enabled: true, experimental: true }, gateways: [GATEWAY], ...extra });
  const objs = gatewayAPIObjects(cluster, block);
  for (const o of objs) o.validate();
  return objs.map((o) => o.toJSON() as unknown as Record<string, any>);
}

describe('gatewayAPIObjects', () => {
  it('renders a valid v1 Gateway of class cilium: HTTPS terminates with the Secret by name, TLS passes through, the pool goes to infrastructure labels', () => {
    const [gw] = render({});
    expect(gw).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'gateway', labels: LABELS },
      spec: {
        gatewayClassName: 'cilium',
        infrastructure: { labels: { 'strata.dev/exposure': 'lab' } },
        listeners: [
          {
            name: 'https',
            hostname: 'app.example.org',
            port: 443,
            protocol: 'HTTPS',
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'app-tls' }] },
            allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], namespaces: { from: 'Same' } },
          },
          {
            name: 'db',
            hostname: 'db.example.org',
            port: 8443,
            protocol: 'TLS',
            tls: { mode: 'Passthrough' },
            allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }], namespaces: { from: 'Same' } },
          },
          {
            name: 'http',
            port: 80,
            protocol: 'HTTP',
            allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], namespaces: { from: 'Same' } },
          },
        ],
      },
    });
  });

  it('renders a weighted 90/10 HTTPRoute and a ReferenceGrant for exactly its Services in the backend namespace', () => {
    const objs = render({
      routes: [
        {
          kind: 'HTTPRoute',
          name: 'web',
          namespace: 'gateway',
          gateway: 'edge',
          listener: 'https',
          hostnames: ['app.example.org'],
          backends: [
            { name: 'web-stable', namespace: 'apps', port: 80, weight: 90 },
            { name: 'web-canary', namespace: 'apps', port: 80, weight: 10 },
            { name: 'web-fallback', port: 8080, weight: 0 },
          ],
        },
      ],
    });
    expect(objs.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'gateway.networking.k8s.io/v1 Gateway gateway/edge',
      'gateway.networking.k8s.io/v1 HTTPRoute gateway/web',
      'gateway.networking.k8s.io/v1beta1 ReferenceGrant apps/httproute-gateway-web',
    ]);
    expect(objs[1]?.spec).toEqual({
      parentRefs: [{ name: 'edge', namespace: 'gateway', sectionName: 'https' }],
      hostnames: ['app.example.org'],
      rules: [
        {
          backendRefs: [
            { name: 'web-stable', namespace: 'apps', port: 80, weight: 90 },
            { name: 'web-canary', namespace: 'apps', port: 80, weight: 10 },
            { name: 'web-fallback', port: 8080, weight: 0 },
          ],
        },
      ],
    });
    expect(objs[2]?.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'gateway' }],
      to: [
        { group: '', kind: 'Service', name: 'web-canary' },
        { group: '', kind: 'Service', name: 'web-stable' },
      ],
    });
  });

  it('renders a v1alpha2 TLSRoute and opens the listener to exactly the namespaces its routes live in', () => {
    const objs = render({
      routes: [{ kind: 'TLSRoute', name: 'db', namespace: 'data', gateway: 'edge', hostnames: ['db.example.org'], backends: [{ name: 'postgres', port: 5432 }] }],
    });
    expect(objs.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1alpha2 TLSRoute']);
    expect(objs[0]?.spec.listeners[1].allowedRoutes).toEqual({
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }],
      namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['data'] }] } },
    });
    expect(objs[0]?.spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'Same' });
    expect(objs[1]?.spec).toEqual({
      parentRefs: [{ name: 'edge', namespace: 'gateway' }],
      hostnames: ['db.example.org'],
      rules: [{ backendRefs: [{ name: 'postgres', port: 5432 }] }],
    });
  });

  it('renders nothing when Gateway API is off, and never a GatewayClass (the chart creates it)', () => {
    const { cluster, block } = loadValid({});
    expect(gatewayAPIObjects(cluster, block)).toEqual([]);
    expect(render({}).map((o) => o.kind)).not.toContain('GatewayClass');
  });

  it('defaults the TLS mode from the protocol', () => {
    expect(GATEWAY.listeners.map((l) => listenerMode(l as Parameters<typeof listenerMode>[0]))).toEqual(['Terminate', 'Passthrough', undefined]);
  });
});
