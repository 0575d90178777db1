import { describe, expect, it } from 'vitest';
import { HOMELAB } from './__fixtures__/examples.ts';
import { loadValid } from './__fixtures__/spec.ts';
import { observabilityFacts } from './facts.ts';

describe('observability facts', () => {
  it('declares the stack\'s versions and the Kubernetes it needs, and no namespaces', () => {
    const { cluster, block } = loadValid({});
    expect(observabilityFacts({ cluster, block })).toEqual({
      tlsHosts: [],
      secrets: [],
      metrics: [],
      services: [
        { namespace: 'monitoring', name: 'kube-prometheus-stack-prometheus', ports: [{ port: 9090 }], component: 'observability', source: 'chart kube-prometheus-stack (observability)' },
        { namespace: 'monitoring', name: 'kube-prometheus-stack-alertmanager', ports: [{ port: 9093 }], component: 'observability', source: 'chart kube-prometheus-stack (observability)' },
        { namespace: 'monitoring', name: 'kube-prometheus-stack-grafana', ports: [{ port: 80 }], component: 'observability', source: 'chart kube-prometheus-stack (observability)' },
      ],
      requirements: [
        {
          component: 'observability',
          product: 'kubernetes',
          min: '1.25',
          reason: 'kube-prometheus-stack 81.4.3 declares kubeVersion ">=1.25.0-0" in its Chart.yaml',
          path: ['spec', 'observability', 'enabled'],
        },
      ],
      versions: { 'kube-prometheus-stack': '81.4.3', 'prometheus-operator': '0.88.1' },
    });
  });

  it('declares the metrics of each external-dns release and its version', () => {
    const { cluster, block } = loadValid(HOMELAB.observability, HOMELAB.input);
    const facts = observabilityFacts({ cluster, block });
    expect(facts.metrics?.map((m) => `${m.kind} ${m.namespace}/${m.name} :${m.port}`)).toEqual([
      'ServiceMonitor external-dns/external-dns-internal :http',
      'ServiceMonitor external-dns/external-dns-external :http',
    ]);
    expect(facts.versions?.['external-dns']).toBe('0.19.0');
    // Each provider credential is a Secret the release's Deployment reads, by reference only.
    expect(facts.secrets?.map((s) => `${s.namespace}/${s.name} [${s.keys.join(',')}] ${s.reader.kind}/${s.reader.name} ${s.reader.field}`)).toEqual([
      'external-dns/opnsense-api [key] Deployment/external-dns-internal env OPNSENSE_API_KEY (valueFrom.secretKeyRef)',
      'external-dns/opnsense-api [secret] Deployment/external-dns-internal env OPNSENSE_API_SECRET (valueFrom.secretKeyRef)',
      'external-dns/cloudflare-api-token [api-token] Deployment/external-dns-external env CF_API_TOKEN (valueFrom.secretKeyRef)',
    ]);
  });

  it('records that the external-dns chart declares no Kubernetes range, so explain shows the gap instead of a guess', () => {
    const { cluster, block } = loadValid(HOMELAB.observability, HOMELAB.input);
    const row = observabilityFacts({ cluster, block }).requirements?.find((r) => r.path.join('.') === 'spec.observability.externalDNS');
    expect(row).toEqual({
      component: 'observability',
      product: 'kubernetes',
      reason:
        'external-dns chart 1.19.0: its Chart.yaml at 1.19.0 declares no kubeVersion (read) and the project README gives no upper bound (0.18 and later: Kubernetes 1.21 or newer); check the chart before a Kubernetes upgrade',
      path: ['spec', 'observability', 'externalDNS'],
    });
  });

  it("declares the Services its charts create under the names the charts give them, so routes can be checked against them", () => {
    const { cluster, block } = loadValid(HOMELAB.observability, HOMELAB.input);
    // The Grafana subchart ignores the parent's fullnameOverride: <release>-grafana, not `grafana`.
    expect(observabilityFacts({ cluster, block }).services?.map((s) => `${s.namespace}/${s.name}:${s.ports.map((p) => p.port).join(',')}`)).toEqual([
      'monitoring/kube-prometheus-stack-prometheus:9090',
      'monitoring/kube-prometheus-stack-alertmanager:9093',
      'monitoring/kube-prometheus-stack-grafana:80',
      'dashboard/dashboard:80',
    ]);
    const bare = loadValid({ grafana: { enabled: false }, alertmanager: { enabled: false } });
    expect(observabilityFacts(bare).services?.map((s) => s.name)).toEqual(['kube-prometheus-stack-prometheus']);
  });
});
