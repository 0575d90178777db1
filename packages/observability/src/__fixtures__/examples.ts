// Test support: the example clusters' core fields and Cilium blocks, read from
// the committed clusters/<name>/cluster.yaml, with the observability blocks the
// report proposes for them and hand-built facts of the other components.
import { exampleDoc } from '@strata/core/examples';
import { CERT_MANAGER_FACTS, ciliumFacts, dataplaneOf, edgeFacts } from './facts.ts';
import { type SpecInput, stub } from './spec.ts';

export interface Example {
  readonly observability: object;
  readonly input: SpecInput;
}

function example(name: string, observability: object, classes: string[], cachingIngresses: readonly string[] = []): Example {
  // With its profiles applied: the spec as the loader sees it.
  const spec = exampleDoc<{ spec: { kubernetes: object; network: object; cilium: Parameters<typeof dataplaneOf>[0] & { defaultDeny?: { enabled?: boolean; exemptNamespaces?: string[] } } } }>(name).spec;
  const announcement = spec.cilium.bgp?.enabled === true ? 'bgp' : spec.cilium.l2Announcements?.enabled === true ? 'l2' : 'none';
  return {
    observability,
    input: {
      name,
      kubernetes: spec.kubernetes,
      network: spec.network,
      others: { cilium: { enabled: true }, edge: { enabled: true }, certManager: { enabled: true } },
      stubs: [
        stub('cilium', ciliumFacts(announcement, spec.cilium.defaultDeny?.enabled === true ? (spec.cilium.defaultDeny.exemptNamespaces ?? []) : undefined, dataplaneOf(spec.cilium))),
        stub('edge', { ...edgeFacts(...classes), cachingIngresses: cachingIngresses.map((name) => ({ component: 'nginx-edge', namespace: 'apps', name })) }),
        stub('certManager', CERT_MANAGER_FACTS),
      ],
    },
  };
}

/** chromebox-lab: small disks, NGINX cache floor, Hubble UI and Headlamp behind class `nginx`. */
export const CHROMEBOX_LAB = example(
  'chromebox-lab',
  {
    prometheus: { retention: '15d', retentionSize: '18GB', storage: { size: '20Gi' } },
    alertmanager: { storage: { size: '1Gi' } },
    alerts: { nginxCache: { floor: 0.5 } },
    ingressClass: 'nginx',
    hubbleUI: { host: 'hubble.lab.example.org' },
    dashboard: { host: 'dashboard.lab.example.org' },
  },
  ['nginx'],
  // The lab's edge caches one route; the cache rule finds it there.
  ['app'],
);

/** homelab: Headlamp behind `internal`, external-dns for `internal` (OPNsense webhook) and `external` (Cloudflare). */
export const HOMELAB = example(
  'homelab',
  {
    prometheus: { retention: '30d', retentionSize: '45GB', storage: { size: '50Gi' } },
    ingressClass: 'internal',
    dashboard: { host: 'dashboard.home.example.org' },
    externalDNS: [
      {
        ingressClass: 'internal',
        provider: 'webhook',
        domainFilters: ['home.example.org'],
        webhook: {
          image: 'ghcr.io/crutonjohn/external-dns-opnsense-webhook',
          tag: 'v0.1.0',
          env: { OPNSENSE_HOST: 'https://192.168.1.1' },
          secretEnv: { OPNSENSE_API_KEY: { name: 'opnsense-api', key: 'key' }, OPNSENSE_API_SECRET: { name: 'opnsense-api', key: 'secret' } },
        },
      },
      {
        ingressClass: 'external',
        provider: 'cloudflare',
        policy: 'sync',
        domainFilters: ['example.org'],
        cloudflare: { apiToken: { name: 'cloudflare-api-token', key: 'api-token' } },
      },
    ],
  },
  ['internal', 'external'],
);

/** edge-bgp: two Prometheus replicas with longer retention; BGP and Hubble drop rules. */
export const EDGE_BGP = example(
  'edge-bgp',
  {
    prometheus: { replicas: 2, retention: '30d', retentionSize: '90GB', storage: { size: '100Gi' } },
    alerts: { hubbleDropsPerSecond: 50 },
  },
  ['nginx'],
);
