import type { Facts, HttpEntrypoint, SpecIssue, TlsHost } from '@strata/core';
import { BLOCK_PATH } from './metadata.ts';
import type { CertManagerBlock, IssuerSpec } from './schema.ts';

/** A Certificate to render: every TLS host that shares one Secret. */
export interface PlannedCertificate {
  /** Object name: the Secret's name (unique per namespace, like the Secret). */
  readonly name: string;
  readonly namespace: string;
  readonly secretName: string;
  /** Sorted, without repeats. */
  readonly dnsNames: readonly string[];
  readonly issuer: string;
}

/** An HTTP-01 solver of an ACME issuer: the edge that answers, and the names it answers for. */
export type PlannedSolver = SolverEdge & { readonly dnsNames?: readonly string[] };

/** The edge a solver goes through. */
export type SolverEdge =
  | { readonly kind: 'ingress'; readonly ingressClass: string }
  | { readonly kind: 'gateway'; readonly gateway: string; readonly namespace: string; readonly listener: string };

/** What the block and the facts amount to, and what is wrong with them. */
export interface Plan {
  readonly certificates: readonly PlannedCertificate[];
  /** Solvers of each ACME issuer, by issuer name, in render order (selectors first, the catch-all last). */
  readonly solvers: ReadonlyMap<string, readonly PlannedSolver[]>;
  readonly issues: readonly SpecIssue[];
}

/** The key size a block resolves to: the spec's, or 256 for ECDSA and 2048 for RSA. */
export function keySize(block: CertManagerBlock): number {
  const { algorithm, size } = block.certificates.privateKey;
  return size ?? (algorithm === 'ECDSA' ? 256 : 2048);
}

/** Name of the self-signed ClusterIssuer that bootstraps CA issuer `name`. */
export function bootstrapIssuerName(name: string): string {
  return `${name}-selfsigned`;
}

const B = BLOCK_PATH;
const ISSUERS = [...B, 'issuers'];

/** Public-DNS-less suffixes: Let's Encrypt cannot validate names under them. */
const INTERNAL_SUFFIXES = ['local', 'localhost', 'internal', 'intranet', 'lan', 'home', 'corp', 'localdomain', 'home.arpa', 'test', 'invalid', 'example'];

/** The suffix that makes `host` an internal name, or undefined for a name that may be in the public DNS. */
export function internalSuffix(host: string, clusterDomain: string): string | undefined {
  const name = host.replace(/^\*\./, '').toLowerCase();
  if (!name.includes('.')) return name;
  if (/^[0-9.]+$/.test(name) || name.includes(':')) return name;
  return [clusterDomain, ...INTERNAL_SUFFIXES].find((s) => name === s || name.endsWith(`.${s}`));
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Where the HTTP-01 challenge for `host` is answered, or the reason it cannot be. */
function solverFor(
  host: TlsHost,
  namespace: string,
  issuer: string,
  entrypoints: readonly HttpEntrypoint[],
): { ok: true; edge: string; solver: SolverEdge } | { ok: false; issue: SpecIssue } {
  const fail = (message: string, hint: string) => ({ ok: false as const, issue: { path: host.path, message, hint } });
  const server = host.server;
  if (server.kind === 'ingress') {
    const entry = entrypoints.find((e) => e.kind === 'ingress-class' && e.ingressClass === server.ingressClass);
    if (entry === undefined) {
      return fail(
        `${host.host}: ingress class ${server.ingressClass} declares no HTTP entrypoint, so the ACME HTTP-01 challenge of issuer ${issuer} has nowhere to arrive`,
        'enable the component that serves the class, or pick a CA issuer for this host',
      );
    }
    if (entry.kind === 'ingress-class' && !entry.port80) {
      return fail(
        `${host.host}: ingress class ${server.ingressClass} does not listen on port 80, where Let's Encrypt sends the HTTP-01 challenge of issuer ${issuer}`,
        'open port 80 on the class\' LoadBalancer (it may redirect everything else to HTTPS), or pick a CA issuer for this host',
      );
    }
    return { ok: true, edge: `ingress/${server.ingressClass}`, solver: { kind: 'ingress', ingressClass: server.ingressClass } };
  }
  const gw = entrypoints.find((e) => e.kind === 'gateway' && e.name === server.gateway && e.namespace === server.namespace);
  const name = `${server.namespace}/${server.gateway}`;
  if (gw === undefined || gw.kind !== 'gateway') {
    return fail(
      `${host.host}: gateway ${name} declares no HTTP entrypoint, so the ACME HTTP-01 challenge of issuer ${issuer} has nowhere to arrive`,
      'enable the component that renders the Gateway, or pick a CA issuer for this host',
    );
  }
  if (gw.http80Listener === undefined) {
    return fail(
      `${host.host}: gateway ${name} has no HTTP listener on port 80, where Let's Encrypt sends the HTTP-01 challenge of issuer ${issuer}`,
      'add a listener with protocol HTTP and port 80 to the Gateway',
    );
  }
  if (!gw.allowsAllNamespaces && namespace !== gw.namespace) {
    return fail(
      `${host.host}: listener ${gw.http80Listener} of gateway ${name} does not admit routes from namespace ${namespace}, where cert-manager creates the HTTP-01 challenge route of the certificate`,
      `keep the Secret in the Gateway's namespace ${gw.namespace}, or let the listener admit routes from all namespaces`,
    );
  }
  return {
    ok: true,
    edge: `gateway/${gw.namespace}/${gw.name}`,
    solver: { kind: 'gateway', gateway: gw.name, namespace: gw.namespace, listener: gw.http80Listener },
  };
}

/**
 * Resolves every TLS host to an issuer and a Certificate, and every ACME
 * issuer to its HTTP-01 solvers, collecting what cannot work. `check` reports
 * the issues; `render` uses the rest (and refuses to render with errors).
 */
export function plan(block: CertManagerBlock, facts: Facts, clusterDomain: string): Plan {
  const issues: SpecIssue[] = [];
  const issuers = new Map<string, IssuerSpec>();
  for (const issuer of block.issuers) if (!issuers.has(issuer.name)) issuers.set(issuer.name, issuer);
  const known = block.issuers.map((i) => i.name).join(', ');

  // Per Secret: the hosts, their issuer, and the first host's path (for conflicts).
  const groups = new Map<string, { namespace: string; secretName: string; issuer: string; hosts: Set<string>; first: TlsHost }>();
  // Per ACME issuer, per edge: the solver and its names.
  const edges = new Map<string, Map<string, { solver: SolverEdge; names: Set<string> }>>();

  // Issuers some host asks for (whether or not it can be served).
  const wanted = new Set<string>();
  for (const host of facts.tlsHosts) {
    const name = host.issuer ?? block.defaultIssuer;
    if (name === undefined) {
      issues.push({
        path: host.path,
        message: `TLS host ${host.host} gets no certificate: it names no issuer and spec.certManager.defaultIssuer is unset`,
        hint: 'set spec.certManager.defaultIssuer, or name an issuer for the host',
      });
      continue;
    }
    const issuer = issuers.get(name);
    wanted.add(name);
    if (issuer === undefined) {
      // An unknown defaultIssuer is reported once, at that field (see checkIssuers).
      if (host.issuer !== undefined) {
        issues.push({
          path: host.path,
          message: `TLS host ${host.host} gets no certificate: issuer "${name}" is not in spec.certManager.issuers${known === '' ? '' : ` (${known})`}`,
        });
      }
      continue;
    }
    const key = `${host.namespace}/${host.secretName}`;
    const group = groups.get(key);
    if (group !== undefined && group.issuer !== name) {
      issues.push({
        path: host.path,
        message: `TLS host ${host.host} asks for issuer ${name}, but shares Secret ${key} with ${group.first.host} (issuer ${group.issuer}); one Secret holds one certificate`,
        hint: 'give the host a Secret of its own, or the same issuer',
      });
      continue;
    }
    if (issuer.acme !== undefined) {
      if (host.host.startsWith('*.')) {
        issues.push({
          path: host.path,
          message: `no issuer can serve the wildcard ${host.host}: issuer ${name} solves ACME HTTP-01, and HTTP-01 cannot prove control of a wildcard (Let's Encrypt needs DNS-01 for that)`,
          hint: 'list the names instead of the wildcard, or use a CA issuer',
        });
        continue;
      }
      const suffix = internalSuffix(host.host, clusterDomain);
      if (suffix !== undefined) {
        issues.push({
          path: host.path,
          message: `no issuer can serve ${host.host}: issuer ${name} is Let's Encrypt, which only issues for names in the public DNS, and ${suffix} is not one`,
          hint: 'use a CA issuer for internal names',
        });
        continue;
      }
      const found = solverFor(host, host.namespace, name, facts.httpEntrypoints);
      if (!found.ok) {
        issues.push(found.issue);
        continue;
      }
      let perEdge = edges.get(name);
      if (perEdge === undefined) edges.set(name, (perEdge = new Map()));
      const entry = perEdge.get(found.edge);
      if (entry === undefined) perEdge.set(found.edge, { solver: found.solver, names: new Set([host.host]) });
      else entry.names.add(host.host);
    }
    if (group === undefined) groups.set(key, { namespace: host.namespace, secretName: host.secretName, issuer: name, hosts: new Set([host.host]), first: host });
    else group.hosts.add(host.host);
  }

  const certificates: PlannedCertificate[] = [...groups.values()]
    .map((g) => ({ name: g.secretName, namespace: g.namespace, secretName: g.secretName, dnsNames: sorted(g.hosts), issuer: g.issuer }))
    .sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1));

  const solvers = new Map<string, PlannedSolver[]>();
  block.issuers.forEach((issuer, i) => {
    if (issuer.acme === undefined || solvers.has(issuer.name)) return;
    const perEdge = edges.get(issuer.name) ?? new Map();
    // Ingress classes before Gateways, each group sorted by name.
    const rank = (key: string) => `${key.startsWith('ingress/') ? 0 : 1}${key}`;
    const fallback = issuer.acme.ingressClass;
    const list: PlannedSolver[] = [...perEdge.entries()]
      // The catch-all already answers through its class; a selector for the same class adds nothing.
      .filter(([key]) => fallback === undefined || key !== `ingress/${fallback}`)
      .sort(([a], [b]) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0))
      .map(([, { solver, names }]) => ({ ...solver, dnsNames: sorted(names) }));
    if (fallback !== undefined) {
      const entry = facts.httpEntrypoints.find((e) => e.kind === 'ingress-class' && e.ingressClass === fallback);
      const path = [...ISSUERS, i, 'acme', 'ingressClass'];
      if (entry === undefined) {
        const classes = facts.httpEntrypoints.flatMap((e) => (e.kind === 'ingress-class' ? [e.ingressClass] : []));
        issues.push({ path, message: `ingress class "${fallback}" is not an HTTP entrypoint of this cluster${classes.length === 0 ? '' : ` (${sorted(classes).join(', ')})`}` });
      } else if (entry.kind === 'ingress-class' && !entry.port80) {
        issues.push({ path, message: `ingress class ${fallback} does not listen on port 80, where Let's Encrypt sends HTTP-01 challenges` });
      } else list.push({ kind: 'ingress', ingressClass: fallback });
    }
    // A host that asked for the issuer but failed is reported already.
    if (list.length === 0 && !wanted.has(issuer.name)) {
      issues.push({
        path: [...ISSUERS, i],
        severity: 'warning',
        message: `ACME issuer ${issuer.name} has no HTTP-01 solver: no TLS host uses it and acme.ingressClass is unset, so every order it gets fails`,
        hint: 'set acme.ingressClass to the class that should answer its challenges',
      });
    }
    solvers.set(issuer.name, list);
  });
  return { certificates, solvers, issues };
}
