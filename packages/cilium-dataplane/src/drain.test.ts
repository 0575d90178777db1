import { chartYaml, renderComponent } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, type Example } from './__fixtures__/examples.ts';
import { EDGE_NETWORK, LAB_NETWORK, load, loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { bgpObjects } from './bgp.ts';
import { component } from './index.ts';
import { l2AnnouncementPolicy } from './l2.ts';

type Net = { nodes: readonly { name: string }[] } & Record<string, unknown>;

/** The example's network with `names` in maintenance. */
function drain(opts: SpecOptions, ...names: string[]): SpecOptions {
  const net = (opts.network ?? LAB_NETWORK) as Net;
  return { ...opts, network: { ...net, nodes: net.nodes.map((n) => (names.includes(n.name) ? { ...n, maintenance: true } : n)) } };
}

function renderYaml(cilium: object, opts: SpecOptions): string {
  const loaded = loadValid(cilium, opts);
  return chartYaml(renderComponent(component, loaded));
}

/** The lines `before` loses and `after` gains: everything between their common head and tail. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

function flip(example: Example, node: string): { removed: string[]; added: string[] } {
  return lineDiff(renderYaml(example.cilium, example.opts), renderYaml(example.cilium, drain(example.opts, node)));
}

const EDGE: SpecOptions = { network: EDGE_NETWORK, apiServer: { host: '172.16.10.10' } };
const PEERS = [{ name: 'router-1', address: '172.16.10.1', asn: 65000 }];

function problems(cilium: object, opts: SpecOptions, which: 'errors' | 'all' = 'errors'): string[] {
  return load(cilium, opts)
    .findings.filter((f) => which === 'all' || f.severity === 'error')
    .map((f) => `${f.path}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
}

describe('graceful drain (spec.network.nodes[].maintenance)', () => {
  it('leaves a node in maintenance out of the L2 policy: turning it on adds only the NotIn expression', () => {
    expect(flip(CHROMEBOX_LAB, 'chromebox-2')).toEqual({
      removed: [],
      added: [
        '      nodeSelector:',
        '        matchExpressions:',
        '          - key: kubernetes.io/hostname',
        '            operator: NotIn',
        '            values:',
        '              - chromebox-2',
      ],
    });
  });

  it('keeps the spec\'s L2 matchLabels beside the NotIn expression', () => {
    const loaded = loadValid({ l2Announcements: { enabled: true, nodeSelector: { matchLabels: { 'strata.dev/l2': 'yes' } } } }, drain({}, 'chromebox-3'));
    expect(loaded.cluster.spec.network.nodes.map((n) => n.maintenance)).toEqual([false, false, true]);
    const policy = renderComponent(component, loaded).toJson()[0] as { kind: string; spec: unknown };
    expect(policy.kind).toBe('CiliumL2AnnouncementPolicy');
    expect(policy.spec).toEqual({
      loadBalancerIPs: true,
      externalIPs: false,
      nodeSelector: {
        matchLabels: { 'strata.dev/l2': 'yes' },
        matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['chromebox-3'] }],
      },
    });
  });

  it('leaves a node in maintenance out of the BGP cluster config: turning it on adds only the NotIn selector', () => {
    expect(flip(EDGE_BGP, 'edge-2')).toEqual({
      removed: [],
      added: [
        '      nodeSelector:',
        '        matchExpressions:',
        '          - key: kubernetes.io/hostname',
        '            operator: NotIn',
        '            values:',
        '              - edge-2',
      ],
    });
  });

  it('drops a node in maintenance from an explicit bgp.nodes list: one value line goes', () => {
    const example: Example = { cilium: { ...EDGE_BGP.cilium, bgp: { ...(EDGE_BGP.cilium as { bgp: object }).bgp, nodes: ['edge-1', 'edge-3'] } }, opts: EDGE_BGP.opts };
    expect(flip(example, 'edge-3')).toEqual({ removed: ['              - edge-3'], added: [] });
  });

  it('renders drain selectors that the Cilium models validate', () => {
    const lab = loadValid({ l2Announcements: { enabled: true, nodeSelector: { matchLabels: { 'strata.dev/l2': 'yes' } } } }, drain({}, 'chromebox-2'));
    const policy = l2AnnouncementPolicy(lab.cluster, lab.block);
    policy?.validate();
    expect(policy?.spec?.nodeSelector?.matchExpressions).toEqual([{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['chromebox-2'] }]);
    const edge = loadValid({ bgp: { enabled: true, localASN: 65010, peers: PEERS, nodes: ['edge-1', 'edge-2'] } }, drain(EDGE, 'edge-1'));
    const [config] = bgpObjects(edge.cluster, edge.block);
    config?.validate();
    expect((config?.toJSON() as { spec: { nodeSelector: unknown } }).spec.nodeSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['edge-2'] }] });
  });

  it('rejects draining every node while L2 announces the VIPs', () => {
    expect(problems({ l2Announcements: { enabled: true } }, drain({}, 'chromebox-1', 'chromebox-2', 'chromebox-3'))).toEqual([
      'spec.network.nodes[2].maintenance: every node is in maintenance, so no node answers ARP for the LoadBalancer IPs (L2) and they go dark',
    ]);
    expect(problems({ l2Announcements: { enabled: true } }, drain({}, 'chromebox-2', 'chromebox-3'))).toEqual([]);
  });

  it('rejects draining every node listed in bgp.nodes, and accepts it while one still peers', () => {
    const bgp = { enabled: true, localASN: 65010, peers: PEERS, nodes: ['edge-1', 'edge-2'] };
    expect(problems({ bgp }, drain(EDGE, 'edge-1', 'edge-2'))).toEqual([
      'spec.network.nodes[1].maintenance: every BGP node (edge-1, edge-2) is in maintenance, so no node advertises the LoadBalancer IPs and they go dark',
    ]);
    const found = load({ bgp }, drain(EDGE, 'edge-1', 'edge-2')).findings[0];
    expect(found?.hint).toBe('keep one of them out of maintenance, or add another node to spec.cilium.bgp.nodes');
    expect(problems({ bgp }, drain(EDGE, 'edge-1'))).toEqual([]);
  });

  it('counts only the nodes still peering against the ECMP limit', () => {
    const bgp = { enabled: true, localASN: 65010, peers: PEERS, ecmpMaxPaths: 2 };
    expect(problems({ bgp }, EDGE)).toEqual([
      'spec.cilium.bgp.ecmpMaxPaths: 3 nodes advertise each LoadBalancer IP but the routers install at most 2 ECMP paths',
    ]);
    expect(problems({ bgp }, drain(EDGE, 'edge-3'))).toEqual([]);
  });

  it('warns when the node in maintenance is the only control-plane node, not when others remain', () => {
    expect(problems({ l2Announcements: { enabled: true } }, drain({}, 'chromebox-1'), 'all')).toEqual([
      'spec.network.nodes[0].maintenance: warning: chromebox-1 is the only control-plane node: draining it stops the API server, and with it LB-IPAM, L2 lease renewals and BGP reconciliation',
    ]);
    expect(problems({ bgp: { enabled: true, localASN: 65010, peers: PEERS } }, drain(EDGE, 'edge-1'), 'all')).toEqual([]);
  });

  it('says in explain which nodes are drained and which still advertise; pools keep their matchLabels', () => {
    const loaded = loadValid(EDGE_BGP.cilium, drain(EDGE_BGP.opts, 'edge-2'));
    const paths = component.explain?.({ cluster: loaded.cluster, block: loaded.block, facts: loaded.facts }).find((e) => e.topic === 'paths')?.lines;
    expect(paths?.at(-1)).toBe('drained (maintenance): edge-2 left out of BGP peering (advertising: edge-1, edge-3), so their LoadBalancer IPs move before they go down');
    const lab = loadValid(CHROMEBOX_LAB.cilium, drain(CHROMEBOX_LAB.opts, 'chromebox-3'));
    const labPaths = component.explain?.({ cluster: lab.cluster, block: lab.block, facts: lab.facts }).find((e) => e.topic === 'paths')?.lines;
    expect(labPaths?.at(-1)).toBe('drained (maintenance): chromebox-3 left out of L2 announcements, so their LoadBalancer IPs move before they go down');
    expect(component.facts?.({ cluster: lab.cluster, block: lab.block }).addressPools?.map((p) => p.nodeSelector)).toEqual([undefined]);
  });

  it('uses the lab network without maintenance by default', () => {
    expect(LAB_NETWORK.nodes.every((n) => !('maintenance' in n))).toBe(true);
  });
});
