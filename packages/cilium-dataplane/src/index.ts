import { defineComponent } from '@strata/core';
import { explainCilium } from './explain.ts';
import { renderCilium } from './render.ts';
import type { CiliumBlock } from './schema.ts';
import { componentSpec } from './spec.ts';

export type { CiliumBlock } from './schema.ts';
export { MAGLEV_TABLE_SIZES, schema } from './schema.ts';
export type { CiliumValues } from './values.ts';
export { ciliumValues } from './values.ts';
export { podRouteMTU, type PodMTU, TUNNEL_OVERHEAD, WIREGUARD_OVERHEAD } from './mtu.ts';
export { loadBalancerServices } from './services.ts';
export { gatewayAPIObjects } from './gateway-api.ts';
export { GATEWAY_CLASS } from './gateway-routes.ts';
export { DEFAULT_DENY_NAME, defaultDenyPolicy } from './default-deny.ts';
export { LBIPAM_IPS } from './lb-ipam.ts';
export { ciliumFacts } from './facts.ts';
export { componentSpec } from './spec.ts';
export { CILIUM_VERSIONS, type CiliumVersion, DEFAULT_CILIUM_VERSION, GATEWAY_API } from './pins.ts';

/** The cilium-dataplane component: `spec.cilium`. */
export const component = defineComponent<CiliumBlock>({ ...componentSpec, explain: explainCilium, render: renderCilium });
