import type { Cluster } from '@strata/core';
import { classNames, classOf, tunnelClassOf } from './classes.ts';
import type { EdgeBlock, EdgeClass, EdgeTunnel } from './schema.ts';

// What a class' Cloudflare tunnel is (names, replicas, ingress rules, config file); the
// objects that run it are in tunnel-objects.ts, apart, so facts and checks load no models.

/** Port of cloudflared's metrics server, which also answers `/ready` (config key `metrics`). */
export const TUNNEL_METRICS_PORT = 2000;

/** Where the ConfigMap is mounted; a directory of its own, since a Secret cannot be mounted inside a (read-only) ConfigMap volume. */
export const TUNNEL_CONFIG_DIR = '/etc/cloudflared/config';

/** The credentials file cloudflared reads (config key `credentials-file`). */
export const TUNNEL_CREDENTIALS_FILE = '/etc/cloudflared/creds/credentials.json';

/** Path of ACME HTTP-01 challenges, as a cloudflared ingress-rule regex. */
export const ACME_CHALLENGE_PATH = '^/\\.well-known/acme-challenge/';

/** Name of the Deployment, ConfigMap and PodDisruptionBudget of a class' tunnel. */
export function tunnelName(cls: EdgeClass): string {
  return `cloudflared-${cls.name}`;
}

/** Labels of a tunnel's pods (Deployment selector, spread, PodMonitor). */
export function tunnelSelector(cls: EdgeClass): Record<string, string> {
  return { 'app.kubernetes.io/name': 'cloudflared', 'app.kubernetes.io/instance': tunnelName(cls) };
}

/** Replicas of a tunnel: as set, else 2 on a multi-node cluster, 1 on a single node. */
export function tunnelReplicas(cluster: Cluster, tunnel: EdgeTunnel): number {
  return tunnel.replicas ?? (cluster.spec.network.nodes.length > 1 ? 2 : 1);
}

/** One cloudflared ingress rule (config file `ingress[]`). */
export interface TunnelRule {
  readonly hostname: string;
  /** Regex on the request path; absent matches every path. */
  readonly path?: string;
  readonly service: string;
  /** `originRequest.originServerName`: SNI sent to, and name checked on, the origin's certificate. */
  readonly originServerName?: string;
}

/**
 * The ingress rules of the tunnel of `cls`: every host of a route on `cls` or
 * on a canary riding its tunnel goes to that route's controller Service.
 * TLS hosts go to port 443 with the host as SNI and as the name cloudflared
 * checks on the certificate (the edge's own, from cert-manager), so the hop
 * inside the cluster stays encrypted and ingress-nginx sees HTTPS (no
 * redirect loop from `ssl-redirect`). A host cert-manager issues for first
 * sends `/.well-known/acme-challenge/` to port 80 over plain HTTP: until
 * the first certificate exists the controller presents its self-signed
 * default one, which cloudflared would refuse, and HTTP-01 must reach the
 * solver (ingress-nginx never redirects that path to HTTPS).
 */
export function tunnelRules(block: EdgeBlock, cls: EdgeClass): TunnelRule[] {
  const rules: TunnelRule[] = [];
  const seen = new Set<string>();
  for (const route of block.routes) {
    const served = classOf(block, route);
    if (served === undefined || tunnelClassOf(block, served) !== cls || seen.has(route.host)) continue;
    seen.add(route.host);
    const target = `${classNames(served).service}.${block.namespace}.svc`;
    if (route.tls === undefined) {
      rules.push({ hostname: route.host, service: `http://${target}:80` });
      continue;
    }
    if (!route.tls.existingSecret) rules.push({ hostname: route.host, path: ACME_CHALLENGE_PATH, service: `http://${target}:80` });
    rules.push({ hostname: route.host, service: `https://${target}:443`, originServerName: route.host });
  }
  return rules;
}

/** The cloudflared config file of the tunnel of `cls` (keys of the locally-managed configuration file). */
export function tunnelConfig(block: EdgeBlock, cls: EdgeClass, tunnel: EdgeTunnel): string {
  const lines = [
    `tunnel: ${tunnel.tunnelId}`,
    `credentials-file: ${TUNNEL_CREDENTIALS_FILE}`,
    // Metrics and `/ready` on every interface, for the probes and Prometheus.
    `metrics: 0.0.0.0:${TUNNEL_METRICS_PORT}`,
    // The image is pinned; an update inside a pod would be lost on restart anyway.
    'no-autoupdate: true',
    'ingress:',
  ];
  for (const rule of tunnelRules(block, cls)) {
    lines.push(`  - hostname: ${rule.hostname}`);
    if (rule.path !== undefined) lines.push(`    path: '${rule.path}'`);
    lines.push(`    service: ${rule.service}`);
    if (rule.originServerName !== undefined) lines.push('    originRequest:', `      originServerName: ${rule.originServerName}`);
  }
  // cloudflared requires a final catch-all rule.
  lines.push('  - service: http_status:404');
  return `${lines.join('\n')}\n`;
}
