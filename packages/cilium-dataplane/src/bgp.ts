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

type Peer = CiliumBlock['bgp']['peers'][number];

/** Name of the PeerConfig of the peers with `ebgpMultihop: ttl`. */
export function multihopPeerConfig(ttl: number): string {
  return `${BGP_NAMES.peer}-multihop-${ttl}`;
}

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
  // Cilium sets the TTL per PeerConfig, so each multihop value gets its own, and the rest share BGP_NAMES.peer.
  const peerConfigOf = (p: Peer): string => (p.ebgpMultihop === undefined ? BGP_NAMES.peer : multihopPeerConfig(p.ebgpMultihop));
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
            peerConfigRef: { name: peerConfigOf(p) },
          })),
        },
      ],
    },
  });
  const peerConfig = (configName: string, ebgpMultihop?: number): CiliumBGPPeerConfig =>
    new CiliumBGPPeerConfig({
      metadata: clusterScoped(name, configName),
      spec: {
        timers: { ...bgp.timers },
        gracefulRestart: { ...bgp.gracefulRestart },
        ...(ebgpMultihop === undefined ? {} : { ebgpMultihop }),
        // Without `advertisements` a family advertises nothing (reference/cilium.md §5).
        families: [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { [BGP_ADVERTISE_LABEL]: BGP_NAMES.advertisement } } }],
      },
    });
  const multihops = [...new Set(bgp.peers.flatMap((p) => (p.ebgpMultihop === undefined ? [] : [p.ebgpMultihop])))].sort((a, b) => a - b);
  const peerConfigs = [
    ...(bgp.peers.some((p) => p.ebgpMultihop === undefined) || multihops.length === 0 ? [peerConfig(BGP_NAMES.peer)] : []),
    ...multihops.map((ttl) => peerConfig(multihopPeerConfig(ttl), ttl)),
  ];
  const out: (CiliumBGPClusterConfig | CiliumBGPPeerConfig | CiliumBGPAdvertisement)[] = [clusterConfig, ...peerConfigs];
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
