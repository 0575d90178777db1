import { type Cluster, SpecError } from '@strata/core';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { TLSRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TLSRoute';
import { ReferenceGrant } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant';
import { attaches, GATEWAY_CLASS, GATEWAY_GROUP, type GatewaySpec, listenerMode, routeKindOf, type RouteSpec } from './gateway-routes.ts';
import { poolLabels } from './lb-ipam.ts';
import { namespaced } from './metadata.ts';
import type { CiliumBlock } from './schema.ts';

/** `allowedRoutes.namespaces`: Same, or exactly the namespaces of the routes that attach. */
function allowedNamespaces(gateway: GatewaySpec, namespaces: readonly string[]) {
  const others = [...new Set(namespaces)].sort();
  if (others.every((ns) => ns === gateway.namespace)) return { from: 'Same' as const };
  return {
    from: 'Selector' as const,
    selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: others }] },
  };
}

function gatewayObject(cluster: Cluster, block: CiliumBlock, gw: GatewaySpec): Gateway {
  const pool = gw.pool === undefined ? undefined : block.loadBalancer.pools.find((p) => p.name === gw.pool);
  const labels = pool === undefined ? {} : poolLabels(pool);
  return new Gateway({
    metadata: namespaced(cluster.metadata.name, gw.namespace, gw.name),
    spec: {
      gatewayClassName: GATEWAY_CLASS,
      // Cilium copies infrastructure labels to the Gateway's LoadBalancer Service, where LB-IPAM pools select them.
      ...(Object.keys(labels).length === 0 ? {} : { infrastructure: { labels } }),
      listeners: gw.listeners.map((l) => {
        const mode = listenerMode(l);
        const routes = block.routes.filter((r) => attaches(r, gw, l));
        return {
          name: l.name,
          ...(l.hostname === undefined ? {} : { hostname: l.hostname }),
          port: l.port,
          protocol: l.protocol,
          ...(mode === undefined
            ? {}
            : {
                tls: {
                  mode,
                  // Passthrough ignores certificateRefs; only the Secret's name is rendered, never its material.
                  ...(mode === 'Terminate' && l.tls?.certificateSecret !== undefined
                    ? { certificateRefs: [{ group: '', kind: 'Secret', name: l.tls.certificateSecret }] }
                    : {}),
                },
              }),
          allowedRoutes: {
            kinds: [{ group: GATEWAY_GROUP, kind: routeKindOf(l) }],
            namespaces: allowedNamespaces(
              gw,
              routes.map((r) => r.namespace),
            ),
          },
        };
      }),
    },
  });
}

function gatewayOf(block: CiliumBlock, route: RouteSpec, index: number): GatewaySpec {
  const gw = block.gateways.find((g) => g.name === route.gateway);
  if (gw === undefined) throw new SpecError(['spec', 'cilium', 'routes', index, 'gateway'], `gateway "${route.gateway}" is not in spec.cilium.gateways`);
  return gw;
}

function routeObject(cluster: Cluster, block: CiliumBlock, route: RouteSpec, index: number): HTTPRoute | TLSRoute {
  const gw = gatewayOf(block, route, index);
  const metadata = namespaced(cluster.metadata.name, route.namespace, route.name);
  const parentRefs = [{ name: gw.name, namespace: gw.namespace, ...(route.listener === undefined ? {} : { sectionName: route.listener }) }];
  const hostnames = route.hostnames.length === 0 ? {} : { hostnames: [...route.hostnames] };
  const backendRefs = route.backends.map((b) => ({
    name: b.name,
    ...(b.namespace === undefined ? {} : { namespace: b.namespace }),
    port: b.port,
    ...(b.weight === undefined ? {} : { weight: b.weight }),
  }));
  if (route.kind === 'TLSRoute') return new TLSRoute({ metadata, spec: { parentRefs, ...hostnames, rules: [{ backendRefs }] } });
  return new HTTPRoute({ metadata, spec: { parentRefs, ...hostnames, rules: [{ backendRefs }] } });
}

/** A ReferenceGrant in each other namespace a route's backends live in, for exactly those Services. */
function referenceGrants(cluster: Cluster, route: RouteSpec): ReferenceGrant[] {
  const byNamespace = new Map<string, Set<string>>();
  for (const b of route.backends) {
    if (b.namespace === undefined || b.namespace === route.namespace) continue;
    const names = byNamespace.get(b.namespace) ?? new Set<string>();
    names.add(b.name);
    byNamespace.set(b.namespace, names);
  }
  return [...byNamespace.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([ns, names]) =>
        new ReferenceGrant({
          metadata: namespaced(cluster.metadata.name, ns, `${route.kind.toLowerCase()}-${route.namespace}-${route.name}`),
          spec: {
            from: [{ group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace }],
            to: [...names].sort().map((name) => ({ group: '', kind: 'Service', name })),
          },
        }),
    );
}

/**
 * Gateways, HTTPRoutes (v1), TLSRoutes (v1alpha2, the version the Gateway API
 * v1.2/v1.3 bundles Cilium 1.17/1.18 target) and ReferenceGrants (v1beta1), or
 * nothing when Gateway API is off. The GatewayClass comes from the chart.
 */
export function gatewayAPIObjects(cluster: Cluster, block: CiliumBlock): (Gateway | HTTPRoute | TLSRoute | ReferenceGrant)[] {
  if (!block.gatewayAPI.enabled) return [];
  return [
    ...block.gateways.map((gw) => gatewayObject(cluster, block, gw)),
    ...block.routes.map((r, i) => routeObject(cluster, block, r, i)),
    ...block.routes.flatMap((r) => referenceGrants(cluster, r)),
  ];
}
