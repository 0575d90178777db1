import { type Cidr, type Cluster, contains, isIp, nthAddress, overlaps, parseCidr, parseIp, size, type SpecIssue } from '@strata/core';
import type { CiliumBlock } from '../schema.ts';
import { C } from './common.ts';
import { rangeOf } from './pools.ts';

type Peer = CiliumBlock['bgp']['peers'][number];

/** An address range of the cluster itself that no upstream router can hold, and what it is. */
interface Own {
  readonly range: Cidr;
  readonly what: string;
}

/**
 * What belongs to the cluster: node addresses, the API server address (a
 * VIP the control plane holds), the pod and service CIDRs, the LoadBalancer
 * pools, and the node subnet's network and broadcast addresses.
 */
function ownAddresses(cluster: Cluster, block: CiliumBlock): Own[] {
  const net = cluster.spec.network;
  const own: Own[] = [];
  for (const node of net.nodes) {
    const ip = parseIp(node.address);
    if (ip !== undefined) own.push({ range: ip, what: `the address of node ${node.name}` });
  }
  const api = cluster.spec.kubernetes.apiServer?.host;
  const apiIp = api !== undefined && isIp(api) ? parseIp(api) : undefined;
  if (apiIp !== undefined) own.push({ range: apiIp, what: 'the API server address spec.kubernetes.apiServer.host' });
  for (const field of ['podCIDR', 'serviceCIDR'] as const) {
    const cidr = parseCidr(net[field]);
    if (cidr !== undefined) own.push({ range: cidr, what: `in spec.network.${field} ${net[field]}` });
  }
  block.loadBalancer.pools.forEach((pool, p) => {
    pool.blocks.forEach((b, i) => {
      const range = typeof b === 'string' ? parseCidr(b) : rangeOf(b.start, b.stop);
      if (range !== undefined) own.push({ range, what: `a LoadBalancer address of pool ${pool.name} (spec.cilium.loadBalancer.pools[${p}].blocks[${i}])` });
    });
  });
  // IPv4 only: in IPv6 the subnet's first address is the subnet-router anycast address, which a router may answer.
  const subnet = parseCidr(net.nodeSubnet);
  if (subnet !== undefined && subnet.family === 4 && subnet.prefix <= 30) {
    own.push({ range: parseIp(nthAddress(subnet, 0))!, what: `the network address of spec.network.nodeSubnet ${net.nodeSubnet}` });
    own.push({ range: parseIp(nthAddress(subnet, Number(size(subnet)) - 1))!, what: `the broadcast address of spec.network.nodeSubnet ${net.nodeSubnet}` });
  }
  return own;
}

/**
 * BGP sessions that can never come up: two peers with one address (Cilium
 * keeps one session per neighbour address in a BGP instance) or one name
 * (the CRD's list key), a peer address that is the cluster's own, a peer of
 * another family than the nodes, and an eBGP peer off the node subnet with
 * the default TTL of 1, which never reaches it. `ebgpMultihop` on an iBGP
 * peer is ignored by Cilium, so it is refused rather than dropped.
 */
export function checkPeers(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const bgp = block.bgp;
  const P = [...C, 'bgp', 'peers'];
  const net = cluster.spec.network;
  const subnet = parseCidr(net.nodeSubnet);
  const own = ownAddresses(cluster, block);
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  bgp.peers.forEach((peer: Peer, i) => {
    const at = [...P, i];
    const firstName = names.get(peer.name);
    if (firstName !== undefined) {
      issues.push({
        path: [...at, 'name'],
        message: `peer name "${peer.name}" is already used by spec.cilium.bgp.peers[${firstName}]; CiliumBGPClusterConfig keys its peers by name, so the API server rejects the object`,
      });
    } else names.set(peer.name, i);
    const ip = parseIp(peer.address);
    if (ip === undefined) return; // the schema's `ip` format reports it
    // Compare parsed addresses: fd00::1 and fd00:0::1 are one router.
    const key = `${ip.family}:${ip.start}`;
    const first = addresses.get(key);
    if (first !== undefined) {
      const other = bgp.peers[first];
      issues.push({
        path: [...at, 'address'],
        message: `${peer.address} is already the address of peer ${other?.name} (spec.cilium.bgp.peers[${first}]); one BGP instance holds one session per neighbour address, so the two peers fight over it`,
        hint: 'list each router once; to change its ASN or settings, edit that entry',
      });
      return;
    } else addresses.set(key, i);
    const mine = own.find((o) => overlaps(o.range, ip));
    if (mine !== undefined) {
      issues.push({
        path: [...at, 'address'],
        message: `${peer.address} is ${mine.what}: the cluster cannot peer with itself, so the session never comes up`,
        hint: 'use the address of the upstream router on the node network',
      });
      return;
    }
    if (subnet !== undefined && ip.family !== subnet.family) {
      issues.push({
        path: [...at, 'address'],
        message: `${peer.address} is an IPv${ip.family} address but the nodes have IPv${subnet.family} addresses (spec.network.nodeSubnet ${net.nodeSubnet}), so they have no source address to reach it from`,
        hint: `use the router's IPv${subnet.family} address`,
      });
      return;
    }
    const ebgp = bgp.localASN !== undefined && peer.asn !== bgp.localASN;
    if (!ebgp) {
      if (peer.ebgpMultihop !== undefined && bgp.localASN !== undefined) {
        issues.push({
          path: [...at, 'ebgpMultihop'],
          message: `peer ${peer.name} has ASN ${peer.asn}, the cluster's own (iBGP), and Cilium ignores ebgpMultihop for iBGP peers`,
          hint: 'remove ebgpMultihop; iBGP sessions are not limited to one hop',
        });
      }
      return;
    }
    const onSubnet = subnet !== undefined && contains(subnet, ip);
    if (!onSubnet && (peer.ebgpMultihop ?? 1) <= 1) {
      issues.push({
        path: [...at, peer.ebgpMultihop === undefined ? 'address' : 'ebgpMultihop'],
        message: `eBGP peer ${peer.name} (${peer.address}, ASN ${peer.asn}) is not on spec.network.nodeSubnet ${net.nodeSubnet}, and with a TTL of 1 (Cilium's eBGP default) its packets die at the first router, so the session never comes up`,
        hint: `set spec.cilium.bgp.peers[${i}].ebgpMultihop to the router's hop count from the nodes (2 for a router one hop behind the nodes' gateway), or peer with a router on ${net.nodeSubnet}`,
      });
    }
  });
}
