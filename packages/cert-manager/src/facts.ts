import { ALERT_TOPICS, type BlockContext, type FactsPart, kubectlTls, kubernetesSupportRows, type MetricsEndpoint, type SecretRequirement } from '@strata/core';
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
 * The Secrets the ClusterIssuers read, all in the cert-manager namespace (the
 * cluster resource namespace): a CA issuer's key pair (made by hand, unless
 * `selfSignedBootstrap` has cert-manager make it) and an ACME issuer's account
 * key (cert-manager registers the account and writes it).
 */
export function issuerSecrets(block: CertManagerBlock): SecretRequirement[] {
  const ns = block.namespace;
  return block.issuers.map((issuer, i): SecretRequirement => {
    const path = ['spec', 'certManager', 'issuers', i];
    if (issuer.ca !== undefined) {
      const name = issuer.ca.secretName;
      return {
        namespace: ns,
        name,
        keys: ['tls.crt', 'tls.key'],
        type: 'kubernetes.io/tls',
        reader: { kind: 'ClusterIssuer', name: issuer.name, field: 'spec.ca.secretName' },
        purpose: `key pair of the internal CA that signs the certificates of issuer ${issuer.name}`,
        create: kubectlTls(ns, name).replace('<cert.pem> --key=<key.pem>', '<ca.pem> --key=<ca-key.pem>'),
        ...(issuer.ca.selfSignedBootstrap ? { generatedBy: `cert-manager (Certificate ${ns}/${name}, self-signed bootstrap)` } : {}),
        component: COMPONENT,
        path: [...path, 'ca', 'secretName'],
      };
    }
    const name = issuer.acme?.accountKeySecretName ?? `${issuer.name}-account-key`;
    return {
      namespace: ns,
      name,
      keys: ['tls.key'],
      reader: { kind: 'ClusterIssuer', name: issuer.name, field: 'spec.acme.privateKeySecretRef.name' },
      purpose: `ACME account key of issuer ${issuer.name}`,
      create: `kubectl -n ${ns} create secret generic ${name} --from-file=tls.key=<account-key.pem>`,
      generatedBy: 'cert-manager (registers the ACME account)',
      component: COMPONENT,
      path: [...path, 'acme'],
    };
  });
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
    secrets: issuerSecrets(block),
    ownAlerts: block.alerts.enabled ? [{ component: COMPONENT, topic: ALERT_TOPICS.certificateExpiry }] : [],
  };
}
