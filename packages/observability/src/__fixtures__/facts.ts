// Hand-built facts of the components observability watches, shaped like the
// facts those packages declare (metrics Services/Pods as their charts label them).
import { ALERT_TOPICS, type Dataplane, type FactsPart, type HttpEntrypoint, type MetricsEndpoint } from '@strata/core';

/** Cilium agent, operator and Hubble metrics (chart 1.18: ports 9962, 9963, 9965). */
export const CILIUM_METRICS: MetricsEndpoint[] = [
  { component: 'cilium-dataplane', name: 'cilium-agent', namespace: 'kube-system', kind: 'ServiceMonitor', selector: { 'k8s-app': 'cilium' }, port: 'metrics', path: '/metrics', interval: '10s' },
  { component: 'cilium-dataplane', name: 'cilium-operator', namespace: 'kube-system', kind: 'ServiceMonitor', selector: { 'io.cilium/app': 'operator', name: 'cilium-operator' }, port: 'metrics', path: '/metrics' },
  { component: 'cilium-dataplane', name: 'hubble', namespace: 'kube-system', kind: 'ServiceMonitor', selector: { 'k8s-app': 'hubble' }, port: 'hubble-metrics', path: '/metrics' },
];

/** A dataplane fact as cilium-dataplane declares it, with its block's defaults (Hubble UI and relay on). */
export function dataplane(overrides: Partial<Dataplane> = {}): Dataplane {
  return {
    component: 'cilium-dataplane',
    kubeProxyReplacement: true,
    routing: 'tunnel',
    tunnelProtocol: 'vxlan',
    loadBalancerMode: 'snat',
    dsrDispatch: 'opt',
    wireguard: false,
    bgp: false,
    hubble: { enabled: true, relay: true, ui: true, metrics: [] },
    prometheus: false,
    devices: [],
    ...overrides,
  };
}

/**
 * The dataplane fact of a committed example's `spec.cilium` block, the way
 * cilium-dataplane resolves it (the fields observability reads, with that
 * block's defaults).
 */
export function dataplaneOf(cilium: {
  bgp?: { enabled?: boolean };
  l2Announcements?: { enabled?: boolean; leaseDuration?: string };
  hubble?: { enabled?: boolean; relay?: boolean; ui?: boolean; metrics?: string[] };
}): Dataplane {
  return dataplane({
    bgp: cilium.bgp?.enabled === true,
    ...(cilium.l2Announcements?.enabled === true ? { l2LeaseDuration: cilium.l2Announcements.leaseDuration ?? '15s' } : {}),
    hubble: { enabled: cilium.hubble?.enabled !== false, relay: cilium.hubble?.relay === true, ui: cilium.hubble?.ui === true, metrics: cilium.hubble?.metrics ?? [] },
  });
}

/** Facts of Cilium with pools announced by `announcement`. */
export function ciliumFacts(announcement: 'l2' | 'bgp' | 'none', defaultDenyExempt?: readonly string[], dp: Dataplane = dataplane()): FactsPart {
  return {
    dataplane: dp,
    ...(defaultDenyExempt === undefined ? {} : { defaultDeny: [{ component: 'cilium-dataplane', exemptNamespaces: defaultDenyExempt }] }),
    versions: { cilium: '1.18.12' },
    metrics: CILIUM_METRICS,
    addressPools: [{ name: 'pool', blocks: ['10.20.0.224/27'], announcement, ipsAnnotation: 'lbipam.cilium.io/ips', component: 'cilium-dataplane', path: ['spec', 'cilium', 'loadBalancer', 'pools', 0] }],
  };
}

/** Facts of the NGINX edge with one ingress-nginx controller per class. */
export function edgeFacts(...classes: string[]): FactsPart {
  const httpEntrypoints: HttpEntrypoint[] = classes.map((c, i) => ({
    kind: 'ingress-class',
    ingressClass: c,
    port80: true,
    controllerVersion: '1.13.9',
    component: 'nginx-edge',
    path: ['spec', 'edge', 'classes', i],
  }));
  const metrics: MetricsEndpoint[] = classes.map((c) => ({
    component: 'nginx-edge',
    name: `ingress-${c}-controller`,
    namespace: 'ingress-nginx',
    kind: 'ServiceMonitor',
    selector: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': `ingress-${c}`, 'app.kubernetes.io/component': 'controller' },
    port: 'metrics',
    path: '/metrics',
  }));
  return { httpEntrypoints, metrics, versions: { 'ingress-nginx': '1.13.9' } };
}

/** Facts of cert-manager: its version, its controller's metrics Service, and its own expiry alerts (on by default). */
export const CERT_MANAGER_FACTS: FactsPart = {
  versions: { 'cert-manager': '1.19.1' },
  ownAlerts: [{ component: 'cert-manager', topic: ALERT_TOPICS.certificateExpiry }],
  metrics: [
    {
      component: 'cert-manager',
      name: 'cert-manager',
      namespace: 'cert-manager',
      kind: 'ServiceMonitor',
      selector: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': 'controller' },
      port: 'tcp-prometheus-servicemonitor',
      path: '/metrics',
    },
  ],
};
