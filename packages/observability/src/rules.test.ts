import type { Facts } from '@strata/core';
import { NO_FACTS, mergeFacts } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CERT_MANAGER_FACTS, ciliumFacts, dataplane, edgeFacts } from './__fixtures__/facts.ts';
import { metricsOf, promqlProblems } from './__fixtures__/promql.ts';
import { loadValid } from './__fixtures__/spec.ts';
import { prometheusRules } from './prometheus-rules.ts';
import { type AlertRule, cacheIngresses, certificateRules, ciliumRules, nginxRules, ruleGroups, running, type Running, seconds } from './rules.ts';

const { block } = loadValid({ alerts: { nginxCache: { floor: 0.6, ingresses: ['shop', 'docs'] } } });
const ALL: Running = { cilium: true, bgp: true, l2: true, l2LeaseSeconds: 3, hubbleDrops: true, ingressNginx: true, certManager: true, certManagerOwnAlerts: false, cachedIngresses: [] };
const byName = (rules: readonly AlertRule[]) => Object.fromEntries(rules.map((r) => [r.alert, r]));

function expectWellFormed(rule: AlertRule): void {
  expect(promqlProblems(rule.expr)).toEqual([]);
  expect(rule.for).toMatch(/^[0-9]+[smh]$/);
  expect(['warning', 'critical']).toContain(rule.labels.severity);
  expect(rule.annotations.summary).toMatch(/\S/);
  expect(rule.annotations.description.length).toBeGreaterThan(40);
  expect(rule.annotations.runbook.length).toBeGreaterThan(40);
  expect(rule.annotations.runbook_url).toMatch(/^https:\/\//);
}

describe('Cilium rules', () => {
  const rules = byName(ciliumRules(ALL, 25));

  it('alerts when agents are unavailable, from kube-state-metrics', () => {
    const r = rules.CiliumAgentDown!;
    expectWellFormed(r);
    expect(r.expr).toBe('kube_daemonset_status_number_unavailable{namespace="kube-system", daemonset="cilium"} > 0');
    expect(r.labels).toEqual({ severity: 'critical', component: 'cilium' });
  });

  it('alerts on a stale L2 announcement lease, at three lease durations but at least 30s', () => {
    const r = rules.CiliumL2AnnouncementLeaseLost!;
    expectWellFormed(r);
    expect(r.expr).toBe('time() - kube_lease_renew_time{namespace="kube-system", lease=~"cilium-l2announce-.+"} > 30');
    expect(byName(ciliumRules({ ...ALL, l2LeaseSeconds: 15 }, 25)).CiliumL2AnnouncementLeaseLost?.expr).toMatch(/> 45$/);
  });

  it('alerts on a BGP session down and on a node that advertises no prefixes', () => {
    expectWellFormed(rules.CiliumBGPSessionDown!);
    expect(rules.CiliumBGPSessionDown!.expr).toBe('cilium_bgp_control_plane_session_state == 0');
    expect(rules.CiliumBGPSessionDown!.labels.severity).toBe('critical');
    expectWellFormed(rules.CiliumBGPPrefixesWithdrawn!);
    expect(metricsOf(rules.CiliumBGPPrefixesWithdrawn!.expr)).toEqual(['cilium_bgp_control_plane_advertised_routes']);
  });

  it('alerts on a Hubble drop spike per reason above the spec\'s rate', () => {
    const r = rules.HubbleDroppedFlowsSpike!;
    expectWellFormed(r);
    expect(r.expr).toBe('sum by (reason) (rate(hubble_drop_total[5m])) > 25');
  });

  it('leaves out BGP, L2 and Hubble rules when the cluster has none of them', () => {
    expect(ciliumRules({ ...ALL, bgp: false, l2: false, hubbleDrops: false }, 25).map((r) => r.alert)).toEqual(['CiliumAgentDown']);
  });
});

describe('NGINX rules', () => {
  const rules = byName(nginxRules(block, ['shop', 'docs']));

  it('alerts on the 5xx ratio per Ingress above the spec\'s share', () => {
    const r = rules.NginxHigh5xxRatio!;
    expectWellFormed(r);
    expect(r.expr).toBe(
      'sum by (exported_namespace, ingress) (rate(nginx_ingress_controller_requests{status=~"5.."}[5m])) / sum by (exported_namespace, ingress) (rate(nginx_ingress_controller_requests[5m])) > 0.05',
    );
    expect(r.labels).toEqual({ severity: 'critical', component: 'ingress-nginx' });
  });

  it('alerts on the p99 upstream latency per Ingress', () => {
    const r = rules.NginxUpstreamLatencyHigh!;
    expectWellFormed(r);
    expect(r.expr).toMatch(/^histogram_quantile\(0\.99, sum by \(le, exported_namespace, ingress\) \(rate\(nginx_ingress_controller_response_duration_seconds_bucket\[5m\]\)\)\) > 1$/);
  });

  it('alerts on the cache hit ratio of the caching Ingresses below the floor', () => {
    const r = rules.NginxCacheHitRatioLow!;
    expectWellFormed(r);
    expect(r.expr).toContain('{ingress=~"shop|docs"}');
    expect(r.expr).toMatch(/< 0\.6$/);
    expect(metricsOf(r.expr)).toEqual(['nginx_ingress_controller_requests', 'nginx_ingress_controller_response_duration_seconds_count']);
  });

  it('renders no cache rule without a floor, or without caching Ingresses', () => {
    const plain = loadValid({}).block;
    expect(nginxRules(plain, ['shop']).map((r) => r.alert)).toEqual(['NginxHigh5xxRatio', 'NginxUpstreamLatencyHigh']);
    expect(nginxRules(loadValid({ alerts: { nginxCache: { floor: 0.5 } } }).block, []).map((r) => r.alert)).toEqual(['NginxHigh5xxRatio', 'NginxUpstreamLatencyHigh']);
  });

  it('watches the spec\'s caching Ingresses, else the edge routes that cache', () => {
    const floorOnly = loadValid({ alerts: { nginxCache: { floor: 0.5 } } }).block;
    expect(cacheIngresses(floorOnly, { cachedIngresses: ['app', 'docs'] })).toEqual(['app', 'docs']);
    expect(cacheIngresses(block, { cachedIngresses: ['app'] })).toEqual(['shop', 'docs']);
  });
});

describe('certificate rule', () => {
  it('alerts on certificates expiring within the spec\'s days', () => {
    const [r] = certificateRules(loadValid({ alerts: { certificateExpiryDays: 21 } }).block);
    expectWellFormed(r!);
    expect(r!.expr).toBe('min by (exported_namespace, name, issuer_name) (certmanager_certificate_expiration_timestamp_seconds - time()) < 21 * 86400');
    expect(r!.labels).toEqual({ severity: 'warning', component: 'cert-manager' });
  });
});

describe('ruleGroups', () => {
  it('renders groups only for the components that run', () => {
    expect(ruleGroups(block, { ...ALL, cilium: false, ingressNginx: false, certManager: false }).map((g) => g.name)).toEqual([]);
    expect(ruleGroups(block, ALL).map((g) => g.name)).toEqual(['cilium', 'ingress-nginx', 'certificates']);
  });

  it('leaves certificate expiry to cert-manager when its block renders its own rule', () => {
    expect(ruleGroups(block, { ...ALL, certManagerOwnAlerts: true }).map((g) => g.name)).toEqual(['cilium', 'ingress-nginx']);
  });

  it('renders nothing with alerts off', () => {
    expect(ruleGroups(loadValid({ alerts: { enabled: false } }).block, ALL)).toEqual([]);
  });

  it('renders one PrometheusRule per group, strata-<group> in the block namespace', () => {
    const objs = prometheusRules('lab', block, ruleGroups(block, ALL)).map((r) => r.toJSON() as { metadata: { name: string; namespace: string }; spec: { groups: { name: string }[] } });
    expect(objs.map((o) => [o.metadata.namespace, o.metadata.name, o.spec.groups.map((g) => g.name)])).toEqual([
      ['monitoring', 'strata-cilium', ['strata.cilium']],
      ['monitoring', 'strata-ingress-nginx', ['strata.ingress-nginx']],
      ['monitoring', 'strata-certificates', ['strata.certificates']],
    ]);
  });
});

describe('running', () => {
  const facts = (...parts: Parameters<typeof mergeFacts>[0]): Facts => mergeFacts(parts);

  it('reads BGP and L2 from the address pool facts', () => {
    expect(running(facts(ciliumFacts('bgp')))).toMatchObject({ cilium: true, bgp: true, l2: false });
    expect(running(facts(ciliumFacts('l2')))).toMatchObject({ cilium: true, bgp: false, l2: true, l2LeaseSeconds: 15 });
  });

  it('reads BGP, the L2 lease and Hubble drop metrics from the dataplane fact', () => {
    const dp = dataplane({ bgp: true, l2LeaseDuration: '3s', hubble: { enabled: true, relay: false, ui: false, metrics: ['dns', 'drop'] } });
    expect(running(facts(ciliumFacts('none', undefined, dp)))).toMatchObject({ bgp: true, l2: true, l2LeaseSeconds: 3, hubbleDrops: true });
  });

  it('sees nothing without Cilium facts', () => {
    expect(running(NO_FACTS)).toMatchObject({ cilium: false, bgp: false, l2: false, hubbleDrops: false });
  });

  it('knows ingress-nginx and cert-manager from their versions, and whether cert-manager alerts itself', () => {
    const f = facts(edgeFacts('nginx'), CERT_MANAGER_FACTS);
    expect(running(f)).toMatchObject({ ingressNginx: true, certManager: true, certManagerOwnAlerts: true });
    expect(running(facts(edgeFacts('nginx'), { ...CERT_MANAGER_FACTS, ownAlerts: [] }))).toMatchObject({ certManagerOwnAlerts: false });
  });

  it('finds the caching Ingresses the edge declares', () => {
    const ingress = (name: string) => ({ component: 'nginx-edge', namespace: 'apps', name });
    expect(running(facts({ cachingIngresses: [ingress('docs'), ingress('app')] })).cachedIngresses).toEqual(['app', 'docs']);
  });

  it('reads Go durations', () => {
    expect([seconds('15s'), seconds('200ms'), seconds('1m30s'), seconds('x')]).toEqual([15, 0.2, 90, undefined]);
  });
});
