import { type Cluster, type Facts, formatPath, poolBlockContains, type SpecIssue, type TlsHost } from '@strata/core';
import { chosenPool, placement, unsatisfiable } from './address.ts';
import { BLOCK_PATH } from './metadata.ts';
import type { InternalDnsBlock } from './schema.ts';

const B = BLOCK_PATH;
const A = [...B, 'address'] as const;

/** Whether `host` (or the names a `*.` wildcard covers) lies in `domain`. */
export function inDomain(host: string, domain: string): boolean {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return name === domain || name.endsWith(`.${domain}`);
}

/** The zone, what it is built from, and the classes it names. */
function checkSources(cluster: Cluster, block: InternalDnsBlock, facts: Facts, issues: SpecIssue[]): void {
  const domain = block.domain;
  if (domain === undefined) {
    issues.push({ path: B, message: 'domain is required: the zone k8s-gateway answers for', hint: 'e.g. domain: home.example.org' });
  } else {
    const clusterDomain = cluster.spec.network.clusterDomain ?? 'cluster.local';
    if (inDomain(domain, clusterDomain) || inDomain(clusterDomain, domain)) {
      issues.push({ path: [...B, 'domain'], message: `${domain} overlaps the cluster domain ${clusterDomain}, which kube-dns answers for` });
    }
  }
  if (block.ingressClasses.length === 0 && !block.httpRoutes && !block.services) {
    issues.push({ path: B, message: 'k8s-gateway would answer for nothing: name ingressClasses, or turn on httpRoutes or services' });
  }
  const known = facts.httpEntrypoints.flatMap((e) => (e.kind === 'ingress-class' ? [e.ingressClass] : []));
  block.ingressClasses.forEach((cls, i) => {
    if (!known.includes(cls)) {
      issues.push({
        path: [...B, 'ingressClasses', i],
        message: `ingress class "${cls}" is not declared by any enabled component${known.length === 0 ? '' : ` (known: ${[...known].sort().join(', ')})`}`,
      });
    }
  });
  if (block.httpRoutes && facts.versions['gateway-api'] === undefined) {
    issues.push({
      path: [...B, 'httpRoutes'],
      severity: 'warning',
      message: 'no enabled component installs the Gateway API CRDs, so there are no HTTPRoutes to answer for',
      hint: 'turn on spec.cilium.gatewayAPI, or set httpRoutes: false',
    });
  }
  if (domain === undefined) return;
  const outside = (hosts: readonly TlsHost[], path: readonly (string | number)[], via: (h: TlsHost) => string) => {
    for (const h of hosts) {
      if (inDomain(h.host, domain)) continue;
      issues.push({
        path,
        severity: 'warning',
        message: `${h.host} (${via(h)}, ${formatPath(h.path)}) is outside ${domain}: k8s-gateway will not answer for it, so it does not resolve internally`,
        hint: `use a name under ${domain}, or resolve it elsewhere`,
      });
    }
  };
  block.ingressClasses.forEach((cls, i) => {
    const hosts = facts.tlsHosts.filter((h) => h.server.kind === 'ingress' && h.server.ingressClass === cls);
    outside(hosts, [...B, 'ingressClasses', i], () => `class ${cls}`);
  });
  if (block.httpRoutes) {
    const hosts = facts.tlsHosts.filter((h) => h.server.kind === 'gateway');
    outside(hosts, [...B, 'httpRoutes'], (h) => (h.server.kind === 'gateway' ? `Gateway ${h.server.namespace}/${h.server.gateway}` : ''));
  }
}

/** The pool and the fixed address of the DNS Service. */
function checkAddress(block: InternalDnsBlock, facts: Facts, issues: SpecIssue[]): void {
  const pools = facts.addressPools;
  const { pool: poolName, ip } = block.address;
  if (pools.length === 0) {
    issues.push({
      path: A,
      message: 'no enabled component declares LoadBalancer address pools, so the DNS Service would never get an address',
      hint: 'add a pool under spec.cilium.loadBalancer.pools',
    });
    return;
  }
  const list = (names: readonly string[]) => names.join(', ');
  if (poolName !== undefined && !pools.some((p) => p.name === poolName)) {
    issues.push({ path: [...A, 'pool'], message: `address pool "${poolName}" is not declared (pools: ${list(pools.map((p) => p.name))})` });
    return;
  }
  const pool = chosenPool(block, pools);
  if (ip !== undefined && (pool === undefined || !pool.blocks.some((b) => poolBlockContains(b, ip)))) {
    issues.push({
      path: [...A, 'ip'],
      message:
        poolName !== undefined && pool !== undefined
          ? `${ip} is not in pool ${pool.name} (${list(pool.blocks)})`
          : `${ip} is in no address pool (${list(pools.map((p) => `${p.name}: ${list(p.blocks)}`))})`,
    });
    return;
  }
  if (pool === undefined) {
    issues.push({
      path: A,
      message: `every address pool selects Services by labels (${list(pools.map((p) => p.name))}), so the DNS Service would never get an address`,
      hint: 'name one with address.pool',
    });
    return;
  }
  const bad = unsatisfiable(pool, block.namespace);
  if (bad.length > 0) {
    issues.push({ path: [...A, 'pool'], message: `pool ${pool.name} selects ${bad.join(', ')}, which the Service ${block.namespace}/k8s-gateway cannot carry` });
  }
}

/** L2 + Local: the elected announcer must hold a pod. */
function checkPlacement(cluster: Cluster, block: InternalDnsBlock, facts: Facts, issues: SpecIssue[]): void {
  const where = placement(cluster, block, facts.addressPools);
  if (where.l2Pool === undefined || where.replicas >= where.announcers) return;
  issues.push({
    path: [...B, 'replicas'],
    severity: 'warning',
    message: `${where.replicas} replica${where.replicas === 1 ? '' : 's'} on ${where.announcers} nodes: pool ${where.l2Pool.name} is L2-announced by one elected node, which drops DNS queries under externalTrafficPolicy Local unless it runs a k8s-gateway pod`,
    hint: `set replicas: ${where.announcers} (the default), or externalTrafficPolicy: Cluster (client addresses are then lost)`,
  });
}

/** Every cross-field problem of `spec.internalDNS` with the facts of the other components; the loader adds file:line:col. */
export function checkInternalDns(cluster: Cluster, block: InternalDnsBlock, facts: Facts): SpecIssue[] {
  const issues: SpecIssue[] = [];
  checkSources(cluster, block, facts, issues);
  checkAddress(block, facts, issues);
  checkPlacement(cluster, block, facts, issues);
  return issues;
}
