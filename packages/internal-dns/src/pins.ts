/**
 * Upstream pins of the internal-dns component. Changing what reaches a cluster
 * means changing this file (and the goldens).
 *
 * k8s_gateway moved from github.com/ori-edge/k8s_gateway to
 * github.com/k8s-gateway/k8s_gateway, and its chart repository with it. The
 * last ori-edge chart (2.4.0, https://ori-edge.github.io/k8s_gateway/) cannot
 * filter Ingresses by class, which `ingressClasses` needs; the successor's
 * chart can (`filters.ingressClasses`), so the successor is pinned.
 */

/** Helm repository of the k8s-gateway chart (the successor of https://ori-edge.github.io/k8s_gateway/). */
export const K8S_GATEWAY_REPOSITORY = 'https://k8s-gateway.github.io/k8s_gateway';

/** Chart name in {@link K8S_GATEWAY_REPOSITORY}. */
export const K8S_GATEWAY_CHART = 'k8s-gateway';

/** One chart version a spec may choose. */
export interface K8sGatewayPin {
  /** Chart version as the Helm repository spells it. */
  readonly version: string;
  /** k8s_gateway (CoreDNS + plugin) version the chart runs: its `appVersion` and default `image.tag`. */
  readonly appVersion: string;
  /** Where the version and the value keys strata sets come from. */
  readonly source: string;
}

/** Chart versions a spec may choose, oldest first. */
export const K8S_GATEWAY_PINS = [
  {
    version: '3.2.8',
    appVersion: '1.6.0',
    source:
      'github.com/k8s-gateway/k8s_gateway commit d3eaadb2803cb7f8c5daf0b8676465afb66f27c6: charts/k8s-gateway/Chart.yaml (version 3.2.8, appVersion 1.6.0) and values.yaml (domain, ttl, watchedResources, filters.ingressClasses, fallthrough, replicaCount, service.{type,port,useTcp,labels,annotations,externalTrafficPolicy}, nodeSelector, topologySpreadConstraints, extraZonePlugins with prometheus 0.0.0.0:9153)',
  },
] as const satisfies readonly K8sGatewayPin[];

/** The versions a spec may choose (`spec.internalDNS.version`); the same list as {@link K8S_GATEWAY_PINS}. */
export const K8S_GATEWAY_VERSIONS = ['3.2.8'] as const;
export type K8sGatewayVersion = (typeof K8S_GATEWAY_VERSIONS)[number];

/** Default chart version. */
// renovate: datasource=helm depName=k8s-gateway registryUrl=https://k8s-gateway.github.io/k8s_gateway
export const DEFAULT_K8S_GATEWAY_VERSION: K8sGatewayVersion = '3.2.8';

/** The pin of `version`. */
export function pinOf(version: string): K8sGatewayPin | undefined {
  return (K8S_GATEWAY_PINS as readonly K8sGatewayPin[]).find((p) => p.version === version);
}

/**
 * Ports of the chart's pod, from its templates (deployment.yaml, values.yaml):
 * CoreDNS listens on 1053 (`.:1053`, unprivileged; the Service maps 53 onto
 * the named ports `dns-udp`/`dns-tcp`), serves `/metrics` on 9153 (the
 * `prometheus` zone plugin, container port `metrics`), `/health` on 8080 and
 * `/ready` on 8181 (probes, from the node).
 */
export const POD_PORTS = { dns: 1053, metrics: 9153 } as const;
