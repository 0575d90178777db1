import { type Cluster, type Dataplane, isIp, nthAddress, parseCidr } from '@strata/core';
import { type Fraction, lifetimeHours, parseFraction } from './duration.ts';
import type { PkiBlock } from './schema.ts';

/**
 * How a certificate may be used, as cfssl signing profiles name them. Leaf key
 * usage is `digital signature` only: for ECDSA keys RFC 5480 forbids
 * `key encipherment`, and Go's TLS stack checks the extended usages.
 */
export const PROFILES = {
  root: ['cert sign', 'crl sign'],
  intermediate: ['cert sign', 'crl sign'],
  server: ['digital signature', 'server auth'],
  client: ['digital signature', 'client auth'],
  peer: ['digital signature', 'server auth', 'client auth'],
} as const;
export type Profile = keyof typeof PROFILES;

/** The one key algorithm of the plan (reference: ECDSA P-521 is safe for the Go control plane). */
export const KEY = { algo: 'ecdsa', curve: 'P-521', size: 521, hash: 'SHA-512' } as const;

/** One certificate of the control plane. Files: `<base>/<name>.pem` (with its issuer's chain) and `<name>-key.pem`. */
export interface PlannedCert {
  /** cfssl file name stem, unique in the plan. */
  readonly name: string;
  readonly kind: 'root' | 'intermediate' | 'leaf';
  /** Name of the CA that signs it; undefined for the self-signed root. */
  readonly issuer?: string;
  readonly profile: Profile;
  /** Subject common name (for client certificates: the Kubernetes user). */
  readonly cn: string;
  /** Subject organisations (for client certificates: the Kubernetes groups). */
  readonly o: readonly string[];
  /** DNS names and IP addresses (subject alternative names). */
  readonly hosts: readonly string[];
  /** Planned lifetime in hours, before the cut to the issuer's remaining life. */
  readonly lifetimeHours: number;
  /** Renewal slot: 0 for the shared control-plane certificates, i+1 for node i's own. */
  readonly slot: number;
  /** Hostname of the node that holds it, for per-node certificates. */
  readonly node?: string;
  /** What it is for, one line. */
  readonly purpose: string;
}

/** A bare key pair (not a certificate): `<name>-key.pem` and `<name>.pub`. */
export interface PlannedKeyPair {
  readonly name: string;
  readonly purpose: string;
}

export interface PlannedNode {
  readonly name: string;
  readonly address: string;
  readonly slot: number;
  readonly controlPlane: boolean;
  readonly worker: boolean;
  /** Runs an etcd member. */
  readonly etcd: boolean;
}

/** Everything the control plane needs, as a pure function of the spec. No dates: those come with issuance. */
export interface PkiPlan {
  readonly cluster: string;
  readonly base: string;
  readonly renewAt: Fraction;
  readonly jitterWindowHours: number;
  readonly validity: { readonly root: number; readonly intermediate: number; readonly leaf: number };
  readonly kubeProxy: boolean;
  readonly flannel: boolean;
  readonly etcd: boolean;
  readonly apiServer: { readonly host: string; readonly port: number };
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  readonly clusterDomain: string;
  readonly nodes: readonly PlannedNode[];
  readonly certificates: readonly PlannedCert[];
  readonly keyPairs: readonly PlannedKeyPair[];
}

/** Names of the CAs. `ca` is the root (cfssl's `ca.pem`). */
export const CA = { root: 'ca', kubernetes: 'kubernetes-ca', etcd: 'etcd-ca', frontProxy: 'front-proxy-ca' } as const;

/** The service-account signing key pair. */
export const SERVICE_ACCOUNT = 'service-account';


/** Dedupes, keeping DNS names first (in given order), then IPs. */
function sans(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const dns: string[] = [];
  const ips: string[] = [];
  for (const n of names) {
    if (seen.has(n)) continue;
    seen.add(n);
    (isIp(n) ? ips : dns).push(n);
  }
  return [...dns, ...ips];
}

/** The first address of the service CIDR: what in-cluster clients dial as `kubernetes.default`. */
export function firstServiceIp(serviceCIDR: string): string {
  const block = parseCidr(serviceCIDR);
  if (block === undefined) throw new Error(`service CIDR ${serviceCIDR} does not parse`);
  return nthAddress(block, 1);
}

/** Builds the plan for a cluster whose `spec.pki` block is `block` (defaults applied), beside the CNI's `dataplane` fact. */
export function planPki(cluster: Cluster, block: PkiBlock, dataplane?: Dataplane): PkiPlan {
  const net = cluster.spec.network;
  const domain = net.clusterDomain ?? 'cluster.local';
  // kube-proxy and flannel run unless the CNI (the dataplane fact of its component) replaces them.
  const kubeProxy = block.kubeProxy ?? dataplane?.kubeProxyReplacement !== true;
  const flannel = block.flannel ?? dataplane === undefined;
  const etcd = block.etcd ?? true;
  const nodes: PlannedNode[] = net.nodes.map((n, i) => {
    const controlPlane = n.roles.includes('control-plane');
    return { name: n.name, address: n.address, slot: i + 1, controlPlane, worker: n.roles.includes('worker'), etcd: etcd && controlPlane };
  });
  const controlPlane = nodes.filter((n) => n.controlPlane);
  const apiServer = {
    host: cluster.spec.kubernetes.apiServer?.host ?? controlPlane[0]?.address ?? nodes[0]?.address ?? '127.0.0.1',
    port: cluster.spec.kubernetes.apiServer?.port ?? 6443,
  };
  const validity = {
    root: lifetimeHours(block.validity?.root ?? '350400h'),
    intermediate: lifetimeHours(block.validity?.intermediate ?? '1440h'),
    leaf: lifetimeHours(block.validity?.leaf ?? '336h'),
  };
  const leaf = (c: Omit<PlannedCert, 'kind' | 'lifetimeHours' | 'slot' | 'o' | 'hosts'> & Partial<Pick<PlannedCert, 'slot' | 'o' | 'hosts'>>): PlannedCert => ({
    kind: 'leaf',
    lifetimeHours: validity.leaf,
    slot: 0,
    o: [],
    hosts: [],
    ...c,
  });
  const certs: PlannedCert[] = [
    {
      name: CA.root,
      kind: 'root',
      profile: 'root',
      cn: `${cluster.metadata.name}-root-ca`,
      o: ['strata'],
      hosts: [],
      lifetimeHours: validity.root,
      slot: 0,
      purpose: 'offline root CA; signs the intermediates only; trust anchor of every client (services.kubernetes.caFile)',
    },
    ...(
      [
        [CA.kubernetes, 'kubernetes-ca', 'signs the Kubernetes serving and client certificates; trusted for client auth by apiserver and kubelet'],
        [CA.etcd, 'etcd-ca', 'signs the etcd server, peer and client certificates; the only CA etcd trusts for clients'],
        [CA.frontProxy, 'kubernetes-front-proxy-ca', 'signs the aggregation-layer front-proxy client (--requestheader-client-ca-file)'],
      ] as const
    )
      .filter(([name]) => etcd || name !== CA.etcd)
      .map(
        ([name, cn, purpose]): PlannedCert => ({
          name,
          kind: 'intermediate',
          issuer: CA.root,
          profile: 'intermediate',
          cn,
          o: ['strata'],
          hosts: [],
          lifetimeHours: validity.intermediate,
          slot: 0,
          purpose,
        }),
      ),
    leaf({
      name: 'kube-apiserver',
      issuer: CA.kubernetes,
      profile: 'server',
      cn: 'kube-apiserver',
      hosts: sans([
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        `kubernetes.default.svc.${domain}`,
        'localhost',
        ...controlPlane.map((n) => n.name),
        apiServer.host,
        ...(block.apiServer?.extraSANs ?? []),
        firstServiceIp(net.serviceCIDR),
        '127.0.0.1',
        ...controlPlane.map((n) => n.address),
      ]),
      purpose: 'kube-apiserver serving certificate (every control-plane node)',
    }),
    leaf({
      name: 'kube-apiserver-kubelet-client',
      issuer: CA.kubernetes,
      profile: 'client',
      cn: 'system:kube-apiserver',
      purpose: 'apiserver → kubelet client (NixOS binds system:kube-apiserver to ClusterRole system:kubelet-api-admin)',
    }),
    ...(etcd
      ? [
          leaf({
            name: 'kube-apiserver-etcd-client',
            issuer: CA.etcd,
            profile: 'client',
            cn: 'kube-apiserver-etcd-client',
            purpose: 'apiserver → etcd client',
          }),
        ]
      : []),
    leaf({
      name: 'front-proxy-client',
      issuer: CA.frontProxy,
      profile: 'client',
      cn: 'front-proxy-client',
      purpose: 'apiserver → aggregated API servers (--proxy-client-cert-file)',
    }),
    leaf({
      name: 'kube-controller-manager',
      issuer: CA.kubernetes,
      profile: 'server',
      cn: 'kube-controller-manager',
      hosts: ['localhost', '127.0.0.1'],
      purpose: 'kube-controller-manager serving certificate (metrics, health)',
    }),
    leaf({
      name: 'kube-controller-manager-client',
      issuer: CA.kubernetes,
      profile: 'client',
      cn: 'system:kube-controller-manager',
      purpose: 'kube-controller-manager → apiserver',
    }),
    leaf({
      name: 'kube-scheduler-client',
      issuer: CA.kubernetes,
      profile: 'client',
      cn: 'system:kube-scheduler',
      purpose: 'kube-scheduler → apiserver',
    }),
    leaf({
      name: 'kube-addon-manager',
      issuer: CA.kubernetes,
      profile: 'client',
      cn: 'system:kube-addon-manager',
      purpose: 'addon manager → apiserver (kube-system Role of the NixOS module)',
    }),
    leaf({
      name: 'cluster-admin',
      issuer: CA.kubernetes,
      profile: 'client',
      cn: 'cluster-admin',
      o: ['system:masters'],
      purpose: 'break-glass admin and the addon manager\'s bootstrap addons (system:masters bypasses RBAC)',
    }),
    ...(kubeProxy
      ? [leaf({ name: 'kube-proxy-client', issuer: CA.kubernetes, profile: 'client', cn: 'system:kube-proxy', purpose: 'kube-proxy → apiserver (every node)' })]
      : []),
    ...(flannel
      ? [leaf({ name: 'flannel-client', issuer: CA.kubernetes, profile: 'client', cn: 'flannel-client', purpose: 'flannel → apiserver (every node)' })]
      : []),
  ];
  for (const n of nodes) {
    certs.push(
      leaf({
        name: `kubelet-${n.name}`,
        issuer: CA.kubernetes,
        profile: 'server',
        cn: n.name,
        hosts: sans([n.name, n.address]),
        slot: n.slot,
        node: n.name,
        purpose: `kubelet serving certificate of ${n.name}`,
      }),
      leaf({
        name: `kubelet-client-${n.name}`,
        issuer: CA.kubernetes,
        profile: 'client',
        cn: `system:node:${n.name}`,
        o: ['system:nodes'],
        slot: n.slot,
        node: n.name,
        purpose: `kubelet of ${n.name} → apiserver (Node authorizer)`,
      }),
    );
    if (n.etcd) {
      const hosts = sans([n.name, 'localhost', n.address, '127.0.0.1']);
      certs.push(
        leaf({ name: `etcd-${n.name}`, issuer: CA.etcd, profile: 'peer', cn: n.name, hosts, slot: n.slot, node: n.name, purpose: `etcd server of ${n.name}` }),
        leaf({
          name: `etcd-peer-${n.name}`,
          issuer: CA.etcd,
          profile: 'peer',
          cn: n.name,
          hosts,
          slot: n.slot,
          node: n.name,
          purpose: `etcd peer of ${n.name} (server and client auth between members)`,
        }),
      );
    }
  }
  return {
    cluster: cluster.metadata.name,
    base: block.paths?.base ?? '/etc/kubernetes/pki',
    renewAt: parseFraction(block.renewAt ?? '2/3'),
    jitterWindowHours: lifetimeHours(block.jitterWindow ?? '1h'),
    validity,
    kubeProxy,
    flannel,
    etcd,
    apiServer,
    podCIDR: net.podCIDR,
    serviceCIDR: net.serviceCIDR,
    clusterDomain: domain,
    nodes,
    certificates: certs,
    keyPairs: [{ name: SERVICE_ACCOUNT, purpose: 'service-account token signing key (apiserver signs, verifies with the public key); rotate by hand' }],
  };
}

/** The planned certificate called `name`; throws if there is none. */
export function certByName(plan: PkiPlan, name: string): PlannedCert {
  const cert = plan.certificates.find((c) => c.name === name);
  if (cert === undefined) throw new Error(`the plan has no certificate ${name}`);
  return cert;
}

/** Issuer first: every CA comes before what it signs. */
export function issuanceOrder(plan: PkiPlan): PlannedCert[] {
  const rank = { root: 0, intermediate: 1, leaf: 2 } as const;
  return [...plan.certificates].sort((a, b) => rank[a.kind] - rank[b.kind]);
}
