import { type ComponentChart, SpecError } from '@strata/core';
import { layerOf } from '@strata/core/chart';
import { chartYaml, renderComponent } from '@strata/core/testing';
import { ApiObject } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { HOMELAB_BLOCK, HOMELAB_FACTS, HOMELAB_NETWORK, load, loadValid, pool, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';

function chartFor(block: object, opts: SpecOptions = {}): ComponentChart {
  return renderComponent(component, loadValid(block, opts));
}

const valuesOf = (chart: ComponentChart) => chart.helmReleases('controllers')[0]?.values as Record<string, any>;
const SINGLE_NODE = { ...HOMELAB_NETWORK, nodes: [{ name: 'hl-cp-1', address: '192.168.1.11', roles: ['control-plane', 'worker'] }] };

describe('internal-dns render', () => {
  it('renders the homelab block', async () => {
    await expect(chartYaml(chartFor(HOMELAB_BLOCK))).toMatchFileSnapshot('__snapshots__/homelab.yaml');
  });

  it('renders twice the same: the pinned chart and its Deployment in controllers, the DNS allow in config', () => {
    expect(chartYaml(chartFor(HOMELAB_BLOCK))).toBe(chartYaml(chartFor(HOMELAB_BLOCK)));
    const chart = chartFor(HOMELAB_BLOCK);
    expect(chart.helmReleases('controllers').map((h) => [h.name, h.namespace, h.repository, h.chart, h.version])).toEqual([
      ['k8s-gateway', 'internal-dns', 'https://k8s-gateway.github.io/k8s_gateway', 'k8s-gateway', '3.2.8'],
    ]);
    expect(chart.healthChecks('controllers')).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'k8s-gateway', namespace: 'internal-dns' }]);
    const placed = chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => `${layerOf(o)} ${o.kind} ${o.metadata.namespace}/${o.name}`);
    expect(placed).toEqual(['config NetworkPolicy internal-dns/allow-dns-clients']);
  });

  it('maps the homelab block to a LoadBalancer on 53 UDP+TCP with the fixed IP, Local policy and one replica per node', () => {
    expect(valuesOf(chartFor(HOMELAB_BLOCK))).toEqual({
      fullnameOverride: 'k8s-gateway',
      domain: 'home.example.org',
      ttl: 300,
      watchedResources: ['Ingress'],
      filters: { ingressClasses: ['internal'] },
      fallthrough: { enabled: false, zones: [] },
      replicaCount: 3,
      service: { type: 'LoadBalancer', port: 53, useTcp: true, externalTrafficPolicy: 'Local', annotations: { 'lbipam.cilium.io/ips': '192.168.1.226' } },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'k8s-gateway', 'app.kubernetes.io/instance': 'k8s-gateway' } },
        },
      ],
    });
  });

  it('watches HTTPRoutes and Services without an Ingress filter when no class is named; TTL, fallthrough and policy from the spec', () => {
    const facts = { ...HOMELAB_FACTS, versions: { 'gateway-api': '1.3.0' } };
    const values = valuesOf(chartFor({ ...HOMELAB_BLOCK, ingressClasses: [], httpRoutes: true, services: true, ttl: 30, fallthrough: true, externalTrafficPolicy: 'Cluster' }, { facts }));
    expect(values.watchedResources).toEqual(['HTTPRoute', 'Service']);
    expect(values.filters).toBeUndefined();
    expect([values.ttl, values.fallthrough, values.service.externalTrafficPolicy, values.replicaCount]).toEqual([30, { enabled: true, zones: [] }, 'Cluster', 2]);
  });

  it("puts the pool's selector labels on the Service and keeps the pods on its announcing nodes", () => {
    const facts = {
      ...HOMELAB_FACTS,
      addressPools: [pool('external', ['192.168.1.240-192.168.1.250'], 'l2', { serviceSelector: { 'strata.dev/exposure': 'external' }, nodeSelector: { 'strata.dev/edge': 'true' } })],
    };
    const values = valuesOf(chartFor({ ...HOMELAB_BLOCK, address: { pool: 'external', ip: '192.168.1.246' } }, { facts }));
    expect(values.service.labels).toEqual({ 'strata.dev/exposure': 'external' });
    expect(values.service.annotations).toEqual({ 'lbipam.cilium.io/ips': '192.168.1.246' });
    expect(values.nodeSelector).toEqual({ 'strata.dev/edge': 'true' });
  });

  it('runs 2 spread replicas on a BGP pool, the chosen count when set, and 1 unspread on a single node', () => {
    const bgp = { ...HOMELAB_FACTS, addressPools: [pool('internal', ['192.168.1.224/28'], 'bgp')] };
    expect(valuesOf(chartFor(HOMELAB_BLOCK, { facts: bgp })).replicaCount).toBe(2);
    expect(valuesOf(chartFor({ ...HOMELAB_BLOCK, replicas: 5 })).replicaCount).toBe(5);
    const single = valuesOf(chartFor(HOMELAB_BLOCK, { network: SINGLE_NODE }));
    expect([single.replicaCount, single.topologySpreadConstraints]).toEqual([1, undefined]);
  });

  it('allows DNS and metrics into the pods only when a default deny closes the namespace', () => {
    const objects = (chart: ComponentChart) => chart.toJson() as { kind: string; spec: unknown }[];
    expect(objects(chartFor(HOMELAB_BLOCK))[0]?.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'k8s-gateway', 'app.kubernetes.io/instance': 'k8s-gateway' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          ports: [
            { protocol: 'UDP', port: 1053 },
            { protocol: 'TCP', port: 1053 },
            { protocol: 'TCP', port: 9153 },
          ],
        },
      ],
    });
    const exempt = { ...HOMELAB_FACTS, defaultDeny: [{ component: 'cilium-dataplane', exemptNamespaces: ['kube-system', 'internal-dns'] }] };
    expect(objects(chartFor(HOMELAB_BLOCK, { facts: exempt }))).toEqual([]);
    expect(objects(chartFor(HOMELAB_BLOCK, { facts: { ...HOMELAB_FACTS, defaultDeny: [] } }))).toEqual([]);
  });

  it('refuses to render a block with errors, naming the field', () => {
    const loaded = load({ ...HOMELAB_BLOCK, address: { pool: 'internal', ip: '192.168.1.242' } });
    expect(loaded.cluster).toBeUndefined();
    const valid = loadValid(HOMELAB_BLOCK);
    const broken = { ...valid, block: { ...valid.block, address: { pool: 'internal', ip: '192.168.1.242' } } };
    expect(() => renderComponent(component, broken)).toThrow(new SpecError(['spec', 'internalDNS', 'address', 'ip'], '192.168.1.242 is not in pool internal (192.168.1.224/28)'));
  });
});
