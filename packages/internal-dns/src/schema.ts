import { type BlockOf, dnsLabelSchema, hostnameSchema } from '@strata/core';
import type { JSONSchema } from 'json-schema-to-ts';
import { DEFAULT_K8S_GATEWAY_VERSION, K8S_GATEWAY_VERSIONS } from './pins.ts';

/** JSON Schema of `spec.internalDNS`. */
export const schema = {
  type: 'object',
  description:
    'Internal DNS: k8s-gateway (CoreDNS with the k8s_gateway plugin) answers for the internal domain from the hosts of Ingresses of the chosen classes, HTTPRoutes and LoadBalancer Services, on a LoadBalancer address (53 UDP and TCP, L4 fast path).',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Install k8s-gateway.' },
    version: {
      type: 'string',
      enum: K8S_GATEWAY_VERSIONS,
      default: DEFAULT_K8S_GATEWAY_VERSION,
      description: 'k8s-gateway chart version (`https://k8s-gateway.github.io/k8s_gateway`, chart `k8s-gateway`).',
    },
    namespace: { ...dnsLabelSchema, default: 'internal-dns', description: 'Namespace of the Helm release (created by the release).' },
    domain: {
      ...hostnameSchema,
      description: 'Zone k8s-gateway is authoritative for (`domain`), e.g. `home.example.org`; delegate it to the Service address from your router or resolver. Required.',
    },
    ingressClasses: {
      type: 'array',
      default: [],
      uniqueItems: true,
      description:
        'Ingress classes whose Ingress hosts are answered (`watchedResources: [Ingress]` + `filters.ingressClasses`); each must be an ingress class another component declares. Empty: no Ingress hosts.',
      items: { ...dnsLabelSchema, description: 'IngressClass name.' },
    },
    httpRoutes: {
      type: 'boolean',
      default: false,
      description: 'Also answer for the hostnames of Gateway API HTTPRoutes (`watchedResources: [HTTPRoute]`), with the addresses of their Gateways.',
    },
    services: {
      type: 'boolean',
      default: false,
      description: 'Also answer for LoadBalancer Services as `<name>.<namespace>.<domain>` (`watchedResources: [Service]`).',
    },
    address: {
      type: 'object',
      default: {},
      additionalProperties: false,
      description: 'Where the DNS Service takes its LoadBalancer address from.',
      properties: {
        pool: { ...dnsLabelSchema, description: "Address pool (a pool fact, e.g. a Cilium pool); its serviceSelector labels go on the Service (`service.labels`)." },
        ip: {
          type: 'string',
          format: 'ipv4',
          description: "Fixed address inside the pool's blocks, requested through the pool's `ipsAnnotation` (`service.annotations`, e.g. `lbipam.cilium.io/ips`). Clients and the resolver delegating the domain need a fixed one.",
        },
      },
    },
    externalTrafficPolicy: {
      type: 'string',
      enum: ['Local', 'Cluster'],
      default: 'Local',
      description:
        '`service.externalTrafficPolicy`: `Local` keeps the client address (logs, per-client limits) but a node without a k8s-gateway pod drops queries; on an L2-announced pool, run a replica on every announcing node.',
    },
    replicas: {
      type: 'integer',
      minimum: 1,
      maximum: 9,
      description:
        '`replicaCount`, spread one per node. Default: with `Local` on an L2-announced pool, one per node (the elected announcer must hold a pod); otherwise 2 on a multi-node cluster, else 1.',
    },
    ttl: { type: 'integer', minimum: 1, maximum: 86400, default: 300, description: 'TTL in seconds of the answers (`ttl`).' },
    fallthrough: {
      type: 'boolean',
      default: false,
      description:
        'Names in the domain that no watched object declares go on to the next plugin (forward to the cluster resolver) instead of NXDOMAIN (`fallthrough.enabled`), for split-horizon zones that also exist outside.',
    },
  },
} as const satisfies JSONSchema;

/** `spec.internalDNS` after defaults. */
export type InternalDnsBlock = BlockOf<typeof schema>;
