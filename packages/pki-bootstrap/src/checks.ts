import { BoundedMemo, type Cluster, type Dataplane, isIp, type SpecIssue } from '@strata/core';
import { HOUR_MS } from './duration.ts';
import { checkHostNetwork } from './host-network.ts';
import { planPki } from './plan.ts';
import { scheduleKey, simulationProblems } from './schedule.ts';
import type { PkiBlock } from './schema.ts';

const P = ['spec', 'pki'] as const;

/** Days a spec check simulates: a year and a bit, so yearly effects show. */
export const CHECK_DAYS = 400;

/**
 * What the check reports of a simulation (how many problems, the first one),
 * by {@link scheduleKey}: a fleet's clusters mostly share their node names and
 * lifetimes, so most of them simulate nothing. Keys grow with the node count:
 * 256 of them stay within a few megabytes.
 */
const SCHEDULES = new BoundedMemo<string, { readonly count: number; readonly first: string | undefined }>(256);

/** `day 12 05:00` after the start of a relative simulation. */
function relative(ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  return `day ${Math.floor(hours / 24)} ${String(hours % 24).padStart(2, '0')}:00`;
}

/** Cross-field checks of `spec.pki`; every problem, never thrown. */
export function checkPki(cluster: Cluster, block: PkiBlock, dataplane?: Dataplane): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const nodes = cluster.spec.network.nodes;
  // Core reports a cluster without a control-plane node; the plan needs one.
  if (!nodes.some((n) => n.roles.includes('control-plane'))) return issues;
  (block.apiServer?.extraSANs ?? []).forEach((san, i) => {
    if (/^[0-9.]+$/.test(san) && !isIp(san)) issues.push({ path: [...P, 'apiServer', 'extraSANs', i], message: `${san} is neither an IPv4 address nor a DNS name` });
    if (san.includes(':') && !isIp(san)) issues.push({ path: [...P, 'apiServer', 'extraSANs', i], message: `${san} is not an IPv6 address` });
  });
  const plan = planPki(cluster, block, dataplane);
  const v = plan.validity;
  if (v.leaf >= v.intermediate) {
    issues.push({ path: [...P, 'validity', 'leaf'], message: `leaf lifetime ${v.leaf}h must be shorter than the intermediate lifetime ${v.intermediate}h` });
  }
  if (v.intermediate >= v.root) {
    issues.push({ path: [...P, 'validity', 'intermediate'], message: `intermediate lifetime ${v.intermediate}h must be shorter than the root lifetime ${v.root}h` });
  }
  if (plan.kubeProxy && dataplane?.kubeProxyReplacement === true) {
    issues.push({
      path: [...P, 'kubeProxy'],
      severity: 'warning',
      message: 'kube-proxy runs beside Cilium\'s kube-proxy replacement',
      hint: 'drop spec.pki.kubeProxy (it defaults to off with the replacement)',
    });
  }
  issues.push(...checkHostNetwork(cluster, block, dataplane));
  if (issues.some((i) => i.severity !== 'warning')) return issues;
  const { count, first } = SCHEDULES.get(scheduleKey(plan), () => {
    const problems = simulationProblems(plan, 0, CHECK_DAYS, relative);
    return { count: problems.length, first: problems[0]?.message };
  });
  if (first !== undefined) {
    issues.push({
      path: [...P, 'renewAt'],
      message: `the rotation schedule fails in a simulated ${CHECK_DAYS}-day run (${count} problem${count === 1 ? '' : 's'}); first: ${first}`,
      hint: 'renew earlier (renewAt), shorten the jitter window or the leaf lifetime, or lengthen the intermediates; `strata pki plan` lists every problem',
    });
  }
  return issues;
}
