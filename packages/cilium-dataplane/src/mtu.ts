import type { Cluster } from '@strata/core';
import type { CiliumBlock } from './schema.ts';

/** Encapsulation overhead of VXLAN/Geneve over an IPv4 underlay (cilium pkg/mtu). */
export const TUNNEL_OVERHEAD = 50;
/** WireGuard overhead (32 WireGuard + 40 outer IPv6 + 8 UDP; cilium pkg/mtu). */
export const WIREGUARD_OVERHEAD = 80;

/** The pod route MTU Cilium derives from the device MTU, with how it got there. */
export interface PodMTU {
  readonly mtu: number;
  /** `spec.network.mtu 1500 − 50 tunnel − 80 WireGuard`. */
  readonly explanation: string;
}

/** Pod route MTU: device MTU minus tunnel and WireGuard overhead (reference/cilium.md §4). */
export function podRouteMTU(cluster: Cluster, block: CiliumBlock): PodMTU {
  const device = cluster.spec.network.mtu ?? 1500;
  let mtu = device;
  let explanation = `spec.network.mtu ${device}`;
  if (block.routing.mode === 'tunnel') {
    mtu -= TUNNEL_OVERHEAD;
    explanation += ` − ${TUNNEL_OVERHEAD} ${block.routing.tunnelProtocol === 'geneve' ? 'Geneve' : 'VXLAN'}`;
  }
  if (block.encryption.wireguard) {
    mtu -= WIREGUARD_OVERHEAD;
    explanation += ` − ${WIREGUARD_OVERHEAD} WireGuard`;
  }
  return { mtu, explanation };
}
