import type { AddressPool, Cluster } from '@strata/core';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { candidatePools, classNames, classOf, secretNameOf, serviceLabels } from './classes.ts';
import { httpsListener } from './facts.ts';
import { namespaced } from './metadata.ts';
import type { EdgeBlock, EdgeClass } from './schema.ts';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** The Gateway of an NGF class: port 80 for every namespace (HTTP-01 challenges), one HTTPS listener per TLS host. */
export function gatewayOf(cluster: Cluster, block: EdgeBlock, cls: EdgeClass, pools: readonly AddressPool[]): Gateway {
  const routes = block.routes.filter((r) => classOf(block, r) === cls);
  const labels = serviceLabels(cls, block.namespace, pools);
  const ips = candidatePools(cls, block.namespace, pools)[0]?.ipsAnnotation ?? 'lbipam.cilium.io/ips';
  const annotations = cls.address.ip === undefined ? undefined : { [ips]: cls.address.ip };
  const tls = routes.filter((r) => r.tls !== undefined);
  const namespaces = [...new Set(tls.map((r) => r.namespace))].sort();
  return new Gateway({
    metadata: namespaced(cluster.metadata.name, block.namespace, classNames(cls).gateway ?? cls.name),
    spec: {
      gatewayClassName: cls.name,
      // NGF copies infrastructure labels and annotations to the Service it provisions, where LB-IPAM reads them.
      ...(Object.keys(labels).length === 0 && annotations === undefined
        ? {}
        : { infrastructure: { ...(Object.keys(labels).length === 0 ? {} : { labels }), ...(annotations === undefined ? {} : { annotations }) } }),
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        ...tls.map((r) => ({
          name: httpsListener(r.host),
          hostname: r.host,
          port: 443,
          protocol: 'HTTPS',
          tls: { mode: 'Terminate' as const, certificateRefs: [{ group: '', kind: 'Secret', name: secretNameOf(r) }] },
          allowedRoutes: {
            kinds: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }],
            namespaces: { from: 'Selector' as const, selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: namespaces }] } },
          },
        })),
      ],
    },
  });
}

/** One HTTPRoute per route of an NGF class, on the host's HTTPS listener (or port 80 without TLS). */
export function httpRoutes(cluster: Cluster, block: EdgeBlock): HTTPRoute[] {
  const out: HTTPRoute[] = [];
  for (const route of block.routes) {
    const cls = classOf(block, route);
    if (cls === undefined || cls.flavor !== 'nginx-gateway-fabric') continue;
    out.push(
      new HTTPRoute({
        metadata: namespaced(cluster.metadata.name, route.namespace, route.name),
        spec: {
          parentRefs: [
            {
              group: GATEWAY_GROUP,
              kind: 'Gateway',
              name: classNames(cls).gateway ?? cls.name,
              namespace: block.namespace,
              sectionName: route.tls === undefined ? 'http' : httpsListener(route.host),
            },
          ],
          hostnames: [route.host],
          rules: [
            {
              matches: route.paths.map((p) => ({ path: { type: p.pathType === 'Exact' ? ('Exact' as const) : ('PathPrefix' as const), value: p.path } })),
              backendRefs: [{ name: route.service.name, port: route.service.port }],
            },
          ],
        },
      }),
    );
  }
  return out;
}
