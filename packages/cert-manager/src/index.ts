import { explainCertManager } from './explain.ts';
import { defineComponent } from '@strata/core';
import { checkCertManager } from './checks.ts';
import { certManagerFacts } from './facts.ts';
import { certManagerOrigin } from './origin.ts';
import { renderCertManager } from './render.ts';
import { type CertManagerBlock, schema } from './schema.ts';

export type { CertManagerBlock, IssuerSpec } from './schema.ts';
export { KEY_SIZES, schema } from './schema.ts';
export { type AlertRule, alertRules, prometheusRule, RULE_NAME } from './alerts.ts';
export { certManagerFacts, controllerMetrics, RELEASE } from './facts.ts';
export { type CertManagerValues, certManagerValues } from './values.ts';
export { DEPLOYMENTS } from './render.ts';
export {
  CERT_MANAGER_CHART,
  CERT_MANAGER_CHART_REPOSITORY,
  CERT_MANAGER_PINS,
  CERT_MANAGER_VERSIONS,
  type CertManagerPin,
  type CertManagerVersion,
  DEFAULT_CERT_MANAGER_VERSION,
  LETS_ENCRYPT_SERVERS,
  SUPPORT_AS_OF,
} from './pins.ts';

/** The cert-manager component: `spec.certManager`. */
export const component = defineComponent<CertManagerBlock>({
  name: 'cert-manager',
  key: 'certManager',
  description:
    "cert-manager: the Helm install, ClusterIssuers for Let's Encrypt (ACME HTTP-01 through ingress classes and Gateways) and an internal CA, a Certificate for every TLS host, and expiry alerts.",
  schema,
  facts: certManagerFacts,
  explain: explainCertManager,
  check: ({ cluster, block, facts }) => checkCertManager(cluster, block, facts),
  originOf: certManagerOrigin,
  render: renderCertManager,
});
