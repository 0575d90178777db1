import type { ComponentChart } from '@strata/core';
import { layerOf } from '@strata/core/chart';
import { chartYaml, renderComponent } from '@strata/core/testing';
import { ApiObject } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, type Example, HOMELAB } from './__fixtures__/examples.ts';
import { loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';

function chartOf(edge: object, opts: SpecOptions = {}): ComponentChart {
  return renderComponent(component, loadValid(edge, opts));
}

/** Renders a block the way the compiler does and serializes everything the chart recorded. */
function renderYaml(edge: object, opts: SpecOptions = {}): string {
  return chartYaml(chartOf(edge, opts));
}

describe('nginx-edge render', () => {
  const examples: [string, Example][] = [
    ['chromebox-lab', CHROMEBOX_LAB],
    ['homelab', HOMELAB],
    ['edge-bgp', EDGE_BGP],
  ];
  for (const [name, example] of examples) {
    it(`renders the ${name} example with only the retirement warning`, async () => {
      const { findings } = loadValid(example.edge, example.opts);
      expect(findings.map((f) => `${f.severity} ${f.path}`)).toEqual(
        (example.edge as { classes: unknown[] }).classes.map((_, i) => `warning spec.edge.classes[${i}]`),
      );
      await expect(renderYaml(example.edge, example.opts)).toMatchFileSnapshot(`__snapshots__/${name}.yaml`);
    });
  }

  it('renders twice the same, releases (stable and canary) in controllers, Ingresses and the tunnel in config, and no Namespace objects', () => {
    expect(renderYaml(HOMELAB.edge, HOMELAB.opts)).toBe(renderYaml(HOMELAB.edge, HOMELAB.opts));
    const chart = chartOf(HOMELAB.edge, HOMELAB.opts);
    const placed = chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => `${layerOf(o)} ${o.kind} ${o.metadata.namespace}/${o.name}`);
    expect(placed).toEqual([
      'config Ingress monitoring/grafana',
      'config Ingress blog/blog',
      'config ConfigMap ingress-nginx/cloudflared-external',
      'config Deployment ingress-nginx/cloudflared-external',
      'config PodDisruptionBudget ingress-nginx/cloudflared-external',
    ]);
    expect(chart.helmReleases('controllers').map((r) => `${r.namespace}/${r.name} ${r.chart}@${r.version} ${r.repository}`)).toEqual([
      'ingress-nginx/ingress-internal ingress-nginx@4.13.9 https://kubernetes.github.io/ingress-nginx',
      'ingress-nginx/ingress-internal-canary ingress-nginx@4.15.1 https://kubernetes.github.io/ingress-nginx',
      'ingress-nginx/ingress-external ingress-nginx@4.13.9 https://kubernetes.github.io/ingress-nginx',
    ]);
    expect(chart.healthChecks('controllers')).toEqual([
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ingress-internal-controller', namespace: 'ingress-nginx' },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ingress-internal-canary-controller', namespace: 'ingress-nginx' },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ingress-external-controller', namespace: 'ingress-nginx' },
    ]);
  });
});
