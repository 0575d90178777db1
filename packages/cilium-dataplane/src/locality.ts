import { type Cluster, preferClose, preferCloseRequirement, type Requirement, type SpecIssue, zonesOf } from '@strata/core';
import type { CiliumBlock } from './schema.ts';

/** The compatibility row PreferClose adds: the API server must serve `trafficDistribution`. */
export function localityRequirements(cluster: Cluster, block: CiliumBlock): Requirement[] {
  if (!preferClose(cluster) || block.services.length === 0) return [];
  return [preferCloseRequirement('cilium-dataplane', cluster, 'the fast-path Services')];
}

/** Locality: zones on some nodes but not others leave the EndpointSlice controller without hints. */
export function checkLocality(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  if (!preferClose(cluster) || block.services.length === 0) return;
  const nodes = cluster.spec.network.nodes;
  const bare = nodes.flatMap((n, i) => (n.zone === undefined ? [i] : []));
  const first = bare[0];
  if (first === undefined) return;
  issues.push({
    path: ['spec', 'network', 'nodes', first],
    severity: 'warning',
    message: `${bare.map((i) => nodes[i]?.name).join(', ')} ${bare.length === 1 ? 'has' : 'have'} no zone while the others are in ${zonesOf(cluster).join(', ')}: endpoints there get no zone hint, and PreferClose then spreads traffic over every endpoint`,
    hint: 'give every node a zone',
  });
}
