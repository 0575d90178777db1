import { defineComponent } from '@strata/core';
import { renderObservability } from './render.ts';
import type { ObservabilityBlock } from './schema.ts';
import { componentSpec } from './spec.ts';

export type { ExternalDNSInstance, ObservabilityBlock } from './schema.ts';
export { schema } from './schema.ts';
export { monitorFor, monitors } from './monitors.ts';
export { type AlertRule, type RuleGroup, ruleGroups, running, type Running } from './rules.ts';
export { buildDashboard, type DashboardSpec, stableJson } from './dashboards.ts';
export { externalDNSMetrics, observabilityFacts } from './facts.ts';
export { componentSpec } from './spec.ts';
export { EXTERNAL_DNS, HEADLAMP, KUBE_PROMETHEUS_STACK, KUBERNETES_DASHBOARD } from './pins.ts';
export { externalDNSValues, kubePrometheusStackValues, type ExternalDNSValues, type KubePrometheusStackValues } from './values.ts';

/** The observability component: `spec.observability`. */
export const component = defineComponent<ObservabilityBlock>({ ...componentSpec, render: renderObservability });
