import { type BlockContext, type FactsPart, kubectlGeneric, kubernetesUnchecked, type MetricsEndpoint, type ProvidedService, type SecretRequirement } from '@strata/core';
import { exposureTlsHosts } from './exposure.ts';
import { COMPONENT, O } from './metadata.ts';
import { EXTERNAL_DNS, HEADLAMP, KUBE_PROMETHEUS_STACK, KUBE_PROMETHEUS_STACK_MIN_KUBERNETES, KUBERNETES_DASHBOARD } from './pins.ts';
import type { ObservabilityBlock } from './schema.ts';
import { dashboardBackend, EXTERNAL_DNS_NAMESPACE, externalDNSRelease, KPS_RELEASE } from './values.ts';

/** The metrics Service of an external-dns release (chart templates/service.yaml: port `http`, 7979). */
export function externalDNSMetrics(ingressClass: string): MetricsEndpoint {
  const release = externalDNSRelease(ingressClass);
  return {
    component: COMPONENT,
    name: release,
    namespace: EXTERNAL_DNS_NAMESPACE,
    kind: 'ServiceMonitor',
    selector: { 'app.kubernetes.io/name': 'external-dns', 'app.kubernetes.io/instance': release },
    port: 'http',
    path: '/metrics',
  };
}

/**
 * The Services this component's charts create that a route or Ingress may
 * name. kube-prometheus-stack with `fullnameOverride` names its own
 * `<fullname>-prometheus` (9090) and `<fullname>-alertmanager` (9093); the
 * Grafana subchart ignores the parent's override and is `<release>-grafana`
 * on port 80 (its `service.port` default). The dashboard's as its values set it.
 */
export function chartServices(block: ObservabilityBlock): ProvidedService[] {
  const kps = (name: string, port: number): ProvidedService => ({
    namespace: block.namespace,
    name: `${KPS_RELEASE}-${name}`,
    ports: [{ port }],
    component: COMPONENT,
    source: `chart kube-prometheus-stack (${COMPONENT})`,
  });
  const d = block.dashboard;
  const dashboard: ProvidedService[] = [];
  if (d !== undefined) {
    const backend = dashboardBackend(d.flavor);
    dashboard.push({ namespace: d.namespace, name: backend.service, ports: [{ port: backend.port }], component: COMPONENT, source: `chart of the ${d.flavor} dashboard (${COMPONENT})` });
  }
  return [
    kps('prometheus', 9090),
    ...(block.alertmanager.enabled ? [kps('alertmanager', 9093)] : []),
    ...(block.grafana.enabled ? [kps('grafana', 80)] : []),
    ...dashboard,
  ];
}

/**
 * The Secrets the charts' workloads read, by reference only: each external-dns
 * instance's provider credentials (env `valueFrom.secretKeyRef` of the
 * Deployment `external-dns-<class>`) and Grafana's admin credentials.
 */
export function observabilitySecrets(block: ObservabilityBlock): SecretRequirement[] {
  const out: SecretRequirement[] = [];
  block.externalDNS.forEach((instance, i) => {
    const release = externalDNSRelease(instance.ingressClass);
    const path = [...O, 'externalDNS', i];
    const refs: [string, { name: string; key: string }, (string | number)[]][] = [];
    if (instance.provider === 'cloudflare' && instance.cloudflare !== undefined) refs.push(['CF_API_TOKEN', instance.cloudflare.apiToken, [...path, 'cloudflare', 'apiToken']]);
    if (instance.provider === 'webhook') {
      for (const [env, ref] of Object.entries(instance.webhook?.secretEnv ?? {})) refs.push([env, ref, [...path, 'webhook', 'secretEnv', env]]);
    }
    for (const [env, ref, at] of refs) {
      out.push({
        namespace: EXTERNAL_DNS_NAMESPACE,
        name: ref.name,
        keys: [ref.key],
        reader: {
          kind: 'Deployment',
          namespace: EXTERNAL_DNS_NAMESPACE,
          name: release,
          field: `env ${env} (valueFrom.secretKeyRef)`,
          via: `Helm release ${release}`,
        },
        purpose:
          instance.provider === 'cloudflare'
            ? `Cloudflare API token (Zone:Read, DNS:Edit) for external-dns of class ${instance.ingressClass}`
            : `API credentials of the external-dns webhook provider ${instance.webhook?.image ?? ''} (class ${instance.ingressClass})`,
        create: kubectlGeneric(EXTERNAL_DNS_NAMESPACE, ref.name, [ref.key]),
        component: COMPONENT,
        path: at,
      });
    }
  });
  const admin = block.grafana.enabled ? block.grafana.adminSecret : undefined;
  if (admin !== undefined) {
    out.push({
      namespace: block.namespace,
      name: admin,
      keys: ['admin-password', 'admin-user'],
      reader: { kind: 'Deployment', namespace: block.namespace, name: `${KPS_RELEASE}-grafana`, field: 'grafana.admin.existingSecret', via: `Helm release ${KPS_RELEASE}` },
      purpose: 'Grafana admin user name and password',
      create: kubectlGeneric(block.namespace, admin, ['admin-user', 'admin-password']),
      component: COMPONENT,
      path: [...O, 'grafana', 'adminSecret'],
    });
  }
  return out;
}

/**
 * What observability tells the others: the hosts it exposes through the edge
 * (cert-manager issues them), the metrics of its own external-dns releases
 * (monitored like anyone else's), the Services its charts create, the
 * Kubernetes versions kube-prometheus-stack supports, and the versions it runs. Every namespace it uses is created by one
 * of its Helm releases (or is kube-system), so it declares none.
 */
export function observabilityFacts({ block }: BlockContext<ObservabilityBlock>): FactsPart {
  return {
    tlsHosts: exposureTlsHosts(block),
    secrets: observabilitySecrets(block),
    // One per class: a second instance for a class is reported by the check, not as a duplicate monitor.
    metrics: [...new Set(block.externalDNS.map((i) => i.ingressClass))].map(externalDNSMetrics),
    services: chartServices(block),
    requirements: [
      {
        component: COMPONENT,
        product: 'kubernetes',
        min: KUBE_PROMETHEUS_STACK_MIN_KUBERNETES,
        reason: `kube-prometheus-stack ${KUBE_PROMETHEUS_STACK.version} declares kubeVersion ">=1.25.0-0" in its Chart.yaml`,
        path: [...O, 'enabled'],
      },
      // Charts without a range strata could check: on record, so `strata explain` shows the gap.
      ...(block.externalDNS.length === 0
        ? []
        : [kubernetesUnchecked(COMPONENT, `external-dns chart ${EXTERNAL_DNS.version}`, 'its Chart.yaml at 1.19.0 declares no kubeVersion (read) and the project README gives no upper bound (0.18 and later: Kubernetes 1.21 or newer); check the chart before a Kubernetes upgrade', [...O, 'externalDNS'])]),
      ...(block.dashboard === undefined
        ? []
        : [
            kubernetesUnchecked(
              COMPONENT,
              block.dashboard.flavor === 'headlamp' ? `headlamp chart ${HEADLAMP.version}` : `kubernetes-dashboard chart ${KUBERNETES_DASHBOARD.version}`,
              block.dashboard.flavor === 'headlamp'
                ? 'Headlamp publishes no support matrix and its Chart.yaml declares no kubeVersion (0.33.1 read)'
                : 'the archived Kubernetes Dashboard publishes no range for its last chart',
              [...O, 'dashboard'],
            ),
          ]),
    ],
    versions: {
      'kube-prometheus-stack': KUBE_PROMETHEUS_STACK.version,
      'prometheus-operator': KUBE_PROMETHEUS_STACK.appVersion,
      ...(block.externalDNS.length === 0 ? {} : { 'external-dns': EXTERNAL_DNS.appVersion }),
    },
  };
}
