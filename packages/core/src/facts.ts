/**
 * Facts: what one component tells the others about the cluster it renders,
 * without either importing the other. cert-manager issues certificates for the
 * TLS hosts the edge and the Gateways serve; observability turns declared
 * metrics endpoints into monitors; version pairs are checked across packages.
 *
 * A component's `facts()` is a pure function of the spec (like `render`); the
 * loader and the render pipeline collect the facts of every enabled component
 * once and hand the union to every `check` and `render`.
 */

import type { SecretReader, SecretRequirement } from './secrets.ts';

/** Path from the document root to the field a fact comes from (for file:line:col). */
export type FactPath = readonly (string | number)[];

/** Who terminates TLS for a host. */
export type TlsServer =
  | { readonly kind: 'ingress'; readonly ingressClass: string }
  | { readonly kind: 'gateway'; readonly gateway: string; readonly namespace: string; readonly listener: string };

/** A URL path an Ingress routes, as the Ingress API writes it. */
export interface IngressPath {
  readonly path: string;
  readonly pathType: 'Prefix' | 'Exact';
}

/** A host name a component serves over TLS, and the Secret its certificate must be in. */
export interface TlsHost {
  /** DNS name (or `*.` wildcard) the certificate must cover. */
  readonly host: string;
  /** kubernetes.io/tls Secret the server reads; cert-manager's Certificate writes it. */
  readonly secretName: string;
  /** Namespace of that Secret (the Ingress' or the Gateway's namespace). */
  readonly namespace: string;
  /** ClusterIssuer the spec names for this host; undefined means the cert-manager block's default issuer. */
  readonly issuer?: string;
  readonly server: TlsServer;
  /**
   * The paths an `ingress` server routes for the host, when the component
   * knows them: the edge refuses a route for the same host, path and
   * pathType on that class, which ingress-nginx would merge (oldest wins).
   */
  readonly paths?: readonly IngressPath[];
  /** The object that reads the certificate Secret (the Ingress); default: derived from `server`. */
  readonly reader?: SecretReader;
  /** Component that declares the host. */
  readonly component: string;
  /** Spec field that declares the host. */
  readonly path: FactPath;
}

/** A place where plain HTTP can reach the cluster, e.g. to answer ACME HTTP-01 challenges. */
export type HttpEntrypoint =
  | {
      readonly kind: 'ingress-class';
      /** IngressClass name (`spec.ingressClassName` of the Ingresses it serves). */
      readonly ingressClass: string;
      /** Whether the class' LoadBalancer listens on port 80. */
      readonly port80: boolean;
      /** Upstream controller version, e.g. `1.13.9` (for compatibility checks). */
      readonly controllerVersion?: string;
      readonly component: string;
      readonly path: FactPath;
    }
  | {
      readonly kind: 'gateway';
      readonly name: string;
      readonly namespace: string;
      /** Name of a plain `HTTP` listener on port 80, if the Gateway has one. */
      readonly http80Listener?: string;
      /** Whether that listener admits routes from every namespace (challenge routes live in the issuer's namespace). */
      readonly allowsAllNamespaces: boolean;
      readonly component: string;
      readonly path: FactPath;
    };

/** A metrics endpoint a component's workloads expose; observability turns it into a monitor. */
export interface MetricsEndpoint {
  /** Component that declares it. */
  readonly component: string;
  /** Name of the monitor object to create. */
  readonly name: string;
  /** Namespace of the workload (and of the monitor). */
  readonly namespace: string;
  /** ServiceMonitor selects a Service, PodMonitor selects Pods. */
  readonly kind: 'ServiceMonitor' | 'PodMonitor';
  /** Labels of the Services (ServiceMonitor) or Pods (PodMonitor) to scrape. */
  readonly selector: Readonly<Record<string, string>>;
  /** Named port that serves metrics. */
  readonly port: string;
  /** HTTP path, e.g. `/metrics`. */
  readonly path: string;
  /** Scrape interval, e.g. `30s`; default the Prometheus default. */
  readonly interval?: string;
}

/** A LoadBalancer address pool, and how its addresses reach the network. */
export interface AddressPool {
  /** Pool name; a Service picks it through `serviceSelector` labels. */
  readonly name: string;
  /** CIDRs (`10.0.0.0/28`) or inclusive ranges (`10.0.0.10-10.0.0.20`). */
  readonly blocks: readonly string[];
  /** Labels a Service must carry to take an address from the pool; undefined means any Service. */
  readonly serviceSelector?: Readonly<Record<string, string>>;
  /**
   * How the addresses are announced: `l2` (ARP/NDP from one elected node; a
   * Service with `externalTrafficPolicy: Local` then needs a backend on that
   * node), `bgp` (every node with a backend advertises), or `none`.
   */
  readonly announcement: 'l2' | 'bgp' | 'none';
  /** Labels of the nodes that announce the addresses (L2: the elected node is one of them); undefined means any node. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Annotation a Service sets to ask for specific addresses, e.g. `lbipam.cilium.io/ips`. */
  readonly ipsAnnotation: string;
  readonly component: string;
  readonly path: FactPath;
}

/**
 * One row of the compatibility table: a component running some version
 * needs another product within a range. The table is the union of every
 * component's rows; `checkRequirements` evaluates it against `versions` and
 * the spec's Kubernetes version.
 */
export interface Requirement {
  readonly component: string;
  /** A key of {@link Facts.versions}, or `kubernetes` for `spec.kubernetes.version`. */
  readonly product: string;
  /**
   * Lowest supported version, inclusive (`1.29`, `1.13.2`). A row with
   * neither `min` nor `max` records that no range could be checked (the
   * reason says why); it never fails, and `strata explain` lists it.
   */
  readonly min?: string;
  /** Highest supported version, inclusive; `1.33` admits every 1.33 patch. */
  readonly max?: string;
  /** Why, with the source (release notes, support matrix). */
  readonly reason: string;
  /** Spec field that chose the version making the demand (e.g. the component's `version`). */
  readonly path: FactPath;
  /** Default `error`. */
  readonly severity?: 'error' | 'warning';
}

/** A fixed LoadBalancer address a component asks for (a Service's, or a Helm-installed controller's). */
export interface LoadBalancerAddress {
  readonly ip: string;
  /** Who asks: `Service dns/powerdns`, `ingress class nginx`. */
  readonly owner: string;
  /** Services that may share an address say so with one key (Cilium's `lbipam.cilium.io/sharing-key`). */
  readonly sharingKey?: string;
  readonly component: string;
  /** Spec field that sets the address. */
  readonly path: FactPath;
}

/**
 * What the CNI does on the nodes, for components that configure the hosts
 * (the NixOS modules) or watch the dataplane (alert rules): declared by the
 * CNI component with its own defaults resolved, so nobody re-reads its block.
 */
export interface Dataplane {
  readonly component: string;
  /** eBPF replaces kube-proxy (so no kube-proxy runs on the nodes). */
  readonly kubeProxyReplacement: boolean;
  readonly routing: 'native' | 'tunnel';
  /** Encapsulation in tunnel mode. */
  readonly tunnelProtocol: 'vxlan' | 'geneve';
  /** LoadBalancer forwarding: `snat`, `dsr` or `hybrid`. */
  readonly loadBalancerMode: string;
  /** How DSR carries the service address: `opt`, `ipip` or `geneve`. */
  readonly dsrDispatch: string;
  readonly wireguard: boolean;
  readonly bgp: boolean;
  /** L2 announcements' lease duration (`15s`), when they are on. */
  readonly l2LeaseDuration?: string;
  readonly hubble: { readonly enabled: boolean; readonly relay: boolean; readonly ui: boolean; readonly metrics: readonly string[] };
  /** Agent and operator Prometheus metrics are on. */
  readonly prometheus: boolean;
  /** Host devices the CNI attaches to (names or globs such as `enp+`). */
  readonly devices: readonly string[];
}

/** Topics of {@link OwnAlert}s that more than one component knows how to alert on. */
export const ALERT_TOPICS = {
  /** Certificates close to expiry or failing to renew. */
  certificateExpiry: 'certificate-expiry',
} as const;

/** An alert rule a component renders itself, so an observability component does not render it twice. */
export interface OwnAlert {
  readonly component: string;
  /** What it alerts on, e.g. `certificate-expiry`. */
  readonly topic: string;
}

/** An Ingress that caches responses (for cache-hit alerts and dashboards). */
export interface CachingIngress {
  readonly component: string;
  readonly namespace: string;
  readonly name: string;
}

/** A cluster-wide default-deny network policy: pods outside the exempt namespaces accept only what a policy allows. */
export interface DefaultDeny {
  readonly component: string;
  /** Namespaces the default deny leaves open. */
  readonly exemptNamespaces: readonly string[];
}

/** One port of a {@link ProvidedService}. */
export interface ServicePort {
  readonly port: number;
  /** The port's name, for backends that name it (`port.name` of an Ingress backend). */
  readonly name?: string;
}

/**
 * A Service that exists in the cluster without being a rendered object: a
 * Helm chart creates it (Grafana, Hubble UI), or the cluster's own workloads
 * do (`spec.backends`). Ingress and route backends may name it.
 */
export interface ProvidedService {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly ServicePort[];
  /** Who provides it: a component name, or `spec.backends`. */
  readonly component: string;
  /** Where it comes from, for messages: `chart kube-prometheus-stack`. */
  readonly source: string;
}

/** Everything the enabled components declare about the cluster. */
export interface Facts {
  readonly tlsHosts: readonly TlsHost[];
  readonly httpEntrypoints: readonly HttpEntrypoint[];
  readonly metrics: readonly MetricsEndpoint[];
  readonly addressPools: readonly AddressPool[];
  /** Fixed LoadBalancer addresses; two owners of one address without a common sharing key are an error. */
  readonly loadBalancerAddresses: readonly LoadBalancerAddress[];
  /**
   * Namespaces the components put objects in that no Helm release of theirs
   * creates (app namespaces of Ingresses, Gateways, Certificates). The
   * compiler renders each once, in layer `controllers`; components never
   * render Namespace objects themselves, so two of them cannot clash.
   */
  readonly namespaces: readonly string[];
  /**
   * Default-deny policies in force. A component whose pods must reach pods in
   * a closed namespace (the edge → its backends) renders the allow itself.
   */
  readonly defaultDeny: readonly DefaultDeny[];
  /** The CNI's node-side facts; undefined when no enabled component is the CNI. */
  readonly dataplane?: Dataplane;
  readonly ownAlerts: readonly OwnAlert[];
  readonly cachingIngresses: readonly CachingIngress[];
  /** The compatibility table rows the enabled components declare. */
  readonly requirements: readonly Requirement[];
  /** Services the components' Helm releases create (not rendered objects), which backends may name. */
  readonly services: readonly ProvidedService[];
  /**
   * Secrets the component's rendered objects read (credentials, CA key pairs,
   * TLS Secrets made by hand). Certificate Secrets of `tlsHosts` are added by
   * {@link secretInventory}; declare them here only when nothing issues them.
   */
  readonly secrets: readonly SecretRequirement[];
  /**
   * Upstream versions the cluster runs, by product: `cilium`, `gateway-api`,
   * `ingress-nginx`, `cert-manager`, … (plain `X.Y.Z`, no `v`).
   */
  readonly versions: Readonly<Record<string, string>>;
}

/** What one component declares; every list is optional. */
export type FactsPart = { readonly [K in keyof Facts]?: Facts[K] };

export const NO_FACTS: Facts = Object.freeze({ tlsHosts: [], httpEntrypoints: [], metrics: [], addressPools: [], loadBalancerAddresses: [], namespaces: [], defaultDeny: [], ownAlerts: [], cachingIngresses: [], requirements: [], services: [], secrets: [], versions: {} });

/**
 * Merges the parts of several components (in the order given, which callers
 * keep sorted by component name so the result is deterministic). A product
 * version declared twice with different values is a bug in a component.
 */
export function mergeFacts(parts: readonly FactsPart[]): Facts {
  const versions: Record<string, string> = {};
  for (const part of parts) {
    for (const [product, version] of Object.entries(part.versions ?? {})) {
      const known = versions[product];
      if (known !== undefined && known !== version) {
        throw new Error(`two components declare different versions of ${product}: ${known} and ${version}`);
      }
      versions[product] = version;
    }
  }
  const dataplanes = parts.flatMap((p) => (p.dataplane === undefined ? [] : [p.dataplane]));
  if (dataplanes.length > 1) throw new Error(`two components declare the dataplane: ${dataplanes.map((d) => d.component).join(', ')}`);
  return {
    ...(dataplanes[0] === undefined ? {} : { dataplane: dataplanes[0] }),
    ownAlerts: parts.flatMap((p) => p.ownAlerts ?? []),
    cachingIngresses: parts.flatMap((p) => p.cachingIngresses ?? []),
    tlsHosts: parts.flatMap((p) => p.tlsHosts ?? []),
    httpEntrypoints: parts.flatMap((p) => p.httpEntrypoints ?? []),
    metrics: parts.flatMap((p) => p.metrics ?? []),
    addressPools: parts.flatMap((p) => p.addressPools ?? []),
    loadBalancerAddresses: parts.flatMap((p) => p.loadBalancerAddresses ?? []),
    namespaces: [...new Set(parts.flatMap((p) => p.namespaces ?? []))].sort(),
    defaultDeny: parts.flatMap((p) => p.defaultDeny ?? []),
    requirements: parts.flatMap((p) => p.requirements ?? []),
    services: parts.flatMap((p) => p.services ?? []),
    secrets: parts.flatMap((p) => p.secrets ?? []),
    versions,
  };
}

/** Numeric parts of `v1.13.2` / `1.33`; undefined when it is not a version. */
function parts(version: string): number[] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(version);
  return m === null ? undefined : m.slice(1).filter((p) => p !== undefined).map(Number);
}

/**
 * Compares `version` with a bound, on the bound's precision: against `1.33`,
 * `1.33.7` compares equal (so `max: 1.33` admits every 1.33 patch).
 */
export function compareToBound(version: string, bound: string): number | undefined {
  const v = parts(version);
  const b = parts(bound);
  if (v === undefined || b === undefined) return undefined;
  for (let i = 0; i < b.length; i++) {
    const d = (v[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function rangeText(r: Requirement): string {
  return r.min !== undefined && r.max !== undefined ? `${r.min}–${r.max}` : r.min !== undefined ? `>= ${r.min}` : `<= ${r.max}`;
}

/** A requirement the cluster breaks, with the version it found. */
export interface BrokenRequirement {
  readonly requirement: Requirement;
  readonly found: string;
  readonly message: string;
}

/**
 * Evaluates the compatibility table: every requirement whose product the
 * cluster runs (a declared version, or `kubernetes`) outside the range.
 * A product the cluster does not run is no conflict.
 */
export function checkRequirements(facts: Facts, kubernetesVersion: string | undefined): BrokenRequirement[] {
  const broken: BrokenRequirement[] = [];
  for (const r of facts.requirements) {
    const found = r.product === 'kubernetes' ? kubernetesVersion : facts.versions[r.product];
    if (found === undefined) continue;
    const low = r.min === undefined ? 0 : compareToBound(found, r.min);
    const high = r.max === undefined ? 0 : compareToBound(found, r.max);
    if (low === undefined || high === undefined || low >= 0 && high <= 0) continue;
    broken.push({ requirement: r, found, message: `${r.component} needs ${r.product} ${rangeText(r)}, the cluster runs ${found}: ${r.reason}` });
  }
  return broken;
}

/**
 * The compatibility table as a reviewer reads it: the versions the cluster
 * runs, then every row with its verdict against them (`ok`, or what breaks).
 */
export function describeCompatibility(facts: Facts, kubernetesVersion: string | undefined): string[] {
  const runs = Object.entries(facts.versions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([product, version]) => `${product} ${version}`);
  const lines = [`runs: kubernetes ${kubernetesVersion ?? '(unknown)'}${runs.length === 0 ? '' : `, ${runs.join(', ')}`}`];
  const broken = new Map(checkRequirements(facts, kubernetesVersion).map((b) => [b.requirement, b]));
  for (const r of facts.requirements) {
    const found = r.product === 'kubernetes' ? kubernetesVersion : facts.versions[r.product];
    if (r.min === undefined && r.max === undefined) {
      lines.push(`${r.component}: ${r.product} — no range checked; ${r.reason}`);
      continue;
    }
    const b = broken.get(r);
    const verdict = found === undefined ? 'not run here' : b === undefined ? `ok (${found})` : `${r.severity ?? 'error'}: runs ${found}`;
    lines.push(`${r.component}: ${r.product} ${rangeText(r)} — ${verdict}; ${r.reason}`);
  }
  return [...new Set(lines)];
}

/** Two owners asking for one LoadBalancer address without a common sharing key: the later one, with the earlier. */
export function addressClashes(facts: Facts): { readonly address: LoadBalancerAddress; readonly with: LoadBalancerAddress }[] {
  const out: { address: LoadBalancerAddress; with: LoadBalancerAddress }[] = [];
  const seen: LoadBalancerAddress[] = [];
  for (const a of facts.loadBalancerAddresses) {
    const earlier = seen.find((b) => b.ip === a.ip && (a.sharingKey === undefined || a.sharingKey !== b.sharingKey));
    if (earlier !== undefined) out.push({ address: a, with: earlier });
    seen.push(a);
  }
  return out;
}

/** A vendor's published Kubernetes support range for one release line, with where it is published. */
export interface KubernetesSupport {
  /** Oldest supported Kubernetes minor (`1.30`). */
  readonly min: string;
  /** Newest supported (or e2e-tested) Kubernetes minor (`1.33`). */
  readonly max: string;
  /** The support matrix it comes from (URL or file at a tag). */
  readonly source: string;
}

/** A row saying a chart's Kubernetes range is not known (none published, or not readable offline), so the gap is on record. */
export function kubernetesUnchecked(component: string, what: string, why: string, path: FactPath): Requirement {
  return { component, product: 'kubernetes', reason: `${what}: ${why}`, path };
}

/**
 * The compatibility rows of a vendor support range: a cluster older than
 * `min` is an error (the vendor does not support it: APIs it relies on may be
 * missing), one newer than `max` a warning (not tested by the vendor yet;
 * Kubernetes' own compatibility usually carries it, so the render goes on).
 */
export function kubernetesSupportRows(
  component: string,
  what: string,
  support: KubernetesSupport,
  path: FactPath,
): Requirement[] {
  return [
    { component, product: 'kubernetes', min: support.min, reason: `${what} supports Kubernetes ${support.min}–${support.max} (${support.source})`, path },
    {
      component,
      product: 'kubernetes',
      max: support.max,
      severity: 'warning',
      reason: `${what} is tested up to Kubernetes ${support.max} (${support.source}); newer releases are untested, check the vendor's matrix before upgrading`,
      path,
    },
  ];
}
