import type { IngressPath, TlsHost } from '@strata/core';
import { COMPONENT, O } from './metadata.ts';
import type { ObservabilityBlock } from './schema.ts';
import { dashboardBackend } from './values.ts';

/** Cilium's Hubble UI Service (chart `cilium`, `hubble.ui.enabled`). */
export const HUBBLE_UI = { namespace: 'kube-system', service: 'hubble-ui', port: 80 } as const;

/** One UI behind the edge: where its Ingress lives and what it forwards to. */
export interface Exposure {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly secretName: string;
  readonly issuer?: string;
  readonly service: string;
  readonly port: number;
  /** The backend speaks HTTPS (the Kubernetes Dashboard's Kong proxy). */
  readonly https: boolean;
  readonly path: readonly (string | number)[];
}

/** The UIs the block exposes (Hubble UI, dashboard), in that order. */
export function exposures(block: ObservabilityBlock): Exposure[] {
  const out: Exposure[] = [];
  const h = block.hubbleUI;
  if (h !== undefined) {
    out.push({
      name: 'hubble-ui',
      namespace: HUBBLE_UI.namespace,
      host: h.host,
      secretName: h.secretName,
      ...(h.issuer === undefined ? {} : { issuer: h.issuer }),
      service: HUBBLE_UI.service,
      port: HUBBLE_UI.port,
      https: false,
      path: [...O, 'hubbleUI', 'host'],
    });
  }
  const d = block.dashboard;
  if (d !== undefined) {
    const backend = dashboardBackend(d.flavor);
    out.push({
      name: 'dashboard',
      namespace: d.namespace,
      host: d.host,
      secretName: d.secretName,
      ...(d.issuer === undefined ? {} : { issuer: d.issuer }),
      service: backend.service,
      port: backend.port,
      https: backend.https,
      path: [...O, 'dashboard', 'host'],
    });
  }
  return out;
}

/** What an exposure's Ingress routes: the whole host. */
export const EXPOSURE_PATHS: readonly IngressPath[] = [{ path: '/', pathType: 'Prefix' }];

/** The TLS hosts the exposures need (cert-manager issues them; no cert-manager annotations on the Ingresses). */
export function exposureTlsHosts(block: ObservabilityBlock): TlsHost[] {
  const cls = block.ingressClass;
  if (cls === undefined) return [];
  return exposures(block).map((e) => ({
    host: e.host,
    secretName: e.secretName,
    namespace: e.namespace,
    ...(e.issuer === undefined ? {} : { issuer: e.issuer }),
    server: { kind: 'ingress', ingressClass: cls },
    paths: EXPOSURE_PATHS,
    reader: { kind: 'Ingress', namespace: e.namespace, name: e.name, field: 'spec.tls[0].secretName' },
    component: COMPONENT,
    path: e.path,
  }));
}
