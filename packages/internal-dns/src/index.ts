import { defineComponent } from '@strata/core';
import { explainInternalDns } from './explain.ts';
import { renderInternalDns } from './render.ts';
import type { InternalDnsBlock } from './schema.ts';
import { componentSpec } from './spec.ts';

export type { InternalDnsBlock } from './schema.ts';
export { schema } from './schema.ts';
export { internalDnsFacts, k8sGatewayMetrics } from './facts.ts';
export { componentSpec } from './spec.ts';
export { type K8sGatewayValues, k8sGatewayValues } from './values.ts';
export { RELEASE } from './address.ts';
export { DEFAULT_K8S_GATEWAY_VERSION, K8S_GATEWAY_CHART, K8S_GATEWAY_PINS, K8S_GATEWAY_REPOSITORY, K8S_GATEWAY_VERSIONS } from './pins.ts';

/** The internal-dns component: `spec.internalDNS`. */
export const component = defineComponent<InternalDnsBlock>({ ...componentSpec, explain: explainInternalDns, render: renderInternalDns });
