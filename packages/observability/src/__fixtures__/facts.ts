// Hand-built facts of the components observability watches, shaped like the
// facts those packages declare (metrics Services/Pods as their charts label them).
import type { FactsPart, HttpEntrypoint, MetricsEndpoint } from '@strata/core';

/** Cilium agent, operator and Hubble metrics (chart 1.18: ports 9962, 9963, 9965). */
export const CILIUM_METRICS: MetricsEndpoint[] = [
  { component: 'cilium-dataplane', name: 'cilium-agent', namespace: 'kube-system', kind: 'ServiceMonitor', selector: { 'k8s-app': 'cilium' }, port: 'metrics', path: '/metrics', interval: '10s' },
  { component: 'cilium-dataplane', name: 'cilium-operator', namespace: 'kube-system', kind: 'ServiceMonitor', selector: { 'io.cilium/app': 'operator', name: 'cilium-operator' }, port: 'metrics', path: '/metrics' },
  { component: 'cilium-dataplane', name: 'hubble', namespace: 'kube-system', kind: 'ServiceMonitor', selector: { 'k8s-app': 'hubble' }, port: 'hubble-metrics', path: '/metrics' },
];

/** Facts of Cilium with pools announced by `announcement`. */
export function ciliumFacts(announcement: 'l2' | 'bgp' | 'none', defaultDenyExempt?: readonly string[]): FactsPart {
  return {
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

/** Facts of cert-manager: its version and its controller's metrics Service. */
export const CERT_MANAGER_FACTS: FactsPart = {
  versions: { 'cert-manager': '1.19.1' },
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
