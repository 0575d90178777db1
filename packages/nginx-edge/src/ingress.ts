import type { Cluster } from '@strata/core';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { classOf, secretNameOf, tunnelClassOf } from './classes.ts';
import { namespaced } from './metadata.ts';
import type { EdgeBlock, EdgeClass, EdgeRoute } from './schema.ts';

type RouteCache = NonNullable<EdgeRoute['cache']>;

/** Annotation prefix of ingress-nginx. */
const NGINX = 'nginx.ingress.kubernetes.io';

/**
 * The NGINX directives a cached route needs (reference §6). They can only be
 * expressed as a `configuration-snippet`, hence the class' snippet opt-in.
 */
export function cacheSnippet(zone: string, cache: RouteCache): string {
  const lines = [`proxy_cache ${zone};`, `proxy_cache_key "${cache.key}";`];
  for (const v of cache.valid) lines.push(`proxy_cache_valid ${v.status.join(' ')} ${v.ttl};`);
  if (cache.revalidate) lines.push('proxy_cache_revalidate on;');
  if (cache.useStale) {
    lines.push('proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;', 'proxy_cache_background_update on;', 'proxy_cache_lock on;');
  }
  const bypass = [...(cache.bypass.authorization ? ['$http_authorization'] : []), ...cache.bypass.cookies.map((c) => `$cookie_${c}`)];
  if (bypass.length > 0) lines.push(`proxy_cache_bypass ${bypass.join(' ')};`, `proxy_no_cache ${bypass.join(' ')};`);
  lines.push('add_header X-Cache-Status $upstream_cache_status always;');
  return `${lines.join('\n')}\n`;
}

/** Annotation prefix of external-dns. */
const EXTERNAL_DNS = 'external-dns.alpha.kubernetes.io';

/**
 * Annotations of a route's Ingress: caching, and for a tunnelled host the DNS
 * record external-dns must publish — a proxied CNAME to the tunnel
 * (`<id>.cfargotunnel.com`, what `cloudflared tunnel route dns` makes), not
 * the class' LoadBalancer address, which the internet cannot reach.
 */
function annotations(block: EdgeBlock, cls: EdgeClass, route: EdgeRoute): Record<string, string> {
  const out: Record<string, string> = {};
  if (route.cache !== undefined && cls.cache !== undefined) {
    // Unbuffered responses are never cached; the controller default is off.
    out[`${NGINX}/proxy-buffering`] = 'on';
    out[`${NGINX}/configuration-snippet`] = cacheSnippet(cls.cache.keysZone.name, route.cache);
  }
  const tunnel = tunnelClassOf(block, cls)?.tunnel;
  if (tunnel !== undefined) {
    out[`${EXTERNAL_DNS}/target`] = `${tunnel.tunnelId}.cfargotunnel.com`;
    out[`${EXTERNAL_DNS}/cloudflare-proxied`] = 'true';
  }
  return out;
}

/** One Ingress per route of an ingress-nginx class; TLS secrets come from cert-manager via the tlsHosts fact. */
export function ingresses(cluster: Cluster, block: EdgeBlock): Ingress[] {
  const out: Ingress[] = [];
  for (const route of block.routes) {
    const cls = classOf(block, route);
    if (cls === undefined || cls.flavor !== 'ingress-nginx') continue;
    out.push(
      new Ingress({
        metadata: namespaced(cluster.metadata.name, route.namespace, route.name, {}, annotations(block, cls, route)),
        spec: {
          ingressClassName: cls.name,
          ...(route.tls === undefined ? {} : { tls: [{ hosts: [route.host], secretName: secretNameOf(route) }] }),
          rules: [
            {
              host: route.host,
              http: {
                paths: route.paths.map((p) => ({
                  path: p.path,
                  pathType: p.pathType,
                  backend: { service: { name: route.service.name, port: { number: route.service.port } } },
                })),
              },
            },
          ],
        },
      }),
    );
  }
  return out;
}
