import { BoundedMemo, type ProvidedService, type ServicePort } from '@strata/core';
import { parse } from 'yaml';
import type { PolicyObject, Rule, Violation } from '../types.ts';
import { apiGroup, at, isRecord, path, type Segments, str } from '../objects.ts';

/** Gateway API route kinds whose rules carry `backendRefs`. */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A Service strata knows exists, and where from. */
interface Known {
  readonly ports: readonly ServicePort[];
  readonly source: string;
}

/** One backend an object names: a Service, with the port it asks for (a number, a name, or none). */
export interface Backend {
  readonly object: PolicyObject;
  readonly segments: Segments;
  readonly namespace: string;
  readonly name: string;
  readonly port: number | string | undefined;
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Rendered Services, then the provided ones (charts, `spec.backends`), by `namespace/name`. */
function knownServices(objects: readonly PolicyObject[], provided: readonly ProvidedService[]): Map<string, Known[]> {
  const known = new Map<string, Known[]>();
  const add = (namespace: string, name: string, k: Known): void => {
    const list = known.get(key(namespace, name)) ?? [];
    list.push(k);
    known.set(key(namespace, name), list);
  };
  for (const o of objects) {
    if (o.obj.kind !== 'Service' || o.obj.apiVersion !== 'v1') continue;
    const ports = at(o.obj, ['spec', 'ports']);
    const list: ServicePort[] = Array.isArray(ports)
      ? ports.flatMap((p) => (isRecord(p) && typeof p.port === 'number' ? [{ port: p.port, ...(str(p.name) === undefined ? {} : { name: str(p.name)! }) }] : []))
      : [];
    add(o.obj.metadata.namespace ?? 'default', o.obj.metadata.name, { ports: list, source: o.file });
  }
  for (const s of provided) add(s.namespace, s.name, { ports: s.ports, source: s.source });
  return known;
}

/** Service backends of an Ingress: the default backend and every path's. */
function ingressBackends(o: PolicyObject): Backend[] {
  const namespace = o.obj.metadata.namespace ?? 'default';
  const out: Backend[] = [];
  const take = (segments: Segments): void => {
    const svc = at(o.obj, [...segments, 'service']);
    if (!isRecord(svc)) return; // a resource backend, or none
    const port = isRecord(svc.port) ? (typeof svc.port.number === 'number' ? svc.port.number : str(svc.port.name)) : undefined;
    out.push({ object: o, segments: [...segments, 'service'], namespace, name: String(svc.name ?? ''), port });
  };
  take(['spec', 'defaultBackend']);
  const rules = at(o.obj, ['spec', 'rules']);
  if (!Array.isArray(rules)) return out;
  rules.forEach((_, r) => {
    const paths = at(o.obj, ['spec', 'rules', r, 'http', 'paths']);
    if (Array.isArray(paths)) paths.forEach((__, p) => take(['spec', 'rules', r, 'http', 'paths', p, 'backend']));
  });
  return out;
}

/** Service backends of a Gateway API route: `backendRefs` and HTTPRoute request mirrors (core group, kind Service). */
function routeBackends(o: PolicyObject): Backend[] {
  const namespace = o.obj.metadata.namespace ?? 'default';
  const out: Backend[] = [];
  const take = (segments: Segments): void => {
    const ref = at(o.obj, segments);
    if (!isRecord(ref)) return;
    if ((str(ref.group) ?? '') !== '' || (str(ref.kind) ?? 'Service') !== 'Service') return;
    out.push({ object: o, segments, namespace: str(ref.namespace) ?? namespace, name: String(ref.name ?? ''), port: typeof ref.port === 'number' ? ref.port : undefined });
  };
  const rules = at(o.obj, ['spec', 'rules']);
  if (!Array.isArray(rules)) return out;
  rules.forEach((_, r) => {
    const refs = at(o.obj, ['spec', 'rules', r, 'backendRefs']);
    if (Array.isArray(refs)) refs.forEach((__, b) => take(['spec', 'rules', r, 'backendRefs', b]));
    const filters = at(o.obj, ['spec', 'rules', r, 'filters']);
    if (Array.isArray(filters)) filters.forEach((__, f) => take(['spec', 'rules', r, 'filters', f, 'requestMirror', 'backendRef']));
  });
  return out;
}

/**
 * A cluster-local Service URL as cloudflared's `ingress[].service` takes it:
 * `http(s)://<name>.<namespace>.svc[.<cluster domain>][:<port>]`. Other
 * targets (`http_status:404`, outside hosts, `unix:` sockets) are not Services.
 */
const SERVICE_URL = /^(https?|tcp|ssh|rdp):\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.[a-z0-9.-]+)?(:(\d+))?\/?$/;
const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ssh: 22, rdp: 3389 };

/** A Service a tunnel config's `ingress[index]` rule targets. */
interface TunnelTarget {
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  readonly port: number | undefined;
}

/** The Service targets of a cloudflared config, from its text alone. */
function tunnelTargets(text: string): readonly TunnelTarget[] {
  let config: unknown;
  try {
    config = parse(text);
  } catch {
    return []; // not YAML: the tunnel would not start, which the object validator cannot see either; nothing to match here
  }
  const rules = at(config, ['ingress']);
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule, index) => {
    const m = SERVICE_URL.exec(String(at(rule, ['service']) ?? ''));
    if (m === null) return [];
    return [{ index, namespace: m[4]!, name: m[2]!, port: m[8] === undefined ? DEFAULT_PORTS[m[1]!] : Number(m[8]) }];
  });
}

/**
 * Targets by the config's text: a fleet's tunnels mostly share their
 * configs, and the rule and the compiler's unused-backend check both ask.
 * Configs are a few hundred bytes; 128 of them, some tens of kilobytes.
 */
const TUNNEL_TARGETS = new BoundedMemo<string, readonly TunnelTarget[]>(128);

/** Service targets of a cloudflared tunnel config (a ConfigMap of app.kubernetes.io/name=cloudflared, key config.yaml). */
function tunnelBackends(o: PolicyObject): Backend[] {
  if (o.obj.kind !== 'ConfigMap' || o.obj.apiVersion !== 'v1' || o.obj.metadata.labels?.['app.kubernetes.io/name'] !== 'cloudflared') return [];
  const text = at(o.obj, ['data', 'config.yaml']);
  if (typeof text !== 'string') return [];
  return TUNNEL_TARGETS.get(text, () => tunnelTargets(text)).map((t) => ({
    object: o,
    segments: ['data', 'config.yaml', 'ingress', t.index, 'service'],
    namespace: t.namespace,
    name: t.name,
    port: t.port,
  }));
}

function describePorts(ports: readonly ServicePort[]): string {
  return ports.length === 0 ? 'no ports' : ports.map((p) => (p.name === undefined ? String(p.port) : `${p.port} "${p.name}"`)).join(', ');
}

/** Edit distance (insertions, deletions, substitutions), for names of at most 63 characters. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Known Services in the same namespace the missing name probably meant: one
 * contains the other (`grafana` → `kube-prometheus-stack-grafana`), or they
 * are two edits apart (`wbe` → `web`).
 */
function lookalikes(known: Map<string, Known[]>, namespace: string, name: string): string[] {
  if (name === '') return [];
  const names = [...known.keys()].filter((k) => k.startsWith(`${namespace}/`)).map((k) => k.slice(namespace.length + 1));
  return names.filter((n) => n !== name && (n.includes(name) || name.includes(n) || distance(n, name) <= 2)).sort();
}

/** Every Service backend the rendered set names: Ingresses, Gateway API routes and cloudflared tunnels. */
export function namedBackends(objects: readonly PolicyObject[]): Backend[] {
  return objects.flatMap((o) => {
    if (o.obj.kind === 'Ingress' && apiGroup(o.obj.apiVersion) === 'networking.k8s.io') return ingressBackends(o);
    if (ROUTE_KINDS.has(o.obj.kind) && apiGroup(o.obj.apiVersion) === GATEWAY_GROUP) return routeBackends(o);
    return tunnelBackends(o);
  });
}

export const backendExists: Rule = {
  id: 'backend-exists',
  severity: 'error',
  title: 'Every route, Ingress and tunnel backend is a Service that exists, with the port it names',
  rationale:
    'A backend naming a Service that does not exist, or a port the Service does not expose, applies cleanly and then answers 503 for every request: no schema catches it, because it spans two objects, and often two owners (a chart creates the Service, strata the route).',
  hint: "fix the name or port; the cluster's own Services come from spec.manifests, or are declared under spec.backends (namespace, name, ports) when deployed outside the repository",
  check(ctx) {
    const known = knownServices(ctx.objects, ctx.services ?? []);
    const backends = namedBackends(ctx.objects);
    const out: Violation[] = [];
    for (const b of backends) {
      const id = key(b.namespace, b.name);
      const found = known.get(id);
      if (found === undefined) {
        const like = lookalikes(known, b.namespace, b.name);
        out.push({
          object: b.object,
          path: path(b.segments),
          message: `backend Service ${id} does not exist: strata renders no such Service, no component's chart creates it, and spec.backends does not declare it${like.length === 0 ? '' : ` (in ${b.namespace}: ${like.join(', ')})`}`,
        });
        continue;
      }
      if (b.port === undefined) {
        out.push({ object: b.object, path: path(b.segments), message: `backend Service ${id} names no port (it has ${describePorts(found.flatMap((f) => f.ports))})` });
        continue;
      }
      const matches = found.some((f) => f.ports.some((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port)));
      if (!matches) {
        const what = typeof b.port === 'number' ? `port ${b.port}` : `port named "${b.port}"`;
        out.push({
          object: b.object,
          path: path(b.segments),
          message: `backend Service ${id} has no ${what}: it has ${describePorts(found.flatMap((f) => f.ports))} (${found.map((f) => f.source).join('; ')})`,
        });
      }
    }
    return out;
  },
};
