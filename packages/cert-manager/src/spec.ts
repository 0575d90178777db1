import { defineComponentSpec } from '@strata/core';
import { checkCertManager } from './checks.ts';
import { certManagerFacts } from './facts.ts';
import { certManagerOrigin } from './origin.ts';
import { type CertManagerBlock, schema } from './schema.ts';

/**
 * What the compiler needs of cert-manager to load and check
 * `spec.certManager` (the `./spec` entry): no render code, models or cdk8s.
 */
export const componentSpec = defineComponentSpec<CertManagerBlock>({
  name: 'cert-manager',
  key: 'certManager',
  description:
    "cert-manager: the Helm install, ClusterIssuers for Let's Encrypt (ACME HTTP-01 through ingress classes and Gateways) and an internal CA, a Certificate for every TLS host, and expiry alerts.",
  schema,
  facts: certManagerFacts,
  check: ({ cluster, block, facts }) => checkCertManager(cluster, block, facts),
  originOf: certManagerOrigin,
});
