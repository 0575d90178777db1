import { addObject, type ComponentChart, type ComponentContext, type ObjectModel } from '@strata/core';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { bgpObjects } from './bgp.ts';
import { defaultDenyPolicy } from './default-deny.ts';
import { gatewayAPIObjects } from './gateway-api.ts';
import { l2AnnouncementPolicy } from './l2.ts';
import { CILIUM_CHART, CILIUM_CHART_REPOSITORY, GATEWAY_API, GATEWAY_API_CRD_PATHS } from './pins.ts';
import { loadBalancerIPPools } from './pools.ts';
import type { CiliumBlock } from './schema.ts';
import { loadBalancerServices } from './services.ts';
import { clusterScoped } from './metadata.ts';
import { ciliumValues } from './values.ts';

/** Namespace Cilium installs into. */
export const CILIUM_NAMESPACE = 'kube-system';

/**
 * Renders `spec.cilium`: the Gateway API CRDs (layer `crds`), the Cilium
 * chart (layer `controllers`, health-checked so `config` waits for the
 * operator to create Cilium's CRDs), and the pools, L2 and BGP objects, the
 * fast-path Services, Gateway API objects and the default-deny policy (layer `config`),
 * with a Namespace (layer `controllers`) for each namespace those objects live in.
 */
export function renderCilium(chart: ComponentChart, { cluster, block }: ComponentContext<CiliumBlock>): void {
  if (block.gatewayAPI.enabled) {
    chart.addGitManifests(
      {
        name: 'gateway-api-crds',
        url: GATEWAY_API.url,
        tag: GATEWAY_API.tag,
        ...(GATEWAY_API.commit === undefined ? {} : { commit: GATEWAY_API.commit }),
        path: GATEWAY_API_CRD_PATHS[block.gatewayAPI.experimental ? 'experimental' : 'standard'],
      },
      'crds',
    );
  }
  chart.addHelmRelease({
    name: 'cilium',
    namespace: CILIUM_NAMESPACE,
    chart: CILIUM_CHART,
    version: block.version,
    repository: CILIUM_CHART_REPOSITORY,
    values: ciliumValues(cluster, block) as unknown as Record<string, unknown>,
  });
  // The operator creates Cilium's CRDs at start-up; custom resources applied earlier fail with "no matches for kind".
  chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'cilium', namespace: CILIUM_NAMESPACE });
  chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cilium-operator', namespace: CILIUM_NAMESPACE });

  const config = chart.layer('config');
  const l2 = l2AnnouncementPolicy(cluster, block);
  const deny = defaultDenyPolicy(cluster, block);
  const objects: ObjectModel[] = [
    ...loadBalancerIPPools(cluster, block),
    ...(l2 === undefined ? [] : [l2]),
    ...bgpObjects(cluster, block),
    ...loadBalancerServices(cluster, block),
    ...gatewayAPIObjects(cluster, block),
    ...(deny === undefined ? [] : [deny]),
  ];
  for (const obj of objects) addObject(config, obj);
  // The namespaces the config objects live in must exist before config syncs.
  for (const ns of namespacesOf(objects)) addObject(chart.layer('controllers'), new Namespace({ metadata: clusterScoped(cluster.metadata.name, ns) }));
}

/** Namespaces Kubernetes always has; never rendered. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** The non-built-in namespaces of `objects`, sorted. */
export function namespacesOf(objects: readonly ObjectModel[]): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    const ns = (o.toJSON() as { metadata?: { namespace?: string } }).metadata?.namespace;
    if (ns !== undefined && !BUILT_IN_NAMESPACES.has(ns)) names.add(ns);
  }
  return [...names].sort();
}
