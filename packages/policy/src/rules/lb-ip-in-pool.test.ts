import { describe, expect, it } from 'vitest';
import { runPolicies } from '../run.ts';
import { loadFixture, runFixture } from './__fixtures__/load.ts';
import { lbIpInPool } from './lb-ip-in-pool.ts';

describe('lb-ip-in-pool', () => {
  it('reports addresses outside every enabled pool block, in a pool that does not select the Service, or not IPs', () => {
    expect(runFixture('lb-ip-in-pool', 'fail')).toEqual([
      'rendered/lab/config/edge/service-edge-api.yaml Service/edge/api metadata.annotations["lbipam.cilium.io/ips"]: [lb-ip-in-pool] LoadBalancer IP "not-an-ip" is not an IP address',
      'rendered/lab/config/edge/service-edge-api.yaml Service/edge/api metadata.annotations["lbipam.cilium.io/ips"]: [lb-ip-in-pool] LoadBalancer IP 10.10.0.5 lies in CiliumLoadBalancerIPPool/internal, whose serviceSelector does not select this Service',
      'rendered/lab/config/edge/service-edge-api.yaml Service/edge/api metadata.annotations["lbipam.cilium.io/ips"]: [lb-ip-in-pool] LoadBalancer IP 172.16.0.9 lies in no CiliumLoadBalancerIPPool block',
      'rendered/lab/config/edge/service-edge-web.yaml Service/edge/web spec.loadBalancerIP: [lb-ip-in-pool] LoadBalancer IP 192.168.1.251 lies in no CiliumLoadBalancerIPPool block',
    ]);
  });

  it('accepts addresses inside a start/stop range or a CIDR (IPv4 and IPv6) of a pool that selects the Service', () => {
    expect(runFixture('lb-ip-in-pool', 'pass')).toEqual([]);
  });

  it('stays silent when the rendered set declares no pool (addresses come from elsewhere)', () => {
    const services = loadFixture('lb-ip-in-pool', 'fail').filter((o) => o.obj.kind === 'Service');
    expect(runPolicies({ cluster: undefined, objects: services }, [], [lbIpInPool]).findings).toEqual([]);
  });
});
