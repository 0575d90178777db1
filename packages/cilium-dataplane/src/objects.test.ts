import { describe, expect, it } from 'vitest';
import { EDGE_NETWORK, loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { BGP_ADVERTISE_LABEL, bgpObjects } from './bgp.ts';
import { l2AnnouncementPolicy } from './l2.ts';
import { loadBalancerIPPools } from './pools.ts';

const EDGE: SpecOptions = { name: 'edge', network: EDGE_NETWORK, apiServer: { host: '172.16.10.10' } };
const LABELS = { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'cilium-dataplane', 'strata.dev/cluster': 'lab' };

describe('loadBalancerIPPools', () => {
  it('renders one valid cilium.io/v2 pool per spec pool, CIDRs and ranges kept apart', () => {
    const { cluster, block } = loadValid({
      loadBalancer: {
        pools: [
          { name: 'default', blocks: ['10.20.0.224/28', { start: '10.20.0.240', stop: '10.20.0.250' }] },
          { name: 'dns', blocks: ['10.20.0.200/32'], serviceSelector: { matchLabels: { 'io.kubernetes.service.namespace': 'dns' } } },
        ],
      },
    });
    const objs = loadBalancerIPPools(cluster, block);
    for (const o of objs) o.validate();
    expect(objs.map((o) => o.toJSON())).toEqual([
      {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumLoadBalancerIPPool',
        metadata: { name: 'default', labels: LABELS },
        spec: { blocks: [{ cidr: '10.20.0.224/28' }, { start: '10.20.0.240', stop: '10.20.0.250' }] },
      },
      {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumLoadBalancerIPPool',
        metadata: { name: 'dns', labels: LABELS },
        spec: { blocks: [{ cidr: '10.20.0.200/32' }], serviceSelector: { matchLabels: { 'io.kubernetes.service.namespace': 'dns' } } },
      },
    ]);
  });
});

describe('kubernetes-models validators', () => {
  it('are live: a pool block with a malformed CIDR fails validate()', () => {
    const { cluster, block } = loadValid({ loadBalancer: { pools: [{ name: 'lb', blocks: ['10.20.0.224/28'] }] } });
    const [pool] = loadBalancerIPPools(cluster, block);
    expect(pool).toBeDefined();
    if (pool === undefined) return;
    pool.spec.blocks = [{ cidr: 'not-a-cidr' }];
    expect(() => pool.validate()).toThrow();
  });
});

describe('l2AnnouncementPolicy', () => {
  it('renders a valid policy for LoadBalancer IPs on the chosen interfaces and nodes', () => {
    const { cluster, block } = loadValid({
      l2Announcements: { enabled: true, interfaces: ['^eth[0-9]+'], nodeSelector: { matchLabels: { 'node-role.kubernetes.io/worker': '' } } },
    });
    const policy = l2AnnouncementPolicy(cluster, block);
    policy?.validate();
    expect(policy?.toJSON()).toEqual({
      apiVersion: 'cilium.io/v2alpha1',
      kind: 'CiliumL2AnnouncementPolicy',
      metadata: { name: 'l2-announcements', labels: LABELS },
      spec: {
        loadBalancerIPs: true,
        externalIPs: false,
        interfaces: ['^eth[0-9]+'],
        nodeSelector: { matchLabels: { 'node-role.kubernetes.io/worker': '' } },
      },
    });
  });

  it('renders nothing when L2 announcements are off', () => {
    const { cluster, block } = loadValid({});
    expect(l2AnnouncementPolicy(cluster, block)).toBeUndefined();
  });
});

describe('bgpObjects', () => {
  const bgp = {
    enabled: true,
    localASN: 65010,
    nodes: ['edge-1', 'edge-2'],
    peers: [
      { name: 'router-1', address: '172.16.10.1', asn: 65000 },
      { name: 'router-2', address: '172.16.10.2', asn: 65000 },
    ],
    advertise: { communities: ['65010:100'] },
  };

  it('renders valid v2 cluster, peer and advertisement configs tied together by name and label', () => {
    const { cluster, block } = loadValid({ bgp }, EDGE);
    const objs = bgpObjects(cluster, block);
    for (const o of objs) o.validate();
    const [clusterConfig, peerConfig, advertisement] = objs.map((o) => o.toJSON() as unknown as Record<string, any>);
    expect(objs.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'cilium.io/v2 CiliumBGPClusterConfig bgp',
      'cilium.io/v2 CiliumBGPPeerConfig bgp-peers',
      'cilium.io/v2 CiliumBGPAdvertisement bgp-loadbalancer-ips',
    ]);
    expect(clusterConfig?.spec).toEqual({
      nodeSelector: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['edge-1', 'edge-2'] }] },
      bgpInstances: [
        {
          name: 'asn-65010',
          localASN: 65010,
          peers: [
            { name: 'router-1', peerASN: 65000, peerAddress: '172.16.10.1', peerConfigRef: { name: 'bgp-peers' } },
            { name: 'router-2', peerASN: 65000, peerAddress: '172.16.10.2', peerConfigRef: { name: 'bgp-peers' } },
          ],
        },
      ],
    });
    expect(peerConfig?.spec).toEqual({
      timers: { holdTimeSeconds: 90, keepAliveTimeSeconds: 30, connectRetryTimeSeconds: 120 },
      gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
      families: [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { [BGP_ADVERTISE_LABEL]: 'bgp-loadbalancer-ips' } } }],
    });
    expect(advertisement?.metadata.labels[BGP_ADVERTISE_LABEL]).toBe('bgp-loadbalancer-ips');
    expect(advertisement?.spec).toEqual({
      advertisements: [
        {
          advertisementType: 'Service',
          service: { addresses: ['LoadBalancerIP'] },
          selector: { matchExpressions: [{ key: 'strata.dev/bgp', operator: 'NotIn', values: ['never'] }] },
          attributes: { communities: { standard: ['65010:100'] } },
        },
      ],
    });
  });

  it('leaves out the advertisement when LoadBalancer IPs are not advertised', () => {
    const { cluster, block } = loadValid({ bgp: { ...bgp, advertise: { loadBalancerIPs: false } } }, EDGE);
    expect(bgpObjects(cluster, block).map((o) => o.kind)).toEqual(['CiliumBGPClusterConfig', 'CiliumBGPPeerConfig']);
  });

  it('renders nothing when BGP is off', () => {
    const { cluster, block } = loadValid({}, EDGE);
    expect(bgpObjects(cluster, block)).toEqual([]);
  });
});
