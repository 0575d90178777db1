import { EDGE_NETWORK, LAB_NETWORK, type SpecOptions } from './spec.ts';

/** One example cluster: its `spec.cilium` block and the core fields it is checked against. */
export interface Example {
  readonly cilium: object;
  readonly opts: SpecOptions;
}

/** clusters/chromebox-lab: KPR, native routing, L2 announcements, WireGuard, Gateway API (HTTPS terminate, TLS passthrough, 90/10 canary), Hubble. */
export const CHROMEBOX_LAB: Example = {
  opts: { name: 'chromebox-lab', network: LAB_NETWORK, apiServer: { host: '10.20.0.11', port: 6443 } },
  cilium: {
    enabled: true,
    kubeProxyReplacement: true,
    routing: { mode: 'native', autoDirectNodeRoutes: true },
    bpfMasquerade: true,
    loadBalancer: { pools: [{ name: 'lab', blocks: ['10.20.0.224/27'] }] },
    l2Announcements: { enabled: true, leaseDuration: '3s', leaseRenewDeadline: '1s', leaseRetryPeriod: '200ms' },
    gatewayAPI: { enabled: true, experimental: true },
    encryption: { wireguard: true, nodeEncryption: true },
    podMTU: 1420,
    hubble: { relay: true, ui: true, metrics: ['dns', 'drop', 'tcp', 'flow', 'port-distribution', 'icmp', 'httpV2:exemplars=true'] },
    gateways: [
      {
        name: 'lab-gw',
        namespace: 'gateway',
        listeners: [
          { name: 'app-https', hostname: 'app.lab.example.org', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateSecret: 'app-lab-tls' } },
          { name: 'db-tls', hostname: 'db.lab.example.org', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
        ],
      },
    ],
    routes: [
      {
        kind: 'HTTPRoute',
        name: 'app',
        namespace: 'gateway',
        gateway: 'lab-gw',
        listener: 'app-https',
        hostnames: ['app.lab.example.org'],
        backends: [
          { name: 'app-stable', namespace: 'apps', port: 80, weight: 90 },
          { name: 'app-canary', namespace: 'apps', port: 80, weight: 10 },
        ],
      },
      {
        kind: 'TLSRoute',
        name: 'db',
        namespace: 'gateway',
        gateway: 'lab-gw',
        listener: 'db-tls',
        hostnames: ['db.lab.example.org'],
        backends: [{ name: 'db', namespace: 'apps', port: 5432 }],
      },
    ],
  },
};

/** clusters/homelab: Maglev + DSR, native routing, BPF masquerade, endpoint routes, Multus, L2 announcements, default deny. */
export const HOMELAB: Example = {
  opts: {
    name: 'homelab',
    network: {
      nodeSubnet: '192.168.1.0/24',
      nodes: [
        { name: 'hl-cp-1', address: '192.168.1.11', roles: ['control-plane', 'worker'] },
        { name: 'hl-worker-1', address: '192.168.1.21', roles: ['worker'] },
        { name: 'hl-worker-2', address: '192.168.1.22', roles: ['worker'] },
      ],
      podCIDR: '10.69.0.0/16',
      serviceCIDR: '10.96.0.0/16',
      mtu: 1500,
    },
    apiServer: { host: '192.168.1.10', port: 6443 },
  },
  cilium: {
    enabled: true,
    kubeProxyReplacement: true,
    routing: { mode: 'native', autoDirectNodeRoutes: true },
    loadBalancer: {
      algorithm: 'maglev',
      mode: 'dsr',
      dsrDispatch: 'opt',
      maglevTableSize: 16381,
      pools: [
        { name: 'internal', blocks: ['192.168.1.224/28'] },
        { name: 'external', blocks: [{ start: '192.168.1.240', stop: '192.168.1.250' }], serviceSelector: { matchLabels: { 'strata.dev/exposure': 'external' } } },
      ],
    },
    bpfMasquerade: true,
    endpointRoutes: true,
    multus: true,
    l2Announcements: { enabled: true },
    hubble: { relay: true },
    defaultDeny: { enabled: true, exemptNamespaces: ['kube-system', 'flux-system'] },
  },
};

/** clusters/edge-bgp: BGP ECMP to two routers, jumbo frames, Maglev so every ECMP path picks the same backend, DNS and Kafka on the L4 fast path. */
export const EDGE_BGP: Example = {
  opts: { name: 'edge-bgp', network: EDGE_NETWORK, apiServer: { host: '172.16.10.10', port: 6443 } },
  cilium: {
    enabled: true,
    kubeProxyReplacement: true,
    routing: { mode: 'native', autoDirectNodeRoutes: true },
    bpfMasquerade: true,
    loadBalancer: {
      algorithm: 'maglev',
      pools: [
        { name: 'edge-vips', blocks: ['198.51.100.0/27'] },
        { name: 'dns', blocks: ['198.51.100.53/32'], serviceSelector: { matchLabels: { 'io.kubernetes.service.namespace': 'dns' } } },
      ],
    },
    bgp: {
      enabled: true,
      localASN: 65010,
      peers: [
        { name: 'router-1', address: '172.16.10.1', asn: 65000 },
        { name: 'router-2', address: '172.16.10.2', asn: 65000 },
      ],
      ecmpMaxPaths: 4,
      gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
      timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
      advertise: { loadBalancerIPs: true, communities: ['65010:100'] },
    },
    hubble: { relay: true, metrics: ['dns', 'drop', 'tcp', 'flow'] },
    services: [
      {
        name: 'powerdns',
        namespace: 'dns',
        selector: { 'app.kubernetes.io/name': 'powerdns' },
        pool: 'dns',
        ip: '198.51.100.53',
        ports: [
          { name: 'dns-udp', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      },
      {
        name: 'kafka',
        namespace: 'kafka',
        selector: { 'app.kubernetes.io/name': 'redpanda' },
        pool: 'edge-vips',
        ports: [{ name: 'kafka-tls', port: 9093, protocol: 'TCP' }],
      },
    ],
  },
};
