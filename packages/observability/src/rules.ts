import { ALERT_TOPICS, type Facts } from '@strata/core';
import type { ObservabilityBlock } from './schema.ts';

/** One alerting rule, as PrometheusRule `spec.groups[].rules[]` takes it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical'; readonly component: string };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook: string; readonly runbook_url: string };
}

/** A named group of rules; rendered as one PrometheusRule `strata-<name>`. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** What the cluster runs, read from the facts first and the spec (defensively) second. */
export interface Running {
  readonly cilium: boolean;
  readonly bgp: boolean;
  readonly l2: boolean;
  /** L2 lease duration in seconds (Cilium's `l2announcements.leaseDuration`). */
  readonly l2LeaseSeconds: number;
  readonly hubbleDrops: boolean;
  readonly ingressNginx: boolean;
  readonly certManager: boolean;
  /** Whether the cert-manager block renders its own expiry alert (then ours would page twice). */
  readonly certManagerOwnAlerts: boolean;
  /** Ingresses of the edge that cache (its routes with `cache`), sorted. */
  readonly cachedIngresses: readonly string[];
}

/** Seconds of a Go duration (`15s`, `1m30s`, `200ms`); undefined if it is not one. */
export function seconds(duration: string): number | undefined {
  const re = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of duration.matchAll(re)) {
    total += Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0].length;
  }
  return consumed === duration.length && consumed > 0 ? total : undefined;
}

/** What runs, from the facts the other components declare (versions, pools, the dataplane, their own alerts, caching Ingresses). */
export function running(facts: Facts): Running {
  const pools = facts.addressPools;
  const dp = facts.dataplane;
  const hasCilium = facts.versions.cilium !== undefined;
  const l2 = hasCilium && (pools.some((p) => p.announcement === 'l2') || dp?.l2LeaseDuration !== undefined);
  return {
    cilium: hasCilium,
    bgp: hasCilium && (pools.some((p) => p.announcement === 'bgp') || dp?.bgp === true),
    l2,
    l2LeaseSeconds: seconds(dp?.l2LeaseDuration ?? '15s') ?? 15,
    hubbleDrops: hasCilium && dp?.hubble.enabled === true && dp.hubble.metrics.some((m) => m === 'drop' || m.startsWith('drop:')),
    ingressNginx: facts.versions['ingress-nginx'] !== undefined,
    certManager: facts.versions['cert-manager'] !== undefined,
    // cert-manager renders its own expiry alerts unless its block turns them off.
    certManagerOwnAlerts: facts.ownAlerts.some((a) => a.topic === ALERT_TOPICS.certificateExpiry),
    cachedIngresses: [...new Set(facts.cachingIngresses.map((c) => c.name))].sort(),
  };
}

const CILIUM_TROUBLESHOOTING = 'https://docs.cilium.io/en/stable/operations/troubleshooting/';
const CILIUM_BGP = 'https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-troubleshooting/';
const CILIUM_L2 = 'https://docs.cilium.io/en/stable/network/l2-announcements/';
const HUBBLE = 'https://docs.cilium.io/en/stable/observability/hubble/';
const NGINX = 'https://kubernetes.github.io/ingress-nginx/troubleshooting/';
const CERT_MANAGER = 'https://cert-manager.io/docs/troubleshooting/';

/** Cilium agent, L2 and BGP rules, and Hubble drops when Hubble exports them. */
export function ciliumRules(run: Running, dropsPerSecond: number): AlertRule[] {
  const rules: AlertRule[] = [
    {
      alert: 'CiliumAgentDown',
      expr: 'kube_daemonset_status_number_unavailable{namespace="kube-system", daemonset="cilium"} > 0',
      for: '5m',
      labels: { severity: 'critical', component: 'cilium' },
      annotations: {
        summary: 'Cilium agents are unavailable',
        description: '{{ $value }} node(s) have no ready Cilium agent for 5 minutes: pods there get no new endpoints, policies or services.',
        runbook:
          'kubectl -n kube-system get pods -l k8s-app=cilium -o wide; on the node: `cilium-dbg status --verbose`; check the agent log for BPF or kube-apiserver errors.',
        runbook_url: CILIUM_TROUBLESHOOTING,
      },
    },
  ];
  if (run.l2) {
    // Each announced Service has a Lease `cilium-l2announce-<ns>-<svc>`; a stale renew time means nobody answers ARP for its IP.
    const stale = Math.max(30, Math.ceil(run.l2LeaseSeconds * 3));
    rules.push({
      alert: 'CiliumL2AnnouncementLeaseLost',
      expr: `time() - kube_lease_renew_time{namespace="kube-system", lease=~"cilium-l2announce-.+"} > ${stale}`,
      for: '1m',
      labels: { severity: 'critical', component: 'cilium' },
      annotations: {
        summary: 'An L2 announcement lease is not renewed',
        description: `Lease {{ $labels.lease }} has not been renewed for more than ${stale}s: no node answers ARP for that Service's LoadBalancer IP.`,
        runbook:
          'kubectl -n kube-system get lease {{ $labels.lease }} -o yaml; check that a node matching the CiliumL2AnnouncementPolicy is Ready and that the agent is not client-rate-limited (k8sClientRateLimit).',
        runbook_url: CILIUM_L2,
      },
    });
  }
  if (run.bgp) {
    rules.push(
      {
        alert: 'CiliumBGPSessionDown',
        expr: 'cilium_bgp_control_plane_session_state == 0',
        for: '2m',
        labels: { severity: 'critical', component: 'cilium' },
        annotations: {
          summary: 'A BGP session is not established',
          description: 'The BGP session of {{ $labels.instance }} to {{ $labels.neighbor }} (AS {{ $labels.neighbor_asn }}) has been down for 2 minutes: that node\'s ECMP path is withdrawn.',
          runbook: 'cilium-dbg bgp peers on the node; check reachability of the peer on TCP 179, ASNs and timers in CiliumBGPPeerConfig, and the router\'s log.',
          runbook_url: CILIUM_BGP,
        },
      },
      {
        alert: 'CiliumBGPPrefixesWithdrawn',
        expr: 'sum by (instance, neighbor) (cilium_bgp_control_plane_advertised_routes) == 0',
        for: '5m',
        labels: { severity: 'warning', component: 'cilium' },
        annotations: {
          summary: 'A node advertises no prefixes to its BGP peer',
          description: '{{ $labels.instance }} has advertised no routes to {{ $labels.neighbor }} for 5 minutes: the LoadBalancer VIPs are not reachable through it.',
          runbook: 'cilium-dbg bgp routes advertised on the node; check the CiliumBGPAdvertisement selector, that the Services have LoadBalancer IPs, and (externalTrafficPolicy Local) a local backend.',
          runbook_url: CILIUM_BGP,
        },
      },
    );
  }
  if (run.hubbleDrops) rules.push(hubbleDropRule(dropsPerSecond));
  return rules;
}

/** Hubble dropped-flow spike, per drop reason. */
export function hubbleDropRule(perSecond: number): AlertRule {
  return {
    alert: 'HubbleDroppedFlowsSpike',
    expr: `sum by (reason) (rate(hubble_drop_total[5m])) > ${perSecond}`,
    for: '10m',
    labels: { severity: 'warning', component: 'cilium' },
    annotations: {
      summary: 'Hubble sees many dropped flows',
      description: `More than ${perSecond} flows per second have been dropped with reason {{ $labels.reason }} for 10 minutes.`,
      runbook: 'hubble observe --verdict DROPPED --last 100 (or the Hubble UI); POLICY_DENIED points at a network policy, others at routing, MTU or conntrack.',
      runbook_url: HUBBLE,
    },
  };
}

/** The caching Ingresses the cache rule watches: the spec's list, else the edge routes with `cache`. */
export function cacheIngresses(block: ObservabilityBlock, run: Pick<Running, 'cachedIngresses'>): readonly string[] {
  return block.alerts.nginxCache?.ingresses ?? run.cachedIngresses;
}

/** NGINX 5xx ratio, upstream latency and, with a floor and caching Ingresses, cache hit ratio per Ingress. */
export function nginxRules(block: ObservabilityBlock, cached: readonly string[]): AlertRule[] {
  const a = block.alerts;
  // Through a ServiceMonitor the scraped Service's `namespace` wins; the Ingress' namespace is `exported_namespace`.
  const by = 'exported_namespace, ingress';
  const rules: AlertRule[] = [
    {
      alert: 'NginxHigh5xxRatio',
      expr:
        `sum by (${by}) (rate(nginx_ingress_controller_requests{status=~"5.."}[5m])) / ` +
        `sum by (${by}) (rate(nginx_ingress_controller_requests[5m])) > ${a.nginx5xxRatio}`,
      for: '10m',
      labels: { severity: 'critical', component: 'ingress-nginx' },
      annotations: {
        summary: 'An Ingress answers with many 5xx',
        description: `More than ${a.nginx5xxRatio * 100}% of the requests to Ingress {{ $labels.exported_namespace }}/{{ $labels.ingress }} have failed with 5xx for 10 minutes ({{ $value | humanizePercentage }}).`,
        runbook: 'kubectl -n {{ $labels.exported_namespace }} describe ingress {{ $labels.ingress }}; check the backend pods (ready endpoints, logs) and the controller log for upstream errors.',
        runbook_url: NGINX,
      },
    },
    {
      alert: 'NginxUpstreamLatencyHigh',
      expr: `histogram_quantile(0.99, sum by (le, ${by}) (rate(nginx_ingress_controller_response_duration_seconds_bucket[5m]))) > ${a.nginxUpstreamP99Seconds}`,
      for: '10m',
      labels: { severity: 'warning', component: 'ingress-nginx' },
      annotations: {
        summary: 'An upstream answers slowly',
        description: `The 99th percentile upstream response time of Ingress {{ $labels.exported_namespace }}/{{ $labels.ingress }} has been above ${a.nginxUpstreamP99Seconds}s for 10 minutes ({{ $value | humanizeDuration }}).`,
        runbook: 'Compare with the backend\'s own latency metrics; check its CPU throttling, database and scale; NGINX only measures the wait for the upstream here.',
        runbook_url: NGINX,
      },
    },
  ];
  if (a.nginxCache !== undefined && cached.length > 0) {
    const ingresses = `ingress=~"${cached.join('|')}"`;
    rules.push({
      alert: 'NginxCacheHitRatioLow',
      // A cache hit never reaches the upstream, so it is a request without an upstream response time.
      expr:
        `1 - (sum by (${by}) (rate(nginx_ingress_controller_response_duration_seconds_count{${ingresses}}[30m])) / ` +
        `sum by (${by}) (rate(nginx_ingress_controller_requests{${ingresses}}[30m]))) < ${a.nginxCache.floor}`,
      for: '30m',
      labels: { severity: 'warning', component: 'ingress-nginx' },
      annotations: {
        summary: 'The NGINX cache hit ratio is below its floor',
        description: `Ingress {{ $labels.exported_namespace }}/{{ $labels.ingress }} serves only {{ $value | humanizePercentage }} of its requests from cache (floor ${a.nginxCache.floor * 100}%) over 30 minutes.`,
        runbook: 'curl -sI the route and read X-Cache-Status; a MISS on every request means Cache-Control/Set-Cookie from the upstream, a bypass cookie, or proxy-buffering off; an emptied cache volume (restart) recovers by itself.',
        runbook_url: NGINX,
      },
    });
  }
  return rules;
}

/** Certificate expiry within the block's number of days. */
export function certificateRules(block: ObservabilityBlock): AlertRule[] {
  const days = block.alerts.certificateExpiryDays;
  return [
    {
      alert: 'CertificateExpiringSoon',
      expr: `min by (exported_namespace, name, issuer_name) (certmanager_certificate_expiration_timestamp_seconds - time()) < ${days} * 86400`,
      for: '1h',
      labels: { severity: 'warning', component: 'cert-manager' },
      annotations: {
        summary: `A certificate expires within ${days} days`,
        description: 'Certificate {{ $labels.exported_namespace }}/{{ $labels.name }} (issuer {{ $labels.issuer_name }}) expires in {{ $value | humanizeDuration }} and was not renewed.',
        runbook: 'kubectl -n {{ $labels.exported_namespace }} describe certificate {{ $labels.name }}; follow its CertificateRequest, Order and Challenges (HTTP-01 needs port 80 on the edge).',
        runbook_url: CERT_MANAGER,
      },
    },
  ];
}

/** The rule groups for what runs, each only when its component is enabled. */
export function ruleGroups(block: ObservabilityBlock, run: Running): RuleGroup[] {
  if (!block.alerts.enabled) return [];
  const groups: RuleGroup[] = [];
  if (run.cilium) {
    groups.push({ name: 'cilium', rules: ciliumRules(run, block.alerts.hubbleDropsPerSecond) });
  }
  if (run.ingressNginx) groups.push({ name: 'ingress-nginx', rules: nginxRules(block, cacheIngresses(block, run)) });
  if (run.certManager && !run.certManagerOwnAlerts) groups.push({ name: 'certificates', rules: certificateRules(block) });
  return groups;
}
