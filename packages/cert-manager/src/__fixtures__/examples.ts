// Test support: the `spec.certManager` blocks of the three example clusters and
// the facts their edges declare (built by hand; see facts.ts). The blocks are
// the ones to paste into clusters/<name>/cluster.yaml.
import type { FactsPart } from '@strata/core';
import type { SpecOptions } from './spec.ts';
import { gateway, gatewayHost, ingressClass, ingressHost } from './facts.ts';

export interface Example {
  readonly certManager: object;
  readonly opts: SpecOptions;
}

/**
 * chromebox-lab (Flux): Cilium Gateway `gateway/lab-gw` terminates
 * app.lab.example.org (Secret app-lab-tls) and gets an HTTP listener `http` on
 * :80; the NGINX edge class `nginx` answers challenges for everything else.
 */
export const CHROMEBOX_LAB: Example = {
  certManager: {
    defaultIssuer: 'letsencrypt-prod',
    issuers: [
      { name: 'letsencrypt-staging', acme: { letsEncrypt: 'staging', email: 'platform@example.org', ingressClass: 'nginx' } },
      { name: 'letsencrypt-prod', acme: { letsEncrypt: 'production', email: 'platform@example.org', ingressClass: 'nginx' } },
    ],
  },
  opts: {
    name: 'chromebox-lab',
    engine: 'flux',
    facts: {
      // observability installs the Prometheus operator, so the expiry alerts render.
      versions: { 'prometheus-operator': '0.86.0' },
      tlsHosts: [gatewayHost('app.lab.example.org', 'lab-gw', 'gateway', 'app-https', 'app-lab-tls', 0)],
      httpEntrypoints: [gateway('lab-gw', 'gateway', 'http'), ingressClass('nginx')],
    } satisfies FactsPart,
  },
};

/**
 * homelab (Flux): classes `internal` (default) and `external`. External hosts
 * name Let's Encrypt production; everything else, a wildcard among them, gets
 * the internal CA (the default issuer).
 */
export const HOMELAB: Example = {
  certManager: {
    defaultIssuer: 'internal-ca',
    issuers: [
      { name: 'letsencrypt-prod', acme: { letsEncrypt: 'production', email: 'admin@example.org', ingressClass: 'external' } },
      { name: 'internal-ca', ca: { secretName: 'homelab-root-ca' } },
    ],
  },
  opts: {
    name: 'homelab',
    engine: 'flux',
    facts: {
      // observability installs the Prometheus operator, so the expiry alerts render.
      versions: { 'prometheus-operator': '0.86.0' },
      tlsHosts: [
        ingressHost('photos.example.org', 'external', 'photos-tls', 'photos', 0, 'letsencrypt-prod'),
        ingressHost('www.photos.example.org', 'external', 'photos-tls', 'photos', 1, 'letsencrypt-prod'),
        ingressHost('grafana.homelab.home.arpa', 'internal', 'grafana-tls', 'monitoring', 2),
        ingressHost('*.apps.homelab.home.arpa', 'internal', 'apps-wildcard-tls', 'apps', 3),
      ],
      httpEntrypoints: [ingressClass('external'), ingressClass('internal')],
    } satisfies FactsPart,
  },
};

/** edge-bgp (Argo CD): one class `nginx`; HA webhook, ECDSA P-384, a longer alert lead. */
export const EDGE_BGP: Example = {
  certManager: {
    defaultIssuer: 'letsencrypt-prod',
    replicas: { controller: 2, webhook: 3, cainjector: 2 },
    issuers: [{ name: 'letsencrypt-prod', acme: { letsEncrypt: 'production', email: 'noc@example.net', ingressClass: 'nginx' } }],
    certificates: { privateKey: { algorithm: 'ECDSA', size: 384 } },
    alerts: { expiringWithinDays: 21 },
  },
  opts: {
    name: 'edge-bgp',
    engine: 'argocd',
    facts: {
      // observability installs the Prometheus operator, so the expiry alerts render.
      versions: { 'prometheus-operator': '0.86.0' },
      tlsHosts: [ingressHost('status.edge.example.net', 'nginx', 'status-tls', 'status', 0)],
      httpEntrypoints: [ingressClass('nginx')],
    } satisfies FactsPart,
  },
};
