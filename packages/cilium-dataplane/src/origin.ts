import { type BlockContext, installsRelease, type RenderedObjectRef } from '@strata/core';
import { CILIUM_RELEASE } from './install.ts';
import type { CiliumBlock } from './schema.ts';

const C = ['spec', 'cilium'] as const;

/** Index of the entry whose `name` (and `namespace`, when the entry has one) is the object's. */
function indexOf(list: readonly { readonly name: string; readonly namespace?: string }[], object: RenderedObjectRef): number {
  return list.findIndex((e) => e.name === object.metadata.name && (e.namespace === undefined || e.namespace === object.metadata.namespace));
}

/**
 * The spec entry a Cilium object comes from: a fast-path Service is
 * `spec.cilium.services[i]`, a route `routes[i]`, a Gateway `gateways[i]`,
 * an IP pool `loadBalancer.pools[i]`, a side network `multus.networks[i]`;
 * the L2, BGP and default-deny objects their blocks; the Cilium install
 * `spec.cilium.version`.
 */
export function ciliumOrigin({ block }: BlockContext<CiliumBlock>, object: RenderedObjectRef): (string | number)[] | undefined {
  const at = (field: string, list: readonly { readonly name: string; readonly namespace?: string }[]): (string | number)[] | undefined => {
    const i = indexOf(list, object);
    return i < 0 ? undefined : [...C, ...field.split('.'), i];
  };
  switch (object.kind) {
    case 'Service':
      return at('services', block.services);
    case 'HTTPRoute':
    case 'TLSRoute':
      return at('routes', block.routes);
    case 'Gateway':
      return at('gateways', block.gateways);
    case 'CiliumLoadBalancerIPPool':
      return at('loadBalancer.pools', block.loadBalancer.pools);
    case 'NetworkAttachmentDefinition':
      return at('multus.networks', block.multus.networks);
    case 'CiliumL2AnnouncementPolicy':
      return [...C, 'l2Announcements'];
    case 'CiliumBGPClusterConfig':
    case 'CiliumBGPPeerConfig':
    case 'CiliumBGPAdvertisement':
      return [...C, 'bgp'];
    case 'CiliumClusterwideNetworkPolicy':
      return object.metadata.name === 'default-deny' ? [...C, 'defaultDeny'] : undefined;
    default:
      return installsRelease(object, CILIUM_RELEASE) ? [...C, 'version'] : undefined;
  }
}
