import { type Cluster, parseCidr, type SpecIssue, subnetCount } from '@strata/core';
import type { CiliumBlock } from '../schema.ts';
import { C, type Path } from './common.ts';

/** `spec.cilium.ipam.maskSize` when the spec leaves it out. */
export const DEFAULT_MASK_SIZE = 24;

/** Pods the kubelet admits per node by default (`maxPods`). */
export const KUBELET_MAX_PODS = 110;

/** Addresses of each node's block Cilium keeps for itself: the router IP on cilium_host and the health endpoint. */
const CILIUM_RESERVED = 2;

/**
 * Spare node blocks below which the pod CIDR is reported as nearly full:
 * fewer than max(2, ⌈25 % of the nodes⌉) blocks left for nodes to be added.
 */
export function headroomFloor(nodes: number): number {
  return Math.max(2, Math.ceil(nodes / 4));
}

/**
 * Cluster-pool IPAM hands every node one `/maskSize` block of the pod CIDR, so
 * the pod CIDR holds 2^(maskSize − prefix) nodes. Fewer blocks than nodes
 * leaves the last nodes without pod addresses (their pods never start); a
 * mask shorter than the pod CIDR's prefix gives no block at all. The finding
 * points at `ipam.maskSize` when the spec sets it, else at the pod CIDR.
 */
export function checkIpam(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const net = cluster.spec.network;
  const pool = parseCidr(net.podCIDR);
  if (pool === undefined) return; // the schema's `cidr` format reports it
  const mask = block.ipam.maskSize;
  const M: Path = [...C, 'ipam', 'maskSize'];
  const P: Path = ['spec', 'network', 'podCIDR'];
  if (pool.family === 6) {
    issues.push({
      path: P,
      message: `${net.podCIDR} is an IPv6 block, but Cilium's cluster-pool IPAM takes it as clusterPoolIPv4PodCIDRList with clusterPoolIPv4MaskSize /${mask}; the operator would hand out no pod addresses`,
      hint: 'use an IPv4 pod CIDR (IPv6 and dual-stack pod networks are not rendered by cilium-dataplane yet)',
    });
    return;
  }
  const at = mask === DEFAULT_MASK_SIZE ? P : M;
  const nodes = net.nodes.length;
  const blocks = subnetCount(pool, mask);
  const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
  if (mask < pool.prefix) {
    issues.push({
      path: at,
      message: `node blocks of /${mask} are larger than the pod CIDR ${net.podCIDR} itself, so cluster-pool IPAM has no block to give any of the ${plural(nodes, 'node')}`,
      hint: fixHint(pool.prefix, mask, nodes),
    });
    return;
  }
  if (blocks < BigInt(nodes)) {
    issues.push({
      path: at,
      message: `pod CIDR ${net.podCIDR} holds ${plural(blocks, `/${mask} node block`)} but the spec lists ${plural(nodes, 'node')}; ${BigInt(nodes) - blocks} would get no pod addresses`,
      hint: fixHint(pool.prefix, mask, nodes),
    });
    return;
  }
  const spare = blocks - BigInt(nodes);
  const floor = headroomFloor(nodes);
  if (spare < BigInt(floor)) {
    issues.push({
      path: at,
      severity: 'warning',
      message: `pod CIDR ${net.podCIDR} holds ${plural(blocks, `/${mask} node block`)} for ${plural(nodes, 'node')}: ${spare} left, fewer than the ${floor} kept for nodes to be added (max(2, 25 % of the nodes))`,
      hint: fixHint(pool.prefix, mask, nodes + floor),
    });
  }
  const perNode = (1n << BigInt(32 - mask)) - BigInt(CILIUM_RESERVED);
  if (perNode < BigInt(KUBELET_MAX_PODS)) {
    issues.push({
      path: M,
      severity: 'warning',
      message: `a /${mask} node block leaves ${perNode} pod addresses (Cilium keeps ${CILIUM_RESERVED}), fewer than the kubelet's default of ${KUBELET_MAX_PODS} pods per node; pods past that stay ContainerCreating`,
      hint: `use maskSize /25 or shorter, or lower the kubelet's maxPods to ${perNode}`,
    });
  }
}

/** Longest `maskSize` the schema admits. */
const MAX_MASK_SIZE = 30;

/** The two ways to fit `wanted` node blocks: a wider pod CIDR, or (while the schema allows it) smaller node blocks. */
function fixHint(prefix: number, mask: number, wanted: number): string {
  const bits = Math.ceil(Math.log2(Math.max(1, wanted)));
  const widen = `widen spec.network.podCIDR to /${mask - bits} or shorter`;
  const smaller = prefix + bits;
  return smaller <= MAX_MASK_SIZE ? `${widen}, or set spec.cilium.ipam.maskSize to /${smaller} (smaller node blocks)` : widen;
}
