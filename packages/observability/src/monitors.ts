import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { MetricsEndpoint } from '@strata/core';
import { namespaced } from './metadata.ts';

/**
 * The monitor for one declared metrics endpoint, in the workload's namespace.
 * It carries no `release` label: the Prometheus of kube-prometheus-stack
 * selects every monitor (see `serviceMonitorSelectorNilUsesHelmValues` in
 * values.ts), so a new component is scraped as soon as it declares the fact.
 */
export function monitorFor(cluster: string, endpoint: MetricsEndpoint): ServiceMonitor | PodMonitor {
  const metadata = namespaced(cluster, endpoint.namespace, endpoint.name, { 'strata.dev/declared-by': endpoint.component });
  const selector = { matchLabels: { ...endpoint.selector } };
  const scrape = { port: endpoint.port, path: endpoint.path, ...(endpoint.interval === undefined ? {} : { interval: endpoint.interval }) };
  if (endpoint.kind === 'ServiceMonitor') {
    return new ServiceMonitor({ metadata, spec: { selector, endpoints: [scrape] } });
  }
  return new PodMonitor({ metadata, spec: { selector, podMetricsEndpoints: [scrape] } });
}

/** One monitor per declared endpoint, sorted by kind, namespace and name. */
export function monitors(cluster: string, endpoints: readonly MetricsEndpoint[]): (ServiceMonitor | PodMonitor)[] {
  const key = (e: MetricsEndpoint) => `${e.kind}/${e.namespace}/${e.name}`;
  return [...endpoints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).map((e) => monitorFor(cluster, e));
}
