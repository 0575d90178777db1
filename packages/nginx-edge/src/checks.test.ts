import { describe, expect, it } from 'vitest';
import { factsStub, loadComponent, problemLines } from '@strata/core/testing';
import { LAB_FACTS, LAB_NETWORK, load, pool, problems, SINGLE_NETWORK } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { exactPathBroken } from './checks.ts';

const NGINX = { name: 'nginx', default: true };
const route = (extra: object = {}) => ({ name: 'web', namespace: 'apps', host: 'www.lab.example.org', service: { name: 'web', port: 80 }, ...extra });
const BGP_FACTS = { ...LAB_FACTS, addressPools: [pool('vips', ['198.51.100.0/27'], 'bgp')] };
const NO_CERT_MANAGER = { ...LAB_FACTS, versions: { cilium: '1.18.12', 'gateway-api': '1.3.0' } };

describe('retirement warning', () => {
  it('warns on every ingress-nginx class, at the class, with file:line:col and a hint', () => {
    const loaded = load({ classes: [NGINX, { name: 'other' }] });
    expect(loaded.lines).toEqual([
      'cluster.yaml:32:9 spec.edge.classes[0]: warning: the community ingress-nginx controller is retired: no releases, bug fixes or security fixes after March 2026',
      'cluster.yaml:34:9 spec.edge.classes[1]: warning: the community ingress-nginx controller is retired: no releases, bug fixes or security fixes after March 2026',
    ]);
    expect(loaded.findings[0]?.hint).toBe('plan the move to a Gateway API implementation, e.g. flavor: nginx-gateway-fabric, and record the plan in retirementAccepted');
  });

  it('stays quiet for a class whose spec records why it keeps ingress-nginx', () => {
    expect(problems({ classes: [{ ...NGINX, retirementAccepted: 'moving to NGINX Gateway Fabric in 2027-Q1' }] }, {}, 'all')).toEqual([]);
  });

  it('does not warn on an NGINX Gateway Fabric class', () => {
    expect(problems({ classes: [{ ...NGINX, flavor: 'nginx-gateway-fabric' }] }, {}, 'all')).toEqual([]);
  });
});

describe('class and route checks', () => {
  it('rejects a class name used twice and a second default class', () => {
    expect(problems({ classes: [NGINX, { name: 'nginx', default: true }] })).toEqual([
      'spec.edge.classes[1].name: class name "nginx" is already used by spec.edge.classes[0]',
      'spec.edge.classes[1].default: only one class can be the default; spec.edge.classes[0] already is',
    ]);
  });

  it('rejects a route naming an unknown class, and one without class when no class is default', () => {
    expect(problems({ classes: [NGINX], routes: [route({ class: 'public' })] })).toEqual([
      'spec.edge.routes[0].class: class "public" is not in spec.edge.classes (nginx)',
    ]);
    expect(problems({ classes: [{ name: 'a' }, { name: 'b' }], routes: [route()] })).toEqual(['spec.edge.routes[0]: names no class and no class is marked default']);
  });

  it('uses the only class for a route without class, and rejects the same route twice', () => {
    expect(problems({ classes: [{ name: 'a' }], routes: [route()] })).toEqual([]);
    expect(problems({ routes: [route(), route({ host: 'other.lab.example.org' })] })).toEqual([
      'spec.edge.routes[1].name: route apps/web is already defined by spec.edge.routes[0]',
    ]);
  });
});

describe('NGINX Gateway Fabric checks', () => {
  const NGF = { ...NGINX, flavor: 'nginx-gateway-fabric' };
  it('needs the Gateway API CRDs, and a known bundle version', () => {
    expect(problems({ classes: [NGF] }, { facts: { ...LAB_FACTS, versions: {} } })).toEqual([
      'spec.edge.classes[0].flavor: nginx-gateway-fabric needs the Gateway API CRDs, but no enabled component installs them',
    ]);
    expect(problems({ classes: [NGF] }, { facts: { ...LAB_FACTS, versions: { 'gateway-api': '1.2.1' } } })).toEqual([
      'spec.edge.classes[0].flavor: no NGINX Gateway Fabric release targets Gateway API 1.2.1 (known: 1.3.0, 1.4.1, 1.5.1)',
    ]);
  });

  it('needs the Kubernetes the NGF release for the bundle supports (1.25+ up to 2.4, 1.31+ from 2.5)', () => {
    const withBundle = (gw: string, kubernetesVersion: string): string[] =>
      problems({ classes: [NGF] }, { kubernetesVersion, facts: { ...LAB_FACTS, versions: { 'gateway-api': gw } } });
    expect(withBundle('1.5.1', '1.30')).toEqual([
      'spec.edge.classes[0].flavor: NGINX Gateway Fabric 2.6.0 (for Gateway API 1.5.1) needs Kubernetes 1.31 or newer, the cluster runs 1.30 (docs.nginx.com/nginx-gateway-fabric/overview/technical-specifications)',
    ]);
    expect(withBundle('1.5.1', '1.31')).toEqual([]);
    expect(withBundle('1.3.0', '1.30')).toEqual([]);
  });

  it('names every ingress-nginx-only feature it does not support', () => {
    const cls = {
      ...NGF,
      cache: {},
      snippets: { allow: true, reason: 'trusted admins only' },
      headers: { request: { 'X-A': 'b' }, response: { 'X-B': 'c' }, hsts: { enabled: true }, security: true },
      clientIp: { trustedProxies: ['10.0.0.0/8'] },
      loadBalancerIdleTimeoutSeconds: 350,
    };
    expect(problems({ classes: [cls], routes: [route({ cache: {} })] })).toEqual([
      'spec.edge.classes[0].cache: caching is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].snippets: snippets is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].headers.request: controller-wide request headers is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].headers.response: controller-wide response headers is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].headers.hsts: HSTS is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].headers.security: security headers is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].clientIp.trustedProxies: real client IP from proxies is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].loadBalancerIdleTimeoutSeconds: the L4 idle-timeout pairing is not supported with flavor nginx-gateway-fabric',
      'spec.edge.routes[0].cache: caching is not supported by class nginx (flavor nginx-gateway-fabric)',
    ]);
  });

  it('rejects keepalive and shutdown values an NGINX Gateway Fabric class would ignore, at each changed field', () => {
    const cls = { ...NGF, keepalive: { timeoutSeconds: 300, requests: 1000 }, shutdown: { gracePeriodSeconds: 30 } };
    expect(problems({ classes: [cls] })).toEqual([
      'spec.edge.classes[0].keepalive.timeoutSeconds: keepalive.timeoutSeconds is not supported with flavor nginx-gateway-fabric',
      'spec.edge.classes[0].shutdown.gracePeriodSeconds: shutdown.gracePeriodSeconds is not supported with flavor nginx-gateway-fabric',
    ]);
    expect(problems({ classes: [{ ...NGF, keepalive: { timeoutSeconds: 75 } }] })).toEqual([]);
  });
});

describe('address checks', () => {
  it('rejects an unknown pool, naming the pools there are', () => {
    expect(problems({ classes: [{ ...NGINX, address: { pool: 'public' } }] })).toEqual([
      'spec.edge.classes[0].address.pool: pool "public" is not a LoadBalancer address pool of this cluster (lab)',
    ]);
  });

  it('rejects an address outside the named pool, and one outside every pool', () => {
    expect(problems({ classes: [{ ...NGINX, address: { pool: 'lab', ip: '10.20.0.100' } }] })).toEqual([
      'spec.edge.classes[0].address.ip: 10.20.0.100 is not in pool lab (10.20.0.224/27)',
    ]);
    expect(problems({ classes: [{ ...NGINX, address: { ip: '10.20.0.100' } }] })).toEqual([
      'spec.edge.classes[0].address.ip: 10.20.0.100 is in no LoadBalancer address pool (lab); LB-IPAM only assigns addresses from its pools',
    ]);
  });

  it('accepts an address inside a pool block or range', () => {
    expect(problems({ classes: [{ ...NGINX, address: { pool: 'lab', ip: '10.20.0.240' } }] })).toEqual([]);
    const facts = { ...LAB_FACTS, addressPools: [pool('r', ['10.20.0.240-10.20.0.250'], 'l2')] };
    expect(problems({ classes: [{ ...NGINX, address: { ip: '10.20.0.250' } }] }, { facts })).toEqual([]);
    expect(problems({ classes: [{ ...NGINX, address: { ip: '10.20.0.251' } }] }, { facts })[0]).toMatch(/10\.20\.0\.251 is in no LoadBalancer address pool/);
  });

  it('rejects a pool whose selector names another Service namespace', () => {
    const facts = { ...BGP_FACTS, addressPools: [pool('dns', ['198.51.100.53/32'], 'bgp', { serviceSelector: { 'io.kubernetes.service.namespace': 'dns' } })] };
    expect(problems({ classes: [{ ...NGINX, address: { pool: 'dns' } }] }, { facts })).toEqual([
      'spec.edge.classes[0].address: pool dns cannot select the edge Service: its serviceSelector needs io.kubernetes.service.namespace=dns',
    ]);
  });

  it('warns when no pool selects the Service and the class names neither pool nor address', () => {
    const facts = { ...BGP_FACTS, addressPools: [pool('ext', ['198.51.100.0/27'], 'bgp', { serviceSelector: { 'strata.dev/exposure': 'external' } })] };
    expect(problems({ classes: [{ ...NGINX, flavor: 'nginx-gateway-fabric' }] }, { facts }, 'all')).toEqual([
      'spec.edge.classes[0].address: warning: every LoadBalancer address pool (ext) has a serviceSelector the edge Service does not match, so it stays without an address',
    ]);
    expect(problems({ classes: [{ ...NGINX, flavor: 'nginx-gateway-fabric', address: { pool: 'ext' } }] }, { facts }, 'all')).toEqual([]);
  });

  it('rejects a pinned Deployment behind an L2 pool with externalTrafficPolicy Local, and accepts it on BGP', () => {
    const loaded = load({ classes: [{ ...NGINX, kind: 'Deployment' }] });
    expect(loaded.findings.filter((f) => f.severity === 'error').map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.edge.classes[0].kind',
        'a Deployment behind L2-announced pool lab with externalTrafficPolicy Local drops traffic whenever the elected announcing node runs no edge pod',
        'remove kind (a DaemonSet on the announcing nodes is the default), or announce the pool with BGP',
      ],
    ]);
    expect(problems({ classes: [{ ...NGINX, kind: 'Deployment' }] }, { facts: BGP_FACTS })).toEqual([]);
  });

  it('wants two replicas on a multi-node cluster, one is fine on a single node', () => {
    expect(problems({ classes: [{ ...NGINX, replicas: 1 }] }, { facts: BGP_FACTS })).toEqual([
      'spec.edge.classes[0].replicas: 1 replica on 3 nodes: a node drain or a rollout takes the edge down',
    ]);
    expect(problems({ classes: [{ ...NGINX, replicas: 1 }] }, { facts: BGP_FACTS, network: SINGLE_NETWORK })).toEqual([]);
  });
});

describe('timeout checks', () => {
  it('rejects a keepalive timeout not shorter than the L4 idle timeout', () => {
    expect(problems({ classes: [{ ...NGINX, loadBalancerIdleTimeoutSeconds: 350, keepalive: { timeoutSeconds: 350 } }] })).toEqual([
      'spec.edge.classes[0].keepalive.timeoutSeconds: 350s must be shorter than loadBalancerIdleTimeoutSeconds 350s, or the balancer drops connections NGINX still uses (resets on reuse)',
    ]);
    expect(problems({ classes: [{ ...NGINX, loadBalancerIdleTimeoutSeconds: 350, keepalive: { timeoutSeconds: 349 } }] })).toEqual([]);
  });

  it('rejects a termination grace period that does not exceed shutdown grace + worker shutdown timeout + post-shutdown grace', () => {
    expect(problems({ classes: [{ ...NGINX, shutdown: { terminationGracePeriodSeconds: 265 } }] })).toEqual([
      'spec.edge.classes[0].shutdown.terminationGracePeriodSeconds: 265s must exceed gracePeriodSeconds + workerShutdownTimeoutSeconds + the 10s post-shutdown grace (265s), or open requests are killed mid-drain',
    ]);
    expect(problems({ classes: [{ ...NGINX, shutdown: { terminationGracePeriodSeconds: 266 } }] })).toEqual([]);
  });
});

describe('feature checks', () => {
  it('wants a reason with snippets, and trusted proxies with l7Proxy', () => {
    expect(problems({ classes: [{ ...NGINX, snippets: { allow: true }, clientIp: { l7Proxy: true } }] })).toEqual([
      'spec.edge.classes[0].snippets.allow: allowing snippets needs snippets.reason: anyone who can write an Ingress of this class can inject NGINX config',
      'spec.edge.classes[0].clientIp.l7Proxy: trusting X-Forwarded-* needs clientIp.trustedProxies; otherwise any client can forge its address and scheme',
    ]);
    expect(problems({ classes: [{ ...NGINX, clientIp: { l7Proxy: true, trustedProxies: ['10.0.0.0/8'] } }] })).toEqual([]);
  });

  it('rejects cached routes on a class without the snippet opt-in or without a cache zone', () => {
    expect(problems({ classes: [NGINX], routes: [route({ cache: {} })] })).toEqual([
      'spec.edge.routes[0].cache: caching needs snippet annotations, which class nginx does not allow',
    ]);
    const allowed = { ...NGINX, snippets: { allow: true, reason: 'trusted admins only' } };
    expect(problems({ classes: [allowed], routes: [route({ cache: {} })] })).toEqual(['spec.edge.routes[0].cache: class nginx has no cache zone']);
    expect(problems({ classes: [{ ...allowed, cache: {} }], routes: [route({ cache: {} })] })).toEqual([]);
  });

  it('hints at the snippets field of the class', () => {
    const f = load({ classes: [NGINX], routes: [route({ cache: {} })] }).findings.find((x) => x.severity === 'error');
    expect(f?.hint).toBe('set spec.edge.classes[0].snippets: {allow: true, reason: …} if every Ingress author of that class is a trusted admin');
  });
});

describe('TLS and compatibility checks', () => {
  it('rejects TLS without cert-manager unless the Secret exists', () => {
    expect(problems({ routes: [route({ tls: {} })] }, { facts: NO_CERT_MANAGER })).toEqual([
      'spec.edge.routes[0].tls: TLS for www.lab.example.org needs a certificate, but cert-manager is not enabled and tls.existingSecret is not set',
    ]);
    expect(problems({ routes: [route({ tls: { existingSecret: true } })] }, { facts: NO_CERT_MANAGER })).toEqual([]);
    expect(problems({ routes: [route({ tls: {} })] })).toEqual([]);
  });

  it('rejects ingress-nginx < 1.13.2 with cert-manager >= 1.18 (HTTP-01 pathType Exact)', () => {
    expect(problems({ classes: [{ ...NGINX, version: '4.13.1' }] })).toEqual([
      'spec.edge.classes[0].version: ingress-nginx controller 1.13.1 rejects the pathType: Exact HTTP-01 solver Ingresses of cert-manager 1.18.2 (strict path validation); fixed in controller 1.13.2 and 1.12.6',
    ]);
    expect(problems({ classes: [{ ...NGINX, version: '4.13.9' }] })).toEqual([]);
    expect(problems({ classes: [{ ...NGINX, version: '4.13.0' }] }, { facts: { ...LAB_FACTS, versions: { 'cert-manager': '1.17.4' } } })).toEqual([]);
  });

  it('knows which controller versions break Exact paths', () => {
    expect(['1.11.5', '1.12.5', '1.12.6', '1.13.1', '1.13.2', '1.15.1'].map((v) => [v, exactPathBroken(v)])).toEqual([
      ['1.11.5', true],
      ['1.12.5', true],
      ['1.12.6', false],
      ['1.13.1', true],
      ['1.13.2', false],
      ['1.15.1', false],
    ]);
  });
});

describe('exposure and compatibility', () => {
  it('refuses a host on an internet-facing class without TLS', () => {
    const classes = [{ name: 'nginx', default: true, exposure: 'external', publicAddress: true }];
    expect(problems({ classes, routes: [{ name: 'web', namespace: 'apps', host: 'www.example.org', service: { name: 'web', port: 80 } }] })).toEqual([
      'spec.edge.routes[0].host: www.example.org is served by class nginx, which is exposed to the internet, without TLS',
    ]);
    expect(problems({ classes, routes: [{ name: 'web', namespace: 'apps', host: 'www.example.org', service: { name: 'web', port: 80 }, tls: {} }] })).toEqual([]);
  });

  it('refuses a Kubernetes older than ingress-nginx 1.13 supports and warns past the newest it is tested on, at the class version', () => {
    const edge = { classes: [{ name: 'nginx', default: true, retirementAccepted: 'the move to NGF is planned for the next window' }] };
    expect(problemLines(loadComponentWith(edge, '1.28').findings)).toEqual([
      'spec.edge.classes[0].version: nginx-edge needs kubernetes >= 1.29, the cluster runs 1.28: ingress-nginx 1.13.9 supports Kubernetes 1.29–1.33 (kubernetes/ingress-nginx README at controller-v1.13.9, Supported Versions table)',
    ]);
    expect(problemLines(loadComponentWith(edge, '1.34').findings, 'all')).toEqual([
      "spec.edge.classes[0].version: warning: nginx-edge needs kubernetes <= 1.33, the cluster runs 1.34: ingress-nginx 1.13.9 is tested up to Kubernetes 1.33 (kubernetes/ingress-nginx README at controller-v1.13.9, Supported Versions table); newer releases are untested, check the vendor's matrix before upgrading",
    ]);
  });
});

function loadComponentWith(edge: object, kubernetes: string) {
  return loadComponent(component, edge, { fields: { kubernetes: { version: kubernetes }, network: LAB_NETWORK }, stubs: [factsStub('testFacts', LAB_FACTS)] });
}
