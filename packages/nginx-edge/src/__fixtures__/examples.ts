// Test support: the `spec.edge` blocks proposed for the example clusters, with the
// network read from the committed clusters/<name>/cluster.yaml and the facts the
// other components declare there built by hand (pools as spec.cilium declares them).
import type { FactsPart } from '@strata/core';
import { exampleDoc } from '@strata/core/examples';
import { pool, type SpecOptions } from './spec.ts';

export interface Example {
  readonly edge: object;
  readonly opts: SpecOptions;
}

function network(name: string): object {
  // With its profiles applied: the network as the loader sees it.
  return exampleDoc<{ spec: { network: object } }>(name).spec.network;
}

/** chromebox-lab: L2 pool `lab`, Gateway API 1.3.0 from Cilium, cert-manager; one class with caching. */
export const CHROMEBOX_LAB: Example = {
  edge: {
    classes: [
      {
        name: 'nginx',
        default: true,
        address: { pool: 'lab', ip: '10.20.0.240' },
        snippets: { allow: true, reason: 'lab cluster: only the platform admins write Ingresses' },
        cache: { size: '2g', keysZone: { name: 'lab_cache', size: '20m' } },
      },
    ],
    routes: [
      {
        name: 'web',
        namespace: 'apps',
        host: 'www.lab.example.org',
        service: { name: 'web', port: 80 },
        tls: {},
        cache: { bypass: { cookies: ['session'] } },
      },
    ],
  },
  opts: {
    name: 'chromebox-lab',
    network: network('chromebox-lab'),
    facts: {
      addressPools: [pool('lab', ['10.20.0.224/27'], 'l2')],
      versions: { cilium: '1.18.12', 'gateway-api': '1.3.0', 'cert-manager': '1.18.2' },
    } satisfies FactsPart,
  },
};

/**
 * homelab: `internal` (default) and `external` classes on the L2 pools `internal` and `external`; a canary
 * of `internal` on chart 4.15.1 serving Grafana; `external` published through a Cloudflare Tunnel.
 */
export const HOMELAB: Example = {
  edge: {
    classes: [
      { name: 'internal', default: true, address: { pool: 'internal', ip: '192.168.1.225' } },
      { name: 'internal-canary', canaryOf: 'internal', version: '4.15.1', address: { pool: 'internal', ip: '192.168.1.227' } },
      {
        name: 'external',
        exposure: 'external',
        address: { pool: 'external', ip: '192.168.1.241' },
        headers: { request: { 'X-Request-Start': 't=${msec}' } },
        tunnel: { tunnelId: '6ff42ae2-765d-4adf-8112-31c55c1551ef', credentialsSecret: 'cloudflared-homelab' },
      },
    ],
    routes: [
      { name: 'grafana', namespace: 'monitoring', class: 'internal-canary', host: 'grafana.home.example.org', service: { name: 'grafana', port: 80 }, tls: {} },
      { name: 'blog', namespace: 'blog', class: 'external', host: 'blog.example.org', service: { name: 'blog', port: 8080 }, tls: {} },
    ],
  },
  opts: {
    name: 'homelab',
    network: network('homelab'),
    facts: {
      addressPools: [
        pool('internal', ['192.168.1.224/28'], 'l2'),
        pool('external', ['192.168.1.240-192.168.1.250'], 'l2', { serviceSelector: { 'strata.dev/exposure': 'external' } }),
      ],
      versions: { cilium: '1.18.12', 'cert-manager': '1.18.2' },
    },
  },
};

/** edge-bgp: one external class on the BGP pool `edge-vips` (announced to the internet: `publicAddress`), behind routers with a 350 s idle timeout; no cert-manager. */
export const EDGE_BGP: Example = {
  edge: {
    classes: [
      {
        name: 'edge',
        default: true,
        exposure: 'external',
        address: { pool: 'edge-vips', ip: '198.51.100.10' },
        publicAddress: true,
        loadBalancerIdleTimeoutSeconds: 350,
        keepalive: { timeoutSeconds: 300 },
      },
    ],
    routes: [
      {
        name: 'www',
        namespace: 'web',
        host: 'www.edge.example.org',
        service: { name: 'www', port: 80 },
        tls: { secretName: 'www-edge-tls', existingSecret: true },
      },
    ],
  },
  opts: {
    name: 'edge-bgp',
    network: network('edge-bgp'),
    facts: {
      addressPools: [
        pool('edge-vips', ['198.51.100.0/27'], 'bgp'),
        pool('dns', ['198.51.100.53/32'], 'bgp', { serviceSelector: { 'io.kubernetes.service.namespace': 'dns' } }),
      ],
      versions: { cilium: '1.18.12' },
    },
  },
};
