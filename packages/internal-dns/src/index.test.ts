import { NO_FACTS } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { HOMELAB_BLOCK, loadValid } from './__fixtures__/spec.ts';
import { explainInternalDns } from './explain.ts';
import { component, internalDnsFacts, schema } from './index.ts';

type Node = { description?: unknown; properties?: Record<string, Node>; items?: Node };

/** Paths of schema properties without a description. */
function undescribed(node: Node, path: string): string[] {
  const own = Object.entries(node.properties ?? {}).flatMap(([k, v]) => [
    ...(typeof v.description === 'string' && v.description.length > 0 ? [] : [`${path}.${k}`]),
    ...undescribed(v, `${path}.${k}`),
  ]);
  return node.items === undefined ? own : [...own, ...undescribed(node.items, `${path}[]`)];
}

describe('the internal-dns component', () => {
  it('is spec.internalDNS, off by default, and describes every property', () => {
    expect([component.name, component.key]).toEqual(['internal-dns', 'internalDNS']);
    expect(schema.properties.enabled).toMatchObject({ type: 'boolean', default: false });
    expect(undescribed(schema as Node, 'internalDNS')).toEqual([]);
  });

  it('fills in the defaults: pinned chart, own namespace, Local policy, TTL 300, nothing extra served, replicas derived', () => {
    expect(loadValid(HOMELAB_BLOCK).block).toEqual({
      enabled: true,
      version: '3.2.8',
      namespace: 'internal-dns',
      domain: 'home.example.org',
      ingressClasses: ['internal'],
      httpRoutes: false,
      services: false,
      address: { pool: 'internal', ip: '192.168.1.226' },
      externalTrafficPolicy: 'Local',
      ttl: 300,
      fallthrough: false,
    });
  });

  it('declares its version, a PodMonitor on the metrics port, the fixed address it asks for and its unchecked Kubernetes range', () => {
    const { cluster, block } = loadValid({ ...HOMELAB_BLOCK, namespace: 'dns' });
    expect(internalDnsFacts({ cluster, block })).toEqual({
      versions: { 'k8s-gateway': '1.6.0' },
      metrics: [
        {
          component: 'internal-dns',
          name: 'k8s-gateway',
          namespace: 'dns',
          kind: 'PodMonitor',
          selector: { 'app.kubernetes.io/name': 'k8s-gateway', 'app.kubernetes.io/instance': 'k8s-gateway' },
          port: 'metrics',
          path: '/metrics',
        },
      ],
      loadBalancerAddresses: [{ ip: '192.168.1.226', owner: 'Service dns/k8s-gateway (internal DNS)', component: 'internal-dns', path: ['spec', 'internalDNS', 'address', 'ip'] }],
      // No Kubernetes range is published for the chart: the gap is on record for `strata explain`, and never fails.
      requirements: [expect.objectContaining({ product: 'kubernetes', path: ['spec', 'internalDNS', 'version'], reason: expect.stringMatching(/^k8s-gateway chart 3\.2\.8: the project publishes no Kubernetes support matrix/) })],
    });
    const { block: noIp } = loadValid({ ...HOMELAB_BLOCK, address: { pool: 'internal' } });
    expect(internalDnsFacts({ cluster, block: noIp }).loadBalancerAddresses).toEqual([]);
  });

  it('explains the path: zone, address, port, replicas, client IP and the hosts it answers for', () => {
    const loaded = loadValid(HOMELAB_BLOCK);
    expect(explainInternalDns(loaded)).toEqual([
      {
        topic: 'paths',
        lines: [
          '*.home.example.org: internal DNS on 192.168.1.226:53 UDP/TCP (k8s-gateway, 3 replicas, client IP kept (externalTrafficPolicy Local)), answers for the hosts of ingress class internal, TTL 300s; names outside it are forwarded to the cluster resolver',
        ],
      },
    ]);
    const all = loadValid({ ...HOMELAB_BLOCK, ingressClasses: ['internal', 'external'], httpRoutes: true, services: true, address: { pool: 'internal' }, externalTrafficPolicy: 'Cluster', fallthrough: true });
    expect(explainInternalDns({ ...all, facts: { ...all.facts, versions: { 'gateway-api': '1.3.0' } } })[0]?.lines).toEqual([
      '*.home.example.org: internal DNS on an address from pool internal:53 UDP/TCP (k8s-gateway, 2 replicas, client IP lost (externalTrafficPolicy Cluster)), answers for the hosts of ingress classes internal, external; HTTPRoute hostnames (with their Gateway addresses); LoadBalancer Services as <name>.<namespace>.home.example.org, TTL 300s; unknown names in the zone and names outside it are forwarded to the cluster resolver',
    ]);
    expect(explainInternalDns({ ...loaded, facts: NO_FACTS })[0]?.lines[0]).toContain('on 192.168.1.226:53 UDP/TCP');
  });
});
