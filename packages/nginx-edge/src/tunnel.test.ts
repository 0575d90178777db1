import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LAB_FACTS, load, loadValid, pool, problems, SINGLE_NETWORK, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { CLOUDFLARED_IMAGES, DEFAULT_CLOUDFLARED_VERSION, imageRef } from './pins.ts';
import { ingresses } from './ingress.ts';
import { tunnelConfig, tunnelRules } from './tunnel.ts';
import { tunnelObjects } from './tunnel-objects.ts';

const ID = '6ff42ae2-765d-4adf-8112-31c55c1551ef';
const TUNNEL = { tunnelId: ID, credentialsSecret: 'tunnel-creds' };
const BGP: SpecOptions = { facts: { ...LAB_FACTS, addressPools: [pool('vips', ['198.51.100.0/27'], 'bgp')] } };
const INTERNAL = { name: 'internal', default: true };
const EXTERNAL = { name: 'external', exposure: 'external', tunnel: TUNNEL };
const route = (extra: object = {}) => ({ name: 'blog', namespace: 'blog', class: 'external', host: 'blog.example.org', service: { name: 'blog', port: 8080 }, tls: {}, ...extra });

function objects(edge: object, opts: SpecOptions = BGP, i = 1) {
  const { cluster, block } = loadValid(edge, opts);
  const cls = block.classes[i];
  if (cls === undefined) throw new Error(`no class ${i}`);
  return { cluster, block, cls, objs: tunnelObjects(cluster, block, cls).map((o) => o.toJSON() as Record<string, any>) };
}

describe('cloudflared tunnel config', () => {
  it('routes each host to the controller over HTTPS with the host as SNI, ACME challenges over HTTP, and ends with a 404 catch-all', () => {
    const { block, cls } = objects({ classes: [INTERNAL, EXTERNAL], routes: [route(), route({ name: 'shop', host: 'shop.example.org', tls: { existingSecret: true } })] });
    const tunnel = cls.tunnel;
    if (tunnel === undefined) throw new Error('no tunnel');
    expect(tunnelConfig(block, cls, tunnel)).toBe(
      [
        `tunnel: ${ID}`,
        'credentials-file: /etc/cloudflared/creds/credentials.json',
        'metrics: 0.0.0.0:2000',
        'no-autoupdate: true',
        'ingress:',
        '  - hostname: blog.example.org',
        "    path: '^/\\.well-known/acme-challenge/'",
        '    service: http://ingress-external-controller.ingress-nginx.svc:80',
        '  - hostname: blog.example.org',
        '    service: https://ingress-external-controller.ingress-nginx.svc:443',
        '    originRequest:',
        '      originServerName: blog.example.org',
        '  - hostname: shop.example.org',
        '    service: https://ingress-external-controller.ingress-nginx.svc:443',
        '    originRequest:',
        '      originServerName: shop.example.org',
        '  - service: http_status:404',
        '',
      ].join('\n'),
    );
    // Valid YAML with the keys cloudflared reads.
    expect(parse(tunnelConfig(block, cls, tunnel)).ingress[0]).toEqual({
      hostname: 'blog.example.org',
      path: '^/\\.well-known/acme-challenge/',
      service: 'http://ingress-external-controller.ingress-nginx.svc:80',
    });
  });

  it('leaves out hosts of other classes, and carries the hosts of a canary without a tunnel of its own to the canary controller', () => {
    const canary = { name: 'external-next', exposure: 'external', canaryOf: 'external', version: '4.15.1' };
    const { block, cls } = objects({
      classes: [INTERNAL, EXTERNAL, canary],
      routes: [route(), route({ name: 'www', host: 'www.example.org', class: 'external-next' }), route({ name: 'lan', host: 'lan.example.org', class: 'internal' })],
    });
    expect(tunnelRules(block, cls).map((r) => `${r.hostname} ${r.path ?? '*'} → ${r.service}`)).toEqual([
      'blog.example.org ^/\\.well-known/acme-challenge/ → http://ingress-external-controller.ingress-nginx.svc:80',
      'blog.example.org * → https://ingress-external-controller.ingress-nginx.svc:443',
      'www.example.org ^/\\.well-known/acme-challenge/ → http://ingress-external-next-controller.ingress-nginx.svc:80',
      'www.example.org * → https://ingress-external-next-controller.ingress-nginx.svc:443',
    ]);
  });

  it('sends NGINX Gateway Fabric hosts to the Service NGF provisions for the Gateway', () => {
    const ngf = { name: 'public', default: true, flavor: 'nginx-gateway-fabric', exposure: 'external', tunnel: TUNNEL };
    const { block, cls } = objects({ classes: [ngf], routes: [route({ class: 'public' })] }, BGP, 0);
    expect(tunnelRules(block, cls).map((r) => r.service)).toEqual(['http://public-public.ingress-nginx.svc:80', 'https://public-public.ingress-nginx.svc:443']);
  });
});

describe('cloudflared tunnel objects', () => {
  it('renders a ConfigMap, a spread Deployment with the Secret mounted by name only, and a PodDisruptionBudget', () => {
    const { objs } = objects({ classes: [INTERNAL, EXTERNAL], routes: [route()] });
    expect(objs.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ConfigMap ingress-nginx/cloudflared-external',
      'Deployment ingress-nginx/cloudflared-external',
      'PodDisruptionBudget ingress-nginx/cloudflared-external',
    ]);
    const [, deployment, pdb] = objs;
    const pod = deployment?.spec.template.spec;
    const container = pod.containers[0];
    expect([deployment?.spec.replicas, container.image, container.args]).toEqual([
      2,
      imageRef(CLOUDFLARED_IMAGES[DEFAULT_CLOUDFLARED_VERSION]),
      ['tunnel', '--config', '/etc/cloudflared/config/config.yaml', 'run'],
    ]);
    expect(container.image).toBe('docker.io/cloudflare/cloudflared:2026.7.2@sha256:4f6655284ab3d252b7f28fedb19fe6c8fc82ee5b1295c20ac74d475e5398a52d');
    expect([container.ports, container.readinessProbe.httpGet, container.resources.requests]).toEqual([
      [{ name: 'metrics', containerPort: 2000, protocol: 'TCP' }],
      { path: '/ready', port: 'metrics' },
      { cpu: '50m', memory: '64Mi' },
    ]);
    expect(pod.volumes[1]).toEqual({ name: 'creds', secret: { secretName: 'tunnel-creds', defaultMode: 0o440, items: [{ key: 'credentials.json', path: 'credentials.json' }] } });
    expect(pod.topologySpreadConstraints[0]).toEqual({
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloudflared', 'app.kubernetes.io/instance': 'cloudflared-external' } },
    });
    expect(pdb?.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'cloudflared', 'app.kubernetes.io/instance': 'cloudflared-external' } } });
    // Nothing of the credentials but the Secret's name and key.
    expect(JSON.stringify(objs)).not.toMatch(/"data":\{"credentials/);
  });

  it('rolls the pods when the config changes (checksum annotation)', () => {
    const sum = (host: string) => objects({ classes: [INTERNAL, EXTERNAL], routes: [route({ host })] }).objs[1]?.spec.template.metadata.annotations['strata.dev/config-sha256'];
    expect(sum('blog.example.org')).toMatch(/^[0-9a-f]{64}$/);
    expect(sum('blog.example.org')).not.toBe(sum('news.example.org'));
  });

  it('runs one replica without spread or PodDisruptionBudget on a single node, and the key the spec names', () => {
    const { objs } = objects({ classes: [INTERNAL, { ...EXTERNAL, tunnel: { ...TUNNEL, credentialsKey: 'tunnel.json' } }], routes: [route()] }, { ...BGP, network: SINGLE_NETWORK });
    expect(objs.map((o) => o.kind)).toEqual(['ConfigMap', 'Deployment']);
    const pod = objs[1]?.spec.template.spec;
    expect([objs[1]?.spec.replicas, pod.topologySpreadConstraints, pod.volumes[1].secret.items]).toEqual([1, undefined, [{ key: 'tunnel.json', path: 'credentials.json' }]]);
  });

  it('renders nothing for a class without a tunnel', () => {
    expect(objects({ classes: [INTERNAL, { name: 'external', exposure: 'external', publicAddress: true }], routes: [route()] }).objs).toEqual([]);
  });
});

describe('tunnelled Ingresses', () => {
  it('point external-dns at the tunnel (proxied CNAME), for the class and its canaries, and leave other Ingresses alone', () => {
    const canary = { name: 'external-next', exposure: 'external', canaryOf: 'external', version: '4.15.1' };
    const { cluster, block } = loadValid(
      { classes: [INTERNAL, EXTERNAL, canary], routes: [route(), route({ name: 'www', host: 'www.example.org', class: 'external-next' }), route({ name: 'lan', host: 'lan.example.org', class: 'internal' })] },
      BGP,
    );
    expect(ingresses(cluster, block).map((i) => [i.metadata?.name, i.metadata?.annotations])).toEqual([
      ['blog', { 'external-dns.alpha.kubernetes.io/target': `${ID}.cfargotunnel.com`, 'external-dns.alpha.kubernetes.io/cloudflare-proxied': 'true' }],
      ['www', { 'external-dns.alpha.kubernetes.io/target': `${ID}.cfargotunnel.com`, 'external-dns.alpha.kubernetes.io/cloudflare-proxied': 'true' }],
      ['lan', undefined],
    ]);
  });
});

describe('tunnel checks', () => {
  it('rejects an external host with neither a tunnel nor a public address, at the route host', () => {
    const loaded = problems({ classes: [INTERNAL, { name: 'external', exposure: 'external' }], routes: [route()] }, BGP);
    expect(loaded).toEqual([
      'spec.edge.routes[0].host: blog.example.org is served by class external (exposure external), which has neither a tunnel nor a public address, so the internet cannot reach it',
    ]);
    expect(problems({ classes: [INTERNAL, EXTERNAL], routes: [route()] }, BGP)).toEqual([]);
    expect(problems({ classes: [INTERNAL, { name: 'external', exposure: 'external', publicAddress: true }], routes: [route()] }, BGP)).toEqual([]);
    expect(problems({ classes: [INTERNAL], routes: [route({ class: 'internal' })] }, BGP)).toEqual([]);
  });

  it('hints at both fields of the class', () => {
    const { findings } = load({ classes: [INTERNAL, { name: 'external', exposure: 'external' }], routes: [route()] }, BGP);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.hint)).toEqual([
      'add spec.edge.classes[1].tunnel: {tunnelId: …, credentialsSecret: …}, or set spec.edge.classes[1].publicAddress: true if its LoadBalancer address is reachable from the internet',
    ]);
  });

  it('counts a canary as tunnelled through its stable class', () => {
    const canary = { name: 'external-next', exposure: 'external', canaryOf: 'external', version: '4.15.1' };
    expect(problems({ classes: [INTERNAL, EXTERNAL, canary], routes: [route({ class: 'external-next' })] }, BGP)).toEqual([]);
    expect(problems({ classes: [INTERNAL, { name: 'external', exposure: 'external', publicAddress: true }, canary], routes: [route({ class: 'external-next' })] }, BGP)).toEqual([
      'spec.edge.routes[0].host: blog.example.org is served by class external-next (exposure external), which has neither a tunnel nor a public address, so the internet cannot reach it',
    ]);
  });

  it('rejects a tunnel on an internal class, one tunnel ID on two classes, and one connector on a multi-node cluster', () => {
    expect(problems({ classes: [{ ...INTERNAL, tunnel: TUNNEL }, EXTERNAL, { name: 'lab', exposure: 'external', tunnel: { ...TUNNEL, replicas: 1 } }] }, BGP)).toEqual([
      'spec.edge.classes[0].tunnel: a tunnel publishes the hosts of class internal on the internet, but the class has exposure internal',
      `spec.edge.classes[1].tunnel.tunnelId: tunnel ${ID} is already run by spec.edge.classes[0]; Cloudflare spreads requests over all connectors of a tunnel, so they must share one set of ingress rules`,
      `spec.edge.classes[2].tunnel.tunnelId: tunnel ${ID} is already run by spec.edge.classes[0]; Cloudflare spreads requests over all connectors of a tunnel, so they must share one set of ingress rules`,
      'spec.edge.classes[2].tunnel.replicas: 1 cloudflared replica on 3 nodes: a node drain or a rollout takes every tunnelled host offline',
    ]);
    expect(problems({ classes: [INTERNAL, { ...EXTERNAL, tunnel: { ...TUNNEL, replicas: 1 } }] }, { ...BGP, network: SINGLE_NETWORK })).toEqual([]);
  });

  it('rejects a tunnel ID that is not a UUID and a credentials Secret name that is not a DNS label (schema)', () => {
    expect(problems({ classes: [INTERNAL, { ...EXTERNAL, tunnel: { tunnelId: 'homelab', credentialsSecret: 'Creds_JSON' } }] }, BGP)).toEqual([
      'spec.edge.classes[1].tunnel.tunnelId: must match the pattern ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      'spec.edge.classes[1].tunnel.credentialsSecret: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  it('warns on a public address of an internal class', () => {
    expect(problems({ classes: [{ ...INTERNAL, publicAddress: true, retirementAccepted: 'moving to NGF in 2027-Q1' }] }, BGP, 'all')).toEqual([
      'spec.edge.classes[0].publicAddress: warning: class internal is reachable from the internet but has exposure internal, so it sends no HSTS or security headers',
    ]);
  });
});

describe('tunnel facts and explain', () => {
  it('declares a PodMonitor on the cloudflared metrics port', () => {
    const { cluster, block } = loadValid({ classes: [INTERNAL, EXTERNAL], routes: [route()] }, BGP);
    const metrics = component.facts?.({ cluster, block }).metrics ?? [];
    expect(metrics.filter((m) => m.name.startsWith('cloudflared'))).toEqual([
      {
        component: 'nginx-edge',
        name: 'cloudflared-external',
        namespace: 'ingress-nginx',
        kind: 'PodMonitor',
        selector: { 'app.kubernetes.io/name': 'cloudflared', 'app.kubernetes.io/instance': 'cloudflared-external' },
        port: 'metrics',
        path: '/metrics',
      },
    ]);
  });

  it('explains the tunnelled path of a host under paths', () => {
    const loaded = loadValid({ classes: [INTERNAL, EXTERNAL], routes: [route()] }, BGP);
    const paths = component.explain?.(loaded).find((e) => e.topic === 'paths')?.lines ?? [];
    expect(paths.filter((l) => l.includes('Tunnel'))).toEqual([
      `blog.example.org: from the internet through Cloudflare Tunnel ${ID} (Deployment ingress-nginx/cloudflared-external) → https://ingress-external-controller.ingress-nginx.svc:443 (TLS checked for blog.example.org); client IP in CF-Connecting-IP, not the source address`,
    ]);
  });
});
