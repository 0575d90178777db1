/**
 * Upstream pins of the observability component. Changing what reaches a
 * cluster means changing this file (and the goldens). Each pin says where its
 * version was read.
 */

/** A Helm chart pinned by exact version, with where the version was checked. */
export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** Version of the main application the chart installs (plain `X.Y.Z`). */
  readonly appVersion: string;
  /** Where the version was read (file and commit, or release notes). */
  readonly source: string;
  /** Set when upstream no longer maintains the chart; rendering it is a warning. */
  readonly archived?: string;
}

/**
 * kube-prometheus-stack: Prometheus operator, Prometheus, Alertmanager,
 * Grafana, node-exporter and kube-state-metrics, and the monitoring.coreos.com
 * CRDs (subchart `crds`).
 */
export const KUBE_PROMETHEUS_STACK: ChartPin = {
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'kube-prometheus-stack',
  // renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
  version: '81.4.3',
  appVersion: '0.88.1',
  source:
    'charts/kube-prometheus-stack/Chart.yaml at tag kube-prometheus-stack-81.4.3 of prometheus-community/helm-charts ' +
    '(commit d43b29960e2d31ef0790a64f56f1d62b36ff8ec4: version 81.4.3, appVersion v0.88.1, kubeVersion ">=1.25.0-0"); ' +
    'the previous pin 81.4.5 was never released (the tags go 81.4.3 → 81.5.0)',
};

/** Lowest Kubernetes the pinned kube-prometheus-stack supports (its Chart.yaml `kubeVersion`). */
export const KUBE_PROMETHEUS_STACK_MIN_KUBERNETES = '1.25';

/** external-dns from kubernetes-sigs (not the Bitnami chart); one release per ingress class. */
export const EXTERNAL_DNS: ChartPin = {
  repository: 'https://kubernetes-sigs.github.io/external-dns/',
  chart: 'external-dns',
  // renovate: datasource=helm depName=external-dns registryUrl=https://kubernetes-sigs.github.io/external-dns/
  version: '1.19.0',
  appVersion: '0.19.0',
  source:
    'charts/external-dns/Chart.yaml at tag external-dns-helm-chart-1.19.0 of kubernetes-sigs/external-dns (commit ' +
    'b740777701f0684cbc2ab664af3eaa7ec3f7576f: version 1.19.0, appVersion 0.19.0, no kubeVersion); CHANGELOG.md: chart v1.19.0 ' +
    '"Update ExternalDNS OCI image version to v0.19.0" (#5819)',
};

/** Headlamp, the maintained Kubernetes web UI the archived dashboard's README points to. */
export const HEADLAMP: ChartPin = {
  repository: 'https://kubernetes-sigs.github.io/headlamp/',
  chart: 'headlamp',
  // renovate: datasource=helm depName=headlamp registryUrl=https://kubernetes-sigs.github.io/headlamp/
  version: '0.33.0',
  appVersion: '0.33.0',
  source: 'charts/headlamp/README.md of headlamp-k8s/headlamp (repository https://kubernetes-sigs.github.io/headlamp/); chart 0.33.0 as pinned by Flux HelmReleases in public fleets',
};

/** The Kubernetes Dashboard: Helm-only since 7.0.0 (Kong proxy), archived upstream. */
export const KUBERNETES_DASHBOARD: ChartPin = {
  repository: 'https://kubernetes.github.io/dashboard/',
  chart: 'kubernetes-dashboard',
  version: '7.13.0',
  appVersion: '7.13.0',
  source: 'shared/reference/nixos-kubernetes.md §3 (Helm-only since 7.0.0, tags kubernetes-dashboard-7.x.y); 7.13.0 is the last 7.x chart seen pinned in public fleets',
  archived: 'the project was archived on 2026-01-21 (now kubernetes-retired/dashboard); its README points to Headlamp',
};
