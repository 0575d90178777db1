import type { FactsPart } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { gatewayHost, HOMELAB_BLOCK, HOMELAB_FACTS, HOMELAB_NETWORK, ingressHost, load, pool, problems } from './__fixtures__/spec.ts';

const withFacts = (extra: FactsPart): FactsPart => ({ ...HOMELAB_FACTS, ...extra });
const SINGLE_NODE = { ...HOMELAB_NETWORK, nodes: [{ name: 'hl-cp-1', address: '192.168.1.11', roles: ['control-plane', 'worker'] }] };

describe('the homelab block', () => {
  it('loads without findings', () => {
    expect(load(HOMELAB_BLOCK).lines).toEqual([]);
  });
});

describe('zone and sources', () => {
  it('requires a domain, and accepts one', () => {
    expect(problems({ ingressClasses: ['internal'], address: HOMELAB_BLOCK.address })).toEqual(['spec.internalDNS: domain is required: the zone k8s-gateway answers for']);
    expect(problems(HOMELAB_BLOCK)).toEqual([]);
  });

  it('rejects a domain that overlaps the cluster domain', () => {
    expect(problems({ ...HOMELAB_BLOCK, domain: 'svc.cluster.local' })).toEqual([
      'spec.internalDNS.domain: svc.cluster.local overlaps the cluster domain cluster.local, which kube-dns answers for',
    ]);
  });

  it('rejects a block that answers for nothing, and accepts Services alone', () => {
    expect(problems({ ...HOMELAB_BLOCK, ingressClasses: [] })).toEqual([
      'spec.internalDNS: k8s-gateway would answer for nothing: name ingressClasses, or turn on httpRoutes or services',
    ]);
    expect(problems({ ...HOMELAB_BLOCK, ingressClasses: [], services: true })).toEqual([]);
  });

  it('rejects an ingress class no component declares, naming the known ones, with file:line:col', () => {
    expect(load({ ...HOMELAB_BLOCK, ingressClasses: ['internal', 'lan'] }).lines).toEqual([
      'cluster.yaml:36:9 spec.internalDNS.ingressClasses[1]: ingress class "lan" is not declared by any enabled component (known: external, internal)',
    ]);
    expect(problems({ ...HOMELAB_BLOCK, ingressClasses: ['internal', 'external'] })).toEqual([]);
  });

  it('warns about hosts of a served class outside the domain, and not about classes it does not serve', () => {
    expect(problems({ ...HOMELAB_BLOCK, ingressClasses: ['internal', 'external'] }, {}, 'all')).toEqual([
      'spec.internalDNS.ingressClasses[1]: warning: blog.example.org (class external, spec.testFacts.hosts[1]) is outside home.example.org: k8s-gateway will not answer for it, so it does not resolve internally',
    ]);
    expect(problems(HOMELAB_BLOCK, {}, 'all')).toEqual([]);
  });

  it('counts a wildcard host under the domain as inside it', () => {
    const facts = withFacts({ tlsHosts: [ingressHost('*.apps.home.example.org', 'internal', 0)] });
    expect(problems(HOMELAB_BLOCK, { facts }, 'all')).toEqual([]);
  });

  it('warns about HTTPRoutes without Gateway API CRDs and about Gateway hosts outside the domain', () => {
    const facts = withFacts({ tlsHosts: [gatewayHost('shop.example.org', 'public', 0), gatewayHost('wiki.home.example.org', 'public', 1)] });
    expect(problems({ ...HOMELAB_BLOCK, httpRoutes: true }, { facts }, 'all')).toEqual([
      'spec.internalDNS.httpRoutes: warning: no enabled component installs the Gateway API CRDs, so there are no HTTPRoutes to answer for',
      'spec.internalDNS.httpRoutes: warning: shop.example.org (Gateway gateways/public, spec.testFacts.hosts[0]) is outside home.example.org: k8s-gateway will not answer for it, so it does not resolve internally',
    ]);
    const installed = withFacts({ ...facts, tlsHosts: [gatewayHost('wiki.home.example.org', 'public', 1)], versions: { 'gateway-api': '1.3.0' } });
    expect(problems({ ...HOMELAB_BLOCK, httpRoutes: true }, { facts: installed }, 'all')).toEqual([]);
  });
});

describe('address', () => {
  it('rejects a cluster without address pools', () => {
    expect(problems(HOMELAB_BLOCK, { facts: withFacts({ addressPools: [] }) })).toEqual([
      'spec.internalDNS.address: no enabled component declares LoadBalancer address pools, so the DNS Service would never get an address',
    ]);
  });

  it('rejects a pool that is not declared', () => {
    expect(problems({ ...HOMELAB_BLOCK, address: { pool: 'lan', ip: '192.168.1.226' } })).toEqual([
      'spec.internalDNS.address.pool: address pool "lan" is not declared (pools: internal, external)',
    ]);
  });

  it("rejects an address outside the named pool's blocks, and accepts one inside", () => {
    expect(problems({ ...HOMELAB_BLOCK, address: { pool: 'internal', ip: '192.168.1.242' } })).toEqual([
      'spec.internalDNS.address.ip: 192.168.1.242 is not in pool internal (192.168.1.224/28)',
    ]);
    expect(problems({ ...HOMELAB_BLOCK, address: { pool: 'internal', ip: '192.168.1.239' } })).toEqual([]);
  });

  it('rejects an address in no pool when none is named, and finds the pool holding it otherwise', () => {
    expect(problems({ ...HOMELAB_BLOCK, address: { ip: '192.168.1.100' } })).toEqual([
      'spec.internalDNS.address.ip: 192.168.1.100 is in no address pool (internal: 192.168.1.224/28, external: 192.168.1.240-192.168.1.250)',
    ]);
    expect(problems({ ...HOMELAB_BLOCK, address: { ip: '192.168.1.245' } })).toEqual([]);
  });

  it('rejects the address another owner asks for, through the shared address facts (core reports it at the earlier owner)', () => {
    expect(problems({ ...HOMELAB_BLOCK, address: { pool: 'internal', ip: '192.168.1.225' } })).toEqual([
      'spec.testFacts.addresses[0]: LoadBalancer IP 192.168.1.225 of ingress class internal is also asked for by Service internal-dns/k8s-gateway (internal DNS) (spec.internalDNS.address.ip)',
    ]);
  });

  it('rejects pools that all select Services by labels when none is named', () => {
    const facts = withFacts({ addressPools: [pool('external', ['192.168.1.240-192.168.1.250'], 'l2', { serviceSelector: { 'strata.dev/exposure': 'external' } })] });
    expect(problems({ ...HOMELAB_BLOCK, address: {} }, { facts })).toEqual([
      'spec.internalDNS.address: every address pool selects Services by labels (external), so the DNS Service would never get an address',
    ]);
    expect(problems({ ...HOMELAB_BLOCK, address: { pool: 'external' } }, { facts })).toEqual([]);
  });

  it("rejects a pool whose selector names another Service's derived name", () => {
    const facts = withFacts({ addressPools: [pool('edge-only', ['192.168.1.224/28'], 'l2', { serviceSelector: { 'io.kubernetes.service.name': 'ingress-internal-controller' } })] });
    expect(problems({ ...HOMELAB_BLOCK, address: { pool: 'edge-only' } }, { facts })).toEqual([
      'spec.internalDNS.address.pool: pool edge-only selects io.kubernetes.service.name=ingress-internal-controller, which the Service internal-dns/k8s-gateway cannot carry',
    ]);
  });
});

describe('L2 + Local placement', () => {
  it('warns when fewer replicas than announcing nodes run under Local on an L2 pool', () => {
    expect(problems({ ...HOMELAB_BLOCK, replicas: 2 }, {}, 'all')).toEqual([
      'spec.internalDNS.replicas: warning: 2 replicas on 3 nodes: pool internal is L2-announced by one elected node, which drops DNS queries under externalTrafficPolicy Local unless it runs a k8s-gateway pod',
    ]);
  });

  it('accepts the default, Cluster policy, a BGP pool, or a single node', () => {
    expect(problems({ ...HOMELAB_BLOCK, replicas: 3 }, {}, 'all')).toEqual([]);
    expect(problems({ ...HOMELAB_BLOCK, replicas: 1, externalTrafficPolicy: 'Cluster' }, {}, 'all')).toEqual([]);
    const bgp = withFacts({ addressPools: [pool('internal', ['192.168.1.224/28'], 'bgp')] });
    expect(problems({ ...HOMELAB_BLOCK, replicas: 2 }, { facts: bgp }, 'all')).toEqual([]);
    expect(problems(HOMELAB_BLOCK, { network: SINGLE_NODE }, 'all')).toEqual([]);
  });
});
