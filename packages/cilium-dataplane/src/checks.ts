import { type Cidr, type Cluster, contains, formatPath, overlaps, parseCidr, parseIp, type SpecIssue } from '@strata/core';
import { podRouteMTU } from './mtu.ts';
import type { CiliumBlock } from './schema.ts';

type Path = readonly (string | number)[];
const C = ['spec', 'cilium'] as const;

/** An address block of a pool, parsed, with its path and how it was written. */
interface PoolBlock {
  readonly path: Path;
  readonly text: string;
  readonly range: Cidr;
}

function rangeOf(startText: string, stopText: string): Cidr | undefined {
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
function checkPools(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
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

/** Settings that need kube-proxy replacement or native routing. */
function checkDatapath(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const kpr = block.kubeProxyReplacement;
  if (kpr && cluster.spec.kubernetes.apiServer === undefined) {
    issues.push({
      path: [...C, 'kubeProxyReplacement'],
      message: 'needs spec.kubernetes.apiServer: without kube-proxy, Cilium reaches the API server at that address (k8sServiceHost/k8sServicePort)',
      hint: 'set spec.kubernetes.apiServer.host (a VIP or a control-plane address), or set kubeProxyReplacement: false',
    });
  }
  const needKpr: [Path, boolean, string][] = [
    [[...C, 'bpfMasquerade'], block.bpfMasquerade, 'BPF masquerading'],
    [[...C, 'loadBalancer', 'mode'], block.loadBalancer.mode !== 'snat', `loadBalancer.mode ${block.loadBalancer.mode}`],
    [[...C, 'gatewayAPI', 'enabled'], block.gatewayAPI.enabled, 'Gateway API'],
  ];
  for (const [path, on, what] of needKpr) {
    if (on && !kpr) issues.push({ path, message: `${what} needs kubeProxyReplacement: true` });
  }
  const { mode, tunnelProtocol, autoDirectNodeRoutes } = block.routing;
  const lb = block.loadBalancer;
  if (lb.mode !== 'snat' && mode === 'tunnel') {
    if (lb.dsrDispatch === 'opt') {
      issues.push({
        path: [...C, 'loadBalancer', 'mode'],
        message: `${lb.mode} with dsrDispatch opt needs routing.mode native; tunnel mode cannot carry the DSR IP option`,
        hint: 'set spec.cilium.routing.mode: native, or dsrDispatch: geneve with tunnelProtocol: geneve',
      });
    } else if (lb.dsrDispatch === 'geneve' && tunnelProtocol !== 'geneve') {
      issues.push({
        path: [...C, 'loadBalancer', 'dsrDispatch'],
        message: 'geneve dispatch in tunnel mode needs routing.tunnelProtocol geneve, not vxlan',
      });
    }
  }
  if (autoDirectNodeRoutes && mode === 'tunnel') {
    issues.push({ path: [...C, 'routing', 'autoDirectNodeRoutes'], message: 'needs routing.mode native; Cilium refuses direct node routes with tunneling' });
  }
  if (block.encryption.nodeEncryption && !block.encryption.wireguard) {
    issues.push({ path: [...C, 'encryption', 'nodeEncryption'], message: 'needs encryption.wireguard: true (node encryption is WireGuard only)' });
  }
  if (block.podMTU !== undefined) {
    const pod = podRouteMTU(cluster, block);
    if (block.podMTU > pod.mtu) {
      issues.push({
        path: [...C, 'podMTU'],
        message: `${block.podMTU} exceeds the pod route MTU ${pod.mtu} (${pod.explanation})`,
        hint: `lower podMTU to ${pod.mtu} or raise spec.network.mtu`,
      });
    }
  }
}

/** L2 lease timing and L2 together with BGP. */
function checkL2(block: CiliumBlock, issues: SpecIssue[]): void {
  const l2 = block.l2Announcements;
  if (!l2.enabled) return;
  const duration = seconds(l2.leaseDuration);
  const renew = seconds(l2.leaseRenewDeadline);
  const retry = seconds(l2.leaseRetryPeriod);
  if (renew >= duration) {
    issues.push({ path: [...C, 'l2Announcements', 'leaseRenewDeadline'], message: `${l2.leaseRenewDeadline} must be shorter than leaseDuration ${l2.leaseDuration}` });
  }
  if (retry >= renew) {
    issues.push({ path: [...C, 'l2Announcements', 'leaseRetryPeriod'], message: `${l2.leaseRetryPeriod} must be shorter than leaseRenewDeadline ${l2.leaseRenewDeadline}` });
  }
  if (block.bgp.enabled && l2.serviceSelector === undefined) {
    issues.push({
      path: [...C, 'l2Announcements', 'enabled'],
      severity: 'warning',
      message: 'L2 announcements and BGP both announce every LoadBalancer IP',
      hint: 'set l2Announcements.serviceSelector so each service is announced one way',
    });
  }
}

const UNIT: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration the schema admits (`1m30s`, `200ms`). */
export function seconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) total += Number(m[1]) * (UNIT[m[2] ?? 's'] ?? 1);
  return total;
}

/** BGP: peers, ASN, ECMP limit, timers, BFD, local preference. */
function checkBgp(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const bgp = block.bgp;
  if (!bgp.enabled) return;
  const B = [...C, 'bgp'];
  if (bgp.localASN === undefined) issues.push({ path: [...B, 'enabled'], message: 'BGP needs spec.cilium.bgp.localASN' });
  if (bgp.peers.length === 0) issues.push({ path: [...B, 'peers'], message: 'BGP is enabled but has no peers', hint: 'add the upstream routers, or set bgp.enabled: false' });
  const known = new Set(cluster.spec.network.nodes.map((n) => n.name));
  bgp.nodes?.forEach((n, i) => {
    if (!known.has(n)) issues.push({ path: [...B, 'nodes', i], message: `node ${n} is not in spec.network.nodes` });
  });
  const advertising = bgp.nodes?.length ?? cluster.spec.network.nodes.length;
  if (bgp.ecmpMaxPaths !== undefined && advertising > bgp.ecmpMaxPaths) {
    issues.push({
      path: [...B, bgp.nodes === undefined ? 'ecmpMaxPaths' : 'nodes'],
      message: `${advertising} nodes advertise each LoadBalancer IP but the routers install at most ${bgp.ecmpMaxPaths} ECMP paths`,
      hint: `list at most ${bgp.ecmpMaxPaths} advertising nodes in spec.cilium.bgp.nodes`,
    });
  }
  const { holdTimeSeconds, keepAliveTimeSeconds } = bgp.timers;
  if (keepAliveTimeSeconds * 3 > holdTimeSeconds) {
    issues.push({
      path: [...B, 'timers', 'keepAliveTimeSeconds'],
      message: `${keepAliveTimeSeconds} is more than a third of holdTimeSeconds ${holdTimeSeconds}; one lost keepalive would drop the session`,
    });
  }
  if (bgp.bfd?.enabled === true) {
    issues.push({
      path: [...B, 'bfd', 'enabled'],
      message: 'BFD is not available in open-source Cilium: its BGP CRDs have no BFD field, so it would be silently dropped',
      hint: 'configure BFD on the routers (or use a Cilium edition that supports it) and remove spec.cilium.bgp.bfd; graceful restart and timers are set here',
    });
  }
  const local = bgp.localASN;
  if (bgp.advertise.localPreference !== undefined && local !== undefined) {
    const ebgp = bgp.peers.filter((p) => p.asn !== local).map((p) => p.name);
    if (ebgp.length > 0) {
      issues.push({
        path: [...B, 'advertise', 'localPreference'],
        severity: 'warning',
        message: `LOCAL_PREF is not sent to eBGP peers (${ebgp.join(', ')}); it only applies within AS ${local}`,
      });
    }
  }
}

/** Hubble, metrics and operator replicas. */
function checkOperations(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const h = block.hubble;
  if (h.ui && !h.relay) issues.push({ path: [...C, 'hubble', 'ui'], message: 'Hubble UI needs hubble.relay: true' });
  if ((h.relay || h.ui || h.metrics.length > 0) && !h.enabled) {
    issues.push({ path: [...C, 'hubble', 'enabled'], message: 'relay, UI and metrics need hubble.enabled: true' });
  }
  if (block.prometheus.serviceMonitors && !block.prometheus.enabled) {
    issues.push({ path: [...C, 'prometheus', 'serviceMonitors'], message: 'ServiceMonitors need prometheus.enabled: true' });
  }
  const nodes = cluster.spec.network.nodes.length;
  if (block.operatorReplicas > nodes) {
    issues.push({
      path: [...C, 'operatorReplicas'],
      message: `${block.operatorReplicas} replicas on ${nodes} node${nodes === 1 ? '' : 's'}: the operator's required anti-affinity leaves ${block.operatorReplicas - nodes} Pending`,
      hint: `set operatorReplicas to at most ${nodes}`,
    });
  }
}

/** LoadBalancer IPs that nothing hands out or nothing announces. */
function checkAnnouncement(block: CiliumBlock, issues: SpecIssue[]): void {
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

/** Every cross-field problem of `spec.cilium`; the loader adds file:line:col. */
export function checkCilium(cluster: Cluster, block: CiliumBlock): SpecIssue[] {
  const issues: SpecIssue[] = [];
  checkPools(cluster, block, issues);
  checkDatapath(cluster, block, issues);
  checkL2(block, issues);
  checkBgp(cluster, block, issues);
  checkAnnouncement(block, issues);
  checkOperations(cluster, block, issues);
  return issues;
}
