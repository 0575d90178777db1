/**
 * The Secret inventory: every Secret the rendered objects of a cluster read,
 * declared by the component that renders the reader (a `secrets` fact), so a
 * user learns which Secrets a cluster needs before anything fails to start.
 */
import { compareStrings } from './errors.ts';
import type { FactPath, Facts, TlsHost } from './facts.ts';

/** An object that reads a Secret, and the field it names the Secret in. */
export interface SecretReader {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Where the reference is: `spec.template.spec.volumes[creds].secret.secretName`, `env CF_API_TOKEN`. */
  readonly field: string;
  /** The rendered object that carries the reference, when it is not the reader itself (a HelmRelease's values). */
  readonly via?: string;
}

/** One Secret a component's rendered objects read. */
export interface SecretRequirement {
  readonly namespace: string;
  readonly name: string;
  /** Keys the reader needs in it. */
  readonly keys: readonly string[];
  /** Secret `type`, when the reader insists on one (`kubernetes.io/tls`). */
  readonly type?: string;
  readonly reader: SecretReader;
  /** What goes in it, one sentence. */
  readonly purpose: string;
  /** How to make it by hand: a `kubectl create secret …` line with `<placeholders>`. */
  readonly create: string;
  /**
   * Set when something in the cluster writes the Secret itself (cert-manager
   * from a Certificate, the ACME account key): nobody has to provide it.
   */
  readonly generatedBy?: string;
  /** Component (or `strata` for the core fields) that declares it. */
  readonly component: string;
  /** Spec field that makes the reader need it. */
  readonly path: FactPath;
}

/** A Secret of the inventory: its requirements merged by namespace/name. */
export interface SecretNeed {
  readonly namespace: string;
  readonly name: string;
  /** Union of the keys every reader needs, sorted. */
  readonly keys: readonly string[];
  readonly type?: string;
  readonly readers: readonly SecretReader[];
  readonly purpose: string;
  readonly create: string;
  readonly generatedBy?: string;
  readonly components: readonly string[];
  /** The first declaring spec field, for file:line:col. */
  readonly path: FactPath;
}

/** `Kind/namespace/name` of a reader. */
export function readerId(r: SecretReader): string {
  return [r.kind, r.namespace, r.name].filter((s) => s !== undefined).join('/');
}

/** `kubectl create secret tls` line for a certificate Secret. */
export function kubectlTls(namespace: string, name: string): string {
  return `kubectl -n ${namespace} create secret tls ${name} --cert=<cert.pem> --key=<key.pem>`;
}

/** `kubectl create secret generic` line with one `--from-literal` (or `--from-file` for keys ending in a file extension) per key. */
export function kubectlGeneric(namespace: string, name: string, keys: readonly string[]): string {
  const args = keys.map((k) => (/\.(json|pem|key|agekey|crt)$/.test(k) ? `--from-file=${k}=<${k}>` : `--from-literal=${k}=<${k}>`));
  return `kubectl -n ${namespace} create secret generic ${name} ${args.join(' ')}`;
}

/**
 * The requirement for the certificate Secret of a TLS host: cert-manager
 * writes it from the Certificate it makes for the host (see cert-manager's
 * plan); the reader is the Ingress or Gateway that serves the host.
 */
export function tlsHostSecret(host: TlsHost): SecretRequirement {
  const reader: SecretReader =
    host.reader ??
    (host.server.kind === 'gateway'
      ? { kind: 'Gateway', namespace: host.server.namespace, name: host.server.gateway, field: `spec.listeners[${host.server.listener}].tls.certificateRefs` }
      : { kind: 'Ingress', namespace: host.namespace, name: `(class ${host.server.ingressClass})`, field: 'spec.tls[].secretName' });
  return {
    namespace: host.namespace,
    name: host.secretName,
    keys: ['tls.crt', 'tls.key'],
    type: 'kubernetes.io/tls',
    reader,
    purpose: `certificate and key for ${host.host}`,
    create: kubectlTls(host.namespace, host.secretName),
    generatedBy: `cert-manager (Certificate ${host.namespace}/${host.secretName})`,
    component: host.component,
    path: host.path,
  };
}

/**
 * The inventory of a cluster: the components' `secrets` facts and the TLS
 * hosts' certificate Secrets, plus `extra` (the GitOps engine's own), merged
 * by namespace/name and sorted. A Secret something in the cluster generates
 * stays generated only when every requirement says so.
 */
export function secretInventory(facts: Pick<Facts, 'secrets' | 'tlsHosts'>, extra: readonly SecretRequirement[] = []): SecretNeed[] {
  const all = [...extra, ...facts.secrets, ...facts.tlsHosts.map(tlsHostSecret)];
  const byId = new Map<string, SecretRequirement[]>();
  for (const r of all) {
    const id = `${r.namespace}/${r.name}`;
    const list = byId.get(id);
    if (list === undefined) byId.set(id, [r]);
    else list.push(r);
  }
  const needs: SecretNeed[] = [];
  for (const reqs of byId.values()) {
    const first = reqs[0]!;
    const keys = [...new Set(reqs.flatMap((r) => r.keys))].sort(compareStrings);
    const user = reqs.find((r) => r.generatedBy === undefined);
    const readers = new Map(reqs.map((r) => [`${readerId(r.reader)} ${r.reader.field}`, r.reader]));
    const generatedBy = user === undefined ? first.generatedBy : undefined;
    const type = reqs.find((r) => r.type !== undefined)?.type;
    needs.push({
      namespace: first.namespace,
      name: first.name,
      keys,
      ...(type === undefined ? {} : { type }),
      readers: [...readers.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, r]) => r),
      purpose: (user ?? first).purpose,
      create: keys.length === first.keys.length ? (user ?? first).create : type === 'kubernetes.io/tls' ? kubectlTls(first.namespace, first.name) : kubectlGeneric(first.namespace, first.name, keys),
      ...(generatedBy === undefined ? {} : { generatedBy }),
      components: [...new Set(reqs.map((r) => r.component))].sort(compareStrings),
      path: (user ?? first).path,
    });
  }
  return needs.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name));
}
