import type { ComponentContext, Explanation } from '@strata/core';
import { seconds } from './duration.ts';
import { keySize, plan } from './plan.ts';
import type { CertManagerBlock } from './schema.ts';
import type { PlannedSolver } from './plan.ts';

/** `72h` → `3 days`, `90m` → `1.5 hours`: durations as a reviewer says them. */
function spoken(duration: string): string {
  const s = seconds(duration);
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s >= 3600) return `${Number((s / 3600).toFixed(1))} hours`;
  return `${Number((s / 60).toFixed(1))} minutes`;
}

/**
 * `strata explain` for cert-manager: for each Certificate, the hosts it
 * covers, the issuer and how that issuer proves control (which edge answers
 * HTTP-01, or the internal CA), the key, and when it renews.
 */
export function explainCertManager({ cluster, block, facts }: ComponentContext<CertManagerBlock>): Explanation[] {
  const planned = plan(block, facts, cluster.spec.network.clusterDomain ?? 'cluster.local');
  const { duration, renewBefore, privateKey } = block.certificates;
  const lines = planned.certificates.map((c) => {
    const issuer = block.issuers.find((i) => i.name === c.issuer);
    const how =
      issuer?.acme !== undefined
        ? `Let's Encrypt ${issuer.acme.letsEncrypt} over ACME HTTP-01, answered through ${describeSolver(planned.solvers.get(c.issuer) ?? [], c.dnsNames)}`
        : issuer?.ca !== undefined
          ? `the internal CA in Secret ${block.namespace}/${issuer.ca.secretName}`
          : 'an unknown issuer';
    const life = issuer?.acme !== undefined ? "90 days (Let's Encrypt's fixed lifetime)" : spoken(duration);
    return `${c.dnsNames.join(', ')}: Certificate ${c.namespace}/${c.name} from ${c.issuer} (${how}); ${privateKey.algorithm} ${keySize(block)} key, new key on every renewal; valid ${life}, renewed ${spoken(renewBefore)} before it expires`;
  });
  return [{ topic: 'certificates', lines }];
}

function describeSolver(solvers: readonly PlannedSolver[], hosts: readonly string[]): string {
  const solver = solvers.find((s) => s.dnsNames !== undefined && hosts.every((h) => s.dnsNames?.includes(h))) ?? solvers.find((s) => s.dnsNames === undefined);
  if (solver === undefined) return 'no solver (see the checks)';
  return solver.kind === 'ingress' ? `ingress class ${solver.ingressClass} on port 80` : `Gateway ${solver.namespace}/${solver.gateway} listener ${solver.listener} (port 80)`;
}
