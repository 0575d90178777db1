import type { CiliumBlock } from './schema.ts';

// How routes attach to Gateway listeners: read by the checks and by render (gateway-api.ts),
// kept apart from the Gateway API models so the package's light `spec` entry loads none.

/** GatewayClass the Cilium chart creates (`gatewayAPI.gatewayClass.create: "true"`); never rendered here. */
export const GATEWAY_CLASS = 'cilium';

/** API group of Gateway API kinds. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export type GatewaySpec = CiliumBlock['gateways'][number];
export type ListenerSpec = GatewaySpec['listeners'][number];
export type RouteSpec = CiliumBlock['routes'][number];
export type RouteKind = RouteSpec['kind'];

/** The listener's TLS mode: as written, else `Terminate` for HTTPS, `Passthrough` for TLS, none for HTTP. */
export function listenerMode(listener: ListenerSpec): 'Terminate' | 'Passthrough' | undefined {
  if (listener.protocol === 'HTTP') return undefined;
  return listener.tls?.mode ?? (listener.protocol === 'HTTPS' ? 'Terminate' : 'Passthrough');
}

/** The route kind a listener serves: HTTPRoute on HTTP/HTTPS, TLSRoute on TLS. */
export function routeKindOf(listener: ListenerSpec): RouteKind {
  return listener.protocol === 'TLS' ? 'TLSRoute' : 'HTTPRoute';
}

/** Whether `route` attaches to `listener` of `gateway`: named by `listener`, or any listener of its kind. */
export function attaches(route: RouteSpec, gateway: GatewaySpec, listener: ListenerSpec): boolean {
  if (route.gateway !== gateway.name) return false;
  return route.listener === undefined ? routeKindOf(listener) === route.kind : route.listener === listener.name;
}
