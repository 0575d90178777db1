import { describe, expect, it } from 'vitest';
import { EDGE_NETWORK, loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { loadBalancerServices } from './services.ts';

const EDGE: SpecOptions = { name: 'edge', network: EDGE_NETWORK, apiServer: { host: '172.16.10.10' } };
const LABELS = { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'cilium-dataplane', 'strata.dev/cluster': 'edge' };
const BGP = { enabled: true, localASN: 65010, peers: [{ name: 'router-1', address: '172.16.10.1', asn: 65000 }] };

describe('loadBalancerServices', () => {
  it('renders a valid LoadBalancer Service with both DNS ports on one fixed IP, client IP kept', () => {
    const { cluster, block } = loadValid(
      {
        bgp: BGP,
        loadBalancer: { pools: [{ name: 'dns', blocks: ['198.51.100.53/32'] }] },
        services: [
          {
            name: 'powerdns',
            namespace: 'dns',
            selector: { 'app.kubernetes.io/name': 'powerdns' },
            pool: 'dns',
            ip: '198.51.100.53',
            ports: [
              { name: 'dns-udp', port: 53, protocol: 'UDP' },
              { name: 'dns-tcp', port: 53, targetPort: 'dns-tcp' },
            ],
          },
        ],
      },
      EDGE,
    );
    const [svc, ...rest] = loadBalancerServices(cluster, block);
    expect(rest).toEqual([]);
    svc?.validate();
    expect(svc?.toJSON()).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'powerdns', namespace: 'dns', labels: LABELS, annotations: { 'lbipam.cilium.io/ips': '198.51.100.53' } },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { 'app.kubernetes.io/name': 'powerdns' },
        ports: [
          { name: 'dns-udp', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
        ],
      },
    });
  });

  it('picks a pool without a fixed IP through the labels its serviceSelector asks for, not the annotation', () => {
    const { cluster, block } = loadValid(
      {
        bgp: BGP,
        loadBalancer: {
          pools: [
            { name: 'public', blocks: ['198.51.100.0/27'], serviceSelector: { matchLabels: { 'strata.dev/exposure': 'public', 'io.kubernetes.service.namespace': 'kafka' } } },
            { name: 'private', blocks: ['198.51.100.64/27'], serviceSelector: { matchLabels: { 'strata.dev/exposure': 'private' } } },
          ],
        },
        services: [
          {
            name: 'kafka',
            namespace: 'kafka',
            selector: { 'app.kubernetes.io/name': 'redpanda' },
            pool: 'public',
            externalTrafficPolicy: 'Cluster',
            ports: [{ name: 'kafka-tls', port: 9093 }],
          },
        ],
      },
      EDGE,
    );
    const [svc] = loadBalancerServices(cluster, block);
    svc?.validate();
    expect(svc?.metadata).toEqual({ name: 'kafka', namespace: 'kafka', labels: { ...LABELS, 'strata.dev/exposure': 'public' } });
    expect(svc?.spec?.externalTrafficPolicy).toBe('Cluster');
  });

  it('renders nothing without services', () => {
    const { cluster, block } = loadValid({}, EDGE);
    expect(loadBalancerServices(cluster, block)).toEqual([]);
  });
});

describe('the Services the Cilium chart creates (facts)', () => {
  it('declares hubble-ui on port 80 only when Hubble and its UI are on, so an Ingress to it can be checked', () => {
    const ui = loadValid({ hubble: { relay: true, ui: true } });
    expect(component.facts?.(ui)?.services).toEqual([
      { namespace: 'kube-system', name: 'hubble-ui', ports: [{ port: 80, name: 'http' }], component: 'cilium-dataplane', source: 'chart cilium (cilium-dataplane)' },
    ]);
    for (const hubble of [{ relay: true, ui: false }, { enabled: false }]) expect(component.facts?.(loadValid({ hubble }))?.services).toEqual([]);
  });
});
