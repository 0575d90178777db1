import { problemLines } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { LAB_NETWORK, load } from '../__fixtures__/spec.ts';
import { headroomFloor } from './ipam.ts';

/** LAB_NETWORK (three nodes) with another pod CIDR, and `extra` more nodes. */
function network(podCIDR: string, extra = 0): object {
  const more = Array.from({ length: extra }, (_, i) => ({ name: `extra-${i}`, address: `10.20.0.${100 + i}`, roles: ['worker'] }));
  return { ...LAB_NETWORK, podCIDR, nodes: [...LAB_NETWORK.nodes, ...more] };
}

describe('pod address space checks', () => {
  it('rejects a /24 pod CIDR with the default /24 node blocks and three nodes, at the pod CIDR', () => {
    const found = load({}, { network: network('10.244.0.0/24') });
    expect(found.lines).toEqual([
      'cluster.yaml:30:14 spec.network.podCIDR: pod CIDR 10.244.0.0/24 holds 1 /24 node block but the spec lists 3 nodes; 2 would get no pod addresses',
    ]);
    expect(found.findings[0]?.hint).toBe('widen spec.network.podCIDR to /22 or shorter, or set spec.cilium.ipam.maskSize to /26 (smaller node blocks)');
  });

  it('points at ipam.maskSize when the spec sets it', () => {
    const found = load({ ipam: { maskSize: 20 } }, { network: network('10.244.0.0/19') });
    expect(found.lines).toEqual([
      'cluster.yaml:36:17 spec.cilium.ipam.maskSize: pod CIDR 10.244.0.0/19 holds 2 /20 node blocks but the spec lists 3 nodes; 1 would get no pod addresses',
    ]);
  });

  it('rejects node blocks larger than the pod CIDR', () => {
    const found = load({ ipam: { maskSize: 16 } }, { network: network('10.244.0.0/20') });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.cilium.ipam.maskSize',
        'node blocks of /16 are larger than the pod CIDR 10.244.0.0/20 itself, so cluster-pool IPAM has no block to give any of the 3 nodes',
        'widen spec.network.podCIDR to /14 or shorter, or set spec.cilium.ipam.maskSize to /22 (smaller node blocks)',
      ],
    ]);
  });

  it('warns when fewer than max(2, 25 % of the nodes) blocks are left', () => {
    expect(load({}, { network: network('10.244.0.0/22') }).lines).toEqual([
      'cluster.yaml:30:14 spec.network.podCIDR: warning: pod CIDR 10.244.0.0/22 holds 4 /24 node blocks for 3 nodes: 1 left, fewer than the 2 kept for nodes to be added (max(2, 25 % of the nodes))',
    ]);
    // /22 with /24 blocks: 4 blocks, 3 nodes, 1 spare < 2.
    expect(problemLines(load({}, { network: network('10.244.0.0/22') }).findings, 'all')).toEqual([
      'spec.network.podCIDR: warning: pod CIDR 10.244.0.0/22 holds 4 /24 node blocks for 3 nodes: 1 left, fewer than the 2 kept for nodes to be added (max(2, 25 % of the nodes))',
    ]);
    // 13 nodes in a /20 of /24 blocks: 16 blocks, 3 spare < ⌈13/4⌉ = 4.
    expect(problemLines(load({}, { network: network('10.244.0.0/20', 10) }).findings, 'all')).toEqual([
      'spec.network.podCIDR: warning: pod CIDR 10.244.0.0/20 holds 16 /24 node blocks for 13 nodes: 3 left, fewer than the 4 kept for nodes to be added (max(2, 25 % of the nodes))',
    ]);
  });

  it('accepts exactly the headroom floor to spare', () => {
    // 12 nodes, /20 of /24: 16 blocks, 4 spare = ⌈12/4⌉.
    expect(problemLines(load({}, { network: network('10.244.0.0/20', 9) }).findings, 'all')).toEqual([]);
    expect(problemLines(load({}, { network: network('10.244.0.0/16') }).findings, 'all')).toEqual([]);
  });

  it('warns when a node block has room for fewer pods than the kubelet admits', () => {
    expect(problemLines(load({ ipam: { maskSize: 26 } }).findings, 'all')).toEqual([
      'spec.cilium.ipam.maskSize: warning: a /26 node block leaves 62 pod addresses (Cilium keeps 2), fewer than the kubelet\'s default of 110 pods per node; pods past that stay ContainerCreating',
    ]);
    expect(problemLines(load({ ipam: { maskSize: 25 } }).findings, 'all')).toEqual([]);
  });

  it('rejects an IPv6 pod CIDR, which the IPv4 cluster pool cannot use', () => {
    const ipv6 = { ...LAB_NETWORK, podCIDR: 'fd00:244::/104', serviceCIDR: '10.96.0.0/16' };
    expect(problemLines(load({}, { network: ipv6 }).findings)).toEqual([
      'spec.network.podCIDR: fd00:244::/104 is an IPv6 block, but Cilium\'s cluster-pool IPAM takes it as clusterPoolIPv4PodCIDRList with clusterPoolIPv4MaskSize /24; the operator would hand out no pod addresses',
    ]);
  });
});

describe('headroomFloor', () => {
  it('is 2 up to 8 nodes, then a quarter of the nodes rounded up', () => {
    expect([1, 3, 8, 9, 12, 13, 100].map(headroomFloor)).toEqual([2, 2, 2, 3, 3, 4, 25]);
  });
});
