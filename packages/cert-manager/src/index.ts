import { defineComponent } from '@strata/core';
import { explainCertManager } from './explain.ts';
import { renderCertManager } from './render.ts';
import type { CertManagerBlock } from './schema.ts';
import { componentSpec } from './spec.ts';

export type { CertManagerBlock, IssuerSpec } from './schema.ts';
export { KEY_SIZES, schema } from './schema.ts';
export { type AlertRule, alertRules, prometheusRule, RULE_NAME } from './alerts.ts';
export { certManagerFacts, controllerMetrics, RELEASE } from './facts.ts';
export { componentSpec } from './spec.ts';
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
export const component = defineComponent<CertManagerBlock>({ ...componentSpec, explain: explainCertManager, render: renderCertManager });
