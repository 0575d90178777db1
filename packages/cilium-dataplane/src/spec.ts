import { defineComponentSpec } from '@strata/core';
import { checkCilium } from './checks/index.ts';
import { ciliumFacts } from './facts.ts';
import { ciliumOrigin } from './origin.ts';
import { type CiliumBlock, schema } from './schema.ts';

/**
 * What the compiler needs of cilium-dataplane to load and check `spec.cilium`
 * (the `./spec` entry): no render code, models or cdk8s.
 */
export const componentSpec = defineComponentSpec<CiliumBlock>({
  name: 'cilium-dataplane',
  key: 'cilium',
  description: 'Cilium as CNI and L4 fast path: kube-proxy replacement, LoadBalancer IP pools with L2 or BGP announcements, Gateway API, WireGuard, Hubble.',
  schema,
  facts: ciliumFacts,
  check: ({ cluster, block, facts }) => checkCilium(cluster, block, facts),
  originOf: ciliumOrigin,
});
