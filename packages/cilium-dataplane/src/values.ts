import { type Cluster, preferClose } from '@strata/core';
import type { CiliumBlock } from './schema.ts';

/**
 * The subset of the Cilium 1.18 chart values strata sets (keys exactly as in
 * the chart's values.yaml; reference/cilium.md §2). Keys absent here keep the
 * chart default. Removed values (`externalIPs.enabled`) have no field, so they
 * cannot be rendered.
 */
export interface CiliumValues {
  kubeProxyReplacement: boolean;
  k8sServiceHost?: string;
  k8sServicePort?: number;
  routingMode: 'native' | 'tunnel';
  tunnelProtocol?: 'vxlan' | 'geneve';
  ipv4NativeRoutingCIDR?: string;
  autoDirectNodeRoutes?: boolean;
  ipam: {
    mode: 'cluster-pool';
    operator: { clusterPoolIPv4PodCIDRList: string[]; clusterPoolIPv4MaskSize: number };
  };
  /** `serviceTopology` → `enable-service-topology`: honour EndpointSlice zone hints (off by default; cilium/cilium#25283). */
  loadBalancer: { algorithm: 'random' | 'maglev'; mode: 'snat' | 'dsr' | 'hybrid'; dsrDispatch?: 'opt' | 'ipip' | 'geneve'; serviceTopology?: boolean };
  /** Top-level key, not `loadBalancer.maglev`. */
  maglev?: { tableSize: number };
  bpf?: { masquerade: true };
  endpointRoutes: { enabled: boolean };
  devices?: string[];
  l2announcements: { enabled: boolean; leaseDuration?: string; leaseRenewDeadline?: string; leaseRetryPeriod?: string };
  k8sClientRateLimit?: { qps: number; burst: number };
  bgpControlPlane: { enabled: boolean };
  gatewayAPI: { enabled: boolean; gatewayClass?: { create: 'true' }; hostNetwork?: { enabled: true } };
  encryption: { enabled: boolean; type?: 'wireguard'; nodeEncryption?: boolean };
  /** Capital `MTU`: device MTU of cilium_host, cilium_net and the tunnel device. */
  MTU: number;
  cni?: { exclusive: false };
  hubble: {
    enabled: boolean;
    relay?: { enabled: boolean };
    ui?: { enabled: boolean };
    metrics?: { enabled: string[]; serviceMonitor?: { enabled: true } };
    /** `cronJob`: certificates are made in the cluster, never by `helm template` into Git. */
    tls?: { auto: { method: 'cronJob' } };
  };
  prometheus: { enabled: boolean; serviceMonitor?: { enabled: true; trustCRDsExist: true } };
  operator: { replicas: number; prometheus: { enabled: boolean; serviceMonitor?: { enabled: true } } };
}

/** Kube-proxy replacement and how the agent reaches the API server without kube-proxy. */
export function kubeProxyValues(cluster: Cluster, block: CiliumBlock): Pick<CiliumValues, 'kubeProxyReplacement' | 'k8sServiceHost' | 'k8sServicePort'> {
  const api = cluster.spec.kubernetes.apiServer;
  if (!block.kubeProxyReplacement || api === undefined) return { kubeProxyReplacement: block.kubeProxyReplacement };
  return { kubeProxyReplacement: true, k8sServiceHost: api.host, k8sServicePort: api.port ?? 6443 };
}

/** Native routing over the pod CIDR, or encapsulation. */
export function routingValues(cluster: Cluster, block: CiliumBlock): Pick<CiliumValues, 'routingMode' | 'tunnelProtocol' | 'ipv4NativeRoutingCIDR' | 'autoDirectNodeRoutes'> {
  const { mode, tunnelProtocol, autoDirectNodeRoutes } = block.routing;
  if (mode === 'tunnel') return { routingMode: 'tunnel', tunnelProtocol };
  return { routingMode: 'native', ipv4NativeRoutingCIDR: cluster.spec.network.podCIDR, autoDirectNodeRoutes };
}

/** Cluster-pool IPAM over the spec's pod CIDR. */
export function ipamValues(cluster: Cluster, block: CiliumBlock): Pick<CiliumValues, 'ipam'> {
  return {
    ipam: {
      mode: 'cluster-pool',
      operator: { clusterPoolIPv4PodCIDRList: [cluster.spec.network.podCIDR], clusterPoolIPv4MaskSize: block.ipam.maskSize },
    },
  };
}

/** Load-balancing algorithm and mode; the Maglev table only with Maglev, the dispatch only with DSR. */
export function loadBalancerValues(block: CiliumBlock, serviceTopology = false): Pick<CiliumValues, 'loadBalancer' | 'maglev'> {
  const { algorithm, mode, dsrDispatch, maglevTableSize } = block.loadBalancer;
  return {
    // Cilium's load balancer ignores the zone hints PreferClose produces unless serviceTopology is on.
    loadBalancer: { algorithm, mode, ...(mode === 'snat' ? {} : { dsrDispatch }), ...(serviceTopology ? { serviceTopology: true } : {}) },
    ...(algorithm === 'maglev' ? { maglev: { tableSize: maglevTableSize } } : {}),
  };
}

/** BPF masquerading, endpoint routes, devices, MTU and CNI exclusivity. */
export function datapathValues(cluster: Cluster, block: CiliumBlock): Pick<CiliumValues, 'bpf' | 'endpointRoutes' | 'devices' | 'MTU' | 'cni'> {
  return {
    ...(block.bpfMasquerade ? { bpf: { masquerade: true } } : {}),
    endpointRoutes: { enabled: block.endpointRoutes },
    ...(block.devices === undefined ? {} : { devices: [...block.devices] }),
    MTU: cluster.spec.network.mtu ?? 1500,
    // With cni.exclusive Cilium renames every other CNI config, Multus' 00-multus.conf too, to *.cilium_bak.
    ...(block.multus.enabled ? { cni: { exclusive: false } } : {}),
  };
}

/** L2 announcements and their lease timing. */
export function l2Values(block: CiliumBlock): Pick<CiliumValues, 'l2announcements' | 'k8sClientRateLimit'> {
  const l2 = block.l2Announcements;
  if (!l2.enabled) return { l2announcements: { enabled: false } };
  return {
    l2announcements: {
      enabled: true,
      leaseDuration: l2.leaseDuration,
      leaseRenewDeadline: l2.leaseRenewDeadline,
      leaseRetryPeriod: l2.leaseRetryPeriod,
    },
    ...(l2.clientRateLimit === undefined ? {} : { k8sClientRateLimit: { qps: l2.clientRateLimit.qps, burst: l2.clientRateLimit.burst } }),
  };
}

/** BGP control plane, Gateway API and WireGuard. */
export function featureValues(block: CiliumBlock): Pick<CiliumValues, 'bgpControlPlane' | 'gatewayAPI' | 'encryption'> {
  const gw = block.gatewayAPI;
  const enc = block.encryption;
  return {
    bgpControlPlane: { enabled: block.bgp.enabled },
    // `create: "true"`: the chart's `auto` renders no GatewayClass when templated without a cluster.
    gatewayAPI: gw.enabled
      ? { enabled: true, gatewayClass: { create: 'true' }, ...(gw.hostNetwork ? { hostNetwork: { enabled: true } } : {}) }
      : { enabled: false },
    encryption: enc.wireguard ? { enabled: true, type: 'wireguard', nodeEncryption: enc.nodeEncryption } : { enabled: false },
  };
}

/** Hubble, Prometheus metrics and ServiceMonitors, operator replicas. */
export function observabilityValues(block: CiliumBlock): Pick<CiliumValues, 'hubble' | 'prometheus' | 'operator'> {
  const { hubble, prometheus } = block;
  const monitors = prometheus.serviceMonitors;
  return {
    hubble: hubble.enabled
      ? {
          enabled: true,
          relay: { enabled: hubble.relay },
          ui: { enabled: hubble.ui },
          ...(hubble.metrics.length === 0
            ? {}
            : { metrics: { enabled: [...hubble.metrics], ...(monitors ? { serviceMonitor: { enabled: true } } : {}) } }),
          tls: { auto: { method: 'cronJob' } },
        }
      : { enabled: false },
    prometheus: {
      enabled: prometheus.enabled,
      // trustCRDsExist: the chart fails offline rendering without the monitoring.coreos.com API otherwise.
      ...(monitors ? { serviceMonitor: { enabled: true, trustCRDsExist: true } } : {}),
    },
    operator: {
      replicas: block.operatorReplicas,
      prometheus: { enabled: prometheus.enabled, ...(monitors ? { serviceMonitor: { enabled: true } } : {}) },
    },
  };
}

/** All chart values for a cluster's `spec.cilium` block. */
export function ciliumValues(cluster: Cluster, block: CiliumBlock): CiliumValues {
  return {
    ...kubeProxyValues(cluster, block),
    ...routingValues(cluster, block),
    ...ipamValues(cluster, block),
    ...loadBalancerValues(block, preferClose(cluster)),
    ...datapathValues(cluster, block),
    ...l2Values(block),
    ...featureValues(block),
    ...observabilityValues(block),
  };
}
