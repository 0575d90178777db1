import type { SpecIssue } from '@strata/core';
import { type LBService, poolContains, poolLabels, selects } from '../lb-ipam.ts';
import type { CiliumBlock } from '../schema.ts';
import { C, type Path } from './common.ts';

type Pool = CiliumBlock['loadBalancer']['pools'][number];

/** The `key=value` pairs of a pool's serviceSelector a Service fails, as `key=value` (empty when the pool selects it). */
function unmet(pool: Pool, svc: LBService): string[] {
  const actual: Record<string, string> = { 'io.kubernetes.service.namespace': svc.namespace, 'io.kubernetes.service.name': svc.name, ...svc.labels };
  return Object.entries(pool.serviceSelector?.matchLabels ?? {})
    .filter(([k, v]) => actual[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
}

/**
 * The pool a LoadBalancer Service (a fast-path Service or a Gateway's) asks for:
 * it must exist, select the Service, and hold a fixed IP; other pools that
 * also select it make the choice LB-IPAM's.
 */
export function checkPoolChoice(block: CiliumBlock, path: Path, what: string, svc: Omit<LBService, 'labels'>, poolName: string | undefined, ip: string | undefined, issues: SpecIssue[]): void {
  const pools = block.loadBalancer.pools;
  let pool: Pool | undefined;
  if (poolName !== undefined) {
    pool = pools.find((p) => p.name === poolName);
    if (pool === undefined) {
      const known = pools.map((p) => p.name).join(', ');
      issues.push({
        path: [...path, 'pool'],
        message: `pool "${poolName}" is not in spec.cilium.loadBalancer.pools${known === '' ? '' : ` (${known})`}`,
      });
      return;
    }
    if (ip !== undefined && !poolContains(pool, ip)) {
      issues.push({
        path: [...path, 'ip'],
        message: `${ip} is not in pool ${pool.name} (${pool.blocks.map((b) => (typeof b === 'string' ? b : `${b.start}-${b.stop}`)).join(', ')})`,
        hint: `pick an address of pool ${pool.name}, or name the pool that holds ${ip}`,
      });
    }
  } else if (ip !== undefined) {
    pool = pools.find((p) => poolContains(p, ip));
    if (pool === undefined) {
      issues.push({ path: [...path, 'ip'], message: `${ip} is in no spec.cilium.loadBalancer.pools block; LB-IPAM only assigns addresses from its pools` });
      return;
    }
  }
  if (pool === undefined) return;
  const labelled: LBService = { ...svc, labels: poolLabels(pool) };
  const missing = unmet(pool, labelled);
  if (missing.length > 0) {
    issues.push({
      path: [...path, poolName === undefined ? 'ip' : 'pool'],
      message: `pool ${pool.name} does not select ${what} ${svc.namespace}/${svc.name}: its serviceSelector needs ${missing.join(', ')}`,
    });
    return;
  }
  if (ip === undefined) {
    const also = pools.filter((p) => p !== pool && selects(p.serviceSelector, labelled)).map((p) => p.name);
    if (also.length > 0) {
      issues.push({
        path: [...path, 'pool'],
        severity: 'warning',
        message: `pool${also.length === 1 ? '' : 's'} ${also.join(', ')} also select${also.length === 1 ? 's' : ''} ${what} ${svc.namespace}/${svc.name}, so LB-IPAM may take its address from there instead of ${pool.name}`,
        hint: `give ${also.join(', ')} a serviceSelector that leaves it out, or set a fixed ip`,
      });
    }
  }
}

/** Fast-path LoadBalancer Services: names, ports, pools, fixed IPs, traffic policy vs. L2. */
export function checkServices(block: CiliumBlock, issues: SpecIssue[]): void {
  const S = [...C, 'services'];
  const seen = new Map<string, number>();
  const l2 = block.l2Announcements;
  block.services.forEach((svc, i) => {
    const key = `${svc.namespace}/${svc.name}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path: [...S, i, 'name'], message: `service ${key} is already defined by spec.cilium.services[${first}]` });
    else seen.set(key, i);
    const names = new Map<string, number>();
    const ports = new Map<string, number>();
    svc.ports.forEach((port, j) => {
      const n = names.get(port.name);
      if (n !== undefined) issues.push({ path: [...S, i, 'ports', j, 'name'], message: `port name "${port.name}" is already used by ports[${n}]` });
      else names.set(port.name, j);
      const pp = `${port.port}/${port.protocol}`;
      const p = ports.get(pp);
      if (p !== undefined) issues.push({ path: [...S, i, 'ports', j, 'port'], message: `${pp} is already used by ports[${p}]` });
      else ports.set(pp, j);
    });
    checkPoolChoice(block, [...S, i], 'service', { namespace: svc.namespace, name: svc.name }, svc.pool, svc.ip, issues);
    const pool = block.loadBalancer.pools.find((p) => p.name === svc.pool);
    const view: LBService = { namespace: svc.namespace, name: svc.name, labels: pool === undefined ? {} : poolLabels(pool) };
    if (l2.enabled && svc.externalTrafficPolicy === 'Local' && selects(l2.serviceSelector, view)) {
      issues.push({
        path: [...S, i, 'externalTrafficPolicy'],
        message:
          'Local does not work with L2 announcements: the node that wins the lease answers ARP for the IP whether or not it runs a backend, and with Local it drops the traffic',
        hint: 'set externalTrafficPolicy: Cluster, or announce this Service with BGP and keep it out of l2Announcements.serviceSelector',
      });
    }
  });
  if (block.services.length > 0 && block.loadBalancer.pools.length === 0) {
    issues.push({
      path: S,
      severity: 'warning',
      message: 'LoadBalancer Services need an address, but spec.cilium.loadBalancer.pools is empty, so they stay Pending',
      hint: 'add a pool to spec.cilium.loadBalancer.pools',
    });
  }
}
