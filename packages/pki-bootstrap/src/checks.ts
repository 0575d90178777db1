import { type Cluster, type Dataplane, isIp, type SpecIssue } from '@strata/core';
import { HOUR_MS } from './duration.ts';
import { checkHostNetwork } from './host-network.ts';
import { planPki } from './plan.ts';
import { simulate } from './schedule.ts';
import type { PkiBlock } from './schema.ts';

const P = ['spec', 'pki'] as const;

/** Days a spec check simulates: a year and a bit, so yearly effects show. */
export const CHECK_DAYS = 400;

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
  const sim = simulate(plan, 0, CHECK_DAYS, relative);
  if (sim.problems.length > 0) {
    const first = sim.problems[0]!;
    issues.push({
      path: [...P, 'renewAt'],
      message: `the rotation schedule fails in a simulated ${CHECK_DAYS}-day run (${sim.problems.length} problem${sim.problems.length === 1 ? '' : 's'}); first: ${first.message}`,
      hint: 'renew earlier (renewAt), shorten the jitter window or the leaf lifetime, or lengthen the intermediates; `strata pki plan` lists every problem',
    });
  }
  return issues;
}
