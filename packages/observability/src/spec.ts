import { defineComponentSpec } from '@strata/core';
import { checkObservability } from './checks.ts';
import { observabilityFacts } from './facts.ts';
import { observabilityOrigin } from './origin.ts';
import { type ObservabilityBlock, schema } from './schema.ts';

/**
 * What the compiler needs of observability to load and check
 * `spec.observability` (the `./spec` entry): no render code, models, cdk8s
 * or Grafana SDK.
 */
export const componentSpec = defineComponentSpec<ObservabilityBlock>({
  name: 'observability',
  key: 'observability',
  description:
    'kube-prometheus-stack with monitors for every declared metrics endpoint, alert rules and Grafana dashboards for what runs, Hubble UI and a cluster dashboard behind the edge, external-dns per ingress class.',
  schema,
  facts: observabilityFacts,
  check: checkObservability,
  originOf: observabilityOrigin,
});
