import { addObject, type ComponentChart, type ComponentContext } from '@strata/core';
import { bgpObjects } from './bgp.ts';
import { l2AnnouncementPolicy } from './l2.ts';
import { CILIUM_CHART, CILIUM_CHART_REPOSITORY, GATEWAY_API, GATEWAY_API_CRD_PATHS } from './pins.ts';
import { loadBalancerIPPools } from './pools.ts';
import type { CiliumBlock } from './schema.ts';
import { ciliumValues } from './values.ts';

/** Namespace Cilium installs into. */
export const CILIUM_NAMESPACE = 'kube-system';

/**
 * Renders `spec.cilium`: the Gateway API CRDs (layer `crds`), the Cilium
 * chart (layer `controllers`, health-checked so `config` waits for the
 * operator to create Cilium's CRDs), and the pools, L2 and BGP objects (layer `config`).
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
  for (const pool of loadBalancerIPPools(cluster, block)) addObject(config, pool);
  const l2 = l2AnnouncementPolicy(cluster, block);
  if (l2 !== undefined) addObject(config, l2);
  for (const obj of bgpObjects(cluster, block)) addObject(config, obj);
}
