import type { Cluster, ComponentChart, ComponentContext, ObjectModel } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { bgpObjects } from './bgp.ts';
import { defaultDenyPolicy } from './default-deny.ts';
import { gatewayAPIObjects } from './gateway-api.ts';
import { l2AnnouncementPolicy } from './l2.ts';
import { networkAttachmentDefinitions, renderMultusInstall } from './multus.ts';
import { CILIUM_NAMESPACE, CILIUM_RELEASE } from './install.ts';
import { CILIUM_CHART, CILIUM_CHART_REPOSITORY, GATEWAY_API, GATEWAY_API_CRD_PATHS } from './pins.ts';
import { loadBalancerIPPools } from './pools.ts';
import type { CiliumBlock } from './schema.ts';
import { loadBalancerServices } from './services.ts';
import { ciliumValues } from './values.ts';

export { CILIUM_NAMESPACE, CILIUM_RELEASE } from './install.ts';

/**
 * Renders `spec.cilium`: the Gateway API CRDs (layer `crds`), the Cilium
 * chart (layer `controllers`, health-checked so `config` waits for the
 * operator to create Cilium's CRDs), and the pools, L2 and BGP objects, the
 * fast-path Services, Gateway API objects and the default-deny policy (layer
 * `config`); with Multus, its CRD, its DaemonSet (health-checked) and the
 * NetworkAttachmentDefinitions (multus.ts). The namespaces those objects live in are declared as facts (see
 * namespaces.ts); the compiler renders them.
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
    name: CILIUM_RELEASE,
    namespace: CILIUM_NAMESPACE,
    chart: CILIUM_CHART,
    version: block.version,
    repository: CILIUM_CHART_REPOSITORY,
    values: ciliumValues(cluster, block) as unknown as Record<string, unknown>,
  });
  // The operator creates Cilium's CRDs at start-up; custom resources applied earlier fail with "no matches for kind".
  chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'cilium', namespace: CILIUM_NAMESPACE });
  chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cilium-operator', namespace: CILIUM_NAMESPACE });
  renderMultusInstall(chart, cluster, block);

  for (const obj of configObjects(cluster, block)) addObject(chart.layer('config'), obj);
}

/** The objects of layer `config`: pools, L2 and BGP policies, fast-path Services, Gateway API objects, default deny, Multus networks. */
export function configObjects(cluster: Cluster, block: CiliumBlock): ObjectModel[] {
  const l2 = l2AnnouncementPolicy(cluster, block);
  const deny = defaultDenyPolicy(cluster, block);
  return [
    ...loadBalancerIPPools(cluster, block),
    ...(l2 === undefined ? [] : [l2]),
    ...bgpObjects(cluster, block),
    ...loadBalancerServices(cluster, block),
    ...gatewayAPIObjects(cluster, block),
    ...(deny === undefined ? [] : [deny]),
    ...networkAttachmentDefinitions(cluster, block),
  ];
}
