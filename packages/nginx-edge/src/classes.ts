import { type AddressPool, type Cluster, poolBlockContains } from '@strata/core';
import { INGRESS_NGINX_VERSIONS, NGF_CONTROLLER_PREFIX } from './pins.ts';
import type { EdgeBlock, EdgeClass, EdgeRoute } from './schema.ts';

/** `spec.edge` as a path. */
export const E = ['spec', 'edge'] as const;

/** controllerValue of the one class that picks up Ingresses without a class (reference §3). */
export const DEFAULT_CONTROLLER_VALUE = 'k8s.io/ingress-nginx';

/** Service keys LB-IPAM derives from the Service itself; they cannot be set as labels. */
const SERVICE_NAME_KEY = 'io.kubernetes.service.name';
const SERVICE_NAMESPACE_KEY = 'io.kubernetes.service.namespace';

/** Names every object of a class is derived from. */
export interface ClassNames {
  /** Helm release name, also `fullnameOverride`. */
  readonly release: string;
  /** Controller workload name the chart derives from the release. */
  readonly workload: string;
  /** Name of the LoadBalancer Service (what a pool's `io.kubernetes.service.name` must match). */
  readonly service: string;
  /** NGF: the class' Gateway (in the controllers' namespace). */
  readonly gateway?: string;
  /** Leader election ConfigMap/Lease (`controller.electionID`). */
  readonly electionID: string;
  /** IngressClass `spec.controller` / NGF `controllerName`. */
  readonly controllerValue: string;
}

/** Release and object names of a class. */
export function classNames(cls: EdgeClass): ClassNames {
  if (cls.flavor === 'nginx-gateway-fabric') {
    const release = `ngf-${cls.name}`;
    // NGF provisions one NGINX Deployment and Service per Gateway, named `<gateway>-<gatewayClass>`.
    return {
      release,
      workload: release,
      service: `${cls.name}-${cls.name}`,
      gateway: cls.name,
      electionID: `${release}-leader`,
      controllerValue: `${NGF_CONTROLLER_PREFIX}/${cls.name}`,
    };
  }
  const release = `ingress-${cls.name}`;
  return {
    release,
    // The chart names the controller `<fullname>-controller`; its LoadBalancer Service has the same name.
    workload: `${release}-controller`,
    service: `${release}-controller`,
    electionID: `${release}-leader`,
    // Only the default class keeps the controller value that also serves class-less Ingresses.
    controllerValue: cls.default ? DEFAULT_CONTROLLER_VALUE : `${DEFAULT_CONTROLLER_VALUE}-${cls.name}`,
  };
}

/** Controller version of an ingress-nginx class (plain `X.Y.Z`). */
export function controllerVersion(cls: EdgeClass): string {
  return INGRESS_NGINX_VERSIONS[cls.version];
}

/** Compares two `X.Y.Z` versions numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The class a route uses: the one it names, else the default class (or the only one). */
export function classOf(block: EdgeBlock, route: EdgeRoute): EdgeClass | undefined {
  if (route.class !== undefined) return block.classes.find((c) => c.name === route.class);
  return block.classes.find((c) => c.default) ?? (block.classes.length === 1 ? block.classes[0] : undefined);
}

/** Secret a TLS route's certificate lives in. */
export function secretNameOf(route: EdgeRoute): string {
  return route.tls?.secretName ?? `${route.host.replace(/\./g, '-')}-tls`;
}


/**
 * The pools the class' LoadBalancer Service can take an address from: the one
 * it names, else those holding its fixed address, else those whose selector
 * needs no labels beyond the Service's own name and namespace.
 */
export function candidatePools(cls: EdgeClass, namespace: string, pools: readonly AddressPool[]): AddressPool[] {
  if (cls.address.pool !== undefined) return pools.filter((p) => p.name === cls.address.pool);
  const ip = cls.address.ip;
  if (ip !== undefined) return pools.filter((p) => p.blocks.some((b) => poolBlockContains(b, ip)));
  const own: Record<string, string> = { [SERVICE_NAMESPACE_KEY]: namespace, [SERVICE_NAME_KEY]: classNames(cls).service };
  return pools.filter((p) => Object.entries(p.serviceSelector ?? {}).every(([k, v]) => own[k] === v));
}

/** Labels the Service needs for the pool it chose (its serviceSelector, minus the keys LB-IPAM derives). */
export function serviceLabels(cls: EdgeClass, namespace: string, pools: readonly AddressPool[]): Record<string, string> {
  if (cls.address.pool === undefined && cls.address.ip === undefined) return {};
  const pool = candidatePools(cls, namespace, pools)[0];
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(pool?.serviceSelector ?? {})) {
    if (k !== SERVICE_NAME_KEY && k !== SERVICE_NAMESPACE_KEY) labels[k] = v;
  }
  return labels;
}

/** Selector keys of `pool` the Service cannot satisfy (derived keys with other values), as `key=value`. */
export function unsatisfiable(pool: AddressPool, cls: EdgeClass, namespace: string): string[] {
  const own: Record<string, string> = { [SERVICE_NAMESPACE_KEY]: namespace, [SERVICE_NAME_KEY]: classNames(cls).service };
  return Object.entries(pool.serviceSelector ?? {})
    .filter(([k, v]) => (k === SERVICE_NAME_KEY || k === SERVICE_NAMESPACE_KEY) && own[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
}

/** How the controller runs, resolved from the spec, the cluster and the pools. */
export interface Placement {
  readonly kind: 'Deployment' | 'DaemonSet';
  /** Deployment replicas (undefined for a DaemonSet). */
  readonly replicas?: number;
  /** Nodes the DaemonSet runs on (the L2 announcers), if narrowed. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** The L2-announced pool that drove a DaemonSet default. */
  readonly l2Pool?: AddressPool;
}

/**
 * Where the controller pods run. With `externalTrafficPolicy: Local`, an
 * L2-announced address is answered by ONE elected node, and that node drops
 * the traffic unless it holds an edge pod; a Deployment gives no such
 * guarantee, so on L2 pools the default is a DaemonSet on the announcing nodes
 * (the pool's nodeSelector). Keeping `Local` (rather than `Cluster`) keeps the
 * client source address without PROXY protocol. BGP advertises only from nodes
 * with a pod, so a Deployment is fine there.
 */
export function placement(cluster: Cluster, cls: EdgeClass, namespace: string, pools: readonly AddressPool[]): Placement {
  const l2Pool = candidatePools(cls, namespace, pools).find((p) => p.announcement === 'l2');
  const kind = cls.kind ?? (l2Pool === undefined ? 'Deployment' : 'DaemonSet');
  if (kind === 'DaemonSet') {
    return { kind, ...(l2Pool?.nodeSelector === undefined ? {} : { nodeSelector: l2Pool.nodeSelector }), ...(l2Pool === undefined ? {} : { l2Pool }) };
  }
  const nodes = cluster.spec.network.nodes.length;
  return { kind, replicas: cls.replicas ?? (nodes > 1 ? 2 : 1), ...(l2Pool === undefined ? {} : { l2Pool }) };
}

/** HSTS and security headers: explicit setting, else on for external classes. */
export function securityDefaults(cls: EdgeClass): { hsts: boolean; security: boolean } {
  const external = cls.exposure === 'external';
  return { hsts: cls.headers.hsts?.enabled ?? external, security: cls.headers.security ?? external };
}

/** The stable class a canary names, if it exists. */
export function stableOf(block: EdgeBlock, cls: EdgeClass): EdgeClass | undefined {
  return cls.canaryOf === undefined ? undefined : block.classes.find((c) => c.name === cls.canaryOf && c !== cls);
}

/** The class whose tunnel carries the hosts of `cls`: its own, else its stable class' (a canary rides the stable tunnel). */
export function tunnelClassOf(block: EdgeBlock, cls: EdgeClass): EdgeClass | undefined {
  if (cls.tunnel !== undefined) return cls;
  const stable = stableOf(block, cls);
  return stable?.tunnel === undefined ? undefined : stable;
}
