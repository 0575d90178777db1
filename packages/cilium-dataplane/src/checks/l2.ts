import type { SpecIssue } from '@strata/core';
import type { CiliumBlock } from '../schema.ts';
import { C } from './common.ts';
import { checkL2Interfaces } from './l2-interfaces.ts';

/** L2 lease timing, interfaces among the devices, and L2 together with BGP. */
export function checkL2(block: CiliumBlock, issues: SpecIssue[]): void {
  const l2 = block.l2Announcements;
  if (!l2.enabled) return;
  checkL2Interfaces(block, issues);
  const duration = seconds(l2.leaseDuration);
  const renew = seconds(l2.leaseRenewDeadline);
  const retry = seconds(l2.leaseRetryPeriod);
  if (renew >= duration) {
    issues.push({ path: [...C, 'l2Announcements', 'leaseRenewDeadline'], message: `${l2.leaseRenewDeadline} must be shorter than leaseDuration ${l2.leaseDuration}` });
  }
  if (retry >= renew) {
    issues.push({ path: [...C, 'l2Announcements', 'leaseRetryPeriod'], message: `${l2.leaseRetryPeriod} must be shorter than leaseRenewDeadline ${l2.leaseRenewDeadline}` });
  }
  if (block.bgp.enabled && l2.serviceSelector === undefined) {
    issues.push({
      path: [...C, 'l2Announcements', 'enabled'],
      severity: 'warning',
      message: 'L2 announcements and BGP both announce every LoadBalancer IP',
      hint: 'set l2Announcements.serviceSelector so each service is announced one way',
    });
  }
}

const UNIT: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration the schema admits (`1m30s`, `200ms`). */
export function seconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) total += Number(m[1]) * (UNIT[m[2] ?? 's'] ?? 1);
  return total;
}
