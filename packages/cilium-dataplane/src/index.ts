import { defineComponent } from '@strata/core';
import { checkCilium } from './checks/index.ts';
import { explainCilium } from './explain.ts';
import { ciliumFacts } from './facts.ts';
import { ciliumOrigin } from './origin.ts';
import { renderCilium } from './render.ts';
import { type CiliumBlock, schema } from './schema.ts';

export type { CiliumBlock } from './schema.ts';
export { MAGLEV_TABLE_SIZES, schema } from './schema.ts';
export type { CiliumValues } from './values.ts';
export { ciliumValues } from './values.ts';
export { podRouteMTU, type PodMTU, TUNNEL_OVERHEAD, WIREGUARD_OVERHEAD } from './mtu.ts';
export { loadBalancerServices } from './services.ts';
export { GATEWAY_CLASS, gatewayAPIObjects } from './gateway-api.ts';
export { DEFAULT_DENY_NAME, defaultDenyPolicy } from './default-deny.ts';
export { LBIPAM_IPS } from './lb-ipam.ts';
export { ciliumFacts } from './facts.ts';
export { CILIUM_VERSIONS, type CiliumVersion, DEFAULT_CILIUM_VERSION, GATEWAY_API } from './pins.ts';

/** The cilium-dataplane component: `spec.cilium`. */
export const component = defineComponent<CiliumBlock>({
  name: 'cilium-dataplane',
  key: 'cilium',
  description: 'Cilium as CNI and L4 fast path: kube-proxy replacement, LoadBalancer IP pools with L2 or BGP announcements, Gateway API, WireGuard, Hubble.',
  schema,
  facts: ciliumFacts,
  explain: explainCilium,
  check: ({ cluster, block, facts }) => checkCilium(cluster, block, facts),
  render: renderCilium,
  originOf: ciliumOrigin,
});
