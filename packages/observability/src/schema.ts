import { type BlockOf, mergeByKey, dnsLabelSchema, hostnameSchema, durationSchema } from '@strata/core';
import type { JSONSchema } from 'json-schema-to-ts';

/** A host name (no wildcard: each exposed UI gets its own certificate). */
const hostname = hostnameSchema;

/** A Kubernetes quantity of bytes for a volume (`50Gi`, `500M`). */
const quantity = { type: 'string', pattern: '^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$' } as const;

/** Prometheus duration with days and weeks (`15d`, `2w`, `12h`). */
const promDuration = { type: 'string', pattern: '^[1-9][0-9]*(ms|s|m|h|d|w|y)$' } as const;

const storage = (size: string, what: string) =>
  ({
    type: 'object',
    description: `Persistent volume of ${what} (a volumeClaimTemplate; ReadWriteOnce).`,
    additionalProperties: false,
    default: {},
    properties: {
      size: { ...quantity, default: size, description: `Volume size (\`resources.requests.storage\`), e.g. \`${size}\`.` },
      storageClass: { ...dnsLabelSchema, description: 'StorageClass of the claim (`storageClassName`). Default: the cluster\'s default class.' },
    },
  }) as const;

const tlsExposure = (what: string, defaultSecret: string) =>
  ({
    type: 'object',
    description: `${what} behind the edge: an Ingress of \`ingressClass\` with TLS (cert-manager issues the certificate).`,
    additionalProperties: false,
    required: ['host'],
    properties: {
      host: { ...hostname, description: 'Host name of the Ingress and its certificate.' },
      secretName: { ...dnsLabelSchema, default: defaultSecret, description: 'kubernetes.io/tls Secret the Ingress reads (cert-manager writes it).' },
      issuer: { ...dnsLabelSchema, description: 'ClusterIssuer for the certificate. Default: the cert-manager block\'s default issuer.' },
    },
  }) as const;

const secretKeyRef = {
  type: 'object',
  description: 'A key of a Secret created out of band; its name and key are rendered, never the value.',
  additionalProperties: false,
  required: ['name', 'key'],
  properties: {
    name: { ...dnsLabelSchema, description: 'Secret name (`valueFrom.secretKeyRef.name`).' },
    key: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', description: 'Key in the Secret (`valueFrom.secretKeyRef.key`).' },
  },
} as const;

const envName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } as const;

const externalDNSInstance = {
  type: 'object',
  description: 'One external-dns release that publishes the hosts of one ingress class.',
  additionalProperties: false,
  required: ['ingressClass', 'provider', 'domainFilters'],
  properties: {
    ingressClass: { ...dnsLabelSchema, description: 'IngressClass it watches (`--ingress-class`); also names the release `external-dns-<class>`.' },
    provider: {
      type: 'string',
      enum: ['webhook', 'cloudflare'],
      description: '`webhook`: a provider sidecar (e.g. the local router\'s DNS; needs `webhook`); `cloudflare`: Cloudflare\'s API (needs `cloudflare`).',
    },
    domainFilters: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: hostname,
      description: 'Zones it may change (`domainFilters`, `--domain-filter`).',
    },
    policy: {
      type: 'string',
      enum: ['upsert-only', 'sync'],
      default: 'upsert-only',
      description: '`upsert-only` never deletes records; `sync` also deletes records it owns (`policy`).',
    },
    txtOwnerId: {
      type: 'string',
      pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
      maxLength: 63,
      description: 'Owner id in its TXT registry records (`txtOwnerId`); distinct per instance. Default: `<cluster>-<ingressClass>`.',
    },
    webhook: {
      type: 'object',
      description: 'The webhook provider sidecar (`provider.webhook`).',
      additionalProperties: false,
      required: ['image', 'tag'],
      properties: {
        image: { type: 'string', pattern: '^[a-z0-9]+([._/:-][a-z0-9]+)*$', description: 'Image repository of the provider (`provider.webhook.image.repository`), e.g. `ghcr.io/mirceanton/external-dns-provider-mikrotik`.' },
        tag: { type: 'string', pattern: '^v?[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?(@sha256:[0-9a-f]{64})?$', description: 'Exact image tag, optionally with `@sha256:` digest (`provider.webhook.image.tag`); never `latest`.' },
        env: {
          type: 'object',
          default: {},
          propertyNames: envName,
          additionalProperties: { type: 'string' },
          description: 'Plain settings of the provider (`provider.webhook.env[].value`), e.g. the router\'s URL. No secrets here.',
        },
        secretEnv: {
          type: 'object',
          default: {},
          propertyNames: envName,
          additionalProperties: secretKeyRef,
          description: 'Credentials of the provider by Secret reference (`provider.webhook.env[].valueFrom.secretKeyRef`).',
        },
      },
    },
    cloudflare: {
      type: 'object',
      description: 'Cloudflare provider settings.',
      additionalProperties: false,
      required: ['apiToken'],
      properties: {
        apiToken: { ...secretKeyRef, description: 'Secret key with a Cloudflare API token (Zone:Read, DNS:Edit), passed as `CF_API_TOKEN`.' },
        proxied: { type: 'boolean', default: false, description: 'Create records proxied through Cloudflare (`--cloudflare-proxied`).' },
      },
    },
  },
} as const;

/** JSON Schema of `spec.observability`. */
export const schema = {
  type: 'object',
  description:
    'Observability: kube-prometheus-stack, monitors for the metrics other components declare, alert rules, Grafana dashboards, Hubble UI and a cluster dashboard behind the edge, external-dns.',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Install the monitoring stack and render monitors, rules and dashboards.' },
    namespace: { ...dnsLabelSchema, default: 'monitoring', description: 'Namespace of kube-prometheus-stack, its rules and dashboards (the Helm release creates it).' },
    prometheus: {
      type: 'object',
      description: 'The Prometheus of kube-prometheus-stack (`prometheus.prometheusSpec`).',
      additionalProperties: false,
      default: {},
      properties: {
        retention: { ...promDuration, default: '15d', description: 'How long samples are kept (`retention`).' },
        retentionSize: {
          type: 'string',
          pattern: '^[1-9][0-9]*(B|KB|MB|GB|TB|PB|EB)$',
          description: 'Most disk the TSDB may use before old blocks go (`retentionSize`; powers of 2, so `45GB` = 45 GiB); below the volume size.',
        },
        replicas: { type: 'integer', minimum: 1, maximum: 5, default: 1, description: 'Prometheus replicas (`replicas`).' },
        scrapeInterval: { ...durationSchema, default: '30s', description: 'Default scrape interval (`scrapeInterval`).' },
        storage: storage('50Gi', 'each Prometheus replica'),
      },
    },
    alertmanager: {
      type: 'object',
      description: 'The Alertmanager of kube-prometheus-stack (`alertmanager.alertmanagerSpec`).',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Run Alertmanager (`alertmanager.enabled`).' },
        retention: { ...durationSchema, default: '120h', description: 'How long silences and notification state are kept (`retention`).' },
        storage: storage('2Gi', 'Alertmanager'),
      },
    },
    grafana: {
      type: 'object',
      description: 'The Grafana of kube-prometheus-stack (subchart `grafana`).',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Run Grafana (`grafana.enabled`) and render the dashboards as sidecar ConfigMaps.' },
        adminSecret: {
          ...dnsLabelSchema,
          description: 'Secret with keys `admin-user` and `admin-password` (`grafana.admin.existingSecret`). Default: the chart generates one in the cluster.',
        },
      },
    },
    alerts: {
      type: 'object',
      description: 'PrometheusRules for the components the cluster runs.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Render the PrometheusRules.' },
        nginx5xxRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.05, description: 'Share of 5xx answers per Ingress above which NGINX alerts.' },
        nginxUpstreamP99Seconds: { type: 'number', exclusiveMinimum: 0, maximum: 300, default: 1, description: '99th percentile upstream response time (s) per Ingress above which NGINX alerts.' },
        nginxCache: {
          type: 'object',
          description: 'Cache hit ratio floor for the Ingresses that cache (nginx-edge routes with `cache`).',
          additionalProperties: false,
          required: ['floor'],
          properties: {
            floor: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Alert when the hit ratio stays below this for 30 minutes.' },
            ingresses: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: dnsLabelSchema,
              description: 'Names of the caching Ingresses. Default: the `spec.edge.routes` that have `cache` (an Ingress is named after its route).',
            },
          },
        },
        certificateExpiryDays: {
          type: 'integer',
          minimum: 1,
          maximum: 89,
          default: 14,
          description: 'Alert when a certificate expires within this many days (used when the cert-manager block renders no rule of its own).',
        },
        hubbleDropsPerSecond: { type: 'number', exclusiveMinimum: 0, default: 10, description: 'Dropped flows per second, per drop reason, above which Hubble alerts.' },
      },
    },
    dashboards: { type: 'boolean', default: true, description: 'Render the Grafana dashboards (dataplane, edge, BGP, certificates) as ConfigMaps for the Grafana sidecar.' },
    ingressClass: {
      ...dnsLabelSchema,
      description: 'IngressClass (of the edge) that serves `hubbleUI` and `dashboard`: the internal one. Required when either is set.',
    },
    hubbleUI: tlsExposure('Cilium\'s Hubble UI (Service `hubble-ui` in kube-system; needs `spec.cilium.hubble.ui`)', 'hubble-ui-tls'),
    dashboard: {
      type: 'object',
      description: 'A Kubernetes web UI behind the edge: an Ingress of `ingressClass` with TLS.',
      additionalProperties: false,
      required: ['host'],
      properties: {
        flavor: {
          type: 'string',
          enum: ['headlamp', 'kubernetes-dashboard'],
          default: 'headlamp',
          description: '`headlamp` (maintained) or `kubernetes-dashboard` (archived upstream on 2026-01-21: a warning).',
        },
        namespace: { ...dnsLabelSchema, default: 'dashboard', description: 'Namespace of the release and its Ingress.' },
        host: { ...hostname, description: 'Host name of the Ingress and its certificate.' },
        secretName: { ...dnsLabelSchema, default: 'dashboard-tls', description: 'kubernetes.io/tls Secret the Ingress reads (cert-manager writes it).' },
        issuer: { ...dnsLabelSchema, description: 'ClusterIssuer for the certificate. Default: the cert-manager block\'s default issuer.' },
      },
    },
    externalDNS: {
      type: 'array',
      ...mergeByKey('ingressClass'),
      default: [],
      description: 'external-dns instances, one per ingress class, each publishing the hosts of its own class.',
      items: externalDNSInstance,
    },
  },
} as const satisfies JSONSchema;

/** The `spec.observability` block, defaults applied. */
export type ObservabilityBlock = BlockOf<typeof schema>;
/** One `externalDNS` entry. */
export type ExternalDNSInstance = ObservabilityBlock['externalDNS'][number];
