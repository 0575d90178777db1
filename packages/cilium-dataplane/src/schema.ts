import { type BlockOf, mergeByKey, replaceOnMerge, dnsLabelSchema, durationSchema } from '@strata/core';
import type { JSONSchema } from 'json-schema-to-ts';
import { CILIUM_VERSIONS, DEFAULT_CILIUM_VERSION, DEFAULT_MULTUS_VERSION, MULTUS_VERSIONS } from './pins.ts';

const objectName = dnsLabelSchema;

/** A host name or `*.` wildcard, as Gateway API listeners and routes take them. */
const hostname = {
  type: 'string',
  pattern: '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  maxLength: 253,
} as const;

const duration = durationSchema;

const matchLabels = {
  type: 'object',
  description: 'Label selector (`matchLabels`): all labels must match.',
  additionalProperties: false,
  required: ['matchLabels'],
  properties: {
    matchLabels: {
      type: 'object',
      description: 'Label key → value.',
      additionalProperties: { type: 'string' },
    },
  },
} as const;

const asn = { type: 'integer', minimum: 1, maximum: 4294967295 } as const;

/** Maglev lookup table sizes Cilium accepts (primes; reference/cilium.md §3). */
export const MAGLEV_TABLE_SIZES = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071] as const;

/** JSON Schema of `spec.cilium`. */
export const schema = {
  type: 'object',
  description: 'Cilium: CNI, kube-proxy replacement, LoadBalancer IPs with L2 or BGP announcements, Gateway API, encryption, Hubble.',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Install Cilium and its custom resources.' },
    version: {
      type: 'string',
      enum: CILIUM_VERSIONS,
      default: DEFAULT_CILIUM_VERSION,
      description: 'Cilium Helm chart version (chart `cilium` from https://helm.cilium.io/).',
    },
    kubeProxyReplacement: {
      type: 'boolean',
      default: true,
      description:
        'Replace kube-proxy with eBPF (`kubeProxyReplacement`). Needs `spec.kubernetes.apiServer` (→ `k8sServiceHost`/`k8sServicePort`).',
    },
    routing: {
      type: 'object',
      description: 'How pod traffic crosses nodes.',
      additionalProperties: false,
      default: {},
      properties: {
        mode: {
          type: 'string',
          enum: ['native', 'tunnel'],
          default: 'tunnel',
          description: '`native` routes pod CIDRs on the underlay (`routingMode: native`, `ipv4NativeRoutingCIDR` = pod CIDR); `tunnel` encapsulates.',
        },
        tunnelProtocol: {
          type: 'string',
          enum: ['vxlan', 'geneve'],
          default: 'vxlan',
          description: 'Encapsulation in tunnel mode (`tunnelProtocol`).',
        },
        autoDirectNodeRoutes: {
          type: 'boolean',
          default: false,
          description: 'Install routes to other nodes\' pod CIDRs (`autoDirectNodeRoutes`); native routing with all nodes on one L2 segment only.',
        },
      },
    },
    ipam: {
      type: 'object',
      description: 'Pod IP allocation: Cilium cluster-pool IPAM over `spec.network.podCIDR`.',
      additionalProperties: false,
      default: {},
      properties: {
        maskSize: {
          type: 'integer',
          minimum: 16,
          maximum: 30,
          default: 24,
          description:
            'Prefix length of each node\'s pod block (`ipam.operator.clusterPoolIPv4MaskSize`). The IPv4 `spec.network.podCIDR` holds 2^(maskSize − its prefix) blocks, one per node: fewer blocks than `spec.network.nodes` is an error, fewer than max(2, 25 % of the nodes) to spare a warning, and a block with room for fewer than 110 pods (the kubelet default) a warning.',
        },
      },
    },
    loadBalancer: {
      type: 'object',
      description: 'Service load balancing and LoadBalancer IP pools (LB IPAM).',
      additionalProperties: false,
      default: {},
      properties: {
        algorithm: {
          type: 'string',
          enum: ['random', 'maglev'],
          default: 'random',
          description: 'Backend selection (`loadBalancer.algorithm`); `maglev` is consistent hashing for north-south traffic.',
        },
        mode: {
          type: 'string',
          enum: ['snat', 'dsr', 'hybrid'],
          default: 'snat',
          description: 'How NodePort/LB traffic reaches remote backends (`loadBalancer.mode`); `hybrid` = DSR for TCP, SNAT for UDP.',
        },
        dsrDispatch: {
          type: 'string',
          enum: ['opt', 'ipip', 'geneve'],
          default: 'opt',
          description: 'How DSR carries the service address (`loadBalancer.dsrDispatch`); `opt` needs native routing.',
        },
        maglevTableSize: {
          type: 'integer',
          enum: MAGLEV_TABLE_SIZES,
          default: 16381,
          description: 'Maglev table size, a prime > 100 × max backends per service (`maglev.tableSize`).',
        },
        pools: {
          type: 'array',
          ...mergeByKey('name'),
          default: [],
          description: 'LoadBalancer IP pools, one CiliumLoadBalancerIPPool each.',
          items: {
            type: 'object',
            description: 'A CiliumLoadBalancerIPPool.',
            additionalProperties: false,
            required: ['name', 'blocks'],
            properties: {
              name: { ...objectName, description: 'Pool name (`metadata.name`).' },
              blocks: {
                type: 'array',
                ...replaceOnMerge,
                minItems: 1,
                description: 'Address blocks: a CIDR (`10.0.10.0/28`) or a range `{start, stop}`.',
                items: {
                  anyOf: [
                    { type: 'string', format: 'cidr', description: 'A CIDR block; host bits must be zero.' },
                    {
                      type: 'object',
                      description: 'An inclusive address range.',
                      additionalProperties: false,
                      required: ['start', 'stop'],
                      properties: {
                        start: { type: 'string', format: 'ip', description: 'First address.' },
                        stop: { type: 'string', format: 'ip', description: 'Last address.' },
                      },
                    },
                  ],
                },
              },
              serviceSelector: {
                ...matchLabels,
                description:
                  'Services that may take IPs from this pool (`spec.serviceSelector`); keys `io.kubernetes.service.namespace`/`.name` match namespace/name. Default: all.',
              },
            },
          },
        },
      },
    },
    bpfMasquerade: { type: 'boolean', default: false, description: 'eBPF masquerading instead of iptables (`bpf.masquerade`); needs kube-proxy replacement.' },
    endpointRoutes: { type: 'boolean', default: false, description: 'One route per endpoint instead of via cilium_host (`endpointRoutes.enabled`).' },
    devices: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Native devices for NodePort/LB and L2 (`devices`), names or globs like `enp+`. Default: auto-detected.',
    },
    podMTU: {
      type: 'integer',
      minimum: 1280,
      maximum: 9216,
      description:
        'Pod route MTU your workloads rely on. Checked against what Cilium derives from `spec.network.mtu` (minus tunnel and WireGuard overhead); not rendered.',
    },
    l2Announcements: {
      type: 'object',
      description: 'Answer ARP for LoadBalancer IPs from the node subnet (CiliumL2AnnouncementPolicy).',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Turn on L2 announcements (`l2announcements.enabled`).' },
        interfaces: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'Interfaces to announce on, Go regexes like `^eth[0-9]+` (policy `spec.interfaces`); each must select one of `devices` (a name, or a `+` prefix glob), since Cilium answers ARP on its devices only. With `devices` unset (auto-detected) this cannot be checked: a warning. Default: all.',
        },
        externalIPs: { type: 'boolean', default: false, description: 'Also announce Service externalIPs (policy `spec.externalIPs`).' },
        leaseDuration: { ...duration, default: '15s', description: 'Leader lease per service (`l2announcements.leaseDuration`).' },
        leaseRenewDeadline: { ...duration, default: '5s', description: 'Lease renew deadline (`l2announcements.leaseRenewDeadline`); below leaseDuration.' },
        leaseRetryPeriod: { ...duration, default: '2s', description: 'Lease retry period (`l2announcements.leaseRetryPeriod`).' },
        nodeSelector: { ...matchLabels, description: 'Nodes that may announce (policy `spec.nodeSelector`). Default: all.' },
        clientRateLimit: {
          type: 'object',
          description: 'Kubernetes client rate limit of the agent (`k8sClientRateLimit`); each announced service renews a lease, so size QPS ≈ services / leaseRenewDeadline.',
          additionalProperties: false,
          required: ['qps', 'burst'],
          properties: {
            qps: { type: 'integer', minimum: 1, maximum: 10000, description: 'Sustained requests per second (`k8sClientRateLimit.qps`; chart default 5).' },
            burst: { type: 'integer', minimum: 1, maximum: 20000, description: 'Burst (`k8sClientRateLimit.burst`; chart default 10).' },
          },
        },
        serviceSelector: { ...matchLabels, description: 'Services to announce (policy `spec.serviceSelector`). Default: all.' },
      },
    },
    bgp: {
      type: 'object',
      description: 'Cilium BGP control plane (v2 CRDs): peer with upstream routers and advertise LoadBalancer IPs.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Turn on the BGP control plane (`bgpControlPlane.enabled`).' },
        localASN: { ...asn, description: 'ASN of the cluster (CiliumBGPClusterConfig `localASN`).' },
        nodes: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: 'Names of the nodes that peer and advertise (ClusterConfig `nodeSelector` on `kubernetes.io/hostname`). Default: all nodes.',
        },
        peers: {
          type: 'array',
          ...mergeByKey('name'),
          default: [],
          description:
            'Upstream routers, each peered from every advertising node. Each address appears once, is not the cluster\'s own (a node, the API server, a pod, service or LoadBalancer address), and is of the node subnet\'s family; an eBGP peer off the node subnet sets `ebgpMultihop`.',
          items: {
            type: 'object',
            description: 'A BGP peer.',
            additionalProperties: false,
            required: ['name', 'address', 'asn'],
            properties: {
              name: { ...objectName, description: 'Peer name (`peers[].name`).' },
              address: { type: 'string', format: 'ip', description: 'Peer address (`peerAddress`).' },
              asn: { ...asn, description: 'Peer ASN (`peerASN`).' },
              ebgpMultihop: {
                type: 'integer',
                minimum: 1,
                maximum: 255,
                description:
                  'TTL of the BGP packets to an eBGP peer that is not on `spec.network.nodeSubnet` (CiliumBGPPeerConfig `ebgpMultihop`; Cilium\'s default 1 reaches directly attached routers alone): the router\'s hop count from the nodes. Peers with the same value share one PeerConfig, `bgp-peers-multihop-<ttl>`. eBGP peers only: Cilium ignores it for iBGP.',
              },
            },
          },
        },
        ecmpMaxPaths: {
          type: 'integer',
          minimum: 1,
          maximum: 256,
          description: 'Most equal-cost paths the routers install per prefix; more advertising nodes than this is an error.',
        },
        gracefulRestart: {
          type: 'object',
          description: 'BGP graceful restart (PeerConfig `gracefulRestart`).',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: true, description: 'Keep routes while the agent restarts.' },
            restartTimeSeconds: { type: 'integer', minimum: 1, maximum: 4095, default: 120, description: 'Restart time advertised to peers.' },
          },
        },
        timers: {
          type: 'object',
          description: 'BGP session timers (PeerConfig `timers`).',
          additionalProperties: false,
          default: {},
          properties: {
            holdTimeSeconds: { type: 'integer', minimum: 3, maximum: 65535, default: 90, description: 'Hold time.' },
            keepAliveTimeSeconds: { type: 'integer', minimum: 1, maximum: 65535, default: 30, description: 'Keepalive interval; at most a third of the hold time.' },
            connectRetryTimeSeconds: { type: 'integer', minimum: 1, maximum: 65535, default: 120, description: 'Connect retry interval.' },
          },
        },
        bfd: {
          type: 'object',
          description: 'BFD is not available in open-source Cilium; asking for it is an error that says where to configure it instead.',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean', default: false, description: 'Request BFD for the BGP sessions (rejected).' },
          },
        },
        advertise: {
          type: 'object',
          description: 'What the cluster advertises (CiliumBGPAdvertisement).',
          additionalProperties: false,
          default: {},
          properties: {
            loadBalancerIPs: { type: 'boolean', default: true, description: 'Advertise Service LoadBalancer IPs (`advertisementType: Service`, `LoadBalancerIP`).' },
            communities: {
              type: 'array',
              items: { type: 'string', pattern: '^[0-9]{1,5}:[0-9]{1,5}$' },
              description: 'Standard communities (`65000:100`) attached to the routes.',
            },
            localPreference: {
              type: 'integer',
              minimum: 0,
              maximum: 4294967295,
              description: 'LOCAL_PREF attached to the routes (iBGP peers only).',
            },
          },
        },
      },
    },
    gatewayAPI: {
      type: 'object',
      description: 'Cilium as Gateway API implementation (GatewayClass `cilium`); installs the Gateway API CRDs first.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Turn on Gateway API (`gatewayAPI.enabled`); needs kube-proxy replacement.' },
        experimental: {
          type: 'boolean',
          default: false,
          description: 'Install the experimental CRD channel (TLSRoute for TLS passthrough) instead of the standard one.',
        },
        hostNetwork: {
          type: 'boolean',
          default: false,
          description: 'Envoy listens on the node addresses instead of a LoadBalancer Service (`gatewayAPI.hostNetwork.enabled`).',
        },
      },
    },
    encryption: {
      type: 'object',
      description: 'Transparent encryption between nodes.',
      additionalProperties: false,
      default: {},
      properties: {
        wireguard: { type: 'boolean', default: false, description: 'Encrypt pod traffic with WireGuard (`encryption.type: wireguard`, UDP 51871).' },
        nodeEncryption: { type: 'boolean', default: false, description: 'Also encrypt host-network traffic (`encryption.nodeEncryption`); WireGuard only.' },
      },
    },
    hubble: {
      type: 'object',
      description: 'Hubble flow observability (in-cluster TLS certificates made by a CronJob, never rendered).',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Hubble server in the agent (`hubble.enabled`).' },
        relay: { type: 'boolean', default: false, description: 'Hubble Relay (`hubble.relay.enabled`).' },
        ui: { type: 'boolean', default: false, description: 'Hubble UI (`hubble.ui.enabled`); needs the relay.' },
        metrics: {
          type: 'array',
          default: [],
          items: { type: 'string', minLength: 1 },
          description: 'Hubble metrics (`hubble.metrics.enabled`), e.g. `dns`, `drop`, `tcp`, `flow`, `httpV2:exemplars=true`.',
        },
      },
    },
    prometheus: {
      type: 'object',
      description: 'Prometheus metrics of agent, operator and Hubble.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Agent (`prometheus.enabled`, 9962) and operator (9963) metrics.' },
        serviceMonitors: {
          type: 'boolean',
          default: false,
          description: 'ServiceMonitors for them (needs the Prometheus operator CRDs; `trustCRDsExist: true`).',
        },
      },
    },
    operatorReplicas: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 2,
      description: 'cilium-operator replicas (`operator.replicas`); required anti-affinity puts one per node.',
    },
    multus: {
      type: 'object',
      description:
        'Multus (thick plugin) for side networks next to Cilium: macvlan NetworkAttachmentDefinitions on a host interface. Turns Cilium\'s `cni.exclusive` off.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: {
          type: 'boolean',
          default: false,
          description: 'Install Multus (DaemonSet `kube-multus-ds` in kube-system and the NetworkAttachmentDefinition CRD) and set Cilium `cni.exclusive: false`.',
        },
        version: {
          type: 'string',
          enum: MULTUS_VERSIONS,
          default: DEFAULT_MULTUS_VERSION,
          description: 'Multus release; the image `ghcr.io/k8snetworkplumbingwg/multus-cni:<version>-thick` is pinned by digest in pins.ts.',
        },
        cniBinDir: {
          type: 'string',
          pattern: '^/[^\\s]*$',
          default: '/opt/cni/bin',
          description:
            'Host folder the container runtime runs CNI plugins from: Multus installs `multus-shim` there and runs `macvlan` and `dhcp` from it (daemon config `binDir`).',
        },
        networks: {
          type: 'array',
          ...mergeByKey('namespace', 'name'),
          default: [],
          description: 'Side networks, one NetworkAttachmentDefinition (k8s.cni.cncf.io/v1) each; pods join with the annotation `k8s.v1.cni.cncf.io/networks: <name>`.',
          items: {
            type: 'object',
            description: 'A macvlan network on a host interface.',
            additionalProperties: false,
            required: ['name', 'namespace', 'master'],
            properties: {
              name: { ...objectName, description: 'NetworkAttachmentDefinition name (`metadata.name`); pods name it in their networks annotation.' },
              namespace: { ...objectName, description: 'Namespace of the NetworkAttachmentDefinition (`metadata.namespace`); pods of that namespace can use it.' },
              master: {
                type: 'string',
                minLength: 1,
                description: 'Host interface the macvlan devices hang off (CNI `master`), e.g. `enp2s0` or a VLAN device `enp2s0.20`; the same name on every node.',
              },
              mode: {
                type: 'string',
                enum: ['bridge', 'private', 'vepa', 'passthru'],
                default: 'bridge',
                description:
                  'macvlan mode (CNI `mode`): `bridge` lets pods on one node talk to each other directly; `passthru` hands the whole interface to one pod per node.',
              },
              mtu: {
                type: 'integer',
                minimum: 576,
                maximum: 9216,
                description: 'MTU of the pod interface (CNI `mtu`); at most the master\'s. Default: the master\'s.',
              },
              ipam: {
                type: 'object',
                description: 'How pods get addresses on this network (CNI `ipam`).',
                additionalProperties: false,
                default: { type: 'dhcp' },
                required: ['type'],
                properties: {
                  type: {
                    type: 'string',
                    enum: ['dhcp', 'host-local'],
                    description:
                      '`dhcp` asks the network\'s DHCP server (strata renders the CNI DHCP daemon); `host-local` hands out `rangeStart`–`rangeEnd` of `subnet`, tracked per node.',
                  },
                  subnet: { type: 'string', format: 'cidr', description: 'host-local: the network\'s subnet (`ranges[0][0].subnet`).' },
                  rangeStart: { type: 'string', format: 'ip', description: 'host-local: first address handed out (`rangeStart`); inside `subnet`.' },
                  rangeEnd: { type: 'string', format: 'ip', description: 'host-local: last address handed out (`rangeEnd`); inside `subnet`.' },
                  gateway: { type: 'string', format: 'ip', description: 'host-local: default gateway for the pod interface (`gateway`). Default: none.' },
                },
              },
            },
          },
        },
      },
    },
    services: {
      type: 'array',
      ...mergeByKey('namespace', 'name'),
      default: [],
      description: 'L4 fast-path services: `type: LoadBalancer` Services served by eBPF (no L7 proxy), e.g. DNS on 53/UDP+TCP or Kafka TLS on 9093.',
      items: {
        type: 'object',
        description: 'A LoadBalancer Service (v1 Service `type: LoadBalancer`).',
        additionalProperties: false,
        required: ['name', 'namespace', 'selector', 'ports'],
        properties: {
          name: { ...objectName, description: 'Service name (`metadata.name`).' },
          namespace: { ...objectName, description: 'Namespace of the Service and its pods (`metadata.namespace`).' },
          selector: {
            type: 'object',
            description: 'Pod labels of the backends (`spec.selector`).',
            minProperties: 1,
            additionalProperties: { type: 'string' },
          },
          ports: {
            type: 'array',
            ...mergeByKey('name'),
            minItems: 1,
            description: 'Ports (`spec.ports`); one Service may mix UDP and TCP (DNS on 53/UDP and 53/TCP shares one address).',
            items: {
              type: 'object',
              description: 'A service port.',
              additionalProperties: false,
              required: ['name', 'port'],
              properties: {
                name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 15, description: 'Port name (`ports[].name`), unique in the Service.' },
                port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port on the LoadBalancer IP (`ports[].port`).' },
                protocol: { type: 'string', enum: ['TCP', 'UDP'], default: 'TCP', description: 'Transport protocol (`ports[].protocol`).' },
                targetPort: {
                  anyOf: [
                    { type: 'integer', minimum: 1, maximum: 65535, description: 'Container port number.' },
                    { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 15, description: 'Named container port.' },
                  ],
                  description: 'Pod port (`ports[].targetPort`). Default: the same as `port`.',
                },
              },
            },
          },
          pool: {
            ...objectName,
            description:
              'Name of a `loadBalancer.pools` entry to take the address from: the Service gets the labels that pool\'s `serviceSelector` asks for. Default: any pool that selects it.',
          },
          ip: {
            type: 'string',
            format: 'ip',
            description: 'Fixed LoadBalancer IP (annotation `lbipam.cilium.io/ips`); must lie in `pool` (or, without `pool`, in some pool).',
          },
          externalTrafficPolicy: {
            type: 'string',
            enum: ['Local', 'Cluster'],
            default: 'Local',
            description: '`Local` keeps the client IP and only nodes with a backend take traffic (`spec.externalTrafficPolicy`); not with L2 announcements.',
          },
        },
      },
    },
    gateways: {
      type: 'array',
      ...mergeByKey('namespace', 'name'),
      default: [],
      description: 'Gateway API Gateways of GatewayClass `cilium` (the chart creates the class); needs `gatewayAPI.enabled`.',
      items: {
        type: 'object',
        description: 'A Gateway (gateway.networking.k8s.io/v1); Cilium serves it with Envoy behind a LoadBalancer Service `cilium-gateway-<name>`.',
        additionalProperties: false,
        required: ['name', 'namespace', 'listeners'],
        properties: {
          name: { ...objectName, description: 'Gateway name (`metadata.name`); unique among the gateways, routes refer to it by this name.' },
          namespace: { ...objectName, description: 'Gateway namespace (`metadata.namespace`); certificate Secrets live here.' },
          pool: {
            ...objectName,
            description: 'Name of a `loadBalancer.pools` entry for the Gateway\'s address: the pool\'s `serviceSelector` labels go to `spec.infrastructure.labels`. Default: any pool.',
          },
          listeners: {
            type: 'array',
            ...mergeByKey('name'),
            minItems: 1,
            maxItems: 64,
            description: 'Listeners (`spec.listeners`).',
            items: {
              type: 'object',
              description: 'A Gateway listener.',
              additionalProperties: false,
              required: ['name', 'port', 'protocol'],
              properties: {
                name: { ...objectName, description: 'Listener name (`listeners[].name`); routes attach to it as `listener`.' },
                hostname: {
                  ...hostname,
                  description: 'Host name or `*.` wildcard the listener serves (`listeners[].hostname`; SNI for TLS). Default: any.',
                },
                port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port (`listeners[].port`).' },
                protocol: {
                  type: 'string',
                  enum: ['HTTPS', 'TLS', 'HTTP'],
                  description: '`HTTPS` terminates TLS for HTTPRoutes; `TLS` passes TLS through to TLSRoutes by SNI; `HTTP` is plain.',
                },
                tls: {
                  type: 'object',
                  description: 'TLS settings (`listeners[].tls`); not for `HTTP`.',
                  additionalProperties: false,
                  properties: {
                    mode: {
                      type: 'string',
                      enum: ['Terminate', 'Passthrough'],
                      description: '`tls.mode`. Default: `Terminate` for HTTPS, `Passthrough` for TLS.',
                    },
                    certificateSecret: {
                      ...objectName,
                      maxLength: 253,
                      description: 'Name of the kubernetes.io/tls Secret in the Gateway\'s namespace (`tls.certificateRefs`); required to terminate. Only the name is rendered.',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    routes: {
      type: 'array',
      ...mergeByKey('kind', 'namespace', 'name'),
      default: [],
      description: 'HTTPRoutes (v1) and TLSRoutes (v1alpha2, experimental channel) attached to `gateways`.',
      items: {
        type: 'object',
        description: 'A route.',
        additionalProperties: false,
        required: ['kind', 'name', 'namespace', 'gateway', 'backends'],
        properties: {
          kind: { type: 'string', enum: ['HTTPRoute', 'TLSRoute'], description: 'Route kind: HTTPRoute for HTTP/HTTPS listeners, TLSRoute for TLS passthrough.' },
          name: { ...objectName, description: 'Route name (`metadata.name`).' },
          namespace: { ...objectName, description: 'Route namespace (`metadata.namespace`); backends elsewhere get a ReferenceGrant.' },
          gateway: { ...objectName, description: 'Name of a `gateways` entry (`parentRefs[].name`/`namespace`).' },
          listener: { ...objectName, description: 'Listener of that gateway (`parentRefs[].sectionName`). Default: every listener that accepts the kind.' },
          hostnames: {
            type: 'array',
            default: [],
            maxItems: 16,
            items: hostname,
            description: 'Host names (`spec.hostnames`; SNI names for TLSRoute). Default: those of the listener.',
          },
          backends: {
            type: 'array',
            ...replaceOnMerge,
            minItems: 1,
            description: 'Backend Services of the one rule (`rules[0].backendRefs`); weights split traffic (90/10 canary).',
            items: {
              type: 'object',
              description: 'A backend Service.',
              additionalProperties: false,
              required: ['name', 'port'],
              properties: {
                name: { ...objectName, description: 'Service name (`backendRefs[].name`).' },
                namespace: { ...objectName, description: 'Service namespace (`backendRefs[].namespace`). Default: the route\'s.' },
                port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Service port (`backendRefs[].port`).' },
                weight: {
                  type: 'integer',
                  minimum: 0,
                  maximum: 1000000,
                  description: 'Share of traffic = weight / sum of weights (`backendRefs[].weight`; API default 1). 0 = no traffic.',
                },
              },
            },
          },
        },
      },
    },
    defaultDeny: {
      type: 'object',
      description:
        'A CiliumClusterwideNetworkPolicy that selects every pod outside `exemptNamespaces`, which switches it to default deny in both directions, except DNS to kube-dns, the kube-apiserver and probes from its node.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Render the `default-deny` CiliumClusterwideNetworkPolicy.' },
        exemptNamespaces: {
          type: 'array',
          default: ['kube-system'],
          uniqueItems: true,
          items: { ...objectName },
          description:
            'Namespaces whose pods the policy leaves alone (`endpointSelector` `io.kubernetes.pod.namespace NotIn`); must include kube-system and the GitOps engine\'s namespace.',
        },
      },
    },
  },
} as const satisfies JSONSchema;

/** The `spec.cilium` block, defaults applied. */
export type CiliumBlock = BlockOf<typeof schema>;
