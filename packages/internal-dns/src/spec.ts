import { defineComponentSpec } from '@strata/core';
import { checkInternalDns } from './checks.ts';
import { internalDnsFacts } from './facts.ts';
import { internalDnsOrigin } from './origin.ts';
import { type InternalDnsBlock, schema } from './schema.ts';

/**
 * What the compiler needs of internal-dns to load and check
 * `spec.internalDNS` (the `./spec` entry): no render code, models or cdk8s.
 */
export const componentSpec = defineComponentSpec<InternalDnsBlock>({
  name: 'internal-dns',
  key: 'internalDNS',
  description:
    "Internal DNS: k8s-gateway answers for the cluster's internal domain from the hosts of chosen ingress classes, HTTPRoutes and LoadBalancer Services, on a fixed LoadBalancer address (53 UDP and TCP, L4 fast path).",
  schema,
  facts: internalDnsFacts,
  check: ({ cluster, block, facts }) => checkInternalDns(cluster, block, facts),
  originOf: internalDnsOrigin,
});
