import type { ComponentChart, ComponentContext } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { dashboardConfigMaps, dashboardsFor } from './dashboards.ts';
import { exposures } from './exposure.ts';
import { exposureIngress } from './exposure-ingress.ts';
import { monitors } from './monitors.ts';
import { EXTERNAL_DNS, HEADLAMP, KUBE_PROMETHEUS_STACK, KUBERNETES_DASHBOARD } from './pins.ts';
import { prometheusRules } from './prometheus-rules.ts';
import { ruleGroups, running } from './rules.ts';
import type { ObservabilityBlock } from './schema.ts';
import {
  DASHBOARD_RELEASE,
  EXTERNAL_DNS_NAMESPACE,
  externalDNSRelease,
  externalDNSValues,
  headlampValues,
  KPS_RELEASE,
  kubePrometheusStackValues,
  kubernetesDashboardValues,
} from './values.ts';

/**
 * Renders `spec.observability`: kube-prometheus-stack, external-dns and the
 * dashboard chart (layer `controllers`, the operator health-checked), then in
 * layer `config` — after the stack has installed the monitoring.coreos.com
 * CRDs — one monitor per declared metrics endpoint, the PrometheusRules for
 * what runs, the Grafana dashboard ConfigMaps and the Ingresses of the UIs.
 */
export function renderObservability(chart: ComponentChart, ctx: ComponentContext<ObservabilityBlock>): void {
  const { cluster, block, facts } = ctx;
  const name = cluster.metadata.name;
  chart.addHelmRelease({
    name: KPS_RELEASE,
    namespace: block.namespace,
    chart: KUBE_PROMETHEUS_STACK.chart,
    version: KUBE_PROMETHEUS_STACK.version,
    repository: KUBE_PROMETHEUS_STACK.repository,
    values: kubePrometheusStackValues(block) as unknown as Record<string, unknown>,
    // The monitoring.coreos.com CRDs sit in the `crds` subchart's crds/ folder, which Helm installs once and never
    // upgrades; an operator upgrade then meets CRDs without the fields it writes. CreateReplace keeps them in step.
    crds: 'CreateReplace',
  });
  // Monitors and rules in `config` fail with "no matches for kind" until the operator's CRDs are served.
  chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'Deployment', name: `${KPS_RELEASE}-operator`, namespace: block.namespace });

  for (const inst of block.externalDNS) {
    chart.addHelmRelease({
      name: externalDNSRelease(inst.ingressClass),
      namespace: EXTERNAL_DNS_NAMESPACE,
      chart: EXTERNAL_DNS.chart,
      version: EXTERNAL_DNS.version,
      repository: EXTERNAL_DNS.repository,
      values: externalDNSValues(cluster, inst) as unknown as Record<string, unknown>,
    });
  }

  const dash = block.dashboard;
  if (dash !== undefined) {
    const pin = dash.flavor === 'headlamp' ? HEADLAMP : KUBERNETES_DASHBOARD;
    chart.addHelmRelease({
      name: DASHBOARD_RELEASE,
      namespace: dash.namespace,
      chart: pin.chart,
      version: pin.version,
      repository: pin.repository,
      values: (dash.flavor === 'headlamp' ? headlampValues() : kubernetesDashboardValues()) as unknown as Record<string, unknown>,
    });
  }

  const config = chart.layer('config');
  for (const m of monitors(name, facts.metrics)) addObject(config, m);
  const run = running(facts);
  for (const r of prometheusRules(name, block, ruleGroups(block, run))) addObject(config, r);
  if (block.dashboards && block.grafana.enabled) {
    for (const cm of dashboardConfigMaps(name, block.namespace, dashboardsFor(run))) addObject(config, cm);
  }
  if (block.ingressClass !== undefined) {
    for (const e of exposures(block)) addObject(config, exposureIngress(name, block.ingressClass, e));
  }
}
