import { type Cidr, type Cluster, contains, formatPath, overlaps, parseCidr, parseIp, type SpecIssue } from '@strata/core';
import { bgpSpeakers, checkDrain } from './drain.ts';
import { attaches, listenerMode } from './gateway-api.ts';
import { type LBService, poolContains, poolLabels, selects } from './lb-ipam.ts';
import { checkLocality } from './locality.ts';
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
  // Nodes in maintenance do not peer (see drain.ts), so they take no ECMP path.
  const advertising = bgpSpeakers(cluster, block).length;
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

type Pool = CiliumBlock['loadBalancer']['pools'][number];

/** The `key=value` pairs of a pool's serviceSelector a Service fails, as `key=value` (empty when the pool selects it). */
function unmet(pool: Pool, svc: LBService): string[] {
  const actual: Record<string, string> = { 'io.kubernetes.service.namespace': svc.namespace, 'io.kubernetes.service.name': svc.name, ...svc.labels };
  return Object.entries(pool.serviceSelector?.matchLabels ?? {})
    .filter(([k, v]) => actual[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
}

/**
 * The pool a LoadBalancer Service (a fast-path Service or a Gateway's) asks for:
 * it must exist, select the Service, and hold a fixed IP; other pools that
 * also select it make the choice LB-IPAM's.
 */
function checkPoolChoice(block: CiliumBlock, path: Path, what: string, svc: Omit<LBService, 'labels'>, poolName: string | undefined, ip: string | undefined, issues: SpecIssue[]): void {
  const pools = block.loadBalancer.pools;
  let pool: Pool | undefined;
  if (poolName !== undefined) {
    pool = pools.find((p) => p.name === poolName);
    if (pool === undefined) {
      const known = pools.map((p) => p.name).join(', ');
      issues.push({
        path: [...path, 'pool'],
        message: `pool "${poolName}" is not in spec.cilium.loadBalancer.pools${known === '' ? '' : ` (${known})`}`,
      });
      return;
    }
    if (ip !== undefined && !poolContains(pool, ip)) {
      issues.push({
        path: [...path, 'ip'],
        message: `${ip} is not in pool ${pool.name} (${pool.blocks.map((b) => (typeof b === 'string' ? b : `${b.start}-${b.stop}`)).join(', ')})`,
        hint: `pick an address of pool ${pool.name}, or name the pool that holds ${ip}`,
      });
    }
  } else if (ip !== undefined) {
    pool = pools.find((p) => poolContains(p, ip));
    if (pool === undefined) {
      issues.push({ path: [...path, 'ip'], message: `${ip} is in no spec.cilium.loadBalancer.pools block; LB-IPAM only assigns addresses from its pools` });
      return;
    }
  }
  if (pool === undefined) return;
  const labelled: LBService = { ...svc, labels: poolLabels(pool) };
  const missing = unmet(pool, labelled);
  if (missing.length > 0) {
    issues.push({
      path: [...path, poolName === undefined ? 'ip' : 'pool'],
      message: `pool ${pool.name} does not select ${what} ${svc.namespace}/${svc.name}: its serviceSelector needs ${missing.join(', ')}`,
    });
    return;
  }
  if (ip === undefined) {
    const also = pools.filter((p) => p !== pool && selects(p.serviceSelector, labelled)).map((p) => p.name);
    if (also.length > 0) {
      issues.push({
        path: [...path, 'pool'],
        severity: 'warning',
        message: `pool${also.length === 1 ? '' : 's'} ${also.join(', ')} also select${also.length === 1 ? 's' : ''} ${what} ${svc.namespace}/${svc.name}, so LB-IPAM may take its address from there instead of ${pool.name}`,
        hint: `give ${also.join(', ')} a serviceSelector that leaves it out, or set a fixed ip`,
      });
    }
  }
}

/** Fast-path LoadBalancer Services: names, ports, pools, fixed IPs, traffic policy vs. L2. */
function checkServices(block: CiliumBlock, issues: SpecIssue[]): void {
  const S = [...C, 'services'];
  const seen = new Map<string, number>();
  const l2 = block.l2Announcements;
  block.services.forEach((svc, i) => {
    const key = `${svc.namespace}/${svc.name}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path: [...S, i, 'name'], message: `service ${key} is already defined by spec.cilium.services[${first}]` });
    else seen.set(key, i);
    const names = new Map<string, number>();
    const ports = new Map<string, number>();
    svc.ports.forEach((port, j) => {
      const n = names.get(port.name);
      if (n !== undefined) issues.push({ path: [...S, i, 'ports', j, 'name'], message: `port name "${port.name}" is already used by ports[${n}]` });
      else names.set(port.name, j);
      const pp = `${port.port}/${port.protocol}`;
      const p = ports.get(pp);
      if (p !== undefined) issues.push({ path: [...S, i, 'ports', j, 'port'], message: `${pp} is already used by ports[${p}]` });
      else ports.set(pp, j);
    });
    checkPoolChoice(block, [...S, i], 'service', { namespace: svc.namespace, name: svc.name }, svc.pool, svc.ip, issues);
    const pool = block.loadBalancer.pools.find((p) => p.name === svc.pool);
    const view: LBService = { namespace: svc.namespace, name: svc.name, labels: pool === undefined ? {} : poolLabels(pool) };
    if (l2.enabled && svc.externalTrafficPolicy === 'Local' && selects(l2.serviceSelector, view)) {
      issues.push({
        path: [...S, i, 'externalTrafficPolicy'],
        message:
          'Local does not work with L2 announcements: the node that wins the lease answers ARP for the IP whether or not it runs a backend, and with Local it drops the traffic',
        hint: 'set externalTrafficPolicy: Cluster, or announce this Service with BGP and keep it out of l2Announcements.serviceSelector',
      });
    }
  });
  if (block.services.length > 0 && block.loadBalancer.pools.length === 0) {
    issues.push({
      path: S,
      severity: 'warning',
      message: 'LoadBalancer Services need an address, but spec.cilium.loadBalancer.pools is empty, so they stay Pending',
      hint: 'add a pool to spec.cilium.loadBalancer.pools',
    });
  }
}

/** Gateways and routes: Gateway API on, names, listener TLS, route attachment, TLSRoute channel, weights. */
function checkGatewayAPI(block: CiliumBlock, issues: SpecIssue[]): void {
  const G = [...C, 'gateways'];
  const R = [...C, 'routes'];
  if (!block.gatewayAPI.enabled) {
    if (block.gateways.length > 0) issues.push({ path: G, message: 'Gateways need spec.cilium.gatewayAPI.enabled: true' });
    if (block.routes.length > 0) issues.push({ path: R, message: 'routes need spec.cilium.gatewayAPI.enabled: true' });
    return;
  }
  const gateways = new Map<string, number>();
  block.gateways.forEach((gw, g) => {
    const first = gateways.get(gw.name);
    if (first !== undefined) {
      issues.push({ path: [...G, g, 'name'], message: `gateway name "${gw.name}" is already used by spec.cilium.gateways[${first}]; routes refer to gateways by name` });
    } else gateways.set(gw.name, g);
    checkPoolChoice(block, [...G, g], 'the Service of gateway', { namespace: gw.namespace, name: `cilium-gateway-${gw.name}` }, gw.pool, undefined, issues);
    const names = new Map<string, number>();
    const bindings = new Map<string, number>();
    gw.listeners.forEach((l, j) => {
      const L = [...G, g, 'listeners', j];
      const n = names.get(l.name);
      if (n !== undefined) issues.push({ path: [...L, 'name'], message: `listener name "${l.name}" is already used by listeners[${n}]` });
      else names.set(l.name, j);
      // A hostname is unique per port whatever the protocol: Gateway API marks such listeners Conflicted and serves neither.
      const binding = `${l.port}/${l.hostname ?? '*'}`;
      const b = bindings.get(binding);
      if (b !== undefined) {
        const other = gw.listeners[b];
        const same = other?.protocol === l.protocol;
        issues.push({
          path: [...L, 'port'],
          message: same
            ? `port ${l.port}, protocol ${l.protocol} and hostname ${l.hostname ?? '(any)'} are already used by listeners[${b}]`
            : `hostname ${l.hostname ?? '(any)'} on port ${l.port} is already served by listeners[${b}] (${other?.protocol}); the Gateway would mark both Conflicted`,
        });
      } else bindings.set(binding, j);
      const mode = listenerMode(l);
      if (l.protocol === 'HTTP' && l.tls !== undefined) {
        issues.push({ path: [...L, 'tls'], message: 'HTTP listeners carry no TLS', hint: 'use protocol HTTPS to terminate TLS, or TLS to pass it through' });
      } else if (l.protocol === 'HTTPS' && mode === 'Passthrough') {
        issues.push({ path: [...L, 'tls', 'mode'], message: 'HTTPS listeners only terminate TLS', hint: 'use protocol TLS with a TLSRoute for passthrough' });
      } else if (mode === 'Terminate' && l.tls?.certificateSecret === undefined) {
        issues.push({ path: l.tls === undefined ? [...L, 'protocol'] : [...L, 'tls'], message: `${l.protocol} listener ${l.name} terminates TLS but names no tls.certificateSecret` });
      } else if (mode === 'Passthrough' && l.tls?.certificateSecret !== undefined) {
        issues.push({
          path: [...L, 'tls', 'certificateSecret'],
          severity: 'warning',
          message: 'is ignored in Passthrough mode: the Gateway does not decrypt, the backend presents its own certificate',
        });
      }
    });
  });
  const routes = new Map<string, number>();
  block.routes.forEach((route, r) => {
    const key = `${route.kind} ${route.namespace}/${route.name}`;
    const first = routes.get(key);
    if (first !== undefined) issues.push({ path: [...R, r, 'name'], message: `${key} is already defined by spec.cilium.routes[${first}]` });
    else routes.set(key, r);
    if (route.kind === 'TLSRoute' && !block.gatewayAPI.experimental) {
      issues.push({
        path: [...R, r, 'kind'],
        message: 'TLSRoute needs spec.cilium.gatewayAPI.experimental: true; Gateway API v1.3 ships TLSRoute (v1alpha2) only in its experimental CRDs',
      });
    }
    if (route.backends.every((b) => b.weight === 0)) {
      issues.push({
        path: [...R, r, 'backends'],
        message: 'every weight is 0, so the route sends no traffic',
        hint: 'give at least one backend a weight above 0 (share = weight / sum of weights)',
      });
    }
    const gw = block.gateways.find((g) => g.name === route.gateway);
    if (gw === undefined) {
      const known = block.gateways.map((g) => g.name).join(', ');
      issues.push({ path: [...R, r, 'gateway'], message: `gateway "${route.gateway}" is not in spec.cilium.gateways${known === '' ? '' : ` (${known})`}` });
      return;
    }
    if (route.listener !== undefined) {
      const l = gw.listeners.find((x) => x.name === route.listener);
      if (l === undefined) {
        issues.push({
          path: [...R, r, 'listener'],
          message: `listener "${route.listener}" is not a listener of gateway ${gw.name} (${gw.listeners.map((x) => x.name).join(', ')})`,
        });
        return;
      }
      const mode = listenerMode(l);
      const how = `protocol ${l.protocol}${mode === undefined ? '' : `, ${mode}`}`;
      if (route.kind === 'HTTPRoute' && l.protocol === 'TLS') {
        issues.push({
          path: [...R, r, 'listener'],
          message: `HTTPRoute cannot attach to listener ${l.name} of gateway ${gw.name} (${how}): it routes TLS by SNI without decrypting, so there is no HTTP to route`,
          hint: 'use kind: TLSRoute, or attach to an HTTPS listener that terminates TLS',
        });
      } else if (route.kind === 'TLSRoute' && (l.protocol !== 'TLS' || mode !== 'Passthrough')) {
        issues.push({
          path: [...R, r, 'listener'],
          message: `TLSRoute cannot attach to listener ${l.name} of gateway ${gw.name} (${how}): TLSRoutes need a TLS listener in Passthrough mode`,
          hint: 'use kind: HTTPRoute for a terminating listener, or attach to a TLS Passthrough listener',
        });
      }
    } else if (!gw.listeners.some((l) => attaches(route, gw, l))) {
      issues.push({
        path: [...R, r, 'kind'],
        message: `gateway ${gw.name} has no listener for ${route.kind} (protocol ${route.kind === 'TLSRoute' ? 'TLS' : 'HTTP or HTTPS'})`,
      });
    }
  });
}

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
function checkMultus(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
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

/** GitOps engine namespace: its controllers fetch from Git and chart sources outside the cluster. */
const ENGINE_NAMESPACE: Record<string, string> = { flux: 'flux-system', argocd: 'argocd' };

/** Default deny: namespaces the platform cannot run without, and what stays closed. */
function checkDefaultDeny(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const dd = block.defaultDeny;
  if (!dd.enabled) return;
  const D = [...C, 'defaultDeny'];
  const exempt = new Set(dd.exemptNamespaces);
  if (!exempt.has('kube-system')) {
    issues.push({
      path: [...D, 'exemptNamespaces'],
      message: 'must include kube-system: kube-dns, the Cilium operator and Hubble run there, and under default deny kube-dns would refuse every query',
    });
  }
  const engine = cluster.spec.gitops.engine;
  const engineNs = ENGINE_NAMESPACE[engine];
  if (engineNs !== undefined && !exempt.has(engineNs)) {
    issues.push({
      path: [...D, 'exemptNamespaces'],
      message: `must include ${engineNs}: the ${engine} controllers fetch from Git and chart repositories, and once cut off they cannot sync a fix to this policy`,
      hint: `add ${engineNs}, or set defaultDeny.enabled: false until ${engine} has its own policy`,
    });
  }
  const closed = new Set<string>();
  for (const svc of block.services) if (!exempt.has(svc.namespace)) closed.add(svc.namespace);
  for (const route of block.routes) {
    for (const b of route.backends) {
      const ns = b.namespace ?? route.namespace;
      if (!exempt.has(ns)) closed.add(ns);
    }
  }
  if (closed.size > 0) {
    issues.push({
      path: [...D, 'enabled'],
      severity: 'warning',
      message: `LoadBalancer Services and Gateway backends in ${[...closed].sort().join(', ')} receive nothing under default deny until a policy there allows it`,
      hint: 'allow ingress from the world entity (fast-path Services) or the ingress entity (Gateway backends) in a CiliumNetworkPolicy of that namespace',
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
  checkDrain(cluster, block, issues);
  checkLocality(cluster, block, issues);
  checkAnnouncement(block, issues);
  checkOperations(cluster, block, issues);
  checkServices(block, issues);
  checkGatewayAPI(block, issues);
  checkDefaultDeny(cluster, block, issues);
  checkMultus(cluster, block, issues);
  return issues;
}
