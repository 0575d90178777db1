import type { Cluster } from '@strata/core';
import type { ExternalDNSInstance, ObservabilityBlock } from './schema.ts';

/** Release name (and `fullnameOverride`) of kube-prometheus-stack; its objects are `kube-prometheus-stack-*`. */
export const KPS_RELEASE = 'kube-prometheus-stack';

/** Label and value the Grafana sidecar looks for on dashboard ConfigMaps. */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

/** A PersistentVolumeClaim template as the Prometheus operator takes it (`storageSpec` / `storage`). */
export interface VolumeClaimTemplate {
  volumeClaimTemplate: {
    spec: { storageClassName?: string; accessModes: ['ReadWriteOnce']; resources: { requests: { storage: string } } };
  };
}

/**
 * The subset of kube-prometheus-stack 81.x values strata sets (keys as in the
 * chart's values.yaml). Keys absent here keep the chart default. Checked
 * against 81.4.3: every key is in its values.yaml (the `grafana.*` ones also in
 * the grafana 10.5.15 subchart's); `storageSpec` and `storage` default to `{}`
 * and the templates copy them whole into the Prometheus and Alertmanager
 * resources' `spec.storage`.
 */
export interface KubePrometheusStackValues {
  fullnameOverride: string;
  /** Subchart `crds`: the monitoring.coreos.com CRDs, installed from its crds/ folder. */
  crds: { enabled: true };
  prometheusOperator: { enabled: true };
  prometheus: {
    prometheusSpec: {
      replicas: number;
      retention: string;
      retentionSize?: string;
      scrapeInterval: string;
      /**
       * `false`: a nil selector selects every ServiceMonitor/PodMonitor/rule in
       * every namespace, instead of only those labelled `release: <release>`.
       */
      serviceMonitorSelectorNilUsesHelmValues: false;
      podMonitorSelectorNilUsesHelmValues: false;
      ruleSelectorNilUsesHelmValues: false;
      probeSelectorNilUsesHelmValues: false;
      storageSpec: VolumeClaimTemplate;
    };
  };
  alertmanager: { enabled: boolean; alertmanagerSpec?: { retention: string; storage: VolumeClaimTemplate } };
  grafana: {
    enabled: boolean;
    admin?: { existingSecret: string; userKey: 'admin-user'; passwordKey: 'admin-password' };
    sidecar?: { dashboards: { enabled: true; label: string; labelValue: string; searchNamespace: string } };
  };
  nodeExporter: { enabled: true };
  kubeStateMetrics: { enabled: true };
}

function claim(size: string, storageClass: string | undefined): VolumeClaimTemplate {
  return {
    volumeClaimTemplate: {
      spec: {
        ...(storageClass === undefined ? {} : { storageClassName: storageClass }),
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
      },
    },
  };
}

/** Chart values for kube-prometheus-stack from the block. */
export function kubePrometheusStackValues(block: ObservabilityBlock): KubePrometheusStackValues {
  const p = block.prometheus;
  const a = block.alertmanager;
  const g = block.grafana;
  const [label, labelValue] = Object.entries(DASHBOARD_LABEL)[0] as [string, string];
  return {
    fullnameOverride: KPS_RELEASE,
    crds: { enabled: true },
    prometheusOperator: { enabled: true },
    prometheus: {
      prometheusSpec: {
        replicas: p.replicas,
        retention: p.retention,
        ...(p.retentionSize === undefined ? {} : { retentionSize: p.retentionSize }),
        scrapeInterval: p.scrapeInterval,
        // Monitors come from every component's facts, in their own namespaces, without the chart's `release` label.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        storageSpec: claim(p.storage.size, p.storage.storageClass),
      },
    },
    alertmanager: a.enabled
      ? { enabled: true, alertmanagerSpec: { retention: a.retention, storage: claim(a.storage.size, a.storage.storageClass) } }
      : { enabled: false },
    grafana: g.enabled
      ? {
          enabled: true,
          ...(g.adminSecret === undefined ? {} : { admin: { existingSecret: g.adminSecret, userKey: 'admin-user', passwordKey: 'admin-password' } }),
          sidecar: { dashboards: { enabled: true, label, labelValue, searchNamespace: block.namespace } },
        }
      : { enabled: false },
    nodeExporter: { enabled: true },
    kubeStateMetrics: { enabled: true },
  };
}

/** Namespace of every external-dns release. */
export const EXTERNAL_DNS_NAMESPACE = 'external-dns';

/** Release name (and `fullnameOverride`) of the instance for `ingressClass`. */
export function externalDNSRelease(ingressClass: string): string {
  return `external-dns-${ingressClass}`;
}

/** The owner id an instance writes into its TXT records. */
export function txtOwnerId(cluster: Cluster, instance: ExternalDNSInstance): string {
  return instance.txtOwnerId ?? `${cluster.metadata.name}-${instance.ingressClass}`;
}

/** An environment variable: a plain value or a Secret key reference. */
export type EnvVar = { name: string; value: string } | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };

/** The subset of external-dns chart 1.19 values strata sets. */
export interface ExternalDNSValues {
  fullnameOverride: string;
  provider: { name: 'webhook' | 'cloudflare'; webhook?: { image: { repository: string; tag: string }; env: EnvVar[] } };
  env?: EnvVar[];
  sources: ['ingress'];
  domainFilters: string[];
  policy: 'upsert-only' | 'sync';
  registry: 'txt';
  txtOwnerId: string;
  /** `--ingress-class`: only Ingresses of this class; extra flags of the provider. */
  extraArgs: string[];
  /** strata's observability makes the ServiceMonitor from its metrics fact; the chart's stays off. */
  serviceMonitor: { enabled: false };
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Chart values of one external-dns instance; credentials only by Secret reference. */
export function externalDNSValues(cluster: Cluster, instance: ExternalDNSInstance): ExternalDNSValues {
  const extraArgs = [`--ingress-class=${instance.ingressClass}`];
  let provider: ExternalDNSValues['provider'];
  let env: EnvVar[] | undefined;
  if (instance.provider === 'webhook') {
    const w = instance.webhook;
    const plain: EnvVar[] = Object.entries(w?.env ?? {}).map(([name, value]) => ({ name, value }));
    const secret: EnvVar[] = Object.entries(w?.secretEnv ?? {}).map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } }));
    provider = { name: 'webhook', webhook: { image: { repository: w?.image ?? '', tag: w?.tag ?? '' }, env: [...plain, ...secret].sort(byName) } };
  } else {
    const cf = instance.cloudflare;
    provider = { name: 'cloudflare' };
    env = cf === undefined ? [] : [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: cf.apiToken.name, key: cf.apiToken.key } } }];
    if (cf?.proxied === true) extraArgs.push('--cloudflare-proxied');
  }
  return {
    fullnameOverride: externalDNSRelease(instance.ingressClass),
    provider,
    ...(env === undefined ? {} : { env }),
    sources: ['ingress'],
    domainFilters: [...instance.domainFilters],
    policy: instance.policy,
    registry: 'txt',
    txtOwnerId: txtOwnerId(cluster, instance),
    extraArgs,
    serviceMonitor: { enabled: false },
  };
}

/** Release name of the dashboard chart (either flavor). */
export const DASHBOARD_RELEASE = 'dashboard';

/** Headlamp chart values: a ClusterIP Service `dashboard` on port 80; no chart Ingress (strata renders its own). */
export interface HeadlampValues {
  fullnameOverride: string;
  ingress: { enabled: false };
  service: { type: 'ClusterIP'; port: 80 };
}

/** Kubernetes Dashboard 7.x values: the chart's own Ingress and bundled cert-manager/nginx stay off. */
export interface KubernetesDashboardValues {
  app: { ingress: { enabled: false } };
  'cert-manager': { enabled: false };
  nginx: { enabled: false };
  'metrics-server': { enabled: false };
}

/** The Service and port the dashboard Ingress sends traffic to, by flavor. */
export function dashboardBackend(flavor: 'headlamp' | 'kubernetes-dashboard'): { service: string; port: number; https: boolean } {
  // Dashboard 7.x serves everything through its Kong proxy, which speaks HTTPS only.
  return flavor === 'headlamp' ? { service: DASHBOARD_RELEASE, port: 80, https: false } : { service: `${DASHBOARD_RELEASE}-kong-proxy`, port: 443, https: true };
}

export function headlampValues(): HeadlampValues {
  return { fullnameOverride: DASHBOARD_RELEASE, ingress: { enabled: false }, service: { type: 'ClusterIP', port: 80 } };
}

export function kubernetesDashboardValues(): KubernetesDashboardValues {
  return { app: { ingress: { enabled: false } }, 'cert-manager': { enabled: false }, nginx: { enabled: false }, 'metrics-server': { enabled: false } };
}
