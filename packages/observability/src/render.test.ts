import { NO_FACTS } from '@strata/core';
import { ComponentChart, layerOf } from '@strata/core/chart';
import { chartYaml, renderComponent } from '@strata/core/testing';
import { ApiObject, App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, type Example, HOMELAB } from './__fixtures__/examples.ts';
import { edgeFacts } from './__fixtures__/facts.ts';
import { loadValid, stub } from './__fixtures__/spec.ts';
import { component } from './index.ts';

function chartOf(example: Example): ComponentChart {
  const loaded = loadValid(example.observability, example.input);
  expect(loaded.findings.filter((f) => f.severity === 'error')).toEqual([]);
  return renderComponent(component, loaded);
}

/** Renders a block the way the compiler does and serializes everything the chart recorded. */
function renderYaml(example: Example): string {
  return chartYaml(chartOf(example));
}

describe('observability render', () => {
  const examples: [string, Example][] = [
    ['chromebox-lab', CHROMEBOX_LAB],
    ['homelab', HOMELAB],
    ['edge-bgp', EDGE_BGP],
  ];
  for (const [name, example] of examples) {
    it(`renders the ${name} example without errors`, async () => {
      await expect(renderYaml(example)).toMatchFileSnapshot(`__snapshots__/${name}.yaml`);
    });
  }

  it('loads homelab without findings: its default deny leaves the stack\'s namespaces open', () => {
    const { lines } = loadValid(HOMELAB.observability, HOMELAB.input);
    expect(lines).toEqual([]);
  });

  it('renders twice the same bytes', () => {
    expect(renderYaml(HOMELAB)).toBe(renderYaml(HOMELAB));
  });

  it('installs kube-prometheus-stack with CRDs CreateReplace and waits for its operator before config', () => {
    const chart = chartOf(EDGE_BGP);
    const [kps] = chart.helmReleases('controllers');
    expect(kps).toMatchObject({ name: 'kube-prometheus-stack', namespace: 'monitoring', chart: 'kube-prometheus-stack', version: '81.4.3', crds: 'CreateReplace' });
    expect(chart.healthChecks('controllers')).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'kube-prometheus-stack-operator', namespace: 'monitoring' },
    ]);
    expect(chart.helmReleases('crds')).toEqual([]);
    expect(chart.helmReleases('config')).toEqual([]);
  });

  it('puts monitors, rules, dashboards and Ingresses in config and renders no Namespace', () => {
    const placed = chartOf(CHROMEBOX_LAB)
      .node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => `${layerOf(o)} ${o.kind} ${o.metadata.namespace}/${o.name}`);
    expect(placed).toEqual([
      'config ServiceMonitor cert-manager/cert-manager',
      'config ServiceMonitor ingress-nginx/ingress-nginx-controller',
      'config ServiceMonitor kube-system/cilium-agent',
      'config ServiceMonitor kube-system/cilium-operator',
      'config ServiceMonitor kube-system/hubble',
      'config PrometheusRule monitoring/strata-cilium',
      'config PrometheusRule monitoring/strata-ingress-nginx',
      'config ConfigMap monitoring/grafana-dashboard-strata-dataplane',
      'config ConfigMap monitoring/grafana-dashboard-strata-edge',
      'config ConfigMap monitoring/grafana-dashboard-strata-certificates',
      'config Ingress kube-system/hubble-ui',
      'config Ingress dashboard/dashboard',
    ]);
  });

  it('renders one external-dns release per class, each watching only its class with its own owner id', () => {
    const releases = chartOf(HOMELAB).helmReleases('controllers').filter((r) => r.chart === 'external-dns');
    expect(releases.map((r) => [r.name, r.namespace, r.version])).toEqual([
      ['external-dns-internal', 'external-dns', '1.19.0'],
      ['external-dns-external', 'external-dns', '1.19.0'],
    ]);
    expect(releases.map((r) => [(r.values as { extraArgs: string[] }).extraArgs, (r.values as { txtOwnerId: string }).txtOwnerId])).toEqual([
      [['--ingress-class=internal'], 'homelab-internal'],
      [['--ingress-class=external'], 'homelab-external'],
    ]);
    // Credentials by Secret reference only.
    expect(JSON.stringify(releases)).not.toMatch(/"(data|stringData)"/);
  });

  it('monitors a new component\'s endpoint without any change here', () => {
    const newcomer = stub('newcomer', {
      metrics: [{ component: 'newcomer', name: 'newcomer', namespace: 'newcomer', kind: 'PodMonitor', selector: { app: 'newcomer' }, port: 'http-metrics', path: '/stats', interval: '15s' }],
    });
    const { cluster, block, facts } = loadValid({}, { others: { newcomer: { enabled: true } }, stubs: [newcomer] });
    const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'observability');
    component.render(chart, { cluster, block, facts });
    expect(chart.toJson().filter((o) => (o as { kind: string }).kind === 'PodMonitor')).toEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: {
          name: 'newcomer',
          namespace: 'newcomer',
          labels: { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'observability', 'strata.dev/cluster': 'lab', 'strata.dev/declared-by': 'newcomer' },
        },
        spec: { selector: { matchLabels: { app: 'newcomer' } }, podMetricsEndpoints: [{ port: 'http-metrics', path: '/stats', interval: '15s' }] },
      },
    ]);
  });

  it('renders no rules or dashboards for components that do not run', () => {
    const { cluster, block } = loadValid({});
    const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'observability');
    component.render(chart, { cluster, block, facts: NO_FACTS });
    expect(chart.toJson()).toEqual([]);
    expect(chart.helmReleases('controllers').map((r) => r.name)).toEqual(['kube-prometheus-stack']);
  });

  it('tells cert-manager which hosts it exposes through which class', () => {
    const { cluster, block } = loadValid(CHROMEBOX_LAB.observability, CHROMEBOX_LAB.input);
    expect(component.facts?.({ cluster, block }).tlsHosts).toEqual([
      { host: 'hubble.lab.example.org', secretName: 'hubble-ui-tls', namespace: 'kube-system', server: { kind: 'ingress', ingressClass: 'nginx' }, paths: [{ path: '/', pathType: 'Prefix' }], reader: { kind: 'Ingress', namespace: 'kube-system', name: 'hubble-ui', field: 'spec.tls[0].secretName' }, component: 'observability', path: ['spec', 'observability', 'hubbleUI', 'host'] },
      { host: 'dashboard.lab.example.org', secretName: 'dashboard-tls', namespace: 'dashboard', server: { kind: 'ingress', ingressClass: 'nginx' }, paths: [{ path: '/', pathType: 'Prefix' }], reader: { kind: 'Ingress', namespace: 'dashboard', name: 'dashboard', field: 'spec.tls[0].secretName' }, component: 'observability', path: ['spec', 'observability', 'dashboard', 'host'] },
    ]);
    const edge = stub('edge', edgeFacts('nginx'));
    expect(edge.facts?.({ cluster, block: {} })?.httpEntrypoints?.length).toBe(1);
  });
});
