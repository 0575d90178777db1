import { describe, expect, it } from 'vitest';
import { EDGE_BGP } from './__fixtures__/examples.ts';
import { EDGE_NETWORK, LAB_NETWORK, load, loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { loadBalancerServices } from './services.ts';
import { ciliumValues } from './values.ts';

const ZONES = ['rack-a', 'rack-a', 'rack-b'];
/** The edge network with `zones[i]` on node i (undefined = no zone). */
function zoned(zones: readonly (string | undefined)[], extra: Partial<SpecOptions> = {}): SpecOptions {
  return {
    apiServer: { host: '172.16.10.10' },
    ...extra,
    network: { ...EDGE_NETWORK, nodes: EDGE_NETWORK.nodes.map((n, i) => (zones[i] === undefined ? n : { ...n, zone: zones[i] })) },
  };
}

const CILIUM = {
  bgp: { enabled: true, localASN: 65010, peers: [{ name: 'router-1', address: '172.16.10.1', asn: 65000 }] },
  loadBalancer: { pools: [{ name: 'vips', blocks: ['198.51.100.0/27'] }] },
  services: [
    { name: 'kafka', namespace: 'kafka', selector: { app: 'redpanda' }, pool: 'vips', ports: [{ name: 'kafka-tls', port: 9093 }] },
    { name: 'web', namespace: 'web', selector: { app: 'web' }, pool: 'vips', externalTrafficPolicy: 'Cluster', ports: [{ name: 'http', port: 80 }] },
  ],
};

function problems(opts: SpecOptions, which: 'errors' | 'all' = 'errors'): string[] {
  return load(CILIUM, opts)
    .findings.filter((f) => which === 'all' || f.severity === 'error')
    .map((f) => `${f.path}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
}

describe('locality (spec.network.nodes[].zone)', () => {
  it('sets trafficDistribution PreferClose on every fast-path Service when the nodes span two zones, and the model validates it', () => {
    const { cluster, block } = loadValid(CILIUM, zoned(ZONES));
    const services = loadBalancerServices(cluster, block);
    for (const svc of services) svc.validate();
    expect(services.map((s) => [s.metadata?.name, s.spec?.externalTrafficPolicy, s.spec?.trafficDistribution, s.spec?.internalTrafficPolicy])).toEqual([
      ['kafka', 'Local', 'PreferClose', undefined],
      ['web', 'Cluster', 'PreferClose', undefined],
    ]);
    // Cilium honours zone hints only with enable-service-topology.
    expect(ciliumValues(cluster, block).loadBalancer).toEqual({ algorithm: 'random', mode: 'snat', serviceTopology: true });
  });

  it('leaves trafficDistribution and serviceTopology unset with one zone or none', () => {
    for (const zones of [['rack-a', 'rack-a', 'rack-a'], []]) {
      const { cluster, block } = loadValid(CILIUM, zoned(zones));
      expect(loadBalancerServices(cluster, block).map((s) => s.spec?.trafficDistribution)).toEqual([undefined, undefined]);
      expect(ciliumValues(cluster, block).loadBalancer).toEqual({ algorithm: 'random', mode: 'snat' });
    }
  });

  it('declares Kubernetes >= 1.31 for PreferClose and rejects 1.30 at spec.network.nodes', () => {
    const { cluster, block } = loadValid(CILIUM, zoned(ZONES));
    expect(component.facts?.({ cluster, block }).requirements?.filter((r) => r.reason.includes('PreferClose'))).toEqual([
      {
        component: 'cilium-dataplane',
        product: 'kubernetes',
        min: '1.31',
        reason: 'the fast-path Services set spec.trafficDistribution: PreferClose because the nodes span zones rack-a, rack-b; the field is served from Kubernetes 1.31 (KEP-4444, GA in 1.33)',
        path: ['spec', 'network', 'nodes'],
      },
    ]);
    expect(problems(zoned(ZONES, { kubernetesVersion: '1.30' }))).toEqual([
      'spec.network.nodes: cilium-dataplane needs kubernetes >= 1.31, the cluster runs 1.30: the fast-path Services set spec.trafficDistribution: PreferClose because the nodes span zones rack-a, rack-b; the field is served from Kubernetes 1.31 (KEP-4444, GA in 1.33)',
    ]);
    expect(problems(zoned(ZONES, { kubernetesVersion: '1.31' }))).toEqual([]);
    expect(problems(zoned([], { kubernetesVersion: '1.30' }))).toEqual([]);
  });

  it('warns when some nodes have no zone while others do', () => {
    expect(problems(zoned(['rack-a', undefined, 'rack-b']), 'all')).toEqual([
      'spec.network.nodes[1]: warning: edge-2 has no zone while the others are in rack-a, rack-b: endpoints there get no zone hint, and PreferClose then spreads traffic over every endpoint',
    ]);
    expect(problems(zoned(ZONES), 'all')).toEqual([]);
  });

  it('explains per service what PreferClose steers beside the external traffic policy', () => {
    const loaded = loadValid(CILIUM, zoned(ZONES));
    const lines = component.explain?.({ cluster: loaded.cluster, block: loaded.block, facts: loaded.facts }).find((e) => e.topic === 'paths')?.lines;
    expect(lines).toEqual([
      'Service kafka/kafka on an address from pool vips 9093/TCP: L4 fast path (eBPF, no proxy), client IP kept (externalTrafficPolicy Local), advertised over BGP by the nodes that run a backend',
      'Service kafka/kafka locality: trafficDistribution PreferClose over zones rack-a, rack-b; external clients already stay on the node they reach (Local), so PreferClose steers in-cluster clients to a backend in their own zone, other zones only when it has none',
      "Service web/web on an address from pool vips 80/TCP: L4 fast path (eBPF, no proxy), client IP replaced by the node's (externalTrafficPolicy Cluster), advertised over BGP by the nodes that run a backend",
      'Service web/web locality: trafficDistribution PreferClose over zones rack-a, rack-b; external and in-cluster clients to a backend in their own zone, other zones only when it has none',
    ]);
  });

  it('renders the edge-bgp example (zones rack-a, rack-b) with PreferClose on its DNS and Kafka Services', () => {
    const { cluster, block } = loadValid(EDGE_BGP.cilium, EDGE_BGP.opts);
    expect(loadBalancerServices(cluster, block).map((s) => `${s.metadata?.name} ${s.spec?.trafficDistribution}`)).toEqual(['powerdns PreferClose', 'kafka PreferClose']);
    expect(LAB_NETWORK.nodes.some((n) => 'zone' in n)).toBe(false);
  });
});

describe("Cilium's Kubernetes support range (spec.cilium.version)", () => {
  it('rejects a Kubernetes older than the 1.18 line supports, warns past the newest it is tested on, and admits 1.30–1.33', () => {
    const at = (kubernetesVersion: string): string[] => problems(zoned([], { kubernetesVersion }), 'all');
    expect(at('1.29')).toEqual([
      'spec.cilium.version: cilium-dataplane needs kubernetes >= 1.30, the cluster runs 1.29: Cilium 1.18.12 supports Kubernetes 1.30–1.33 (docs.cilium.io/en/v1.18/network/kubernetes/compatibility)',
    ]);
    expect(at('1.34.1')).toEqual([
      "spec.cilium.version: warning: cilium-dataplane needs kubernetes <= 1.33, the cluster runs 1.34.1: Cilium 1.18.12 is tested up to Kubernetes 1.33 (docs.cilium.io/en/v1.18/network/kubernetes/compatibility); newer releases are untested, check the vendor's matrix before upgrading",
    ]);
    for (const v of ['1.30', '1.31.4', '1.33.9']) expect(at(v)).toEqual([]);
  });
});
