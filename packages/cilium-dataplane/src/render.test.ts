import { ComponentChart, LAYERS, layerOf } from '@strata/core';
import { ApiObject, App } from 'cdk8s';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, type Example, HOMELAB } from './__fixtures__/examples.ts';
import { loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { GATEWAY_API } from './pins.ts';

/** Renders a block the way the compiler does and serializes everything the chart recorded. */
function renderYaml(cilium: object, opts: SpecOptions = {}): { yaml: string; objects: unknown[] } {
  const { cluster, block, findings } = loadValid(cilium, opts);
  expect(findings).toEqual([]);
  const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'cilium-dataplane');
  component.render(chart, { cluster, block });
  const objects = chart.toJson();
  const recorded = LAYERS.map((layer) => ({
    layer,
    gitManifests: chart.gitManifests(layer),
    helmReleases: chart.helmReleases(layer),
    healthChecks: chart.healthChecks(layer),
  }));
  const yaml = stringify({ objects, recorded }, { sortMapEntries: true, lineWidth: 0 });
  return { yaml, objects };
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
      const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'cilium-dataplane');
      component.render(chart, { cluster, block });
      return chart.gitManifests('crds');
    };
    expect(chartFor({})).toEqual([]);
    expect(chartFor({ gatewayAPI: { enabled: true } })).toEqual([
      { name: 'gateway-api-crds', url: GATEWAY_API.url, tag: 'v1.3.0', path: 'config/crd/standard' },
    ]);
  });

  it('puts the custom resources and Services in config, their namespaces in controllers, and renders twice the same', () => {
    const a = renderYaml(EDGE_BGP.cilium, EDGE_BGP.opts);
    const b = renderYaml(EDGE_BGP.cilium, EDGE_BGP.opts);
    expect(a.yaml).toBe(b.yaml);
    const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'cilium-dataplane');
    const { cluster, block } = loadValid(EDGE_BGP.cilium, EDGE_BGP.opts);
    component.render(chart, { cluster, block });
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
      'controllers Namespace',
      'controllers Namespace',
    ]);
  });
});
