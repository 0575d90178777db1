import type { ComponentChart, ComponentContext } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { classNames, placement } from './classes.ts';
import { gatewayOf, httpRoutes } from './gateway.ts';
import { ingresses } from './ingress.ts';
import { allowFromEdge } from './network-policy.ts';
import { tunnelObjects } from './tunnel-objects.ts';
import { INGRESS_NGINX_CHART, INGRESS_NGINX_REPOSITORY, NGF_CHART, NGF_REPOSITORY, NGF_VERSIONS } from './pins.ts';
import type { EdgeBlock } from './schema.ts';
import { ingressNginxValues, ngfValues } from './values.ts';

/**
 * Renders `spec.edge`: one Helm release per class (layer `controllers`,
 * health-checked on the controller workload), and the Ingresses, NGF
 * Gateways and HTTPRoutes, and under a default deny the NetworkPolicies that
 * let the edge reach its backends, and the cloudflared tunnels of tunnelled
 * classes (layer `config`). Namespaces are declared as facts,
 * never rendered here.
 */
export function renderEdge(chart: ComponentChart, { cluster, block, facts }: ComponentContext<EdgeBlock>): void {
  const config = chart.layer('config');
  const ns = block.namespace;
  for (const cls of block.classes) {
    const names = classNames(cls);
    if (cls.flavor === 'nginx-gateway-fabric') {
      const gw = facts.versions['gateway-api'];
      const version = gw === undefined ? undefined : NGF_VERSIONS[gw];
      // check() reports both cases at the class' flavor field; render never runs on such a spec.
      if (version === undefined) throw new Error(`nginx-edge: class ${cls.name} has no NGF version for Gateway API ${gw ?? '(not installed)'}`);
      chart.addHelmRelease({ name: names.release, namespace: ns, chart: NGF_CHART, version, repository: NGF_REPOSITORY, values: { ...ngfValues(cluster, block, cls, facts.addressPools) } });
      chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'Deployment', name: names.workload, namespace: ns });
      addObject(config, gatewayOf(cluster, block, cls, facts.addressPools));
      continue;
    }
    chart.addHelmRelease({
      name: names.release,
      namespace: ns,
      chart: INGRESS_NGINX_CHART,
      version: cls.version,
      repository: INGRESS_NGINX_REPOSITORY,
      values: { ...ingressNginxValues(cluster, block, cls, facts.addressPools) },
    });
    const kind = placement(cluster, cls, ns, facts.addressPools).kind;
    chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind, name: names.workload, namespace: ns });
  }
  // Tunnels go in `config`: they start once the controllers they forward to are healthy (the layer waits on what it applies).
  const tunnels = block.classes.flatMap((cls) => tunnelObjects(cluster, block, cls));
  for (const obj of [...ingresses(cluster, block), ...httpRoutes(cluster, block), ...allowFromEdge(cluster, block, facts.defaultDeny), ...tunnels]) addObject(config, obj);
}
