import { describe, expect, it } from 'vitest';
import { LAB_FACTS, load, problems } from './__fixtures__/spec.ts';
import { pathKey } from './route-conflicts.ts';

const CLASSES = [
  { name: 'internal', default: true },
  { name: 'external', exposure: 'external', publicAddress: true },
];
const route = (name: string, extra: object = {}) => ({ name, namespace: 'apps', host: 'www.lab.example.org', service: { name, port: 80 }, ...extra });
const errors = (routes: object[], classes: object[] = CLASSES) => problems({ classes, routes });

describe('routes for the same host and path on one class', () => {
  it('rejects a second route for host and path on the default class, at its path, with file:line:col and a hint', () => {
    const found = load({ classes: CLASSES, routes: [route('web'), route('shop', { paths: [{ path: '/' }] })] });
    const errs = found.findings.filter((f) => f.severity === 'error');
    expect(errs.map((f) => `${f.file}:${f.line}:${f.column} ${f.path}: ${f.message}`)).toEqual([
      'cluster.yaml:51:19 spec.edge.routes[1].paths[0].path: www.lab.example.org Prefix / on class internal is already routed by spec.edge.routes[0] (apps/web) paths[0]; ingress-nginx merges the Ingresses and the oldest one wins, silently',
    ]);
    expect(errs[0]?.hint).toBe('merge the paths into one route, give them different paths, or serve one of them on another class');
  });

  it('points at the route when its paths are the default', () => {
    const found = load({ classes: CLASSES, routes: [route('web'), route('shop')] });
    expect(found.lines.filter((l) => !l.includes('warning'))).toEqual([
      'cluster.yaml:44:9 spec.edge.routes[1].paths[0].path: www.lab.example.org Prefix / on class internal is already routed by spec.edge.routes[0] (apps/web) paths[0]; ingress-nginx merges the Ingresses and the oldest one wins, silently',
    ]);
  });

  it('resolves the default class: a route naming it conflicts with one that names no class', () => {
    expect(errors([route('web'), route('shop', { class: 'internal', paths: [{ path: '/' }] })])).toEqual([
      'spec.edge.routes[1].paths[0].path: www.lab.example.org Prefix / on class internal is already routed by spec.edge.routes[0] (apps/web) paths[0]; ingress-nginx merges the Ingresses and the oldest one wins, silently',
    ]);
  });

  it('allows the same host and path on different classes (split-horizon DNS)', () => {
    expect(errors([route('web'), route('web-public', { class: 'external', tls: {} })])).toEqual([]);
  });

  it('treats Prefix paths with and without a trailing slash as one', () => {
    expect(errors([route('web', { paths: [{ path: '/api' }] }), route('shop', { paths: [{ path: '/api/', pathType: 'Prefix' }] })])).toEqual([
      'spec.edge.routes[1].paths[0].path: www.lab.example.org Prefix /api/ on class internal is already routed by spec.edge.routes[0] (apps/web) paths[0] (written /api); ingress-nginx merges the Ingresses and the oldest one wins, silently',
    ]);
  });

  it('keeps Exact paths as written, and lets Exact and Prefix of one path coexist', () => {
    expect(
      errors([
        route('web', { paths: [{ path: '/api', pathType: 'Exact' }] }),
        route('shop', { paths: [{ path: '/api/', pathType: 'Exact' }, { path: '/api', pathType: 'Prefix' }] }),
      ]),
    ).toEqual([]);
    expect(errors([route('web', { paths: [{ path: '/api', pathType: 'Exact' }] }), route('shop', { paths: [{ path: '/api', pathType: 'Exact' }] })])).toEqual([
      'spec.edge.routes[1].paths[0].path: www.lab.example.org Exact /api on class internal is already routed by spec.edge.routes[0] (apps/web) paths[0]; ingress-nginx merges the Ingresses and the oldest one wins, silently',
    ]);
  });

  it('rejects a path repeated within one route', () => {
    expect(errors([route('web', { paths: [{ path: '/' }, { path: '/docs' }, { path: '/docs/' }] })])).toEqual([
      'spec.edge.routes[0].paths[2].path: www.lab.example.org Prefix /docs/ on class internal is already routed by paths[1] of this route (written /docs); one path can have one backend',
    ]);
  });

  it('allows different hosts and different paths on one class', () => {
    expect(errors([route('web'), route('shop', { host: 'shop.lab.example.org' }), route('api', { paths: [{ path: '/api' }] })])).toEqual([]);
  });

  it('names the Gateway API outcome on an NGINX Gateway Fabric class', () => {
    const ngf = [{ name: 'gw', default: true, flavor: 'nginx-gateway-fabric' }];
    expect(errors([route('web'), route('shop')], ngf)).toEqual([
      'spec.edge.routes[1].paths[0].path: www.lab.example.org Prefix / on class gw is already routed by spec.edge.routes[0] (apps/web) paths[0]; Gateway API gives the match to the oldest HTTPRoute, silently',
    ]);
  });
});

describe('routes that meet another component\'s Ingress', () => {
  const hubble = {
    host: 'hubble.lab.example.org',
    secretName: 'hubble-ui-tls',
    namespace: 'kube-system',
    server: { kind: 'ingress', ingressClass: 'internal' },
    paths: [{ path: '/', pathType: 'Prefix' }],
    component: 'observability',
    path: ['spec', 'observability', 'hubbleUI', 'host'],
  } as const;
  const facts = { ...LAB_FACTS, tlsHosts: [hubble] };

  it('rejects an edge route for the host and path observability exposes on the same class', () => {
    const found = load({ classes: CLASSES, routes: [route('hubble', { host: 'hubble.lab.example.org', paths: [{ path: '/' }] })] }, { facts });
    expect(found.findings.filter((f) => f.severity === 'error').map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.edge.routes[0].paths[0].path',
        'hubble.lab.example.org Prefix / on class internal is already routed by the observability component\'s Ingress (spec.observability.hubbleUI.host); ingress-nginx merges the Ingresses and the oldest one wins, silently',
        'give this route another host or path, or serve that host from spec.observability.hubbleUI.host alone',
      ],
    ]);
  });

  it('allows another path of that host, and the host on another class', () => {
    const routes = [route('api', { host: 'hubble.lab.example.org', paths: [{ path: '/api' }] }), route('pub', { host: 'hubble.lab.example.org', class: 'external', tls: {} })];
    expect(problems({ classes: CLASSES, routes }, { facts })).toEqual([]);
  });
});

describe('one host on two classes behind one tunnel', () => {
  const TUNNEL = { tunnelId: '6ff42ae2-765d-4adf-8112-31c55c1551ef', credentialsSecret: 'tunnel-creds' };
  const stable = { name: 'public', default: true, exposure: 'external', tunnel: TUNNEL, retirementAccepted: 'moving to NGF after the canary' };
  const canary = { name: 'public-next', canaryOf: 'public', exposure: 'external', version: '4.15.1' };

  it('rejects a host a canary serves while its stable class still serves it through the shared tunnel', () => {
    const routes = [route('web', { tls: {} }), route('web-next', { class: 'public-next', tls: {}, paths: [{ path: '/beta' }] })];
    expect(problems({ classes: [{ ...stable, version: '4.13.9' }, canary], routes })).toEqual([
      'spec.edge.routes[1].host: www.lab.example.org on class public-next is also served by class public (spec.edge.routes[0]) through the same tunnel of class public; cloudflared routes a host to one controller, public\'s, so this route gets no tunnel traffic',
    ]);
  });

  it('allows a host moved to the canary as a whole', () => {
    const routes = [route('web', { class: 'public-next', tls: {} }), route('api', { class: 'public-next', tls: {}, paths: [{ path: '/api' }] })];
    expect(problems({ classes: [{ ...stable, version: '4.13.9' }, canary], routes })).toEqual([]);
  });
});

describe('pathKey', () => {
  it.each([
    ['/', 'Prefix', 'Prefix /'],
    ['/api/', 'Prefix', 'Prefix /api'],
    ['/api//', 'Prefix', 'Prefix /api'],
    ['/api/', 'Exact', 'Exact /api/'],
  ] as const)('%s %s → %s', (path, type, key) => {
    expect(pathKey(path, type)).toBe(key);
  });
});
