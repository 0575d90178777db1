import { describe, expect, it } from 'vitest';
import { EDGE_NETWORK, LAB_NETWORK, load, loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { seconds } from './checks/index.ts';

const EDGE: SpecOptions = { network: EDGE_NETWORK, apiServer: { host: '172.16.10.10' } };
const PEERS = [
  { name: 'router-1', address: '172.16.10.1', asn: 65000 },
  { name: 'router-2', address: '172.16.10.2', asn: 65000 },
];

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
function problems(cilium: object, opts: SpecOptions = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return load(cilium, opts)
    .findings.filter((f) => which === 'all' || f.severity === 'error')
    .map((f) => `${f.path}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
}

const pools = (...blocks: unknown[][]) => ({ loadBalancer: { pools: blocks.map((b, i) => ({ name: `pool-${i}`, blocks: b })) } });

describe('LoadBalancer pool checks', () => {
  it('reports an overlap with the pod CIDR at the block, with file:line:col', () => {
    // The routers are two hops from the lab's node subnet.
    const peers = PEERS.map((p) => ({ ...p, ebgpMultihop: 2 }));
    const { lines } = load({ ...pools(['10.20.0.240/28'], ['10.244.3.0/24']), bgp: { enabled: true, localASN: 65010, peers } });
    expect(lines).toEqual(['cluster.yaml:42:15 spec.cilium.loadBalancer.pools[1].blocks[0]: overlaps spec.network.podCIDR 10.244.0.0/16']);
  });

  it('rejects a pool that overlaps the service CIDR', () => {
    expect(problems(pools([{ start: '10.96.0.10', stop: '10.96.0.20' }]))).toEqual([
      'spec.cilium.loadBalancer.pools[0].blocks[0]: overlaps spec.network.serviceCIDR 10.96.0.0/16',
    ]);
  });

  it('rejects pools that overlap each other, naming the earlier block', () => {
    expect(problems(pools(['10.20.0.192/27'], ['10.20.0.200/29']))).toEqual([
      'spec.cilium.loadBalancer.pools[1].blocks[0]: overlaps spec.cilium.loadBalancer.pools[0].blocks[0] 10.20.0.192/27',
    ]);
  });

  it('rejects a block with host bits set and says what it would become', () => {
    const found = load({ ...pools(['10.20.0.200/28']), l2Announcements: { enabled: true } });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.cilium.loadBalancer.pools[0].blocks[0]',
        '10.20.0.200/28 has host bits set; as a block it means 10.20.0.192/28',
        'write 10.20.0.192/28, or a range {start: …, stop: …} for part of it',
      ],
    ]);
  });

  it('rejects an inverted range', () => {
    expect(problems(pools([{ start: '10.20.0.250', stop: '10.20.0.240' }]))).toEqual([
      'spec.cilium.loadBalancer.pools[0].blocks[0]: start 10.20.0.250 must not be after stop 10.20.0.240 (and both of one address family)',
    ]);
  });

  it('rejects a pool that contains a node address', () => {
    expect(problems(pools([{ start: '10.20.0.10', stop: '10.20.0.11' }]))).toEqual([
      'spec.cilium.loadBalancer.pools[0].blocks[0]: contains the address 10.20.0.11 of node chromebox-1',
    ]);
  });

  it('rejects duplicate pool names', () => {
    const spec = { loadBalancer: { pools: [{ name: 'lb', blocks: ['10.20.0.224/28'] }, { name: 'lb', blocks: ['10.20.0.240/28'] }] } };
    expect(problems(spec)).toEqual(['spec.cilium.loadBalancer.pools[1].name: pool name "lb" is already used by spec.cilium.loadBalancer.pools[0]']);
  });

  it('rejects an L2-announced pool outside the node subnet', () => {
    const found = load({ ...pools(['192.168.50.0/28']), l2Announcements: { enabled: true } });
    expect(found.findings.map((f) => [f.path, f.message])).toEqual([
      [
        'spec.cilium.loadBalancer.pools[0].blocks[0]',
        'is outside spec.network.nodeSubnet 10.20.0.0/24; L2 announcements answer ARP on the node subnet only',
      ],
    ]);
  });

  it('accepts a routed pool outside the node subnet when BGP announces it', () => {
    expect(problems({ ...pools(['192.168.50.0/28']), bgp: { enabled: true, localASN: 65010, peers: PEERS } }, EDGE)).toEqual([]);
  });
});

describe('datapath checks', () => {
  it('requires spec.kubernetes.apiServer for kube-proxy replacement', () => {
    expect(problems({}, { apiServer: null })).toEqual([
      'spec.cilium.kubeProxyReplacement: needs spec.kubernetes.apiServer: without kube-proxy, Cilium reaches the API server at that address (k8sServiceHost/k8sServicePort)',
    ]);
  });

  it('rejects DSR with opt dispatch in tunnel mode', () => {
    expect(problems({ loadBalancer: { mode: 'dsr' } })).toEqual([
      'spec.cilium.loadBalancer.mode: dsr with dsrDispatch opt needs routing.mode native; tunnel mode cannot carry the DSR IP option',
    ]);
  });

  it('rejects geneve dispatch over a VXLAN tunnel', () => {
    expect(problems({ loadBalancer: { mode: 'hybrid', dsrDispatch: 'geneve' } })).toEqual([
      'spec.cilium.loadBalancer.dsrDispatch: geneve dispatch in tunnel mode needs routing.tunnelProtocol geneve, not vxlan',
    ]);
  });

  it('accepts DSR with native routing', () => {
    expect(problems({ routing: { mode: 'native' }, loadBalancer: { algorithm: 'maglev', mode: 'dsr' } })).toEqual([]);
  });

  it('rejects BPF masquerade, DSR and Gateway API without kube-proxy replacement', () => {
    expect(
      problems({ kubeProxyReplacement: false, bpfMasquerade: true, routing: { mode: 'native' }, loadBalancer: { mode: 'dsr' }, gatewayAPI: { enabled: true } }),
    ).toEqual([
      'spec.cilium.bpfMasquerade: BPF masquerading needs kubeProxyReplacement: true',
      'spec.cilium.loadBalancer.mode: loadBalancer.mode dsr needs kubeProxyReplacement: true',
      'spec.cilium.gatewayAPI.enabled: Gateway API needs kubeProxyReplacement: true',
    ]);
  });

  it('rejects direct node routes in tunnel mode', () => {
    expect(problems({ routing: { autoDirectNodeRoutes: true } })).toEqual([
      'spec.cilium.routing.autoDirectNodeRoutes: needs routing.mode native; Cilium refuses direct node routes with tunneling',
    ]);
  });

  it('rejects node encryption without WireGuard', () => {
    expect(problems({ encryption: { nodeEncryption: true } })).toEqual([
      'spec.cilium.encryption.nodeEncryption: needs encryption.wireguard: true (node encryption is WireGuard only)',
    ]);
  });

  it('rejects a pinned pod MTU above what WireGuard leaves, showing the figure', () => {
    expect(problems({ routing: { mode: 'native' }, encryption: { wireguard: true }, podMTU: 1450 })).toEqual([
      'spec.cilium.podMTU: 1450 exceeds the pod route MTU 1420 (spec.network.mtu 1500 − 80 WireGuard)',
    ]);
    expect(problems({ encryption: { wireguard: true }, podMTU: 1400 })).toEqual([
      'spec.cilium.podMTU: 1400 exceeds the pod route MTU 1370 (spec.network.mtu 1500 − 50 VXLAN − 80 WireGuard)',
    ]);
    expect(problems({ routing: { mode: 'native' }, encryption: { wireguard: true }, podMTU: 1420 })).toEqual([]);
  });
});

describe('L2 announcement checks', () => {
  it('requires renew deadline < lease duration and retry period < renew deadline', () => {
    expect(problems({ l2Announcements: { enabled: true, leaseDuration: '3s', leaseRenewDeadline: '3s', leaseRetryPeriod: '5s' } })).toEqual([
      'spec.cilium.l2Announcements.leaseRenewDeadline: 3s must be shorter than leaseDuration 3s',
      'spec.cilium.l2Announcements.leaseRetryPeriod: 5s must be shorter than leaseRenewDeadline 3s',
    ]);
  });

  it('warns when L2 and BGP would both announce every LoadBalancer IP', () => {
    const found = load({ l2Announcements: { enabled: true }, bgp: { enabled: true, localASN: 65010, peers: PEERS } }, EDGE);
    expect(found.cluster).toBeDefined();
    expect(found.findings.map((f) => [f.severity, f.path, f.message, f.hint])).toEqual([
      [
        'warning',
        'spec.cilium.l2Announcements.enabled',
        'L2 announcements and BGP both announce every LoadBalancer IP',
        'set l2Announcements.serviceSelector so each service is announced one way',
      ],
    ]);
  });

  it('parses Go durations', () => {
    expect([seconds('200ms'), seconds('15s'), seconds('1m30s'), seconds('1h')]).toEqual([0.2, 15, 90, 3600]);
  });
});

describe('BGP checks', () => {
  it('rejects BGP with no peers and no local ASN', () => {
    expect(problems({ bgp: { enabled: true } }, EDGE)).toEqual([
      'spec.cilium.bgp.peers: BGP is enabled but has no peers',
      'spec.cilium.bgp.enabled: BGP needs spec.cilium.bgp.localASN',
    ]);
  });

  it('rejects more advertising nodes than the ECMP path limit', () => {
    expect(problems({ bgp: { enabled: true, localASN: 65010, peers: PEERS, ecmpMaxPaths: 2 } }, EDGE)).toEqual([
      'spec.cilium.bgp.ecmpMaxPaths: 3 nodes advertise each LoadBalancer IP but the routers install at most 2 ECMP paths',
    ]);
    expect(problems({ bgp: { enabled: true, localASN: 65010, peers: PEERS, ecmpMaxPaths: 2, nodes: ['edge-1', 'edge-2'] } }, EDGE)).toEqual([]);
  });

  it('rejects advertising nodes that are not in the cluster', () => {
    expect(problems({ bgp: { enabled: true, localASN: 65010, peers: PEERS, nodes: ['edge-9'] } }, EDGE)).toEqual([
      'spec.cilium.bgp.nodes[0]: node edge-9 is not in spec.network.nodes',
    ]);
  });

  it('rejects BFD and says to configure it on the routers', () => {
    const found = load({ bgp: { enabled: true, localASN: 65010, peers: PEERS, bfd: { enabled: true } } }, EDGE);
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.cilium.bgp.bfd.enabled',
        'BFD is not available in open-source Cilium: its BGP CRDs have no BFD field, so it would be silently dropped',
        'configure BFD on the routers (or use a Cilium edition that supports it) and remove spec.cilium.bgp.bfd; graceful restart and timers are set here',
      ],
    ]);
  });

  it('rejects a keepalive longer than a third of the hold time', () => {
    expect(problems({ bgp: { enabled: true, localASN: 65010, peers: PEERS, timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 4 } } }, EDGE)).toEqual([
      'spec.cilium.bgp.timers.keepAliveTimeSeconds: 4 is more than a third of holdTimeSeconds 9; one lost keepalive would drop the session',
    ]);
  });

  it('warns that LOCAL_PREF does not reach eBGP peers', () => {
    expect(problems({ bgp: { enabled: true, localASN: 65010, peers: PEERS, advertise: { localPreference: 200 } } }, EDGE, 'all')).toEqual([
      'spec.cilium.bgp.advertise.localPreference: warning: LOCAL_PREF is not sent to eBGP peers (router-1, router-2); it only applies within AS 65010',
    ]);
  });
});

describe('announcement checks', () => {
  it('warns when pools exist but nothing announces them', () => {
    expect(problems(pools(['10.20.0.224/28']), {}, 'all')).toEqual([
      'spec.cilium.loadBalancer.pools: warning: LoadBalancer IPs are assigned from these pools but neither L2 announcements nor BGP announce them',
    ]);
  });

  it('warns when Gateways would get no address', () => {
    expect(problems({ gatewayAPI: { enabled: true } }, {}, 'all')).toEqual([
      'spec.cilium.gatewayAPI.enabled: warning: each Gateway gets a LoadBalancer Service, but spec.cilium.loadBalancer.pools is empty, so Gateways stay without an address',
    ]);
    expect(problems({ gatewayAPI: { enabled: true, hostNetwork: true } }, {}, 'all')).toEqual([]);
  });
});

describe('operations checks', () => {
  it('rejects more operator replicas than nodes', () => {
    const single = { ...LAB_NETWORK, nodes: [LAB_NETWORK.nodes[0]] };
    expect(problems({}, { network: single })).toEqual([
      "spec.cilium.operatorReplicas: 2 replicas on 1 node: the operator's required anti-affinity leaves 1 Pending",
    ]);
    expect(problems({ operatorReplicas: 1 }, { network: single })).toEqual([]);
  });

  it('rejects Hubble UI without relay, and relay without Hubble', () => {
    expect(problems({ hubble: { ui: true } })).toEqual(['spec.cilium.hubble.ui: Hubble UI needs hubble.relay: true']);
    expect(problems({ hubble: { enabled: false, relay: true } })).toEqual([
      'spec.cilium.hubble.enabled: relay, UI and metrics need hubble.enabled: true',
    ]);
  });

  it('rejects ServiceMonitors without metrics', () => {
    expect(problems({ prometheus: { serviceMonitors: true } }, { prometheusOperator: true })).toEqual([
      'spec.cilium.prometheus.serviceMonitors: ServiceMonitors need prometheus.enabled: true',
    ]);
  });

  it('rejects ServiceMonitors when no component installs the Prometheus operator CRDs', () => {
    const found = load({ prometheus: { enabled: true, serviceMonitors: true } });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.cilium.prometheus.serviceMonitors',
        'ServiceMonitors need the Prometheus operator CRDs (monitoring.coreos.com), which no enabled component installs; the chart renders them anyway (trustCRDsExist) and its install fails',
        'enable spec.observability (kube-prometheus-stack), or set serviceMonitors: false',
      ],
    ]);
    expect(problems({ prometheus: { enabled: true, serviceMonitors: true } }, { prometheusOperator: true })).toEqual([]);
  });

  it('accepts the defaults, with no warnings', () => {
    expect(loadValid({}).findings).toEqual([]);
  });
});

describe('fast-path service checks', () => {
  const EDGE_POOLS = {
    pools: [
      { name: 'edge-vips', blocks: ['198.51.100.0/27'] },
      { name: 'dns', blocks: ['198.51.100.53/32'], serviceSelector: { matchLabels: { 'io.kubernetes.service.namespace': 'dns' } } },
    ],
  };
  const bgpSite = (services: object[]) => ({ bgp: { enabled: true, localASN: 65010, peers: PEERS }, loadBalancer: EDGE_POOLS, services });
  const dns = { name: 'powerdns', namespace: 'dns', selector: { app: 'powerdns' }, ports: [{ name: 'dns-udp', port: 53, protocol: 'UDP' }] };

  it('rejects an unknown pool with file:line:col, naming the pools there are', () => {
    expect(load(bgpSite([{ ...dns, pool: 'vips' }]), EDGE).lines).toEqual([
      'cluster.yaml:66:15 spec.cilium.services[0].pool: pool "vips" is not in spec.cilium.loadBalancer.pools (edge-vips, dns)',
    ]);
  });

  it('rejects a fixed IP outside its pool, or outside every pool', () => {
    expect(problems(bgpSite([{ ...dns, pool: 'dns', ip: '198.51.100.54' }]), EDGE)).toEqual([
      'spec.cilium.services[0].ip: 198.51.100.54 is not in pool dns (198.51.100.53/32)',
    ]);
    expect(problems(bgpSite([{ ...dns, ip: '203.0.113.53' }]), EDGE)).toEqual([
      'spec.cilium.services[0].ip: 203.0.113.53 is in no spec.cilium.loadBalancer.pools block; LB-IPAM only assigns addresses from its pools',
    ]);
    expect(problems(bgpSite([{ ...dns, pool: 'dns', ip: '198.51.100.53' }]), EDGE, 'all')).toEqual([]);
  });

  it('rejects a pool whose serviceSelector cannot select the Service', () => {
    expect(problems(bgpSite([{ ...dns, namespace: 'kafka', pool: 'dns' }]), EDGE)).toEqual([
      'spec.cilium.services[0].pool: pool dns does not select service kafka/powerdns: its serviceSelector needs io.kubernetes.service.namespace=dns',
    ]);
  });

  it('warns when another pool also selects the Service, since LB-IPAM may then pick either', () => {
    expect(problems(bgpSite([{ ...dns, pool: 'dns' }]), EDGE, 'all')).toEqual([
      'spec.cilium.services[0].pool: warning: pool edge-vips also selects service dns/powerdns, so LB-IPAM may take its address from there instead of dns',
    ]);
  });

  it('rejects duplicate services and duplicate ports', () => {
    const svc = { ...dns, ports: [...dns.ports, { name: 'dns-udp', port: 53, protocol: 'UDP' }] };
    expect(problems(bgpSite([{ ...dns, pool: 'edge-vips' }, { ...svc, pool: 'edge-vips' }]), EDGE)).toEqual([
      'spec.cilium.services[1].name: service dns/powerdns is already defined by spec.cilium.services[0]',
      'spec.cilium.services[1].ports[1].name: port name "dns-udp" is already used by ports[0]',
      'spec.cilium.services[1].ports[1].port: 53/UDP is already used by ports[0]',
    ]);
  });

  it('rejects externalTrafficPolicy Local on an L2-announced Service and says why; BGP sites are fine', () => {
    const found = load({ l2Announcements: { enabled: true }, loadBalancer: { pools: [{ name: 'lab', blocks: ['10.20.0.224/28'] }] }, services: [dns] });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.cilium.services[0].externalTrafficPolicy',
        'Local does not work with L2 announcements: the node that wins the lease answers ARP for the IP whether or not it runs a backend, and with Local it drops the traffic',
        'set externalTrafficPolicy: Cluster, or announce this Service with BGP and keep it out of l2Announcements.serviceSelector',
      ],
    ]);
    expect(problems({ l2Announcements: { enabled: true }, loadBalancer: { pools: [{ name: 'lab', blocks: ['10.20.0.224/28'] }] }, services: [{ ...dns, externalTrafficPolicy: 'Cluster' }] })).toEqual([]);
    expect(problems(bgpSite([{ ...dns, ip: '198.51.100.53' }]), EDGE, 'all')).toEqual([]);
  });

  it('warns when Services have no pool to take an address from', () => {
    expect(problems({ l2Announcements: { enabled: true }, services: [{ ...dns, externalTrafficPolicy: 'Cluster' }] }, {}, 'all')).toEqual([
      'spec.cilium.services: warning: LoadBalancer Services need an address, but spec.cilium.loadBalancer.pools is empty, so they stay Pending',
    ]);
  });
});

describe('Gateway API checks', () => {
  const LAB_POOL = { pools: [{ name: 'lab', blocks: ['10.20.0.224/28'] }] };
  const GATEWAY = {
    name: 'lab-gw',
    namespace: 'gateway',
    listeners: [
      { name: 'app-https', hostname: 'app.lab.example.org', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateSecret: 'app-lab-tls' } },
      { name: 'db-tls', hostname: 'db.lab.example.org', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
    ],
  };
  const site = (extra: object, experimental = true) => ({
    l2Announcements: { enabled: true },
    loadBalancer: LAB_POOL,
    gatewayAPI: { enabled: true, experimental },
    gateways: [GATEWAY],
    ...extra,
  });
  const http = { kind: 'HTTPRoute', name: 'app', namespace: 'gateway', gateway: 'lab-gw', listener: 'app-https', backends: [{ name: 'app', port: 80 }] };
  const tls = { kind: 'TLSRoute', name: 'db', namespace: 'gateway', gateway: 'lab-gw', listener: 'db-tls', backends: [{ name: 'db', port: 5432 }] };

  it('accepts the chromebox-lab gateway with an HTTPRoute and a TLSRoute', () => {
    expect(problems(site({ routes: [http, tls] }), {}, 'all')).toEqual([]);
  });

  it('rejects routes to an unknown gateway or listener, with file:line:col', () => {
    expect(load(site({ routes: [{ ...http, gateway: 'edge' }, { ...http, name: 'b', listener: 'https' }] })).lines).toEqual([
      'cluster.yaml:66:18 spec.cilium.routes[0].gateway: gateway "edge" is not in spec.cilium.gateways (lab-gw)',
      'cluster.yaml:75:19 spec.cilium.routes[1].listener: listener "https" is not a listener of gateway lab-gw (app-https, db-tls)',
    ]);
  });

  it('rejects a TLSRoute without the experimental CRDs', () => {
    expect(problems(site({ routes: [tls] }, false))).toEqual([
      'spec.cilium.routes[0].kind: TLSRoute needs spec.cilium.gatewayAPI.experimental: true; Gateway API v1.3 ships TLSRoute (v1alpha2) only in its experimental CRDs',
    ]);
  });

  it('rejects route kinds that do not match the listener: HTTP on passthrough, TLSRoute on a terminating listener', () => {
    expect(problems(site({ routes: [{ ...http, listener: 'db-tls' }, { ...tls, listener: 'app-https' }] }))).toEqual([
      'spec.cilium.routes[0].listener: HTTPRoute cannot attach to listener db-tls of gateway lab-gw (protocol TLS, Passthrough): it routes TLS by SNI without decrypting, so there is no HTTP to route',
      'spec.cilium.routes[1].listener: TLSRoute cannot attach to listener app-https of gateway lab-gw (protocol HTTPS, Terminate): TLSRoutes need a TLS listener in Passthrough mode',
    ]);
    const httpsOnly = { ...GATEWAY, listeners: [GATEWAY.listeners[0]] };
    expect(problems(site({ gateways: [httpsOnly], routes: [{ ...tls, listener: undefined }] }))).toEqual([
      'spec.cilium.routes[0].kind: gateway lab-gw has no listener for TLSRoute (protocol TLS)',
    ]);
  });

  it('rejects listeners whose TLS settings contradict their protocol', () => {
    const listeners = [
      { name: 'a', port: 443, protocol: 'HTTPS', tls: { mode: 'Passthrough' } },
      { name: 'b', port: 444, protocol: 'HTTPS' },
      { name: 'c', port: 80, protocol: 'HTTP', tls: { mode: 'Terminate' } },
      { name: 'd', port: 8443, protocol: 'TLS', tls: { certificateSecret: 'x' } },
      { name: 'd', port: 8443, protocol: 'TLS' },
    ];
    expect(problems(site({ gateways: [{ ...GATEWAY, listeners }] }), {}, 'all')).toEqual([
      'spec.cilium.gateways[0].listeners[0].tls.mode: HTTPS listeners only terminate TLS',
      'spec.cilium.gateways[0].listeners[1].protocol: HTTPS listener b terminates TLS but names no tls.certificateSecret',
      'spec.cilium.gateways[0].listeners[2].tls: HTTP listeners carry no TLS',
      'spec.cilium.gateways[0].listeners[3].tls.certificateSecret: warning: is ignored in Passthrough mode: the Gateway does not decrypt, the backend presents its own certificate',
      'spec.cilium.gateways[0].listeners[4].name: listener name "d" is already used by listeners[3]',
      'spec.cilium.gateways[0].listeners[4].port: port 8443, protocol TLS and hostname (any) are already used by listeners[3]',
    ]);
  });

  it('rejects a hostname served twice on one port, even by different protocols', () => {
    const listeners = [
      { name: 'web', port: 443, protocol: 'HTTPS', hostname: 'app.lab.example.org', tls: { certificateSecret: 'app-tls' } },
      { name: 'raw', port: 443, protocol: 'TLS', hostname: 'app.lab.example.org' },
      { name: 'other', port: 443, protocol: 'TLS', hostname: 'db.lab.example.org' },
    ];
    expect(problems(site({ gateways: [{ ...GATEWAY, listeners }] }))).toEqual([
      'spec.cilium.gateways[0].listeners[1].port: hostname app.lab.example.org on port 443 is already served by listeners[0] (HTTPS); the Gateway would mark both Conflicted',
    ]);
  });

  it('rejects a route whose weights are all zero', () => {
    const zero = { ...http, backends: [{ name: 'a', port: 80, weight: 0 }, { name: 'b', port: 80, weight: 0 }] };
    expect(problems(site({ routes: [zero] }))).toEqual(['spec.cilium.routes[0].backends: every weight is 0, so the route sends no traffic']);
  });

  it('rejects duplicate gateway names and duplicate routes', () => {
    expect(problems(site({ gateways: [GATEWAY, { ...GATEWAY, namespace: 'other' }], routes: [http, http] }))).toEqual([
      'spec.cilium.gateways[1].name: gateway name "lab-gw" is already used by spec.cilium.gateways[0]; routes refer to gateways by name',
      'spec.cilium.routes[1].name: HTTPRoute gateway/app is already defined by spec.cilium.routes[0]',
    ]);
  });

  it('rejects a gateway pool that does not exist or cannot select its Service', () => {
    const pools = { pools: [{ name: 'lab', blocks: ['10.20.0.224/28'], serviceSelector: { matchLabels: { 'io.kubernetes.service.namespace': 'ingress' } } }] };
    expect(problems(site({ loadBalancer: pools, gateways: [{ ...GATEWAY, pool: 'lab' }, { ...GATEWAY, name: 'b', pool: 'nope' }] }))).toEqual([
      'spec.cilium.gateways[0].pool: pool lab does not select the Service of gateway gateway/cilium-gateway-lab-gw: its serviceSelector needs io.kubernetes.service.namespace=ingress',
      'spec.cilium.gateways[1].pool: pool "nope" is not in spec.cilium.loadBalancer.pools (lab)',
    ]);
  });

  it('rejects gateways and routes while Gateway API is off', () => {
    expect(problems({ gateways: [GATEWAY], routes: [http] })).toEqual([
      'spec.cilium.gateways: Gateways need spec.cilium.gatewayAPI.enabled: true',
      'spec.cilium.routes: routes need spec.cilium.gatewayAPI.enabled: true',
    ]);
  });
});

describe('default-deny checks', () => {
  it('rejects exempt namespaces without kube-system or the GitOps engine namespace', () => {
    const found = load({ defaultDeny: { enabled: true, exemptNamespaces: ['monitoring'] } });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.cilium.defaultDeny.exemptNamespaces',
        'must include flux-system: the flux controllers fetch from Git and chart repositories, and once cut off they cannot sync a fix to this policy',
        'add flux-system, or set defaultDeny.enabled: false until flux has its own policy',
      ],
      [
        'spec.cilium.defaultDeny.exemptNamespaces',
        'must include kube-system: kube-dns, the Cilium operator and Hubble run there, and under default deny kube-dns would refuse every query',
        undefined,
      ],
    ]);
  });

  it('accepts kube-system and flux-system, and warns which namespaces with LoadBalancer Services or Gateway backends stay closed', () => {
    expect(problems({ defaultDeny: { enabled: true, exemptNamespaces: ['kube-system', 'flux-system'] } }, {}, 'all')).toEqual([]);
    const spec = {
      l2Announcements: { enabled: true },
      loadBalancer: { pools: [{ name: 'lab', blocks: ['10.20.0.224/28'] }] },
      services: [{ name: 'dns', namespace: 'dns', selector: { app: 'dns' }, externalTrafficPolicy: 'Cluster', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }],
      defaultDeny: { enabled: true, exemptNamespaces: ['kube-system', 'flux-system'] },
    };
    expect(problems(spec, {}, 'all')).toEqual([
      'spec.cilium.defaultDeny.enabled: warning: LoadBalancer Services and Gateway backends in dns receive nothing under default deny until a policy there allows it',
    ]);
  });
});

describe('Multus checks', () => {
  const LAN = { name: 'lan', namespace: 'home', master: 'enp2s0' };
  const HOST_LOCAL = { type: 'host-local', subnet: '10.20.0.0/24', rangeStart: '10.20.0.100', rangeEnd: '10.20.0.119' };
  const ONE_NODE = { network: { ...LAB_NETWORK, nodes: LAB_NETWORK.nodes.slice(0, 1) } };
  const multus = (...networks: object[]) => ({ operatorReplicas: 1, multus: { enabled: true, networks } });

  it('accepts a DHCP macvlan network on a NIC and on a VLAN device', () => {
    expect(problems(multus(LAN, { ...LAN, name: 'iot', master: 'enp2s0.20' }), {}, 'all')).toEqual([]);
  });

  it('rejects networks while Multus is off, at the file position of the list', () => {
    const { lines } = load({ multus: { networks: [LAN] } });
    expect(lines).toEqual(['cluster.yaml:37:9 spec.cilium.multus.networks: Multus networks need spec.cilium.multus.enabled: true']);
  });

  it('rejects a network name used twice in one namespace, not across namespaces', () => {
    expect(problems(multus(LAN, { ...LAN, namespace: 'lab' }, { ...LAN, master: 'eth1' }))).toEqual([
      'spec.cilium.multus.networks[2].name: network home/lan is already defined by spec.cilium.multus.networks[0]',
    ]);
  });

  it('rejects a master that is a pattern or an ip-link spelling rather than an interface name', () => {
    expect(problems(multus({ ...LAN, master: 'enp+' }, { ...LAN, name: 'b', master: 'eth0.20@eth0' }, { ...LAN, name: 'c', master: 'a-very-long-ifname0' }))).toEqual([
      `spec.cilium.multus.networks[0].master: "enp+" is not an interface name: macvlan needs one host interface, 1–15 letters, digits, '.', '-' or '_'`,
      `spec.cilium.multus.networks[1].master: "eth0.20@eth0" is not an interface name: macvlan needs one host interface, 1–15 letters, digits, '.', '-' or '_'`,
      `spec.cilium.multus.networks[2].master: "a-very-long-ifname0" is not an interface name: macvlan needs one host interface, 1–15 letters, digits, '.', '-' or '_'`,
    ]);
  });

  it('warns that passthru gives the master to one pod per node, and names a second network on the same master', () => {
    expect(problems(multus({ ...LAN, mode: 'passthru' }, { ...LAN, name: 'b', mode: 'passthru' }), {}, 'all')).toEqual([
      'spec.cilium.multus.networks[0].mode: warning: passthru gives enp2s0 to a single pod per node; further pods on that node fail to start',
      'spec.cilium.multus.networks[1].mode: warning: passthru gives enp2s0 to a single pod per node, and spec.cilium.multus.networks[0] passes it through as well; further pods on that node fail to start',
    ]);
  });

  it('accepts a host-local range inside the node subnet, clear of pools and nodes, on a one-node cluster', () => {
    expect(problems(multus({ ...LAN, ipam: { ...HOST_LOCAL, gateway: '10.20.0.1' } }), ONE_NODE, 'all')).toEqual([]);
  });

  it('rejects host-local without a range, and DHCP with one', () => {
    expect(problems(multus({ ...LAN, ipam: { type: 'host-local', subnet: '10.20.0.0/24' } }, { ...LAN, name: 'b', ipam: { type: 'dhcp', subnet: '10.20.0.0/24' } }), ONE_NODE)).toEqual([
      'spec.cilium.multus.networks[0].ipam.type: host-local IPAM needs rangeStart, rangeEnd',
      'spec.cilium.multus.networks[1].ipam.subnet: subnet is for host-local IPAM; DHCP takes the subnet and range from the DHCP server',
    ]);
  });

  it('rejects a host-local range outside its subnet, inverted, or with the gateway inside it', () => {
    const ipam = (name: string, o: object) => ({ ...LAN, name, ipam: { ...HOST_LOCAL, ...o } });
    expect(problems(multus(ipam('a', { rangeEnd: '10.20.1.5' }), ipam('b', { rangeStart: '10.20.0.120' }), ipam('c', { gateway: '10.20.0.110' })), ONE_NODE)).toEqual([
      'spec.cilium.multus.networks[0].ipam.rangeStart: range 10.20.0.100-10.20.1.5 is not inside subnet 10.20.0.0/24',
      'spec.cilium.multus.networks[1].ipam.rangeStart: rangeStart 10.20.0.120 must not be after rangeEnd 10.20.0.119 (and both of one address family)',
      'spec.cilium.multus.networks[2].ipam.gateway: 10.20.0.110 lies in the range 10.20.0.100-10.20.0.119, so a pod could be given the gateway\'s address',
    ]);
  });

  it('rejects a host-local range that overlaps a LoadBalancer pool or holds a node address', () => {
    const spec = {
      ...multus({ ...LAN, ipam: { ...HOST_LOCAL, rangeStart: '10.20.0.11', rangeEnd: '10.20.0.230' } }),
      loadBalancer: { pools: [{ name: 'lab', blocks: ['10.20.0.224/28'] }] },
      l2Announcements: { enabled: true },
    };
    expect(problems(spec, ONE_NODE)).toEqual([
      'spec.cilium.multus.networks[0].ipam.rangeStart: range 10.20.0.11-10.20.0.230 contains the address 10.20.0.11 of node chromebox-1',
      'spec.cilium.multus.networks[0].ipam.rangeStart: range 10.20.0.11-10.20.0.230 overlaps spec.cilium.loadBalancer.pools[0].blocks[0] 10.20.0.224/28; LB-IPAM and host-local would hand out the same addresses',
    ]);
  });

  it('warns about a host-local range outside the node subnet and about per-node allocation on several nodes', () => {
    const ipam = { type: 'host-local', subnet: '192.168.50.0/24', rangeStart: '192.168.50.100', rangeEnd: '192.168.50.119' };
    expect(problems(multus({ ...LAN, ipam }), {}, 'all')).toEqual([
      'spec.cilium.multus.networks[0].ipam.type: warning: host-local keeps its allocations per node, so the 3 nodes hand out the same addresses of 192.168.50.100-192.168.50.119 on one shared segment',
      'spec.cilium.multus.networks[0].ipam.subnet: warning: range 192.168.50.100-192.168.50.119 is outside spec.network.nodeSubnet 10.20.0.0/24; pods reach it only if enp2s0 is on that network',
    ]);
  });
});
