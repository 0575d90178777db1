import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import { cacheSnippet, ingresses } from './ingress.ts';

const CACHING = { name: 'nginx', default: true, snippets: { allow: true, reason: 'trusted admins only' }, cache: { keysZone: { name: 'static' } } };
const route = (extra: object = {}) => ({ name: 'web', namespace: 'apps', host: 'www.lab.example.org', service: { name: 'web', port: 80 }, ...extra });

function ingressJson(edge: object) {
  const { cluster, block } = loadValid(edge);
  return ingresses(cluster, block).map((i) => i.toJSON() as { metadata: { annotations?: Record<string, string> }; spec: unknown });
}

describe('Ingresses', () => {
  it('routes the host to the Service with the class, and terminates TLS with the derived or named Secret', () => {
    const [a, b] = ingressJson({ routes: [route({ tls: {} }), route({ name: 'api', host: 'api.lab.example.org', paths: [{ path: '/v1', pathType: 'Exact' }], tls: { secretName: 'api-cert' } })] });
    expect(a?.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['www.lab.example.org'], secretName: 'www-lab-example-org-tls' }],
      rules: [{ host: 'www.lab.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
    expect(b?.spec).toMatchObject({ tls: [{ hosts: ['api.lab.example.org'], secretName: 'api-cert' }], rules: [{ http: { paths: [{ path: '/v1', pathType: 'Exact' }] } }] });
    // cert-manager issues from the tlsHosts fact; a shim annotation would make a second Certificate.
    expect(a?.metadata.annotations).toBeUndefined();
  });

  it('has no TLS section without tls', () => {
    expect(ingressJson({ routes: [route()] })[0]?.spec).not.toHaveProperty('tls');
  });

  it('caches with proxy buffering on and a configuration-snippet using the class zone', () => {
    const [a] = ingressJson({ classes: [CACHING], routes: [route({ cache: { valid: [{ status: [200], ttl: '5m' }], revalidate: false, useStale: false, bypass: { authorization: true, cookies: ['session', 'auth'] } } })] });
    expect(a?.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/proxy-buffering': 'on',
      'nginx.ingress.kubernetes.io/configuration-snippet': [
        'proxy_cache static;',
        'proxy_cache_key "$scheme$request_method$host$request_uri";',
        'proxy_cache_valid 200 5m;',
        'proxy_cache_bypass $http_authorization $cookie_session $cookie_auth;',
        'proxy_no_cache $http_authorization $cookie_session $cookie_auth;',
        'add_header X-Cache-Status $upstream_cache_status always;',
        '',
      ].join('\n'),
    });
  });

  it('revalidates and serves stale by default, and bypasses nothing when asked', () => {
    const snippet = cacheSnippet('z', { key: '$host$uri', valid: [{ status: [200, 302], ttl: '1h' }], revalidate: true, useStale: true, bypass: { authorization: false, cookies: [] } });
    expect(snippet.split('\n')).toEqual([
      'proxy_cache z;',
      'proxy_cache_key "$host$uri";',
      'proxy_cache_valid 200 302 1h;',
      'proxy_cache_revalidate on;',
      'proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;',
      'proxy_cache_background_update on;',
      'proxy_cache_lock on;',
      'add_header X-Cache-Status $upstream_cache_status always;',
      '',
    ]);
  });
});
