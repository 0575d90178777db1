import { describe, expect, it } from 'vitest';
import { LAB_FACTS, loadValid } from './__fixtures__/spec.ts';
import { component } from './index.ts';

function factsOf(edge: object, facts = LAB_FACTS) {
  const { cluster, block } = loadValid(edge, { facts });
  return component.facts?.({ cluster, block }) ?? {};
}

const route = (extra: object = {}) => ({ name: 'web', namespace: 'apps', host: 'www.lab.example.org', service: { name: 'web', port: 80 }, ...extra });

describe('nginx-edge facts', () => {
  it('declares a TLS host per TLS route (not for existing Secrets), with the issuer, the Ingress namespace and the host path', () => {
    const f = factsOf({
      classes: [{ name: 'internal', default: true }, { name: 'external' }],
      routes: [
        route({ tls: { issuer: 'letsencrypt' } }),
        route({ name: 'blog', namespace: 'blog', class: 'external', host: 'blog.example.org', tls: { secretName: 'blog-cert' } }),
        route({ name: 'own', host: 'own.example.org', tls: { existingSecret: true } }),
        route({ name: 'plain', host: 'plain.example.org' }),
      ],
    });
    expect(f.tlsHosts).toEqual([
      {
        host: 'www.lab.example.org',
        secretName: 'www-lab-example-org-tls',
        namespace: 'apps',
        issuer: 'letsencrypt',
        server: { kind: 'ingress', ingressClass: 'internal' },
        reader: { kind: 'Ingress', namespace: 'apps', name: 'web', field: 'spec.tls[0].secretName' },
        component: 'nginx-edge',
        path: ['spec', 'edge', 'routes', 0, 'host'],
      },
      {
        host: 'blog.example.org',
        secretName: 'blog-cert',
        namespace: 'blog',
        server: { kind: 'ingress', ingressClass: 'external' },
        reader: { kind: 'Ingress', namespace: 'blog', name: 'blog', field: 'spec.tls[0].secretName' },
        component: 'nginx-edge',
        path: ['spec', 'edge', 'routes', 1, 'host'],
      },
    ]);
    // The route with an existing Secret: nothing issues it, so it is a Secret made outside strata.
    expect(f.secrets).toEqual([
      {
        namespace: 'apps',
        name: 'own-example-org-tls',
        keys: ['tls.crt', 'tls.key'],
        type: 'kubernetes.io/tls',
        reader: { kind: 'Ingress', namespace: 'apps', name: 'own', field: 'spec.tls[0].secretName' },
        purpose: 'certificate chain and key for own.example.org (tls.existingSecret: no Certificate is requested)',
        create: 'kubectl -n apps create secret tls own-example-org-tls --cert=<cert.pem> --key=<key.pem>',
        component: 'nginx-edge',
        path: ['spec', 'edge', 'routes', 2, 'tls', 'existingSecret'],
      },
    ]);
    expect(f.namespaces).toEqual(['apps', 'blog']);
  });

  it('declares one HTTP entry point with port 80 and a ServiceMonitor per class, and the lowest controller version', () => {
    const f = factsOf({ classes: [{ name: 'internal', default: true }, { name: 'external', version: '4.15.1' }] });
    expect(f.httpEntrypoints).toEqual([
      { kind: 'ingress-class', ingressClass: 'internal', port80: true, controllerVersion: '1.13.9', component: 'nginx-edge', path: ['spec', 'edge', 'classes', 0] },
      { kind: 'ingress-class', ingressClass: 'external', port80: true, controllerVersion: '1.15.1', component: 'nginx-edge', path: ['spec', 'edge', 'classes', 1] },
    ]);
    expect(f.metrics?.map((m) => [m.kind, m.namespace, m.name, m.selector, m.port, m.path])).toEqual([
      [
        'ServiceMonitor',
        'ingress-nginx',
        'ingress-internal-controller',
        { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-internal', 'app.kubernetes.io/component': 'controller' },
        'metrics',
        '/metrics',
      ],
      [
        'ServiceMonitor',
        'ingress-nginx',
        'ingress-external-controller',
        { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-external', 'app.kubernetes.io/component': 'controller' },
        'metrics',
        '/metrics',
      ],
    ]);
    expect(f.versions).toEqual({ 'ingress-nginx': '1.13.9' });
  });

  it('declares a Gateway entry point, gateway-served TLS hosts in the Gateway namespace, a PodMonitor and no ingress-nginx version for NGF', () => {
    const f = factsOf({ classes: [{ name: 'public', default: true, flavor: 'nginx-gateway-fabric' }], routes: [route({ tls: {} })] });
    expect(f.httpEntrypoints).toEqual([
      { kind: 'gateway', name: 'public', namespace: 'ingress-nginx', http80Listener: 'http', allowsAllNamespaces: true, component: 'nginx-edge', path: ['spec', 'edge', 'classes', 0] },
    ]);
    expect(f.tlsHosts?.map((t) => [t.namespace, t.secretName, t.server])).toEqual([
      ['ingress-nginx', 'www-lab-example-org-tls', { kind: 'gateway', gateway: 'public', namespace: 'ingress-nginx', listener: 'https-www-lab-example-org' }],
    ]);
    expect(f.metrics?.map((m) => [m.kind, m.name, m.selector])).toEqual([
      ['PodMonitor', 'ngf-public', { 'app.kubernetes.io/name': 'nginx-gateway-fabric', 'app.kubernetes.io/instance': 'ngf-public' }],
    ]);
    expect(f.versions).toEqual({});
  });

  it("declares each class's controller Service as the chart or NGF names it, with ports 80 and 443, so tunnel targets can be checked", () => {
    const f = factsOf({ classes: [{ name: 'internal', default: true }, { name: 'edge', flavor: 'nginx-gateway-fabric' }] });
    expect(f.services?.map((s) => `${s.namespace}/${s.name}:${s.ports.map((p) => `${p.port}/${p.name}`).join(',')}`)).toEqual([
      'ingress-nginx/ingress-internal-controller:80/http,443/https',
      'ingress-nginx/edge-edge:80/http,443/https',
    ]);
  });
});
