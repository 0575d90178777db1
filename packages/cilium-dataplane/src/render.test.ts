import { NO_FACTS } from '@strata/core';
import { layerOf } from '@strata/core/chart';
import { chartYaml, renderComponent } from '@strata/core/testing';
import { ApiObject } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, type Example, HOMELAB } from './__fixtures__/examples.ts';
import { loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { configNamespaces } from './namespaces.ts';
import { configObjects } from './render.ts';
import { GATEWAY_API } from './pins.ts';

/** Renders a block the way the compiler does and serializes everything the chart recorded. */
function renderYaml(cilium: object, opts: SpecOptions = {}): { yaml: string; objects: unknown[] } {
  const loaded = loadValid(cilium, opts);
  expect(loaded.findings).toEqual([]);
  const chart = renderComponent(component, loaded);
  return { yaml: chartYaml(chart), objects: chart.toJson() };
}

describe('cilium-dataplane render', () => {
  const examples: [string, Example][] = [
    ['chromebox-lab', CHROMEBOX_LAB],
    ['homelab', HOMELAB],
    ['edge-bgp', EDGE_BGP],
  ];
  for (const [name, example] of examples) {
    it(`renders the ${name} example without findings`, async () => {
      const { yaml } = renderYaml(example.cilium, example.opts);
      await expect(yaml).toMatchFileSnapshot(`__snapshots__/${name}.yaml`);
    });
  }

  it('installs the Gateway API CRDs only with Gateway API, on the standard channel unless TLSRoute is asked for', () => {
    const chartFor = (cilium: object) => {
      const { cluster, block } = loadValid(cilium);
      const chart = renderComponent(component, { cluster, block, facts: NO_FACTS });
      return chart.gitManifests('crds');
    };
    expect(chartFor({})).toEqual([]);
    expect(chartFor({ gatewayAPI: { enabled: true } })).toEqual([
      { name: 'gateway-api-crds', url: GATEWAY_API.url, tag: 'v1.3.0', commit: '40be951cebe5cb3f0365fe6951403de4ff8b9f33', path: 'config/crd' },
    ]);
    expect(chartFor({ gatewayAPI: { enabled: true, experimental: true } })).toEqual([
      { name: 'gateway-api-crds', url: GATEWAY_API.url, tag: 'v1.3.0', commit: '40be951cebe5cb3f0365fe6951403de4ff8b9f33', path: 'config/crd/experimental' },
    ]);
  });

  it('puts the custom resources and Services in config, declares their namespaces as facts, and renders twice the same', () => {
    const a = renderYaml(EDGE_BGP.cilium, EDGE_BGP.opts);
    const b = renderYaml(EDGE_BGP.cilium, EDGE_BGP.opts);
    expect(a.yaml).toBe(b.yaml);
    const { cluster, block } = loadValid(EDGE_BGP.cilium, EDGE_BGP.opts);
    const chart = renderComponent(component, { cluster, block, facts: NO_FACTS });
    const placed = chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => `${layerOf(o)} ${o.kind}${o.metadata.namespace === undefined ? '' : ` ${o.metadata.namespace}`}`);
    expect(placed).toEqual([
      'config CiliumLoadBalancerIPPool',
      'config CiliumLoadBalancerIPPool',
      'config CiliumBGPClusterConfig',
      'config CiliumBGPPeerConfig',
      'config CiliumBGPAdvertisement',
      'config Service dns',
      'config Service kafka',
    ]);
    // The compiler renders these once for every component that needs them.
    expect(component.facts?.({ cluster, block }).namespaces).toEqual(['dns', 'kafka']);
  });

  it('tells the other components which hosts its Gateways terminate, where plain HTTP arrives, and its pools', () => {
    const { cluster, block } = loadValid(CHROMEBOX_LAB.cilium, CHROMEBOX_LAB.opts);
    const facts = component.facts?.({ cluster, block });
    expect(facts?.tlsHosts).toEqual([
      {
        host: 'app.lab.example.org',
        secretName: 'app-lab-tls',
        namespace: 'gateway',
        server: { kind: 'gateway', gateway: 'lab-gw', namespace: 'gateway', listener: 'app-https' },
        component: 'cilium-dataplane',
        path: ['spec', 'cilium', 'gateways', 0, 'listeners', 1, 'hostname'],
      },
    ]);
    expect(facts?.addressPools).toEqual([
      {
        name: 'lab',
        blocks: ['10.20.0.224/27'],
        announcement: 'l2',
        ipsAnnotation: 'lbipam.cilium.io/ips',
        component: 'cilium-dataplane',
        path: ['spec', 'cilium', 'loadBalancer', 'pools', 0],
      },
    ]);
    expect(facts?.versions).toEqual({ cilium: '1.18.12', 'gateway-api': '1.3.0' });
    // Agent and operator metrics are on in the lab, Hubble exports metrics: observability scrapes all three.
    expect(facts?.metrics?.map((m) => `${m.kind} ${m.namespace}/${m.name} ${JSON.stringify(m.selector)} ${m.port}`)).toEqual([
      'PodMonitor kube-system/cilium-agent {"k8s-app":"cilium"} prometheus',
      'PodMonitor kube-system/cilium-operator {"io.cilium/app":"operator"} prometheus',
      'PodMonitor kube-system/hubble {"k8s-app":"cilium"} hubble-metrics',
    ]);
    const withChartMonitors = loadValid({ ...CHROMEBOX_LAB.cilium, prometheus: { enabled: true, serviceMonitors: true } }, { ...CHROMEBOX_LAB.opts, prometheusOperator: true });
    expect(component.facts?.({ cluster: withChartMonitors.cluster, block: withChartMonitors.block }).metrics).toEqual([]);
  });
});

describe('cilium-dataplane configNamespaces', () => {
  /** The namespaces of the rendered `config` objects, as the objects themselves say. */
  const rendered = (cilium: object, opts: SpecOptions = {}): string[] => {
    const { cluster, block } = loadValid(cilium, opts);
    const names = configObjects(cluster, block).map((o) => (o.toJSON() as { metadata?: { namespace?: string } }).metadata?.namespace);
    return [...new Set(names.filter((ns): ns is string => ns !== undefined && !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(ns)))].sort();
  };
  const fromBlock = (cilium: object, opts: SpecOptions = {}): string[] => {
    return configNamespaces(loadValid(cilium, opts).block);
  };

  it('reads from the block exactly the namespaces the config objects render into', () => {
    const rich = {
      l2Announcements: { enabled: true },
      loadBalancer: { pools: [{ name: 'lab', blocks: ['10.20.0.224/27'] }] },
      gatewayAPI: { enabled: true, experimental: true },
      gateways: [{ name: 'edge', namespace: 'gateway', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'app.example.org', tls: { certificateSecret: 'app-tls' } }, { name: 'tls', port: 8443, protocol: 'TLS' }] }],
      routes: [
        { kind: 'HTTPRoute', name: 'web', namespace: 'gateway', gateway: 'edge', listener: 'https', backends: [{ name: 'web', namespace: 'apps', port: 80 }, { name: 'local', port: 8080 }] },
        { kind: 'TLSRoute', name: 'db', namespace: 'data', gateway: 'edge', backends: [{ name: 'postgres', port: 5432 }] },
      ],
      services: [{ name: 'kafka', namespace: 'kafka', externalTrafficPolicy: 'Cluster', selector: { app: 'kafka' }, ports: [{ name: 'tls', port: 9093 }] }],
      multus: { enabled: true, networks: [{ name: 'lan', namespace: 'home', master: 'enp2s0' }] },
    };
    expect(fromBlock(rich)).toEqual(['apps', 'data', 'gateway', 'home', 'kafka']);
    expect(fromBlock(rich)).toEqual(rendered(rich));
    for (const example of [CHROMEBOX_LAB, HOMELAB, EDGE_BGP]) expect(fromBlock(example.cilium, example.opts)).toEqual(rendered(example.cilium, example.opts));
  });
});

