import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { RELEASE } from './facts.ts';
import { namespaced } from './metadata.ts';
import type { CertManagerBlock } from './schema.ts';

/** Name of the PrometheusRule (in the cert-manager namespace). */
export const RULE_NAME = 'cert-manager';

/** One alerting rule, as PrometheusRule `spec.groups[].rules[]` takes it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

const TROUBLESHOOTING = 'https://cert-manager.io/docs/troubleshooting/';
const ACME_TROUBLESHOOTING = 'https://cert-manager.io/docs/troubleshooting/acme/';

/*
 * cert-manager labels its certificate metrics with the Certificate's `name`,
 * `namespace` and `issuer_name`. Scraped through a ServiceMonitor without
 * honorLabels (the Prometheus operator's default), the target's own
 * `namespace` wins and the Certificate's becomes `exported_namespace`.
 */
const BY_CERT = 'exported_namespace, name, issuer_name';
const CERT = '{{ $labels.exported_namespace }}/{{ $labels.name }}';

/** The alerting rules on cert-manager's metrics for `block`. */
export function alertRules(block: CertManagerBlock): AlertRule[] {
  const days = block.alerts.expiringWithinDays;
  return [
    {
      alert: 'CertManagerAbsent',
      expr: `absent(up{job="${RELEASE}", namespace="${block.namespace}"} == 1)`,
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'cert-manager is not scraped',
        description: `No cert-manager controller in namespace ${block.namespace} has been up for 10 minutes: certificates are not renewed and the other cert-manager alerts cannot fire.`,
        runbook_url: TROUBLESHOOTING,
      },
    },
    {
      alert: 'CertManagerCertificateExpiringSoon',
      expr: `min by (${BY_CERT}) (certmanager_certificate_expiration_timestamp_seconds - time()) < ${days} * 86400`,
      for: '1h',
      labels: { severity: 'warning' },
      annotations: {
        summary: `A certificate expires within ${days} days`,
        description: `Certificate ${CERT} (issuer {{ $labels.issuer_name }}) expires in {{ $value | humanizeDuration }}; cert-manager should have renewed it ${block.certificates.renewBefore} before expiry. Check its CertificateRequests and Orders.`,
        runbook_url: TROUBLESHOOTING,
      },
    },
    {
      alert: 'CertManagerCertificateNotReady',
      expr: `max by (${BY_CERT}) (certmanager_certificate_ready_status{condition!="True"}) == 1`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A certificate is not ready',
        description: `Certificate ${CERT} (issuer {{ $labels.issuer_name }}) has not been Ready for 15 minutes: its Secret is missing or stale. See \`kubectl describe certificate -n {{ $labels.exported_namespace }} {{ $labels.name }}\`.`,
        runbook_url: TROUBLESHOOTING,
      },
    },
    {
      alert: 'CertManagerCertificateRenewalFailing',
      expr: `max by (${BY_CERT}) (time() - certmanager_certificate_renewal_timestamp_seconds) > 3600`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A certificate renewal is overdue',
        description: `Certificate ${CERT} (issuer {{ $labels.issuer_name }}) was due for renewal {{ $value | humanizeDuration }} ago and is still not renewed; for ACME issuers look at its Challenges.`,
        runbook_url: ACME_TROUBLESHOOTING,
      },
    },
    {
      alert: 'CertManagerACMERateLimited',
      expr: 'sum by (host) (rate(certmanager_http_acme_client_request_count{status="429"}[5m])) > 0',
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'The ACME server rate-limits cert-manager',
        description: 'ACME server {{ $labels.host }} has answered 429 Too Many Requests for 5 minutes: new certificates and renewals wait until the limit resets.',
        runbook_url: 'https://letsencrypt.org/docs/rate-limits/',
      },
    },
  ];
}

/** The PrometheusRule with {@link alertRules}, in the cert-manager namespace. */
export function prometheusRule(cluster: string, block: CertManagerBlock): PrometheusRule {
  return new PrometheusRule({
    metadata: namespaced(cluster, block.namespace, RULE_NAME),
    spec: { groups: [{ name: 'cert-manager', rules: alertRules(block).map((r) => ({ ...r, labels: { ...r.labels }, annotations: { ...r.annotations } })) }] },
  });
}
