import { defineComponent } from '@strata/core';
import { checkObservability } from './checks.ts';
import { observabilityFacts } from './facts.ts';
import { observabilityOrigin } from './origin.ts';
import { renderObservability } from './render.ts';
import { type ObservabilityBlock, schema } from './schema.ts';

export type { ExternalDNSInstance, ObservabilityBlock } from './schema.ts';
export { schema } from './schema.ts';
export { monitorFor, monitors } from './monitors.ts';
export { type AlertRule, type RuleGroup, ruleGroups, running, type Running } from './rules.ts';
export { buildDashboard, type DashboardSpec, stableJson } from './dashboards.ts';
export { externalDNSMetrics, observabilityFacts } from './facts.ts';
export { EXTERNAL_DNS, HEADLAMP, KUBE_PROMETHEUS_STACK, KUBERNETES_DASHBOARD } from './pins.ts';
export { externalDNSValues, kubePrometheusStackValues, type ExternalDNSValues, type KubePrometheusStackValues } from './values.ts';

/** The observability component: `spec.observability`. */
export const component = defineComponent<ObservabilityBlock>({
  name: 'observability',
  key: 'observability',
  description:
    'kube-prometheus-stack with monitors for every declared metrics endpoint, alert rules and Grafana dashboards for what runs, Hubble UI and a cluster dashboard behind the edge, external-dns per ingress class.',
  schema,
  facts: observabilityFacts,
  check: checkObservability,
  originOf: observabilityOrigin,
  render: renderObservability,
});
