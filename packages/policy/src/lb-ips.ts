import { parseCidr, parseIp, type Cidr } from '@strata/core';
import { apiGroup, at, isRecord, path, str, type Segments } from './objects.ts';
import type { PolicyObject } from './types.ts';

export const LB_IPS_ANNOTATION = 'lbipam.cilium.io/ips';
export const SHARING_KEY_ANNOTATION = 'lbipam.cilium.io/sharing-key';

/** One address a LoadBalancer Service asks for, and where it asks. */
export interface RequestedIp {
  readonly object: PolicyObject;
  readonly ip: string;
  readonly path: string;
}

/** The IPs each Service of type LoadBalancer requests (spec.loadBalancerIP and Cilium's annotation), once each. */
export function requestedIps(objects: readonly PolicyObject[]): RequestedIp[] {
  const out: RequestedIp[] = [];
  for (const object of objects) {
    const { obj } = object;
    if (obj.kind !== 'Service' || apiGroup(obj.apiVersion) !== '' || at(obj, ['spec', 'type']) !== 'LoadBalancer') continue;
    const seen = new Set<string>();
    const add = (ip: string, segments: Segments): void => {
      if (ip === '' || seen.has(ip)) return;
      seen.add(ip);
      out.push({ object, ip, path: path(segments) });
    };
    const legacy = str(at(obj, ['spec', 'loadBalancerIP']));
    if (legacy !== undefined) add(legacy.trim(), ['spec', 'loadBalancerIP']);
    const annotation = obj.metadata.annotations?.[LB_IPS_ANNOTATION];
    if (annotation !== undefined) for (const ip of annotation.split(',')) add(ip.trim(), ['metadata', 'annotations', LB_IPS_ANNOTATION]);
  }
  return out;
}

/** A CiliumLoadBalancerIPPool: its blocks and whether its serviceSelector picks a Service. */
export interface LbIpPool {
  readonly object: PolicyObject;
  readonly blocks: readonly Cidr[];
  selects(service: PolicyObject): boolean;
}

/** Parses `{cidr}` and `{start, stop}` blocks; a range is kept as its bounds (contains() only compares bounds). */
function block(raw: unknown): Cidr | undefined {
  const cidr = str(at(raw, ['cidr']));
  if (cidr !== undefined) return parseCidr(cidr);
  const start = parseIp(str(at(raw, ['start'])) ?? '');
  const stop = parseIp(str(at(raw, ['stop'])) ?? '') ?? start;
  if (start === undefined || stop === undefined || start.family !== stop.family) return undefined;
  return { ...start, end: stop.end, text: `${start.text}-${stop.text}` };
}

/** Labels Cilium matches a pool's serviceSelector against: the Service's labels plus its name and namespace. */
function selectorLabels(service: PolicyObject): Record<string, string> {
  return {
    ...service.obj.metadata.labels,
    'io.kubernetes.service.name': service.obj.metadata.name,
    'io.kubernetes.service.namespace': service.obj.metadata.namespace ?? 'default',
  };
}

/** A Kubernetes label selector; an absent selector selects everything. */
export function matchesSelector(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isRecord(selector)) return true;
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions) {
    const key = str(at(e, ['key'])) ?? '';
    const values = (Array.isArray(at(e, ['values'])) ? (at(e, ['values']) as unknown[]) : []).filter((v): v is string => typeof v === 'string');
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    switch (at(e, ['operator'])) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The enabled CiliumLoadBalancerIPPools of the set. */
export function lbIpPools(objects: readonly PolicyObject[]): LbIpPool[] {
  return objects
    .filter((o) => o.obj.kind === 'CiliumLoadBalancerIPPool' && apiGroup(o.obj.apiVersion) === 'cilium.io' && at(o.obj, ['spec', 'disabled']) !== true)
    .map((object) => {
      const raw = at(object.obj, ['spec', 'blocks']) ?? at(object.obj, ['spec', 'cidrs']); // `cidrs` is the v2alpha1 spelling
      const blocks = (Array.isArray(raw) ? raw : []).map(block).filter((b): b is Cidr => b !== undefined);
      const selector = at(object.obj, ['spec', 'serviceSelector']);
      return { object, blocks, selects: (service: PolicyObject) => matchesSelector(selector, selectorLabels(service)) };
    });
}
