import type { Cluster, Facts, SpecIssue } from '@strata/core';
import { checkDrain } from '../drain.ts';
import { checkLocality } from '../locality.ts';
import type { CiliumBlock } from '../schema.ts';
import { checkBgp } from './bgp.ts';
import { checkDatapath, checkOperations } from './datapath.ts';
import { checkDefaultDeny } from './default-deny.ts';
import { checkGatewayAPI } from './gateway-api.ts';
import { checkIpam } from './ipam.ts';
import { checkL2 } from './l2.ts';
import { checkMultus } from './multus.ts';
import { checkAnnouncement, checkPools } from './pools.ts';
import { checkServices } from './services.ts';

export { seconds } from './l2.ts';

/** Every cross-field problem of `spec.cilium`; the loader adds file:line:col. */
export function checkCilium(cluster: Cluster, block: CiliumBlock, facts: Facts): SpecIssue[] {
  const issues: SpecIssue[] = [];
  checkIpam(cluster, block, issues);
  checkPools(cluster, block, issues);
  checkDatapath(cluster, block, issues);
  checkL2(block, issues);
  checkBgp(cluster, block, issues);
  checkDrain(cluster, block, issues);
  checkLocality(cluster, block, issues);
  checkAnnouncement(block, issues);
  checkOperations(cluster, block, facts, issues);
  checkServices(block, issues);
  checkGatewayAPI(block, issues);
  checkDefaultDeny(cluster, block, issues);
  checkMultus(cluster, block, issues);
  return issues;
}
