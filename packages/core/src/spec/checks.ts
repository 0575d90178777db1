import type { CatalogKey, Severity } from '../errors.ts';
import { type Cidr, contains, isIp, overlaps, parseCidr, parseIp } from '../net/cidr.ts';
import { checkReleases } from './releases.ts';
import type { SpecPath } from './source.ts';

/** A problem a semantic check finds; the loader adds file:line:col from `path`. */
export interface CheckIssue {
  readonly key: CatalogKey;
  readonly path: SpecPath;
  readonly message: string;
  readonly severity?: Severity;
}

/** What a check reads. The document may be partly invalid: read it defensively. */
export interface CheckContext {
  /** The document after schema validation with defaults applied (valid or not). */
  readonly doc: unknown;
  /** Folder name the cluster lives in, when known. */
  readonly expectedName?: string;
  /** True when the schema rejected `path`, a parent or a child of it; such inputs are skipped. */
  readonly failed: (path: SpecPath) => boolean;
  /** Names of the components the spec enables (what `spec.releases[].dependsOn` may name besides releases). */
  readonly components?: readonly string[];
}

/** A rule over the spec that JSON Schema cannot express. */
export type SpecCheck = (ctx: CheckContext) => readonly CheckIssue[];

const NETWORK = ['spec', 'network'] as const;
/** The three cluster networks, in the order findings name them. */
const NETWORKS = ['nodeSubnet', 'podCIDR', 'serviceCIDR'] as const;

/** Network blocks must be written as their network address. */
export const checkHostBits: SpecCheck = (ctx) =>
  NETWORKS.flatMap((field) => {
    const net = cidrAt(ctx, [...NETWORK, field]);
    return net?.cidr.hostBitsSet
      ? [issue('SPEC_CIDR', [...NETWORK, field], `${net.text} has host bits set; did you mean ${net.cidr.text}?`)]
      : [];
  });

/** Node, pod and service networks must be disjoint; the later field of each pair is blamed. */
export const checkNetworkOverlaps: SpecCheck = (ctx) => {
  const issues: CheckIssue[] = [];
  NETWORKS.forEach((first, i) => {
    for (const second of NETWORKS.slice(i + 1)) {
      const a = cidrAt(ctx, [...NETWORK, first]);
      const b = cidrAt(ctx, [...NETWORK, second]);
      if (a !== undefined && b !== undefined && overlaps(a.cidr, b.cidr)) {
        issues.push(issue('SPEC_CIDR_OVERLAP', [...NETWORK, second], `${second} ${b.text} overlaps ${first} ${a.text}`));
      }
    }
  });
  return issues;
};

/** Node names and addresses are unique; the second occurrence is blamed and names the first. */
export const checkDuplicateNodes: SpecCheck = (ctx) => {
  const issues: CheckIssue[] = [];
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  for (const node of nodesOf(ctx)) {
    if (node.name !== undefined) {
      const first = names.get(node.name);
      if (first === undefined) names.set(node.name, node.index);
      else issues.push(issue('SPEC_DUPLICATE', node.path('name'), `node name "${node.name}" is already used by nodes[${first}]`));
    }
    if (node.address !== undefined) {
      // Compare parsed addresses: fd00::1 and fd00:0::1 are one machine.
      const key = `${node.address.ip.family}:${node.address.ip.start}`;
      const first = addresses.get(key);
      if (first === undefined) addresses.set(key, node.index);
      else issues.push(issue('SPEC_DUPLICATE', node.path('address'), `address ${node.address.text} is already used by nodes[${first}]`));
    }
  }
  return issues;
};

/** Node addresses are usable host addresses of the node subnet. */
export const checkNodeAddresses: SpecCheck = (ctx) => {
  const subnet = cidrAt(ctx, [...NETWORK, 'nodeSubnet']);
  if (subnet === undefined) return [];
  const { cidr } = subnet;
  // /31 and /32 (and their IPv6 peers) have no network or broadcast address to avoid.
  const hasReserved = cidr.prefix <= (cidr.family === 4 ? 30 : 126);
  const issues: CheckIssue[] = [];
  for (const node of nodesOf(ctx)) {
    if (node.address === undefined) continue;
    const { ip, text } = node.address;
    const at = node.path('address');
    if (!contains(cidr, ip)) issues.push(issue('SPEC_ADDRESS', at, `${text} is outside nodeSubnet ${subnet.text}`));
    else if (hasReserved && ip.start === cidr.start) {
      issues.push(issue('SPEC_ADDRESS', at, `${text} is the network address of nodeSubnet ${subnet.text}`));
    } else if (hasReserved && cidr.family === 4 && ip.start === cidr.end) {
      issues.push(issue('SPEC_ADDRESS', at, `${text} is the broadcast address of nodeSubnet ${subnet.text}`));
    }
  }
  return issues;
};

/** A cluster needs somewhere to run its API server. */
export const checkControlPlane: SpecCheck = (ctx) => {
  const nodes = nodesOf(ctx);
  if (nodes.length === 0 || nodes.some((n) => n.roles === undefined)) return [];
  if (nodes.some((n) => n.roles!.includes('control-plane'))) return [];
  return [issue('SPEC_TOPOLOGY', [...NETWORK, 'nodes'], 'no node has the role control-plane; a cluster needs at least one')];
};

/** The API server address is how nodes reach the cluster, so it cannot live in a cluster-internal network. */
export const checkApiServerHost: SpecCheck = (ctx) => {
  const path = ['spec', 'kubernetes', 'apiServer', 'host'];
  const host = stringAt(ctx, path);
  const ip = host !== undefined && isIp(host) ? parseIp(host) : undefined;
  if (ip === undefined) return [];
  return (['podCIDR', 'serviceCIDR'] as const).flatMap((field) => {
    const net = cidrAt(ctx, [...NETWORK, field]);
    return net !== undefined && contains(net.cidr, ip)
      ? [issue('SPEC_ADDRESS', path, `API server host ${host} lies inside ${field} ${net.text}`)]
      : [];
  });
};

/** A cluster's name is its folder's name, so paths and names cannot disagree. */
export const checkName: SpecCheck = (ctx) => {
  const path = ['metadata', 'name'];
  const name = stringAt(ctx, path);
  if (ctx.expectedName === undefined || name === undefined || name === ctx.expectedName) return [];
  return [issue('SPEC_NAME_MISMATCH', path, `"${name}" does not match the folder name "${ctx.expectedName}"`)];
};

/** A declared backend Service appears once, and each of its port numbers and names once. */
export const checkBackends: SpecCheck = (ctx) => {
  const list = valueAt(ctx.doc, ['spec', 'backends']);
  if (!Array.isArray(list) || ctx.failed(['spec', 'backends'])) return [];
  const issues: CheckIssue[] = [];
  const seen = new Map<string, number>();
  list.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object') return;
    const b = item as { namespace?: unknown; name?: unknown; ports?: unknown };
    if (typeof b.namespace === 'string' && typeof b.name === 'string') {
      const id = `${b.namespace}/${b.name}`;
      const first = seen.get(id);
      if (first !== undefined) issues.push(issue('SPEC_DUPLICATE', ['spec', 'backends', i, 'name'], `Service ${id} is already declared by backends[${first}]`));
      else seen.set(id, i);
    }
    const numbers = new Map<unknown, number>();
    const names = new Map<unknown, number>();
    (Array.isArray(b.ports) ? b.ports : []).forEach((port: unknown, j) => {
      if (port === null || typeof port !== 'object') return;
      const p = port as { port?: unknown; name?: unknown };
      const n = numbers.get(p.port);
      if (typeof p.port !== 'number') return;
      if (n !== undefined) issues.push(issue('SPEC_DUPLICATE', ['spec', 'backends', i, 'ports', j, 'port'], `port ${String(p.port)} is already listed as ports[${n}]`));
      else numbers.set(p.port, j);
      if (p.name === undefined) return;
      const m = names.get(p.name);
      if (m !== undefined) issues.push(issue('SPEC_DUPLICATE', ['spec', 'backends', i, 'ports', j, 'name'], `port name "${String(p.name)}" is already used by ports[${m}]`));
      else names.set(p.name, j);
    });
  });
  return issues;
};

/** Every semantic check of the core spec, in the order they run. */
export const SPEC_CHECKS: readonly SpecCheck[] = [
  checkName,
  checkHostBits,
  checkNetworkOverlaps,
  checkDuplicateNodes,
  checkNodeAddresses,
  checkControlPlane,
  checkApiServerHost,
  checkBackends,
  checkReleases,
];

/** Runs every check and concatenates their issues. */
export function runChecks(ctx: CheckContext, checks: readonly SpecCheck[] = SPEC_CHECKS): CheckIssue[] {
  return checks.flatMap((check) => check(ctx));
}

function issue(key: CatalogKey, path: SpecPath, message: string): CheckIssue {
  return { key, path, message };
}

function valueAt(doc: unknown, path: SpecPath): unknown {
  let here = doc;
  for (const segment of path) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, segment)) return undefined;
    here = (here as Record<string | number, unknown>)[segment];
  }
  return here;
}

/** The string at `path` when the schema accepted it. */
function stringAt(ctx: CheckContext, path: SpecPath): string | undefined {
  const value = valueAt(ctx.doc, path);
  return typeof value === 'string' && !ctx.failed(path) ? value : undefined;
}

function cidrAt(ctx: CheckContext, path: SpecPath): { text: string; cidr: Cidr } | undefined {
  const text = stringAt(ctx, path);
  const cidr = text === undefined ? undefined : parseCidr(text);
  return cidr === undefined ? undefined : { text: text!, cidr };
}

interface NodeView {
  readonly index: number;
  readonly name?: string;
  readonly address?: { readonly text: string; readonly ip: Cidr };
  readonly roles?: readonly string[];
  path(field: string): SpecPath;
}

/** The nodes' fields that passed the schema; a field that failed is left out. */
function nodesOf(ctx: CheckContext): NodeView[] {
  const list = valueAt(ctx.doc, [...NETWORK, 'nodes']);
  if (!Array.isArray(list)) return [];
  return list.map((_, index) => {
    const path = (field: string): SpecPath => [...NETWORK, 'nodes', index, field];
    const name = stringAt(ctx, path('name'));
    const addressText = stringAt(ctx, path('address'));
    const ip = addressText === undefined ? undefined : parseIp(addressText);
    const roles = valueAt(ctx.doc, path('roles'));
    const rolesOk = Array.isArray(roles) && !ctx.failed(path('roles')) && roles.every((r) => typeof r === 'string');
    return {
      index,
      path,
      ...(name === undefined ? {} : { name }),
      ...(ip === undefined ? {} : { address: { text: addressText!, ip } }),
      ...(rolesOk ? { roles: roles as string[] } : {}),
    };
  });
}
