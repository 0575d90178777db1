import { describe, expect, it } from 'vitest';
import { CERT_MANAGER_FACTS, CILIUM_METRICS, edgeFacts } from './__fixtures__/facts.ts';
import { externalDNSMetrics } from './facts.ts';
import { monitorFor, monitors } from './monitors.ts';

const LABELS = { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'observability', 'strata.dev/cluster': 'lab' };

describe('monitors', () => {
  it('turns the Cilium agent endpoint into a ServiceMonitor with its interval', () => {
    expect(monitorFor('lab', CILIUM_METRICS[0]!).toJSON()).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'cilium-agent', namespace: 'kube-system', labels: { ...LABELS, 'strata.dev/declared-by': 'cilium-dataplane' } },
      spec: { selector: { matchLabels: { 'k8s-app': 'cilium' } }, endpoints: [{ port: 'metrics', path: '/metrics', interval: '10s' }] },
    });
  });

  it('turns the Cilium operator and Hubble endpoints into ServiceMonitors on their ports', () => {
    expect(CILIUM_METRICS.slice(1).map((e) => (monitorFor('lab', e).toJSON() as { spec: unknown }).spec)).toEqual([
      { selector: { matchLabels: { 'io.cilium/app': 'operator', name: 'cilium-operator' } }, endpoints: [{ port: 'metrics', path: '/metrics' }] },
      { selector: { matchLabels: { 'k8s-app': 'hubble' } }, endpoints: [{ port: 'hubble-metrics', path: '/metrics' }] },
    ]);
  });

  it('turns an ingress-nginx controller endpoint into a ServiceMonitor in its namespace', () => {
    const [e] = edgeFacts('internal').metrics!;
    const json = monitorFor('lab', e!).toJSON() as { metadata: { name: string; namespace: string }; spec: unknown };
    expect([json.metadata.namespace, json.metadata.name]).toEqual(['ingress-nginx', 'ingress-internal-controller']);
    expect(json.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-internal', 'app.kubernetes.io/component': 'controller' } },
      endpoints: [{ port: 'metrics', path: '/metrics' }],
    });
  });

  it('turns the cert-manager controller endpoint into a ServiceMonitor on its named port', () => {
    const json = monitorFor('lab', CERT_MANAGER_FACTS.metrics![0]!).toJSON() as { spec: { endpoints: unknown } };
    expect(json.spec.endpoints).toEqual([{ port: 'tcp-prometheus-servicemonitor', path: '/metrics' }]);
  });

  it('monitors its own external-dns releases on the chart\'s http port', () => {
    const json = monitorFor('lab', externalDNSMetrics('external')).toJSON() as { metadata: { name: string; namespace: string }; spec: unknown };
    expect([json.metadata.namespace, json.metadata.name]).toEqual(['external-dns', 'external-dns-external']);
    expect(json.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'external-dns', 'app.kubernetes.io/instance': 'external-dns-external' } },
      endpoints: [{ port: 'http', path: '/metrics' }],
    });
  });

  it('turns a PodMonitor endpoint into podMetricsEndpoints', () => {
    const json = monitorFor('lab', { component: 'x', name: 'gw', namespace: 'edge', kind: 'PodMonitor', selector: { app: 'gw' }, port: 'metrics', path: '/metrics' }).toJSON() as {
      kind: string;
      spec: unknown;
    };
    expect(json).toMatchObject({ kind: 'PodMonitor', spec: { selector: { matchLabels: { app: 'gw' } }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] } });
  });

  it('sorts monitors by kind, namespace and name whatever the fact order', () => {
    const names = monitors('lab', [...CILIUM_METRICS].reverse().concat(CERT_MANAGER_FACTS.metrics!)).map((m) => (m.toJSON() as { metadata: { name: string } }).metadata.name);
    expect(names).toEqual(['cert-manager', 'cilium-agent', 'cilium-operator', 'hubble']);
  });
});
