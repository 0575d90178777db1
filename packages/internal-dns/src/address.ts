import type { AddressPool, Cluster } from '@strata/core';
import { poolBlockContains } from '@strata/core';
import type { InternalDnsBlock } from './schema.ts';

/** Helm release name; also `fullnameOverride`, so the Deployment and the Service are both `k8s-gateway`. */
export const RELEASE = 'k8s-gateway';

/** Labels of the chart's pods (its selectorLabels: name and instance). */
export const POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'k8s-gateway', 'app.kubernetes.io/instance': RELEASE };

/** Service keys LB-IPAM derives from the Service itself; they cannot be set as labels. */
const SERVICE_NAME_KEY = 'io.kubernetes.service.name';
const SERVICE_NAMESPACE_KEY = 'io.kubernetes.service.namespace';


/** The labels LB-IPAM derives for the DNS Service. */
function ownLabels(namespace: string): Record<string, string> {
  return { [SERVICE_NAMESPACE_KEY]: namespace, [SERVICE_NAME_KEY]: RELEASE };
}

/**
 * The pool the DNS Service takes its address from: the one it names, else the
 * first holding its fixed address, else the first whose selector needs no
 * labels beyond the Service's own name and namespace.
 */
export function chosenPool(block: InternalDnsBlock, pools: readonly AddressPool[]): AddressPool | undefined {
  const { pool, ip } = block.address;
  if (pool !== undefined) return pools.find((p) => p.name === pool);
  if (ip !== undefined) return pools.find((p) => p.blocks.some((b) => poolBlockContains(b, ip)));
  const own = ownLabels(block.namespace);
  return pools.find((p) => Object.entries(p.serviceSelector ?? {}).every(([k, v]) => own[k] === v));
}

/** Labels the Service needs for its pool (the serviceSelector, minus the keys LB-IPAM derives). */
export function serviceLabels(block: InternalDnsBlock, pools: readonly AddressPool[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(chosenPool(block, pools)?.serviceSelector ?? {})) {
    if (k !== SERVICE_NAME_KEY && k !== SERVICE_NAMESPACE_KEY) labels[k] = v;
  }
  return labels;
}

/** Selector keys of `pool` the Service cannot satisfy (derived keys with other values), as `key=value`. */
export function unsatisfiable(pool: AddressPool, namespace: string): string[] {
  const own = ownLabels(namespace);
  return Object.entries(pool.serviceSelector ?? {})
    .filter(([k, v]) => (k === SERVICE_NAME_KEY || k === SERVICE_NAMESPACE_KEY) && own[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
}

/** How many pods run and why. */
export interface Placement {
  readonly replicas: number;
  /** The L2-announced pool that, with `Local`, asks for a pod on every announcing node. */
  readonly l2Pool?: AddressPool;
  /** Nodes that may be elected to announce the address (all nodes when the pool narrows them by labels the spec cannot see). */
  readonly announcers: number;
}

/**
 * Replicas of the Deployment (the chart has no DaemonSet). With
 * `externalTrafficPolicy: Local`, an L2-announced address is answered by ONE
 * elected node, which drops the query unless it runs a k8s-gateway pod; the
 * pods are spread one per node (hard), so one replica per announcing node
 * covers whichever node wins. `Local` keeps the client address in the query
 * log. BGP advertises only from nodes with a pod, so 2 replicas suffice there.
 */
export function placement(cluster: Cluster, block: InternalDnsBlock, pools: readonly AddressPool[]): Placement {
  const nodes = cluster.spec.network.nodes.filter((n) => n.maintenance !== true).length || cluster.spec.network.nodes.length;
  const pool = chosenPool(block, pools);
  const l2Pool = block.externalTrafficPolicy === 'Local' && pool?.announcement === 'l2' ? pool : undefined;
  const replicas = block.replicas ?? (l2Pool !== undefined ? nodes : Math.min(nodes, 2));
  return { replicas, announcers: nodes, ...(l2Pool === undefined ? {} : { l2Pool }) };
}
