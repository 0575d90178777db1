import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import { alertRules, prometheusRule } from './alerts.ts';

const blockWith = (certManager: object = {}) => loadValid(certManager).block;

describe('cert-manager alerts', () => {
  const rules = alertRules(blockWith());
  const rule = (name: string) => {
    const r = rules.find((x) => x.alert === name);
    if (r === undefined) throw new Error(`no rule ${name}`);
    return r;
  };

  it('has one rule per failure, each with severity, summary, description and a runbook URL', () => {
    expect(rules.map((r) => [r.alert, r.labels.severity, r.for])).toEqual([
      ['CertManagerAbsent', 'critical', '10m'],
      ['CertManagerCertificateExpiringSoon', 'warning', '1h'],
      ['CertManagerCertificateNotReady', 'warning', '15m'],
      ['CertManagerCertificateRenewalFailing', 'warning', '15m'],
      ['CertManagerACMERateLimited', 'critical', '5m'],
    ]);
    for (const r of rules) {
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(r.annotations.runbook_url).toMatch(/^https:\/\//);
      expect(r.annotations.description.length).toBeGreaterThan(40);
    }
  });

  it('alerts on certificates expiring within the configured days, per Certificate', () => {
    expect(rule('CertManagerCertificateExpiringSoon').expr).toBe(
      'min by (exported_namespace, name, issuer_name) (certmanager_certificate_expiration_timestamp_seconds - time()) < 14 * 86400',
    );
    const lead = alertRules(blockWith({ alerts: { expiringWithinDays: 5 } })).find((r) => r.alert === 'CertManagerCertificateExpiringSoon');
    expect(lead?.expr).toMatch(/< 5 \* 86400$/);
    expect(lead?.annotations.summary).toBe('A certificate expires within 5 days');
  });

  it("keys certificate alerts by the Certificate's namespace as scraped (exported_namespace), name and issuer", () => {
    for (const name of ['CertManagerCertificateExpiringSoon', 'CertManagerCertificateNotReady', 'CertManagerCertificateRenewalFailing']) {
      expect(rule(name).expr).toMatch(/^(min|max) by \(exported_namespace, name, issuer_name\) \(/);
      expect(rule(name).annotations.description).toContain('{{ $labels.exported_namespace }}/{{ $labels.name }}');
    }
  });

  it('alerts on certificates that are not Ready and on renewals overdue by an hour', () => {
    expect(rule('CertManagerCertificateNotReady').expr).toBe(
      'max by (exported_namespace, name, issuer_name) (certmanager_certificate_ready_status{condition!="True"}) == 1',
    );
    expect(rule('CertManagerCertificateRenewalFailing').expr).toBe(
      'max by (exported_namespace, name, issuer_name) (time() - certmanager_certificate_renewal_timestamp_seconds) > 3600',
    );
  });

  it('alerts when the controller is not scraped in its namespace, and on ACME rate limits', () => {
    expect(rule('CertManagerAbsent').expr).toBe('absent(up{job="cert-manager", namespace="cert-manager"} == 1)');
    expect(alertRules(blockWith({ namespace: 'certs' })).find((r) => r.alert === 'CertManagerAbsent')?.expr).toBe(
      'absent(up{job="cert-manager", namespace="certs"} == 1)',
    );
    expect(rule('CertManagerACMERateLimited').expr).toBe('sum by (host) (rate(certmanager_http_acme_client_request_count{status="429"}[5m])) > 0');
  });

  it('puts the rules in one group of a PrometheusRule in the cert-manager namespace', () => {
    const json = prometheusRule('lab', blockWith()).toJSON() as { metadata: object; spec: { groups: { name: string; rules: unknown[] }[] } };
    expect(json.metadata).toEqual({
      name: 'cert-manager',
      namespace: 'cert-manager',
      labels: { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'cert-manager', 'strata.dev/cluster': 'lab' },
    });
    expect(json.spec.groups.map((g) => [g.name, g.rules.length])).toEqual([['cert-manager', 5]]);
  });
});
