import { ALERT_TOPICS, type BlockContext, type FactsPart, kubernetesSupportRows, type MetricsEndpoint } from '@strata/core';
import { pinOf } from './pins.ts';
import { COMPONENT } from './metadata.ts';
import type { CertManagerBlock } from './schema.ts';

/** Helm release name; with it the chart names its objects `cert-manager`, `cert-manager-webhook`, `cert-manager-cainjector`. */
export const RELEASE = 'cert-manager';

/**
 * The controller's metrics Service as the chart renders it (templates/service.yaml):
 * Service `cert-manager`, port 9402 named `tcp-prometheus-servicemonitor`.
 */
export function controllerMetrics(namespace: string): MetricsEndpoint {
  return {
    component: COMPONENT,
    name: 'cert-manager',
    namespace,
    kind: 'ServiceMonitor',
    selector: {
      'app.kubernetes.io/name': 'cert-manager',
      'app.kubernetes.io/instance': RELEASE,
      'app.kubernetes.io/component': 'controller',
    },
    port: 'tcp-prometheus-servicemonitor',
    path: '/metrics',
  };
}

/**
 * What cert-manager tells the other components: its version and the
 * Kubernetes range it supports, its
 * controller's metrics endpoint, and that it alerts on certificate expiry
 * itself (so an observability component does not page twice).
 */
export function certManagerFacts({ block }: BlockContext<CertManagerBlock>): FactsPart {
  const pin = pinOf(block.version);
  return {
    requirements: pin === undefined ? [] : kubernetesSupportRows(COMPONENT, `cert-manager ${block.version}`, pin.kubernetes, ['spec', 'certManager', 'version']),
    versions: { 'cert-manager': block.version.replace(/^v/, '') },
    metrics: [controllerMetrics(block.namespace)],
    ownAlerts: block.alerts.enabled ? [{ component: COMPONENT, topic: ALERT_TOPICS.certificateExpiry }] : [],
  };
}
