import { defineComponent } from '@strata/core';
import { checkInternalDns } from './checks.ts';
import { explainInternalDns } from './explain.ts';
import { internalDnsFacts } from './facts.ts';
import { internalDnsOrigin } from './origin.ts';
import { renderInternalDns } from './render.ts';
import { type InternalDnsBlock, schema } from './schema.ts';

export type { InternalDnsBlock } from './schema.ts';
export { schema } from './schema.ts';
export { internalDnsFacts, k8sGatewayMetrics } from './facts.ts';
export { type K8sGatewayValues, k8sGatewayValues } from './values.ts';
export { RELEASE } from './address.ts';
export { DEFAULT_K8S_GATEWAY_VERSION, K8S_GATEWAY_CHART, K8S_GATEWAY_PINS, K8S_GATEWAY_REPOSITORY, K8S_GATEWAY_VERSIONS } from './pins.ts';

/** The internal-dns component: `spec.internalDNS`. */
export const component = defineComponent<InternalDnsBlock>({
  name: 'internal-dns',
  key: 'internalDNS',
  description:
    "Internal DNS: k8s-gateway answers for the cluster's internal domain from the hosts of chosen ingress classes, HTTPRoutes and LoadBalancer Services, on a fixed LoadBalancer address (53 UDP and TCP, L4 fast path).",
  schema,
  facts: internalDnsFacts,
  explain: explainInternalDns,
  check: ({ cluster, block, facts }) => checkInternalDns(cluster, block, facts),
  originOf: internalDnsOrigin,
  render: renderInternalDns,
});
