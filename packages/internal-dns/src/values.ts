import type { AddressPool, Cluster } from '@strata/core';
import { chosenPool, placement, POD_LABELS, RELEASE, serviceLabels } from './address.ts';
import type { InternalDnsBlock } from './schema.ts';

type StringMap = Record<string, string>;

/** Resource kinds k8s_gateway reads hosts from (`watchedResources`, the plugin's `resources`). */
export type WatchedResource = 'Ingress' | 'HTTPRoute' | 'Service';

/**
 * The subset of the k8s-gateway chart values strata sets (keys as in the
 * chart's values.yaml; see pins.ts for the commit). Absent keys keep the chart
 * default, notably `extraZonePlugins` (log, errors, health, ready,
 * `prometheus 0.0.0.0:9153`, `forward . /etc/resolv.conf`, loop, reload,
 * loadbalance): names outside the domain go to the cluster resolver.
 */
export interface K8sGatewayValues {
  fullnameOverride: string;
  domain: string;
  ttl: number;
  watchedResources: WatchedResource[];
  /** Only Ingresses of these classes (the plugin's `ingressClasses`); set only when Ingresses are watched. */
  filters?: { ingressClasses: string[] };
  fallthrough: { enabled: boolean; zones: string[] };
  replicaCount: number;
  service: {
    type: 'LoadBalancer';
    port: 53;
    /** Adds 53/TCP beside 53/UDP: truncated answers and large records retry over TCP. */
    useTcp: true;
    externalTrafficPolicy: 'Local' | 'Cluster';
    labels?: StringMap;
    annotations?: StringMap;
  };
  nodeSelector?: StringMap;
  topologySpreadConstraints?: {
    maxSkew: 1;
    topologyKey: 'kubernetes.io/hostname';
    whenUnsatisfiable: 'DoNotSchedule';
    labelSelector: { matchLabels: StringMap };
  }[];
}

/** What k8s_gateway watches: Ingresses when classes are chosen, HTTPRoutes, Services. */
export function watchedResources(block: InternalDnsBlock): WatchedResource[] {
  return [
    ...(block.ingressClasses.length > 0 ? (['Ingress'] as const) : []),
    ...(block.httpRoutes ? (['HTTPRoute'] as const) : []),
    ...(block.services ? (['Service'] as const) : []),
  ];
}

/** Chart values for `spec.internalDNS`, given the address pools of the cluster. */
export function k8sGatewayValues(cluster: Cluster, block: InternalDnsBlock, pools: readonly AddressPool[]): K8sGatewayValues {
  const pool = chosenPool(block, pools);
  const labels = serviceLabels(block, pools);
  const where = placement(cluster, block, pools);
  // The elected L2 announcer must hold a pod: keep the pods on the nodes that may announce.
  const nodeSelector = where.l2Pool?.nodeSelector;
  return {
    fullnameOverride: RELEASE,
    domain: block.domain ?? '',
    ttl: block.ttl,
    watchedResources: watchedResources(block),
    ...(block.ingressClasses.length > 0 ? { filters: { ingressClasses: [...block.ingressClasses] } } : {}),
    fallthrough: { enabled: block.fallthrough, zones: [] },
    replicaCount: where.replicas,
    service: {
      type: 'LoadBalancer',
      port: 53,
      useTcp: true,
      externalTrafficPolicy: block.externalTrafficPolicy,
      ...(Object.keys(labels).length === 0 ? {} : { labels }),
      ...(block.address.ip === undefined || pool === undefined ? {} : { annotations: { [pool.ipsAnnotation]: block.address.ip } }),
    },
    ...(nodeSelector === undefined ? {} : { nodeSelector: { ...nodeSelector } }),
    ...(where.replicas > 1
      ? {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { ...POD_LABELS } } },
          ],
        }
      : {}),
  };
}
