// Test support: hand-built facts of the edge components (TLS hosts and HTTP
// entry points), shaped like what cilium-dataplane and nginx-edge declare.
import type { HttpEntrypoint, TlsHost } from '@strata/core';

/** A TLS host served by ingress class `ingressClass`, declared at `spec.edgeStub.hosts[index]`. */
export function ingressHost(host: string, ingressClass: string, secretName: string, namespace: string, index: number, issuer?: string): TlsHost {
  return {
    host,
    secretName,
    namespace,
    ...(issuer === undefined ? {} : { issuer }),
    server: { kind: 'ingress', ingressClass },
    component: 'nginx-edge',
    path: ['spec', 'edgeStub', 'hosts', index],
  };
}

/** A TLS host terminated by listener `listener` of Gateway `namespace/gateway`. */
export function gatewayHost(host: string, gateway: string, namespace: string, listener: string, secretName: string, index: number, issuer?: string): TlsHost {
  return {
    host,
    secretName,
    namespace,
    ...(issuer === undefined ? {} : { issuer }),
    server: { kind: 'gateway', gateway, namespace, listener },
    component: 'cilium-dataplane',
    path: ['spec', 'edgeStub', 'hosts', index],
  };
}

/** An ingress class; `port80` false for a class whose LoadBalancer only opens 443. */
export function ingressClass(name: string, port80 = true, controllerVersion?: string): HttpEntrypoint {
  return {
    kind: 'ingress-class',
    ingressClass: name,
    port80,
    ...(controllerVersion === undefined ? {} : { controllerVersion }),
    component: 'nginx-edge',
    path: ['spec', 'edgeStub', 'classes', name],
  };
}

/** A Gateway with (or without) a plain-HTTP listener on port 80. */
export function gateway(name: string, namespace: string, http80Listener?: string, allowsAllNamespaces = false): HttpEntrypoint {
  return {
    kind: 'gateway',
    name,
    namespace,
    ...(http80Listener === undefined ? {} : { http80Listener }),
    allowsAllNamespaces,
    component: 'cilium-dataplane',
    path: ['spec', 'edgeStub', 'gateways', name],
  };
}
