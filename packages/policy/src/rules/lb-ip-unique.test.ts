import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('lb-ip-unique', () => {
  it('reports an address requested twice without one sharing key, across both fields and IPv6 spellings', () => {
    expect(runFixture('lb-ip-unique', 'fail')).toEqual([
      'rendered/lab/config/dns/service-dns-coredns-tcp.yaml Service/dns/coredns-tcp spec.loadBalancerIP: [lb-ip-unique] LoadBalancer IP 192.168.1.53 is also requested by Service/dns/coredns-udp without a common sharing key',
      'rendered/lab/config/edge/service-edge-b.yaml Service/edge/b metadata.annotations["lbipam.cilium.io/ips"]: [lb-ip-unique] LoadBalancer IP 2001:db8:0:0::10 is also requested by Service/edge/a without a common sharing key',
    ]);
  });

  it('accepts a shared address with one sharing key and ignores ClusterIP Services', () => {
    expect(runFixture('lb-ip-unique', 'pass')).toEqual([]);
  });
});
