import { type BlockOf, mergeByKey, replaceOnMerge, dnsLabelSchema, hostnameSchema } from '@strata/core';
import type { JSONSchema } from 'json-schema-to-ts';
import { CLOUDFLARED_VERSIONS, DEFAULT_CLOUDFLARED_VERSION, DEFAULT_INGRESS_NGINX_VERSION, INGRESS_NGINX_CHART_VERSIONS } from './pins.ts';

/** A host name (no wildcard: every route host gets its own certificate). */
const hostname = hostnameSchema;

/** NGINX size (`50m`, `1g`). */
const nginxSize = { type: 'string', pattern: '^[1-9][0-9]*[kmg]$' } as const;

/** HTTP header name → value. */
const headerMap = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z0-9-]+$' },
  additionalProperties: { type: 'string' },
} as const;

const cacheRoute = {
  type: 'object',
  description: 'Cache responses of this route in the class\' cache zone (needs the class\' `snippets.allow` and `cache`; rendered as a `configuration-snippet`).',
  additionalProperties: false,
  properties: {
    key: {
      type: 'string',
      pattern: '^[^"\\n;]+$',
      default: '$scheme$request_method$host$request_uri',
      description: 'Cache key (`proxy_cache_key`).',
    },
    valid: {
      type: 'array',
      ...replaceOnMerge,
      minItems: 1,
      default: [{ status: [200, 301, 302], ttl: '10m' }, { status: [404], ttl: '1m' }],
      description: 'How long responses stay fresh, by status (`proxy_cache_valid`).',
      items: {
        type: 'object',
        description: 'A TTL for some status codes.',
        additionalProperties: false,
        required: ['status', 'ttl'],
        properties: {
          status: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 100, maximum: 599 }, description: 'HTTP status codes.' },
          ttl: { type: 'string', pattern: '^[0-9]+[smhd]$', description: 'Time to keep them (`10m`, `1h`).' },
        },
      },
    },
    revalidate: { type: 'boolean', default: true, description: 'Revalidate stale entries with conditional requests (`proxy_cache_revalidate`).' },
    useStale: { type: 'boolean', default: true, description: 'Serve stale entries while the upstream errors or times out, or while one request updates them (`proxy_cache_use_stale`, `proxy_cache_background_update`).' },
    bypass: {
      type: 'object',
      description: 'Requests that skip the cache and are not stored (`proxy_cache_bypass` + `proxy_no_cache`).',
      additionalProperties: false,
      default: {},
      properties: {
        authorization: { type: 'boolean', default: true, description: 'Requests with an `Authorization` header.' },
        cookies: { type: 'array', default: [], items: { type: 'string', pattern: '^[A-Za-z0-9_]+$' }, description: 'Cookie names whose presence bypasses the cache (e.g. a session cookie).' },
      },
    },
  },
} as const;

/** A Cloudflare Tunnel in front of an external class (locally managed: the config file is rendered, the credentials are not). */
const tunnelSchema = {
  type: 'object',
  description:
    'Publish the hosts of this class (and of its canaries) through a Cloudflare Tunnel: a cloudflared Deployment in the edge namespace dials out to Cloudflare and forwards each host to the class\' controller over HTTPS (SNI and certificate check on the host). Map the hostnames to the tunnel in Cloudflare DNS (`cloudflared tunnel route dns`).',
  additionalProperties: false,
  required: ['tunnelId', 'credentialsSecret'],
  properties: {
    tunnelId: {
      type: 'string',
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      description: 'UUID of the tunnel (`cloudflared tunnel create` prints it; config key `tunnel`).',
    },
    credentialsSecret: {
      ...dnsLabelSchema,
      description:
        'Name of the Secret in the edge namespace that holds the tunnel credentials JSON (made outside strata, e.g. `kubectl create secret generic <name> --from-file=credentials.json=<id>.json`); mounted as `credentials-file`. The spec holds its name, never the content.',
    },
    credentialsKey: {
      type: 'string',
      pattern: '^[-._a-zA-Z0-9]+$',
      default: 'credentials.json',
      description: 'Key of the credentials JSON in that Secret.',
    },
    replicas: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      description: 'cloudflared replicas (connectors of the same tunnel), spread across nodes. Default 2 on multi-node clusters, 1 on a single node.',
    },
    version: {
      type: 'string',
      enum: CLOUDFLARED_VERSIONS,
      default: DEFAULT_CLOUDFLARED_VERSION,
      description: 'cloudflared release (image `cloudflare/cloudflared`, pinned by digest in `src/pins.ts`).',
    },
  },
} as const;

const classSchema = {
  type: 'object',
  description: 'One edge controller and its IngressClass (or GatewayClass).',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { ...dnsLabelSchema, description: 'IngressClass name (`spec.ingressClassName` of its Ingresses); also names the Helm release `ingress-<name>`.' },
    flavor: {
      type: 'string',
      enum: ['ingress-nginx', 'nginx-gateway-fabric'],
      default: 'ingress-nginx',
      description:
        '`ingress-nginx` (community controller, retired upstream in March 2026: a warning) or `nginx-gateway-fabric` (F5 NGINX Gateway Fabric, Gateway API; a Gateway per class and HTTPRoutes, no caching or snippets).',
    },
    version: {
      type: 'string',
      enum: INGRESS_NGINX_CHART_VERSIONS,
      default: DEFAULT_INGRESS_NGINX_VERSION,
      description: 'ingress-nginx chart version (chart `ingress-nginx`); the controller version comes with it. NGF follows the Gateway API bundle instead.',
    },
    default: { type: 'boolean', default: false, description: 'Make this the default IngressClass (`controller.ingressClassResource.default`); only one class can be, and it keeps the controller value `k8s.io/ingress-nginx` (the others get their own).' },
    retirementAccepted: {
      type: 'string',
      minLength: 10,
      description:
        'Why this class stays on the retired ingress-nginx for now (e.g. the plan and date of the move to a Gateway API implementation). Recorded in the spec for review; silences the retirement warning of flavor `ingress-nginx`.',
    },
    exposure: {
      type: 'string',
      enum: ['internal', 'external'],
      default: 'internal',
      description: '`external` (reachable from the internet) turns on HSTS and security response headers by default.',
    },
    publicAddress: {
      type: 'boolean',
      default: false,
      description:
        'The LoadBalancer address is reachable from the internet (e.g. a BGP-announced public VIP). Every host of an `exposure: external` class needs this or a `tunnel`; strata cannot tell from the pool alone.',
    },
    tunnel: tunnelSchema,
    canaryOf: {
      ...dnsLabelSchema,
      description:
        'Make this class a canary of the named stable class: same flavor and exposure, a newer `version`, its own controller, address and IngressClass; routes move to it with `class:`. Not the default class. Without its own tunnel, its hosts ride the stable class\' tunnel.',
    },
    address: {
      type: 'object',
      description: 'Where the LoadBalancer Service takes its address from (Cilium LB-IPAM).',
      additionalProperties: false,
      default: {},
      properties: {
        ip: { type: 'string', format: 'ip', description: 'Fixed address (`service.annotations[lbipam.cilium.io/ips]`); must lie in a pool.' },
        pool: { ...dnsLabelSchema, description: 'Pool to take the address from; its serviceSelector labels go on the Service (`controller.service.labels`).' },
      },
    },
    kind: {
      type: 'string',
      enum: ['Deployment', 'DaemonSet'],
      description:
        'Controller workload (`controller.kind`). Default: DaemonSet on the announcing nodes when the address pool is L2-announced (with `externalTrafficPolicy: Local` the elected node must hold a pod), else Deployment.',
    },
    replicas: {
      type: 'integer',
      minimum: 1,
      maximum: 20,
      description: 'Deployment replicas (`controller.replicaCount`). Default 2 on multi-node clusters (spread across nodes, PodDisruptionBudget minAvailable 1), 1 on a single node.',
    },
    loadBalancerIdleTimeoutSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: 86400,
      description: 'Idle timeout of the L4 load balancer in front (e.g. 350 for a cloud NLB); the NGINX client keepalive must be shorter so NGINX, not the balancer, closes idle connections.',
    },
    keepalive: {
      type: 'object',
      description: 'Client and upstream keepalive (ConfigMap keys; ingress-nginx only: NGINX Gateway Fabric keeps its own).',
      additionalProperties: false,
      default: {},
      properties: {
        timeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 75, description: 'Client keepalive timeout (`keep-alive`).' },
        requests: { type: 'integer', minimum: 1, maximum: 1000000, default: 1000, description: 'Requests per client connection (`keep-alive-requests`).' },
        upstreamConnections: { type: 'integer', minimum: 0, maximum: 100000, default: 320, description: 'Idle upstream connections per worker (`upstream-keepalive-connections`).' },
        upstreamTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 60, description: 'Upstream idle timeout (`upstream-keepalive-timeout`).' },
        upstreamRequests: { type: 'integer', minimum: 1, maximum: 1000000, default: 10000, description: 'Requests per upstream connection (`upstream-keepalive-requests`).' },
      },
    },
    shutdown: {
      type: 'object',
      description: 'Graceful shutdown (ingress-nginx only): preStop `/wait-shutdown`, then NGINX drains within the worker shutdown timeout, before the pod is killed.',
      additionalProperties: false,
      default: {},
      properties: {
        gracePeriodSeconds: { type: 'integer', minimum: 0, maximum: 600, default: 15, description: 'Wait before NGINX stops, while endpoints are removed (`--shutdown-grace-period` via `controller.extraArgs`).' },
        workerShutdownTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 240, description: 'Time NGINX workers get to finish requests (`worker-shutdown-timeout`).' },
        terminationGracePeriodSeconds: { type: 'integer', minimum: 1, maximum: 7200, default: 300, description: 'Pod termination grace period (`controller.terminationGracePeriodSeconds`); must exceed the two above plus the controller\'s 10 s post-shutdown grace.' },
      },
    },
    headers: {
      type: 'object',
      description: 'Headers the controller adds.',
      additionalProperties: false,
      default: {},
      properties: {
        request: { ...headerMap, description: 'Headers sent to upstreams (`controller.proxySetHeaders`), values may use NGINX variables.' },
        response: { ...headerMap, description: 'Headers sent to clients (`controller.addHeaders`).' },
        security: {
          type: 'boolean',
          description: 'Add X-Content-Type-Options, X-Frame-Options and Referrer-Policy and hide the server version. Default: on for `exposure: external`.',
        },
        hsts: {
          type: 'object',
          description: 'Strict-Transport-Security on HTTPS responses (`hsts*` ConfigMap keys). Default: on for `exposure: external`, off otherwise.',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean', description: 'Send the header (`hsts`).' },
            maxAgeSeconds: { type: 'integer', minimum: 0, default: 31536000, description: '`hsts-max-age`.' },
            includeSubdomains: { type: 'boolean', default: true, description: '`hsts-include-subdomains`.' },
            preload: { type: 'boolean', default: false, description: '`hsts-preload`.' },
          },
        },
      },
    },
    clientIp: {
      type: 'object',
      description: 'Real client addresses. With `externalTrafficPolicy: Local` the source address already is the client\'s; set these when a proxy sits in front.',
      additionalProperties: false,
      default: {},
      properties: {
        trustedProxies: {
          type: 'array',
          default: [],
          items: { type: 'string', format: 'cidr' },
          description: 'Proxies whose client-address header is believed (`enable-real-ip`, `proxy-real-ip-cidr`).',
        },
        header: { type: 'string', pattern: '^[A-Za-z0-9-]+$', default: 'X-Forwarded-For', description: 'Header that carries the client address (`forwarded-for-header`).' },
        l7Proxy: { type: 'boolean', default: false, description: 'An L7 proxy in front sets X-Forwarded-Proto/Host too; trust them (`use-forwarded-headers`). Needs trustedProxies.' },
      },
    },
    snippets: {
      type: 'object',
      description: 'Opt in to snippet annotations for this class (needed for caching): `allow-snippet-annotations` and `annotations-risk-level: Critical`. Anyone who can write an Ingress of this class can then inject NGINX config.',
      additionalProperties: false,
      properties: {
        allow: { type: 'boolean', default: false, description: 'Allow snippet annotations.' },
        reason: { type: 'string', minLength: 10, description: 'Why (who writes Ingresses of this class); required with allow.' },
      },
    },
    cache: {
      type: 'object',
      description: 'A proxy cache zone in every controller pod (`proxy_cache_path` in `http-snippet`, on an emptyDir volume).',
      additionalProperties: false,
      properties: {
        path: { type: 'string', pattern: '^/[A-Za-z0-9_./-]+$', default: '/var/cache/nginx', description: 'Directory of the cache (an emptyDir is mounted there).' },
        size: { ...nginxSize, default: '1g', description: 'Most disk the cache may use (`max_size`).' },
        inactive: { type: 'string', pattern: '^[0-9]+[smhd]$', default: '60m', description: 'Entries not read for this long are removed (`inactive`).' },
        keysZone: {
          type: 'object',
          description: 'Shared memory zone of the keys (`keys_zone`).',
          additionalProperties: false,
          default: {},
          properties: {
            name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', default: 'edge_cache', description: 'Zone name routes refer to (`proxy_cache`).' },
            size: { ...nginxSize, default: '50m', description: 'Zone size (1m holds about 8000 keys).' },
          },
        },
      },
    },
  },
} as const;

const routeSchema = {
  type: 'object',
  description: 'An application route: one Ingress (or HTTPRoute for NGF classes).',
  additionalProperties: false,
  required: ['name', 'namespace', 'host', 'service'],
  properties: {
    name: { ...dnsLabelSchema, description: 'Ingress name.' },
    namespace: { ...dnsLabelSchema, description: 'Namespace of the Ingress and its Service.' },
    class: { ...dnsLabelSchema, description: 'Edge class; default: the class marked `default`.' },
    host: { ...hostname, description: 'Host name served. Behind a shared tunnel (a canary riding its stable class\' tunnel) a host belongs to one class, since cloudflared routes by host alone: serving it from both classes is an error.' },
    paths: {
      type: 'array',
      ...replaceOnMerge,
      minItems: 1,
      default: [{ path: '/' }],
      description:
        'Paths routed to the Service. A host, path and pathType is routed once per class (over all routes): a second route for it is an error, since ingress-nginx merges the Ingresses and the oldest wins (Gateway API: the oldest HTTPRoute). Prefix paths compare without trailing slashes (`/api/` is `/api`); Exact and Prefix of one path may coexist.',
      items: {
        type: 'object',
        description: 'A path.',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: { type: 'string', pattern: '^/[A-Za-z0-9_./~-]*$', description: 'URL path.' },
          pathType: { type: 'string', enum: ['Prefix', 'Exact'], default: 'Prefix', description: 'Ingress `pathType` (HTTPRoute `PathPrefix`/`Exact`).' },
        },
      },
    },
    service: {
      type: 'object',
      description: 'Backend Service.',
      additionalProperties: false,
      required: ['name', 'port'],
      properties: {
        name: { ...dnsLabelSchema, description: 'Service name.' },
        port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Service port.' },
      },
    },
    tls: {
      type: 'object',
      description: 'Terminate TLS for the host at the edge; cert-manager issues the certificate unless `existingSecret`.',
      additionalProperties: false,
      properties: {
        secretName: { ...dnsLabelSchema, description: 'kubernetes.io/tls Secret (Ingress `spec.tls[].secretName`). Default: the host with dots as dashes, plus `-tls`.' },
        issuer: { ...dnsLabelSchema, description: 'cert-manager ClusterIssuer; default the cert-manager block\'s default issuer.' },
        existingSecret: { type: 'boolean', default: false, description: 'The Secret is made outside strata; no Certificate is requested.' },
      },
    },
    cache: cacheRoute,
  },
} as const;

/** JSON Schema of `spec.edge`. */
export const schema = {
  type: 'object',
  description: 'NGINX edge (L7 feature path): one controller per class, Ingresses with TLS, caching and headers.',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Install the edge controllers and routes.' },
    namespace: { ...dnsLabelSchema, default: 'ingress-nginx', description: 'Namespace of the controllers (and NGF Gateways); created by their Helm releases.' },
    classes: {
      type: 'array',
      ...mergeByKey('name'),
      minItems: 1,
      default: [{ name: 'nginx', default: true }],
      description: 'Edge classes, one controller each.',
      items: classSchema,
    },
    routes: { type: 'array', ...mergeByKey('namespace', 'name'), default: [], description: 'Application routes.', items: routeSchema },
  },
} as const satisfies JSONSchema;

export type EdgeBlock = BlockOf<typeof schema>;
export type EdgeClass = EdgeBlock['classes'][number];
export type EdgeRoute = EdgeBlock['routes'][number];
export type EdgeTunnel = NonNullable<EdgeClass['tunnel']>;
