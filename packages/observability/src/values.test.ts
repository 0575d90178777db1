import type { Cluster } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import type { ExternalDNSInstance } from './schema.ts';
import { dashboardBackend, externalDNSValues, kubePrometheusStackValues } from './values.ts';

const cluster = { metadata: { name: 'homelab' } } as unknown as Cluster;

describe('kube-prometheus-stack values', () => {
  it('sizes Prometheus and Alertmanager from the spec and selects every monitor', () => {
    const { block } = loadValid({
      prometheus: { replicas: 2, retention: '30d', retentionSize: '90GB', scrapeInterval: '15s', storage: { size: '100Gi', storageClass: 'fast' } },
      alertmanager: { retention: '240h', storage: { size: '5Gi' } },
    });
    const v = kubePrometheusStackValues(block);
    expect(v.prometheus.prometheusSpec).toEqual({
      replicas: 2,
      retention: '30d',
      retentionSize: '90GB',
      scrapeInterval: '15s',
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
      probeSelectorNilUsesHelmValues: false,
      storageSpec: { volumeClaimTemplate: { spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } } } },
    });
    expect(v.alertmanager).toEqual({
      enabled: true,
      alertmanagerSpec: { retention: '240h', storage: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } } } },
    });
  });

  it('turns on the Grafana dashboard sidecar on the grafana_dashboard label, in the stack namespace', () => {
    const v = kubePrometheusStackValues(loadValid({ namespace: 'observability', grafana: { adminSecret: 'grafana-admin' } }).block);
    expect(v.grafana).toEqual({
      enabled: true,
      admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
      sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'observability' } },
    });
  });

  it('turns Alertmanager and Grafana off', () => {
    const v = kubePrometheusStackValues(loadValid({ alertmanager: { enabled: false }, grafana: { enabled: false } }).block);
    expect([v.alertmanager, v.grafana]).toEqual([{ enabled: false }, { enabled: false }]);
  });
});

describe('external-dns values', () => {
  const base = { ingressClass: 'internal', domainFilters: ['home.example.org'], policy: 'upsert-only' as const };

  it('runs a webhook provider with plain settings and Secret references, sorted by name', () => {
    const inst = {
      ...base,
      provider: 'webhook',
      webhook: { image: 'ghcr.io/example/dns', tag: 'v1.0.0', env: { ROUTER_URL: 'https://192.168.1.1' }, secretEnv: { API_KEY: { name: 'router', key: 'key' } } },
    } as ExternalDNSInstance;
    expect(externalDNSValues(cluster, inst)).toEqual({
      fullnameOverride: 'external-dns-internal',
      provider: {
        name: 'webhook',
        webhook: {
          image: { repository: 'ghcr.io/example/dns', tag: 'v1.0.0' },
          env: [
            { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'router', key: 'key' } } },
            { name: 'ROUTER_URL', value: 'https://192.168.1.1' },
          ],
        },
      },
      sources: ['ingress'],
      domainFilters: ['home.example.org'],
      policy: 'upsert-only',
      registry: 'txt',
      txtOwnerId: 'homelab-internal',
      extraArgs: ['--ingress-class=internal'],
      serviceMonitor: { enabled: false },
    });
  });

  it('passes the Cloudflare token as CF_API_TOKEN by reference and proxies on request', () => {
    const inst = { ...base, ingressClass: 'external', provider: 'cloudflare', txtOwnerId: 'hl-ext', cloudflare: { apiToken: { name: 'cf', key: 'token' }, proxied: true } } as ExternalDNSInstance;
    const v = externalDNSValues(cluster, inst);
    expect([v.provider, v.env, v.extraArgs, v.txtOwnerId]).toEqual([
      { name: 'cloudflare' },
      [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: 'cf', key: 'token' } } }],
      ['--ingress-class=external', '--cloudflare-proxied'],
      'hl-ext',
    ]);
  });
});

describe('dashboard backends', () => {
  it('sends Headlamp traffic to its Service on 80 and the Kubernetes Dashboard to its Kong proxy over HTTPS', () => {
    expect(dashboardBackend('headlamp')).toEqual({ service: 'dashboard', port: 80, https: false });
    expect(dashboardBackend('kubernetes-dashboard')).toEqual({ service: 'dashboard-kong-proxy', port: 443, https: true });
  });
});
