import { describe, expect, it } from 'vitest';
import { LAB_FACTS, loadValid, pool, SINGLE_NETWORK, type SpecOptions } from './__fixtures__/spec.ts';
import { cacheVolumeLimit, ingressNginxValues, type IngressNginxValues } from './values.ts';

const NGINX = { name: 'nginx', default: true };
const BGP: SpecOptions = { facts: { ...LAB_FACTS, addressPools: [pool('vips', ['198.51.100.0/27'], 'bgp')] } };

function values(classes: object[], opts: SpecOptions = {}, i = 0): IngressNginxValues['controller'] {
  const { cluster, block, facts } = loadValid({ classes }, opts);
  const cls = block.classes[i];
  if (cls === undefined) throw new Error(`no class ${i}`);
  return ingressNginxValues(cluster, block, cls, facts.addressPools).controller;
}

describe('ingress-nginx values', () => {
  it('gives each class its IngressClass, election ID and controller value; only the default keeps k8s.io/ingress-nginx', () => {
    const classes = [{ name: 'internal', default: true }, { name: 'external' }];
    const pick = (c: IngressNginxValues['controller']) => [c.ingressClass, c.electionID, c.ingressClassResource];
    expect([pick(values(classes, BGP, 0)), pick(values(classes, BGP, 1))]).toEqual([
      ['internal', 'ingress-internal-leader', { name: 'internal', enabled: true, default: true, controllerValue: 'k8s.io/ingress-nginx' }],
      ['external', 'ingress-external-leader', { name: 'external', enabled: true, default: false, controllerValue: 'k8s.io/ingress-nginx-external' }],
    ]);
  });

  it('runs a DaemonSet on the announcing nodes of an L2 pool', () => {
    const opts: SpecOptions = { facts: { ...LAB_FACTS, addressPools: [pool('lab', ['10.20.0.224/27'], 'l2', { nodeSelector: { 'edge.example.org/announce': 'true' } })] } };
    const v = values([NGINX], opts);
    expect([v.kind, v.replicaCount, v.minAvailable, v.nodeSelector, v.topologySpreadConstraints]).toEqual([
      'DaemonSet',
      undefined,
      undefined,
      { 'kubernetes.io/os': 'linux', 'edge.example.org/announce': 'true' },
      undefined,
    ]);
  });

  it('runs two spread replicas with a PodDisruptionBudget on a multi-node BGP cluster, one replica on a single node', () => {
    const v = values([NGINX], BGP);
    expect([v.kind, v.replicaCount, v.minAvailable]).toEqual(['Deployment', 2, 1]);
    expect(v.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
      },
    ]);
    const single = values([NGINX], { ...BGP, network: SINGLE_NETWORK });
    expect([single.kind, single.replicaCount, single.minAvailable, single.topologySpreadConstraints]).toEqual(['Deployment', 1, undefined, undefined]);
  });

  it('asks for a fixed address with the pool\'s annotation and carries the pool\'s selector labels', () => {
    const opts: SpecOptions = {
      facts: { ...LAB_FACTS, addressPools: [pool('external', ['192.168.1.240-192.168.1.250'], 'bgp', { serviceSelector: { 'strata.dev/exposure': 'external' } })] },
    };
    expect(values([{ ...NGINX, address: { pool: 'external', ip: '192.168.1.241' } }], opts).service).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      annotations: { 'lbipam.cilium.io/ips': '192.168.1.241' },
      labels: { 'strata.dev/exposure': 'external' },
      enableHttp: true,
      enableHttps: true,
      ports: { http: 80, https: 443 },
    });
  });

  it('keeps snippets off and validation on by default, and allows Critical snippets only on the opted-in class', () => {
    const classes = [NGINX, { name: 'cache', snippets: { allow: true, reason: 'trusted admins only' } }];
    const pick = (c: IngressNginxValues['controller']) => [
      c.allowSnippetAnnotations,
      c.config['annotations-risk-level'],
      c.config['strict-validate-path-type'],
      c.enableAnnotationValidations,
    ];
    expect([pick(values(classes, BGP, 0)), pick(values(classes, BGP, 1))]).toEqual([
      [false, 'High', 'true', true],
      [true, 'Critical', 'true', true],
    ]);
  });

  it('maps keepalive and graceful shutdown to ConfigMap keys, the grace period flag, preStop and the termination grace period', () => {
    const v = values([{ ...NGINX, keepalive: { timeoutSeconds: 60, requests: 500, upstreamConnections: 64, upstreamTimeoutSeconds: 30, upstreamRequests: 1000 }, shutdown: { gracePeriodSeconds: 10, workerShutdownTimeoutSeconds: 120, terminationGracePeriodSeconds: 150 } }], BGP);
    expect([
      v.config['keep-alive'],
      v.config['keep-alive-requests'],
      v.config['upstream-keepalive-connections'],
      v.config['upstream-keepalive-timeout'],
      v.config['upstream-keepalive-requests'],
      v.config['worker-shutdown-timeout'],
      v.extraArgs,
      v.lifecycle,
      v.terminationGracePeriodSeconds,
    ]).toEqual(['60', '500', '64', '30', '1000', '120s', { 'shutdown-grace-period': '10' }, { preStop: { exec: { command: ['/wait-shutdown'] } } }, 150]);
  });

  it('turns on metrics and leaves the chart ServiceMonitor and the admission webhook as they should be', () => {
    const v = values([NGINX], BGP);
    expect([v.metrics, v.admissionWebhooks]).toEqual([{ enabled: true, serviceMonitor: { enabled: false } }, { enabled: true }]);
  });
});

describe('headers and client IP', () => {
  it('sends request headers upstream and response headers to clients', () => {
    const v = values([{ ...NGINX, headers: { request: { 'X-Request-Start': 't=${msec}' }, response: { 'X-Robots-Tag': 'noindex' } } }], BGP);
    expect([v.proxySetHeaders, v.addHeaders]).toEqual([{ 'X-Request-Start': 't=${msec}' }, { 'X-Robots-Tag': 'noindex' }]);
  });

  it('adds HSTS and security headers on an external class; the spec\'s headers win', () => {
    const v = values([{ ...NGINX, exposure: 'external', headers: { response: { 'X-Frame-Options': 'SAMEORIGIN' } } }], BGP);
    expect(v.addHeaders).toEqual({ 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'SAMEORIGIN' });
    const { hsts, 'hsts-max-age': age, 'hsts-include-subdomains': sub, 'hsts-preload': preload, 'server-tokens': tokens } = v.config;
    expect([hsts, age, sub, preload, tokens]).toEqual(['true', '31536000', 'true', 'false', 'false']);
  });

  it('leaves HSTS off on an internal class unless asked, and off on an external class when disabled', () => {
    expect(values([NGINX], BGP).config.hsts).toBe('false');
    expect(values([NGINX], BGP).addHeaders).toBeUndefined();
    expect(values([{ ...NGINX, headers: { hsts: { enabled: true, preload: true } } }], BGP).config['hsts-preload']).toBe('true');
    expect(values([{ ...NGINX, exposure: 'external', headers: { hsts: { enabled: false } } }], BGP).config.hsts).toBe('false');
  });

  it('believes client addresses only from trusted proxies, and X-Forwarded-* only behind an L7 proxy', () => {
    const config = values([{ ...NGINX, clientIp: { trustedProxies: ['10.0.0.0/8', '172.16.0.0/12'], header: 'X-Real-IP', l7Proxy: true } }], BGP).config;
    expect([config['use-forwarded-headers'], config['enable-real-ip'], config['proxy-real-ip-cidr'], config['forwarded-for-header']]).toEqual([
      'true',
      'true',
      '10.0.0.0/8,172.16.0.0/12',
      'X-Real-IP',
    ]);
    const plain = values([NGINX], BGP).config;
    expect([plain['use-forwarded-headers'], plain['enable-real-ip'], plain['proxy-real-ip-cidr']]).toEqual(['false', undefined, undefined]);
  });
});

describe('cache zone', () => {
  it('declares the zone in http-snippet and mounts an emptyDir at its path', () => {
    const v = values([{ ...NGINX, snippets: { allow: true, reason: 'trusted admins only' }, cache: { path: '/cache', size: '512m', inactive: '2h', keysZone: { name: 'static', size: '10m' } } }], BGP);
    expect([v.config['http-snippet'], v.extraVolumes, v.extraVolumeMounts]).toEqual([
      'proxy_cache_path /cache levels=1:2 keys_zone=static:10m max_size=512m inactive=2h use_temp_path=off;\n',
      [{ name: 'cache', emptyDir: { sizeLimit: '1024Mi' } }],
      [{ name: 'cache', mountPath: '/cache' }],
    ]);
    expect(values([NGINX], BGP).extraVolumes).toBeUndefined();
  });

  it('sizes the volume at twice the soft max_size', () => {
    expect(['100k', '50m', '1g'].map(cacheVolumeLimit)).toEqual(['200Ki', '100Mi', '2Gi']);
  });
});
