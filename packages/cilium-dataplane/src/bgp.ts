import { CiliumBGPAdvertisement } from '@kubernetes-models/cilium/cilium.io/v2/CiliumBGPAdvertisement';
import { CiliumBGPClusterConfig } from '@kubernetes-models/cilium/cilium.io/v2/CiliumBGPClusterConfig';
import { CiliumBGPPeerConfig } from '@kubernetes-models/cilium/cilium.io/v2/CiliumBGPPeerConfig';
import { type Cluster, SpecError } from '@strata/core';
import { HOSTNAME_LABEL, maintenanceNodes } from './drain.ts';
import { clusterScoped } from './metadata.ts';
import type { CiliumBlock } from './schema.ts';

/** Object names of the BGP resources. */
export const BGP_NAMES = { cluster: 'bgp', peer: 'bgp-peers', advertisement: 'bgp-loadbalancer-ips' } as const;

/** Label that ties the PeerConfig's families to the advertisement. */
export const BGP_ADVERTISE_LABEL = 'strata.dev/bgp-advertise';

/** Service label that keeps a LoadBalancer IP out of BGP: `strata.dev/bgp: never`. */
export const BGP_OPT_OUT_LABEL = 'strata.dev/bgp';

/** The BGP v2 objects, or an empty list when BGP is off. */
export function bgpObjects(cluster: Cluster, block: CiliumBlock): (CiliumBGPClusterConfig | CiliumBGPPeerConfig | CiliumBGPAdvertisement)[] {
  const bgp = block.bgp;
  if (!bgp.enabled) return [];
  if (bgp.localASN === undefined) throw new SpecError(['spec', 'cilium', 'bgp', 'localASN'], 'is required when BGP is enabled');
  const name = cluster.metadata.name;
  const drained = maintenanceNodes(cluster);
  // Nodes in maintenance stop peering, so the routers withdraw their paths before the node goes down.
  const nodeSelector =
    bgp.nodes !== undefined
      ? { matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: bgp.nodes.filter((n) => !drained.includes(n)) }] }
      : drained.length > 0
        ? { matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'NotIn', values: drained }] }
        : undefined;
  const clusterConfig = new CiliumBGPClusterConfig({
    metadata: clusterScoped(name, BGP_NAMES.cluster),
    spec: {
      ...(nodeSelector === undefined ? {} : { nodeSelector }),
      bgpInstances: [
        {
          name: `asn-${bgp.localASN}`,
          localASN: bgp.localASN,
          peers: bgp.peers.map((p) => ({
            name: p.name,
            peerASN: p.asn,
            peerAddress: p.address,
            peerConfigRef: { name: BGP_NAMES.peer },
          })),
        },
      ],
    },
  });
  const peerConfig = new CiliumBGPPeerConfig({
    metadata: clusterScoped(name, BGP_NAMES.peer),
    spec: {
      timers: { ...bgp.timers },
      gracefulRestart: { ...bgp.gracefulRestart },
      // Without `advertisements` a family advertises nothing (reference/cilium.md §5).
      families: [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { [BGP_ADVERTISE_LABEL]: BGP_NAMES.advertisement } } }],
    },
  });
  const out: (CiliumBGPClusterConfig | CiliumBGPPeerConfig | CiliumBGPAdvertisement)[] = [clusterConfig, peerConfig];
  const adv = bgp.advertise;
  if (adv.loadBalancerIPs) {
    const attributes = {
      ...(adv.communities === undefined || adv.communities.length === 0 ? {} : { communities: { standard: [...adv.communities] } }),
      ...(adv.localPreference === undefined ? {} : { localPreference: adv.localPreference }),
    };
    out.push(
      new CiliumBGPAdvertisement({
        metadata: clusterScoped(name, BGP_NAMES.advertisement, { [BGP_ADVERTISE_LABEL]: BGP_NAMES.advertisement }),
        spec: {
          advertisements: [
            {
              advertisementType: 'Service',
              service: { addresses: ['LoadBalancerIP'] },
              // A Service advertisement with no selector matches nothing; select all but opted-out services.
              selector: { matchExpressions: [{ key: BGP_OPT_OUT_LABEL, operator: 'NotIn', values: ['never'] }] },
              ...(Object.keys(attributes).length === 0 ? {} : { attributes }),
            },
          ],
        },
      }),
    );
  }
  return out;
}
