import { describe, expect, it } from 'vitest';
import { CERT_MANAGER_FACTS, ciliumFacts, dataplane, edgeFacts } from './__fixtures__/facts.ts';
import { FULL, load, problems, type SpecInput, stub } from './__fixtures__/spec.ts';
import { promSizeBytes, quantityBytes } from './checks.ts';

const WEBHOOK = { image: 'ghcr.io/example/dns-webhook', tag: 'v1.2.3' };
const CF = { apiToken: { name: 'cf', key: 'token' } };

describe('Prometheus storage checks', () => {
  it('rejects a retention size at or above the volume size, with file:line:col', () => {
    const { lines, findings } = load({ prometheus: { retentionSize: '50GB', storage: { size: '50Gi' } } });
    expect(lines).toEqual(['cluster.yaml:28:22 spec.observability.prometheus.retentionSize: 50GB (50.0 GiB) must be below the volume size spec.observability.prometheus.storage.size 50Gi (50.0 GiB)']);
    expect(findings[0]?.hint).toBe('leave ~10% of the volume for the WAL and compaction, e.g. 45GB on a 50Gi volume');
  });

  it('accepts a retention size below the volume, in decimal or binary units', () => {
    expect(problems({ prometheus: { retentionSize: '45GB', storage: { size: '50Gi' } } })).toEqual([]);
    expect(problems({ prometheus: { retentionSize: '900MB', storage: { size: '1G' } } })).toEqual([]);
  });

  it('reads quantities and Prometheus sizes', () => {
    expect([quantityBytes('1Gi'), quantityBytes('1G'), quantityBytes('1024'), quantityBytes('1g')]).toEqual([2 ** 30, 1e9, 1024, undefined]);
    expect([promSizeBytes('1GB'), promSizeBytes('512MB'), promSizeBytes('1Gi')]).toEqual([2 ** 30, 2 ** 29, undefined]);
  });
});

describe('exposure checks', () => {
  it('requires an ingress class to expose the Hubble UI or the dashboard', () => {
    expect(problems({ dashboard: { host: 'dash.example.org' } }, FULL)).toEqual(['spec.observability.ingressClass: is required to expose hubbleUI or dashboard']);
  });

  it('rejects an ingress class no component serves and names the known ones', () => {
    const { findings } = load({ ingressClass: 'nginx', dashboard: { host: 'dash.example.org' } }, FULL);
    expect(findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      ['spec.observability.ingressClass', 'no enabled component serves ingress class "nginx"', 'one of: internal, external'],
    ]);
  });

  it('rejects the Hubble UI without Cilium', () => {
    const noCilium: SpecInput = { others: { edge: { enabled: true } }, stubs: [stub('edge', edgeFacts('internal'))] };
    expect(problems({ ingressClass: 'internal', hubbleUI: { host: 'hubble.example.org' } }, noCilium)).toEqual([
      'spec.observability.hubbleUI: needs Cilium (spec.cilium) with hubble.ui: true, which serves the hubble-ui Service',
    ]);
  });

  it('rejects the Hubble UI when the Cilium block does not turn it on', () => {
    const input = { ...FULL, stubs: [stub('cilium', ciliumFacts('l2', undefined, dataplane({ hubble: { enabled: true, relay: true, ui: false, metrics: [] } }))), ...(FULL.stubs ?? []).slice(1)] };
    expect(problems({ ingressClass: 'internal', hubbleUI: { host: 'hubble.example.org' } }, input)).toEqual([
      'spec.observability.hubbleUI: needs spec.cilium.hubble.ui: true (and relay), which serves the hubble-ui Service',
    ]);
  });

  it('warns that the Kubernetes Dashboard is archived and points to Headlamp', () => {
    const { findings } = load({ ingressClass: 'internal', dashboard: { flavor: 'kubernetes-dashboard', host: 'dash.example.org' } }, FULL);
    expect(findings.map((f) => [f.severity, f.path, f.message, f.hint])).toEqual([
      [
        'warning',
        'spec.observability.dashboard.flavor',
        'the Kubernetes Dashboard is no longer maintained: the project was archived on 2026-01-21 (now kubernetes-retired/dashboard); its README points to Headlamp',
        'use flavor: headlamp instead',
      ],
    ]);
  });

  it('accepts Hubble UI and Headlamp behind a known class', () => {
    expect(problems({ ingressClass: 'internal', hubbleUI: { host: 'hubble.example.org' }, dashboard: { host: 'dash.example.org' } }, FULL, 'all')).toEqual([]);
  });
});

describe('external-dns checks', () => {
  const webhook = (ingressClass: string, extra: object = {}) => ({ ingressClass, provider: 'webhook', domainFilters: ['home.example.org'], webhook: WEBHOOK, ...extra });

  it('rejects a second instance for one class', () => {
    expect(problems({ externalDNS: [webhook('internal'), webhook('internal', { txtOwnerId: 'other' })] }, FULL)).toEqual([
      'spec.observability.externalDNS[1].ingressClass: ingress class "internal" already has an instance at spec.observability.externalDNS[0]',
    ]);
  });

  it('rejects an instance for a class no component serves', () => {
    expect(problems({ externalDNS: [webhook('public')] }, FULL)).toEqual(['spec.observability.externalDNS[0].ingressClass: no enabled component serves ingress class "public"']);
  });

  it('rejects two instances with one TXT owner id', () => {
    expect(problems({ externalDNS: [webhook('internal', { txtOwnerId: 'lab' }), webhook('external', { txtOwnerId: 'lab' })] }, FULL)).toEqual([
      'spec.observability.externalDNS[1].txtOwnerId: owner id "lab" is already used by spec.observability.externalDNS[0]; two instances with one owner delete each other\'s records',
    ]);
  });

  it('requires the settings of the chosen provider and rejects the other\'s', () => {
    expect(
      problems(
        {
          externalDNS: [
            { ingressClass: 'internal', provider: 'webhook', domainFilters: ['home.example.org'], cloudflare: CF },
            { ingressClass: 'external', provider: 'cloudflare', domainFilters: ['example.org'], webhook: WEBHOOK },
          ],
        },
        FULL,
      ),
    ).toEqual([
      'spec.observability.externalDNS[0].webhook: is required with provider webhook (the provider sidecar\'s image and settings)',
      'spec.observability.externalDNS[0].cloudflare: is only used with provider cloudflare, not webhook',
      'spec.observability.externalDNS[1].cloudflare: is required with provider cloudflare (the API token Secret)',
      'spec.observability.externalDNS[1].webhook: is only used with provider webhook, not cloudflare',
    ]);
  });

  it('rejects a webhook image tag that is not an exact version', () => {
    const found = problems({ externalDNS: [webhook('internal', { webhook: { image: 'ghcr.io/example/dns-webhook', tag: 'latest' } })] }, FULL);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^spec\.observability\.externalDNS\[0\]\.webhook\.tag: /);
  });
});

describe('metrics and alert checks', () => {
  it('reports two components that declare one monitor', () => {
    const dup = stub('dup', { metrics: [{ ...CERT_MANAGER_FACTS.metrics![0]!, component: 'dup' }] });
    const { findings } = load({}, { ...FULL, others: { ...FULL.others, dup: { enabled: true } }, stubs: [...FULL.stubs!, dup] });
    expect(findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      ['spec.observability', 'components cert-manager and dup both declare the metrics endpoint ServiceMonitor/cert-manager/cert-manager', 'this is a bug in the dup component; please report it'],
    ]);
  });

  it('warns about a cache floor when no ingress-nginx runs', () => {
    expect(problems({ alerts: { nginxCache: { floor: 0.5, ingresses: ['app'] } } }, {}, 'all')).toEqual([
      'spec.observability.alerts.nginxCache: warning: no ingress-nginx controller runs, so this rule is not rendered',
    ]);
  });

  it('warns about a cache floor when no edge route caches', () => {
    expect(problems({ alerts: { nginxCache: { floor: 0.5 } } }, FULL, 'all')).toEqual([
      'spec.observability.alerts.nginxCache: warning: no route of spec.edge caches, so this rule is not rendered',
    ]);
    const caching = { ...FULL, stubs: [...(FULL.stubs ?? []), stub('cachingEdge', { cachingIngresses: [{ component: 'nginx-edge', namespace: 'apps', name: 'app' }] })] };
    expect(problems({ alerts: { nginxCache: { floor: 0.5 } } }, caching, 'all')).toEqual([]);
  });

  it('warns when Cilium\'s default deny would cut off the monitoring, external-dns and dashboard namespaces', () => {
    const deny = (exemptNamespaces: string[]) => ({ ...FULL, stubs: [stub('cilium', ciliumFacts('l2', exemptNamespaces)), ...(FULL.stubs ?? []).slice(1)] });
    const block = { ingressClass: 'internal', dashboard: { host: 'dash.example.org' }, externalDNS: [{ ingressClass: 'internal', provider: 'cloudflare', domainFilters: ['example.org'], cloudflare: CF }] };
    const { findings } = load(block, deny(['kube-system', 'monitoring']));
    expect(findings.map((f) => [f.severity, f.path, f.message, f.hint])).toEqual([
      [
        'warning',
        'spec.cilium.defaultDeny.exemptNamespaces',
        'default deny also cuts off external-dns, dashboard: Prometheus could not scrape, Grafana not query, external-dns not reach its DNS provider',
        'add external-dns, dashboard to spec.cilium.defaultDeny.exemptNamespaces',
      ],
    ]);
    expect(problems(block, deny(['kube-system', 'monitoring', 'external-dns', 'dashboard']), 'all')).toEqual([]);
  });

  it('reports a Kubernetes older than kube-prometheus-stack supports', () => {
    expect(problems({}, { kubernetes: { version: '1.24' } })).toEqual([
      'spec.observability.enabled: observability needs kubernetes >= 1.25, the cluster runs 1.24: kube-prometheus-stack 81.4.3 declares kubeVersion ">=1.25.0-0" in its Chart.yaml',
    ]);
  });
});
