import { type Cidr, type Cluster, contains, formatPath, overlaps, parseCidr, parseIp, type SpecIssue } from '@strata/core';
import type { CiliumBlock } from '../schema.ts';
import { C, type Path } from './common.ts';

/** An address block of a pool, parsed, with its path and how it was written. */
interface PoolBlock {
  readonly path: Path;
  readonly text: string;
  readonly range: Cidr;
}

export function rangeOf(startText: string, stopText: string): Cidr | undefined {
  const start = parseIp(startText);
  const stop = parseIp(stopText);
  if (start === undefined || stop === undefined || start.family !== stop.family || start.start > stop.start) return undefined;
  return { family: start.family, start: start.start, end: stop.start, prefix: -1, text: `${startText}-${stopText}`, hostBitsSet: false };
}

/** Parses every pool block; reports host bits and inverted ranges. */
function poolBlocks(block: CiliumBlock, issues: SpecIssue[]): PoolBlock[] {
  const out: PoolBlock[] = [];
  block.loadBalancer.pools.forEach((pool, p) => {
    pool.blocks.forEach((b, i) => {
      const path = [...C, 'loadBalancer', 'pools', p, 'blocks', i];
      if (typeof b === 'string') {
        const cidr = parseCidr(b);
        if (cidr === undefined) return; // the schema's `cidr` format reports it
        if (cidr.hostBitsSet) {
          issues.push({
            path,
            message: `${b} has host bits set; as a block it means ${cidr.text}`,
            hint: `write ${cidr.text}, or a range {start: …, stop: …} for part of it`,
          });
        }
        out.push({ path, text: b, range: cidr });
      } else {
        const range = rangeOf(b.start, b.stop);
        if (range === undefined) {
          issues.push({ path, message: `start ${b.start} must not be after stop ${b.stop} (and both of one address family)` });
          return;
        }
        out.push({ path, text: range.text, range });
      }
    });
  });
  return out;
}

/** LB pools: overlaps with pod/service CIDRs, node addresses and each other; L2 reachability. */
export function checkPools(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const blocks = poolBlocks(block, issues);
  const net = cluster.spec.network;
  const named: [string, string][] = [
    ['spec.network.podCIDR', net.podCIDR],
    ['spec.network.serviceCIDR', net.serviceCIDR],
  ];
  const seen = new Map<string, number>();
  block.loadBalancer.pools.forEach((pool, p) => {
    const first = seen.get(pool.name);
    if (first !== undefined) {
      issues.push({ path: [...C, 'loadBalancer', 'pools', p, 'name'], message: `pool name "${pool.name}" is already used by spec.cilium.loadBalancer.pools[${first}]` });
    } else seen.set(pool.name, p);
  });
  const subnet = parseCidr(net.nodeSubnet);
  const l2Only = block.l2Announcements.enabled && !block.bgp.enabled;
  blocks.forEach((b, i) => {
    for (const [label, text] of named) {
      const other = parseCidr(text);
      if (other !== undefined && overlaps(b.range, other)) issues.push({ path: b.path, message: `overlaps ${label} ${text}` });
    }
    for (const node of net.nodes) {
      const addr = parseIp(node.address);
      if (addr !== undefined && overlaps(b.range, addr)) {
        issues.push({ path: b.path, message: `contains the address ${node.address} of node ${node.name}` });
      }
    }
    for (const earlier of blocks.slice(0, i)) {
      if (overlaps(b.range, earlier.range)) {
        issues.push({ path: b.path, message: `overlaps ${formatPath(earlier.path)} ${earlier.text}` });
      }
    }
    if (l2Only && subnet !== undefined && !contains(subnet, b.range)) {
      issues.push({
        path: b.path,
        message: `is outside spec.network.nodeSubnet ${net.nodeSubnet}; L2 announcements answer ARP on the node subnet only`,
        hint: 'take LoadBalancer IPs from an unused part of the node subnet, or announce this pool with BGP',
      });
    }
  });
}


/** LoadBalancer IPs that nothing hands out or nothing announces. */
export function checkAnnouncement(block: CiliumBlock, issues: SpecIssue[]): void {
  const pools = block.loadBalancer.pools.length;
  const announced = block.l2Announcements.enabled || block.bgp.enabled;
  if (pools > 0 && !announced) {
    issues.push({
      path: [...C, 'loadBalancer', 'pools'],
      severity: 'warning',
      message: 'LoadBalancer IPs are assigned from these pools but neither L2 announcements nor BGP announce them',
      hint: 'enable spec.cilium.l2Announcements or spec.cilium.bgp, or announce the IPs by other means',
    });
  }
  const gw = block.gatewayAPI;
  if (gw.enabled && !gw.hostNetwork && pools === 0) {
    issues.push({
      path: [...C, 'gatewayAPI', 'enabled'],
      severity: 'warning',
      message: 'each Gateway gets a LoadBalancer Service, but spec.cilium.loadBalancer.pools is empty, so Gateways stay without an address',
      hint: 'add a pool, or set gatewayAPI.hostNetwork: true',
    });
  }
}
