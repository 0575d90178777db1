import { problemLines } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { bgpObjects } from '../bgp.ts';
import { EDGE_NETWORK, LAB_NETWORK, load, loadValid, type SpecOptions } from '../__fixtures__/spec.ts';

const EDGE: SpecOptions = { network: EDGE_NETWORK, apiServer: { host: '172.16.10.10' } };
const ROUTER_1 = { name: 'router-1', address: '172.16.10.1', asn: 65000 };
const ROUTER_2 = { name: 'router-2', address: '172.16.10.2', asn: 65000 };

/** Errors (or all findings) of a BGP block on the edge network (nodeSubnet 172.16.10.0/24, local ASN 65010). */
function problems(peers: object[], extra: object = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return problemLines(load({ bgp: { enabled: true, localASN: 65010, peers }, ...extra }, EDGE).findings, which);
}

describe('BGP peers that can never come up', () => {
  it('rejects a peer whose address is a node of the cluster, with file:line:col', () => {
    const found = load({ bgp: { enabled: true, localASN: 65010, peers: [ROUTER_1, { name: 'router-2', address: '172.16.10.12', asn: 65000 }] } }, EDGE);
    expect(found.lines).toEqual([
      'cluster.yaml:44:20 spec.cilium.bgp.peers[1].address: 172.16.10.12 is the address of node edge-2: the cluster cannot peer with itself, so the session never comes up',
    ]);
    expect(found.findings[0]?.hint).toBe('use the address of the upstream router on the node network');
  });

  it('rejects every other address of the cluster itself: API server, pod, service and LoadBalancer addresses, subnet network and broadcast', () => {
    const peer = (address: string, i: number) => ({ name: `r${i}`, address, asn: 65000 });
    const own = ['172.16.10.10', '10.42.7.1', '10.43.0.10', '172.16.10.200', '172.16.10.0', '172.16.10.255'];
    expect(problems(own.map(peer), { loadBalancer: { pools: [{ name: 'vips', blocks: ['172.16.10.192/27'] }] } })).toEqual([
      'spec.cilium.bgp.peers[0].address: 172.16.10.10 is the API server address spec.kubernetes.apiServer.host: the cluster cannot peer with itself, so the session never comes up',
      'spec.cilium.bgp.peers[1].address: 10.42.7.1 is in spec.network.podCIDR 10.42.0.0/16: the cluster cannot peer with itself, so the session never comes up',
      'spec.cilium.bgp.peers[2].address: 10.43.0.10 is in spec.network.serviceCIDR 10.43.0.0/16: the cluster cannot peer with itself, so the session never comes up',
      'spec.cilium.bgp.peers[3].address: 172.16.10.200 is a LoadBalancer address of pool vips (spec.cilium.loadBalancer.pools[0].blocks[0]): the cluster cannot peer with itself, so the session never comes up',
      'spec.cilium.bgp.peers[4].address: 172.16.10.0 is the network address of spec.network.nodeSubnet 172.16.10.0/24: the cluster cannot peer with itself, so the session never comes up',
      'spec.cilium.bgp.peers[5].address: 172.16.10.255 is the broadcast address of spec.network.nodeSubnet 172.16.10.0/24: the cluster cannot peer with itself, so the session never comes up',
    ]);
  });

  it('rejects the same peer address twice, whatever else differs, comparing parsed addresses', () => {
    expect(problems([ROUTER_1, { name: 'router-1b', address: '172.16.10.1', asn: 65001, ebgpMultihop: 3 }])).toEqual([
      'spec.cilium.bgp.peers[1].address: 172.16.10.1 is already the address of peer router-1 (spec.cilium.bgp.peers[0]); one BGP instance holds one session per neighbour address, so the two peers fight over it',
    ]);
    const v6 = { ...EDGE_NETWORK, nodeSubnet: 'fd00:10::/64', nodes: EDGE_NETWORK.nodes.map((n, i) => ({ ...n, address: `fd00:10::1${i}` })) };
    const found = load({ bgp: { enabled: true, localASN: 65010, peers: [{ name: 'a', address: 'fd00:10::1', asn: 65000 }, { name: 'b', address: 'fd00:10:0:0::1', asn: 65000 }] } }, { network: v6, apiServer: null, kubernetesVersion: '1.33' });
    expect(problemLines(found.findings).filter((l) => l.includes('peers'))).toEqual([
      'spec.cilium.bgp.peers[1].address: fd00:10:0:0::1 is already the address of peer a (spec.cilium.bgp.peers[0]); one BGP instance holds one session per neighbour address, so the two peers fight over it',
    ]);
  });

  it('rejects the same peer name twice', () => {
    expect(problems([ROUTER_1, { ...ROUTER_2, name: 'router-1' }])).toEqual([
      'spec.cilium.bgp.peers[1].name: peer name "router-1" is already used by spec.cilium.bgp.peers[0]; CiliumBGPClusterConfig keys its peers by name, so the API server rejects the object',
    ]);
  });

  it('rejects a peer of another address family than the nodes', () => {
    expect(problems([{ name: 'r6', address: '2001:db8::1', asn: 65000, ebgpMultihop: 2 }])).toEqual([
      'spec.cilium.bgp.peers[0].address: 2001:db8::1 is an IPv6 address but the nodes have IPv4 addresses (spec.network.nodeSubnet 172.16.10.0/24), so they have no source address to reach it from',
    ]);
  });

  it('rejects an eBGP peer off the node subnet without multihop, at its address', () => {
    const found = load({ bgp: { enabled: true, localASN: 65010, peers: [{ name: 'core', address: '192.0.2.1', asn: 65000 }] } }, EDGE);
    expect(found.lines.map((l) => l.split(' ')[0])).toEqual(['cluster.yaml:41:20']);
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.cilium.bgp.peers[0].address',
        'eBGP peer core (192.0.2.1, ASN 65000) is not on spec.network.nodeSubnet 172.16.10.0/24, and with a TTL of 1 (Cilium\'s eBGP default) its packets die at the first router, so the session never comes up',
        'set spec.cilium.bgp.peers[0].ebgpMultihop to the router\'s hop count from the nodes (2 for a router one hop behind the nodes\' gateway), or peer with a router on 172.16.10.0/24',
      ],
    ]);
  });

  it('rejects ebgpMultihop 1 on an off-subnet eBGP peer, at the field', () => {
    expect(problems([{ name: 'core', address: '192.0.2.1', asn: 65000, ebgpMultihop: 1 }])).toEqual([
      'spec.cilium.bgp.peers[0].ebgpMultihop: eBGP peer core (192.0.2.1, ASN 65000) is not on spec.network.nodeSubnet 172.16.10.0/24, and with a TTL of 1 (Cilium\'s eBGP default) its packets die at the first router, so the session never comes up',
    ]);
  });

  it('accepts an off-subnet eBGP peer with multihop, an off-subnet iBGP peer, and on-subnet eBGP peers', () => {
    expect(problems([{ name: 'core', address: '192.0.2.1', asn: 65000, ebgpMultihop: 2 }, { name: 'rr', address: '192.0.2.2', asn: 65010 }, ROUTER_1, ROUTER_2], {}, 'all')).toEqual([]);
  });

  it('rejects ebgpMultihop on an iBGP peer, which Cilium ignores', () => {
    expect(problems([{ name: 'rr', address: '192.0.2.2', asn: 65010, ebgpMultihop: 2 }])).toEqual([
      'spec.cilium.bgp.peers[0].ebgpMultihop: peer rr has ASN 65010, the cluster\'s own (iBGP), and Cilium ignores ebgpMultihop for iBGP peers',
    ]);
  });

  it('keeps ebgpMultihop within 1–255 (the CRD bounds)', () => {
    for (const ttl of [0, 256]) {
      expect(problems([{ ...ROUTER_1, ebgpMultihop: ttl }]), String(ttl)).toEqual([
        `spec.cilium.bgp.peers[0].ebgpMultihop: must be ${ttl === 0 ? '>= 1' : '<= 255'}`,
      ]);
    }
  });

  it('finds the lab network off the routers\' subnet (the nodes are on 10.20.0.0/24)', () => {
    expect(problemLines(load({ bgp: { enabled: true, localASN: 65010, peers: [ROUTER_1] } }, { network: LAB_NETWORK }).findings)).toEqual([
      'spec.cilium.bgp.peers[0].address: eBGP peer router-1 (172.16.10.1, ASN 65000) is not on spec.network.nodeSubnet 10.20.0.0/24, and with a TTL of 1 (Cilium\'s eBGP default) its packets die at the first router, so the session never comes up',
    ]);
  });
});

describe('ebgpMultihop rendering', () => {
  it('puts multihop peers on a PeerConfig per TTL and leaves the others on bgp-peers', () => {
    const peers = [ROUTER_1, { name: 'core-a', address: '192.0.2.1', asn: 65000, ebgpMultihop: 3 }, { name: 'core-b', address: '192.0.2.2', asn: 65000, ebgpMultihop: 2 }];
    const { cluster, block } = loadValid({ bgp: { enabled: true, localASN: 65010, peers } }, EDGE);
    const objs = bgpObjects(cluster, block);
    for (const o of objs) o.validate();
    const json = objs.map((o) => o.toJSON() as unknown as { kind: string; metadata: { name: string }; spec: Record<string, any> });
    expect(json.filter((o) => o.kind === 'CiliumBGPPeerConfig').map((o) => [o.metadata.name, o.spec.ebgpMultihop])).toEqual([
      ['bgp-peers', undefined],
      ['bgp-peers-multihop-2', 2],
      ['bgp-peers-multihop-3', 3],
    ]);
    const clusterConfig = json.find((o) => o.kind === 'CiliumBGPClusterConfig');
    expect(clusterConfig?.spec.bgpInstances[0].peers.map((p: { name: string; peerConfigRef: { name: string } }) => `${p.name} → ${p.peerConfigRef.name}`)).toEqual([
      'router-1 → bgp-peers',
      'core-a → bgp-peers-multihop-3',
      'core-b → bgp-peers-multihop-2',
    ]);
  });

  it('renders no bgp-peers PeerConfig when every peer is multihop', () => {
    const { cluster, block } = loadValid({ bgp: { enabled: true, localASN: 65010, peers: [{ name: 'core', address: '192.0.2.1', asn: 65000, ebgpMultihop: 2 }] } }, EDGE);
    expect(bgpObjects(cluster, block).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'CiliumBGPClusterConfig/bgp',
      'CiliumBGPPeerConfig/bgp-peers-multihop-2',
      'CiliumBGPAdvertisement/bgp-loadbalancer-ips',
    ]);
  });
});
