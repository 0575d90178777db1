import { contains, parseCidr, parseIp } from '@strata/core';
import type { CiliumBlock } from './schema.ts';

/** Service annotation that requests fixed LoadBalancer IPs from LB-IPAM. */
export const LBIPAM_IPS = 'lbipam.cilium.io/ips';

/** Pseudo-labels LB-IPAM matches pool `serviceSelector`s against; not settable as labels. */
export const SERVICE_NAMESPACE_KEY = 'io.kubernetes.service.namespace';
export const SERVICE_NAME_KEY = 'io.kubernetes.service.name';

type Pool = CiliumBlock['loadBalancer']['pools'][number];

/** A LoadBalancer Service as LB-IPAM sees it. */
export interface LBService {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The labels a Service must carry for `pool`'s serviceSelector (its pseudo-labels left out). */
export function poolLabels(pool: Pool): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(pool.serviceSelector?.matchLabels ?? {})) {
    if (k !== SERVICE_NAMESPACE_KEY && k !== SERVICE_NAME_KEY) out[k] = v;
  }
  return out;
}

/** Whether a `matchLabels` selector (absent = everything) selects the Service. */
export function selects(selector: { readonly matchLabels: Readonly<Record<string, string>> } | undefined, svc: LBService): boolean {
  if (selector === undefined) return true;
  const labels: Record<string, string> = { ...svc.labels, [SERVICE_NAMESPACE_KEY]: svc.namespace, [SERVICE_NAME_KEY]: svc.name };
  return Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v);
}

/** Whether `ip` lies in one of the pool's blocks (CIDRs or ranges). */
export function poolContains(pool: Pool, ip: string): boolean {
  const addr = parseIp(ip);
  if (addr === undefined) return false;
  return pool.blocks.some((b) => {
    if (typeof b === 'string') {
      const cidr = parseCidr(b);
      return cidr !== undefined && contains(cidr, addr);
    }
    const start = parseIp(b.start);
    const stop = parseIp(b.stop);
    return start !== undefined && stop !== undefined && start.family === addr.family && start.start <= addr.start && addr.start <= stop.start;
  });
}
