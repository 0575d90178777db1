import { describe, expect, it } from 'vitest';
import { EDGE_NETWORK, loadValid } from './__fixtures__/spec.ts';
import {
  ciliumValues,
  datapathValues,
  featureValues,
  ipamValues,
  kubeProxyValues,
  l2Values,
  loadBalancerValues,
  observabilityValues,
  routingValues,
} from './values.ts';

describe('kubeProxyValues', () => {
  it('points the agent at spec.kubernetes.apiServer when kube-proxy is replaced', () => {
    const { cluster, block } = loadValid({});
    expect(kubeProxyValues(cluster, block)).toEqual({ kubeProxyReplacement: true, k8sServiceHost: '10.20.0.11', k8sServicePort: 6443 });
  });

  it('sets only the flag when kube-proxy stays', () => {
    const { cluster, block } = loadValid({ kubeProxyReplacement: false });
    expect(kubeProxyValues(cluster, block)).toEqual({ kubeProxyReplacement: false });
  });
});

describe('routingValues', () => {
  it('routes the pod CIDR natively with direct node routes', () => {
    const { cluster, block } = loadValid({ routing: { mode: 'native', autoDirectNodeRoutes: true } });
    expect(routingValues(cluster, block)).toEqual({ routingMode: 'native', ipv4NativeRoutingCIDR: '10.244.0.0/16', autoDirectNodeRoutes: true });
  });

  it('tunnels with the chosen protocol', () => {
    const { cluster, block } = loadValid({ routing: { tunnelProtocol: 'geneve' } });
    expect(routingValues(cluster, block)).toEqual({ routingMode: 'tunnel', tunnelProtocol: 'geneve' });
  });
});

describe('ipamValues', () => {
  it('uses cluster-pool IPAM over the pod CIDR with the mask size', () => {
    const { cluster, block } = loadValid({ ipam: { maskSize: 25 } });
    expect(ipamValues(cluster, block)).toEqual({
      ipam: { mode: 'cluster-pool', operator: { clusterPoolIPv4PodCIDRList: ['10.244.0.0/16'], clusterPoolIPv4MaskSize: 25 } },
    });
  });
});

describe('loadBalancerValues', () => {
  it('sets the top-level maglev.tableSize and the DSR dispatch for Maglev + DSR', () => {
    const { block } = loadValid({ routing: { mode: 'native' }, loadBalancer: { algorithm: 'maglev', mode: 'dsr', maglevTableSize: 65521 } });
    expect(loadBalancerValues(block)).toEqual({
      loadBalancer: { algorithm: 'maglev', mode: 'dsr', dsrDispatch: 'opt' },
      maglev: { tableSize: 65521 },
    });
  });

  it('leaves out the Maglev table and dispatch for random + SNAT', () => {
    const { block } = loadValid({});
    expect(loadBalancerValues(block)).toEqual({ loadBalancer: { algorithm: 'random', mode: 'snat' } });
  });
});

describe('datapathValues', () => {
  it('maps BPF masquerade, endpoint routes, devices, the capital MTU key and Multus', () => {
    const { cluster, block } = loadValid(
      { bpfMasquerade: true, endpointRoutes: true, devices: ['eth0', 'enp+'], multus: { enabled: true } },
      { network: EDGE_NETWORK, apiServer: { host: '172.16.10.10' } },
    );
    expect(datapathValues(cluster, block)).toEqual({
      bpf: { masquerade: true },
      endpointRoutes: { enabled: true },
      devices: ['eth0', 'enp+'],
      MTU: 9216,
      cni: { exclusive: false },
    });
  });

  it('keeps cni.exclusive and device auto-detection by default', () => {
    const { cluster, block } = loadValid({});
    expect(datapathValues(cluster, block)).toEqual({ endpointRoutes: { enabled: false }, MTU: 1500 });
  });

  it('keeps cni.exclusive while the Multus block is present but not enabled', () => {
    const { cluster, block } = loadValid({ multus: { enabled: false, cniBinDir: '/usr/libexec/cni' } });
    expect(datapathValues(cluster, block).cni).toBeUndefined();
  });
});

describe('l2Values', () => {
  it('sets the lease timing when L2 announcements are on', () => {
    const { block } = loadValid({ l2Announcements: { enabled: true, leaseDuration: '3s', leaseRenewDeadline: '1s', leaseRetryPeriod: '200ms' } });
    expect(l2Values(block)).toEqual({ l2announcements: { enabled: true, leaseDuration: '3s', leaseRenewDeadline: '1s', leaseRetryPeriod: '200ms' } });
  });

  it('sizes the client rate limit for the leases when asked', () => {
    const { block } = loadValid({ l2Announcements: { enabled: true, clientRateLimit: { qps: 50, burst: 100 } } });
    expect(l2Values(block)).toEqual({
      l2announcements: { enabled: true, leaseDuration: '15s', leaseRenewDeadline: '5s', leaseRetryPeriod: '2s' },
      k8sClientRateLimit: { qps: 50, burst: 100 },
    });
  });

  it('turns them off otherwise', () => {
    expect(l2Values(loadValid({}).block)).toEqual({ l2announcements: { enabled: false } });
  });
});

describe('featureValues', () => {
  it('creates the GatewayClass with the string "true" and turns on WireGuard with node encryption', () => {
    const { block } = loadValid({ gatewayAPI: { enabled: true, hostNetwork: true }, encryption: { wireguard: true, nodeEncryption: true } });
    expect(featureValues(block)).toEqual({
      bgpControlPlane: { enabled: false },
      gatewayAPI: { enabled: true, gatewayClass: { create: 'true' }, hostNetwork: { enabled: true } },
      encryption: { enabled: true, type: 'wireguard', nodeEncryption: true },
    });
  });

  it('turns on the BGP control plane', () => {
    const { block } = loadValid(
      { bgp: { enabled: true, localASN: 65010, peers: [{ name: 'r1', address: '172.16.10.1', asn: 65000 }] } },
      { network: EDGE_NETWORK, apiServer: { host: '172.16.10.10' } },
    );
    expect(featureValues(block)).toEqual({
      bgpControlPlane: { enabled: true },
      gatewayAPI: { enabled: false },
      encryption: { enabled: false },
    });
  });
});

describe('observabilityValues', () => {
  it('renders Hubble with cronJob TLS, metrics, and ServiceMonitors trusted offline', () => {
    const { block } = loadValid({
      hubble: { relay: true, ui: true, metrics: ['dns', 'drop'] },
      prometheus: { enabled: true, serviceMonitors: true },
      operatorReplicas: 3,
    }, { prometheusOperator: true });
    expect(observabilityValues(block)).toEqual({
      hubble: {
        enabled: true,
        relay: { enabled: true },
        ui: { enabled: true },
        metrics: { enabled: ['dns', 'drop'], serviceMonitor: { enabled: true } },
        tls: { auto: { method: 'cronJob' } },
      },
      prometheus: { enabled: true, serviceMonitor: { enabled: true, trustCRDsExist: true } },
      operator: { replicas: 3, prometheus: { enabled: true, serviceMonitor: { enabled: true } } },
    });
  });

  it('turns Hubble off entirely', () => {
    const { block } = loadValid({ hubble: { enabled: false } });
    expect(observabilityValues(block).hubble).toEqual({ enabled: false });
  });
});

describe('ciliumValues', () => {
  it('never renders values removed from current charts', () => {
    const values = ciliumValues(loadValid({}).cluster, loadValid({}).block) as unknown as Record<string, unknown>;
    expect(values['externalIPs']).toBeUndefined();
    expect(values['nodePort']).toBeUndefined();
    expect(values['mtu']).toBeUndefined();
  });
});
