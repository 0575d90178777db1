import { type Cluster, contains, overlaps, parseCidr, parseIp, type SpecIssue } from '@strata/core';
import type { CiliumBlock } from '../schema.ts';
import { C, type Path } from './common.ts';
import { rangeOf } from './pools.ts';

/**
 * A Linux interface name: 1–15 characters (IFNAMSIZ), no `/`, `:` or
 * whitespace; kept to the characters real NIC, VLAN and bond names use, so
 * Cilium-style globs (`enp+`) and `ip link` spellings (`eth0.20@eth0`) are caught.
 */
const INTERFACE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

type MultusNetwork = CiliumBlock['multus']['networks'][number];

/** host-local IPAM: subnet and range present, consistent, and clear of the cluster's other addresses. */
function checkHostLocal(cluster: Cluster, block: CiliumBlock, net: MultusNetwork, path: Path, issues: SpecIssue[]): void {
  const { ipam } = net;
  const I = [...path, 'ipam'];
  if (ipam.type === 'dhcp') {
    const extra = (['subnet', 'rangeStart', 'rangeEnd', 'gateway'] as const).filter((k) => ipam[k] !== undefined);
    if (extra.length > 0) {
      issues.push({ path: [...I, extra[0] ?? 'type'], message: `${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} for host-local IPAM; DHCP takes the subnet and range from the DHCP server` });
    }
    return;
  }
  const missing = (['subnet', 'rangeStart', 'rangeEnd'] as const).filter((k) => ipam[k] === undefined);
  if (missing.length > 0) {
    issues.push({ path: [...I, 'type'], message: `host-local IPAM needs ${missing.join(', ')}` });
    return;
  }
  const subnet = parseCidr(ipam.subnet ?? '');
  const range = rangeOf(ipam.rangeStart ?? '', ipam.rangeEnd ?? '');
  if (subnet === undefined) return; // the schema's `cidr` format reports it
  if (range === undefined) {
    issues.push({ path: [...I, 'rangeStart'], message: `rangeStart ${ipam.rangeStart} must not be after rangeEnd ${ipam.rangeEnd} (and both of one address family)` });
    return;
  }
  if (!contains(subnet, range)) {
    issues.push({ path: [...I, 'rangeStart'], message: `range ${range.text} is not inside subnet ${ipam.subnet}` });
    return;
  }
  if (ipam.gateway !== undefined) {
    const gw = parseIp(ipam.gateway);
    if (gw !== undefined && !contains(subnet, gw)) issues.push({ path: [...I, 'gateway'], message: `${ipam.gateway} is not inside subnet ${ipam.subnet}` });
    else if (gw !== undefined && overlaps(range, gw)) {
      issues.push({ path: [...I, 'gateway'], message: `${ipam.gateway} lies in the range ${range.text}, so a pod could be given the gateway's address` });
    }
  }
  const netw = cluster.spec.network;
  for (const [label, text] of [['spec.network.podCIDR', netw.podCIDR], ['spec.network.serviceCIDR', netw.serviceCIDR]] as const) {
    const other = parseCidr(text);
    if (other !== undefined && overlaps(range, other)) issues.push({ path: [...I, 'rangeStart'], message: `range ${range.text} overlaps ${label} ${text}` });
  }
  for (const node of netw.nodes) {
    const addr = parseIp(node.address);
    if (addr !== undefined && overlaps(range, addr)) issues.push({ path: [...I, 'rangeStart'], message: `range ${range.text} contains the address ${node.address} of node ${node.name}` });
  }
  block.loadBalancer.pools.forEach((pool, p) => {
    pool.blocks.forEach((b, i) => {
      const other = typeof b === 'string' ? parseCidr(b) : rangeOf(b.start, b.stop);
      if (other !== undefined && overlaps(range, other)) {
        issues.push({
          path: [...I, 'rangeStart'],
          message: `range ${range.text} overlaps spec.cilium.loadBalancer.pools[${p}].blocks[${i}] ${other.text}; LB-IPAM and host-local would hand out the same addresses`,
        });
      }
    });
  });
  const nodeSubnet = parseCidr(netw.nodeSubnet);
  if (nodeSubnet !== undefined && !contains(nodeSubnet, range)) {
    issues.push({
      path: [...I, 'subnet'],
      severity: 'warning',
      message: `range ${range.text} is outside spec.network.nodeSubnet ${netw.nodeSubnet}; pods reach it only if ${net.master} is on that network`,
      hint: `take the range from an unused part of ${netw.nodeSubnet}, or make sure ${net.master} carries ${ipam.subnet}`,
    });
  }
  if (netw.nodes.length > 1) {
    issues.push({
      path: [...I, 'type'],
      severity: 'warning',
      message: `host-local keeps its allocations per node, so the ${netw.nodes.length} nodes hand out the same addresses of ${range.text} on one shared segment`,
      hint: 'use ipam.type dhcp, or give each node its own network and range',
    });
  }
}

/** Multus: networks only with Multus on, unique per namespace, a real master interface, passthru, IPAM. */
export function checkMultus(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const M = [...C, 'multus'];
  const { networks } = block.multus;
  if (!block.multus.enabled) {
    if (networks.length > 0) {
      issues.push({ path: [...M, 'networks'], message: 'Multus networks need spec.cilium.multus.enabled: true', hint: 'set multus.enabled: true, or remove the networks' });
    }
    return;
  }
  const seen = new Map<string, number>();
  const passthru = new Map<string, number>();
  networks.forEach((net, i) => {
    const N = [...M, 'networks', i];
    const key = `${net.namespace}/${net.name}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path: [...N, 'name'], message: `network ${key} is already defined by spec.cilium.multus.networks[${first}]` });
    else seen.set(key, i);
    if (!INTERFACE_NAME.test(net.master) || net.master === '.' || net.master === '..') {
      issues.push({
        path: [...N, 'master'],
        message: `"${net.master}" is not an interface name: macvlan needs one host interface, 1–15 letters, digits, '.', '-' or '_'`,
        hint: 'name the interface as `ip link` shows it before any @, e.g. enp2s0 or enp2s0.20',
      });
    }
    if (net.mode === 'passthru') {
      const other = passthru.get(net.master);
      issues.push({
        path: [...N, 'mode'],
        severity: 'warning',
        message: `passthru gives ${net.master} to a single pod per node${other === undefined ? '' : `, and spec.cilium.multus.networks[${other}] passes it through as well`}; further pods on that node fail to start`,
        hint: 'use mode bridge to share the interface between pods',
      });
      if (other === undefined) passthru.set(net.master, i);
    }
    checkHostLocal(cluster, block, net, N, issues);
  });
}
