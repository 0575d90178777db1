import { type Cluster, PREFER_CLOSE, preferClose, preferCloseRequirement, type Requirement, zonesOf } from '@strata/core';
import { classNames } from './classes.ts';
import { COMPONENT } from './metadata.ts';
import type { EdgeBlock, EdgeClass } from './schema.ts';

/**
 * Whether the class' LoadBalancer Service sets `spec.trafficDistribution:
 * PreferClose`: ingress-nginx classes (chart value
 * `controller.service.trafficDistribution`, every pinned chart has it, see
 * TRAFFIC_DISTRIBUTION_MIN_CHART) when the nodes span two zones or more.
 *
 * Never for NGINX Gateway Fabric: its data-plane Service is made by the
 * control plane from the NginxProxy `spec.kubernetes.service` (chart value
 * `nginx.service`), whose ServiceSpec has type, externalTrafficPolicy,
 * loadBalancerIP/Class/SourceRanges, nodePorts and patches but no
 * trafficDistribution (nginx/nginx-gateway-fabric apis/v1alpha2/nginxproxy_types.go;
 * the chart's templates/nginxproxy.yaml copies `nginx.service` there). The open
 * issue nginx/nginx-gateway-fabric#5616 asks for NGINX to honour its backends'
 * trafficDistribution, which is another matter. Patches on that Service could
 * add the field, but nothing documents that as supported, so strata does not.
 */
export function prefersClose(cluster: Cluster, cls: EdgeClass): boolean {
  return cls.flavor === 'ingress-nginx' && preferClose(cluster);
}

/** The compatibility row PreferClose adds: the API server must serve `trafficDistribution`. */
export function localityRequirements(cluster: Cluster, block: EdgeBlock): Requirement[] {
  const classes = block.classes.filter((cls) => prefersClose(cluster, cls));
  if (classes.length === 0) return [];
  const which = `${classes.length === 1 ? 'class' : 'classes'} ${classes.map((c) => c.name).join(', ')}`;
  return [preferCloseRequirement(COMPONENT, cluster, `the controller Services of ${which}`)];
}

/** `strata explain`: whether the class' Service prefers endpoints in the client's zone, and why not. */
export function localityLine(cluster: Cluster, block: EdgeBlock, cls: EdgeClass): string {
  const zones = zonesOf(cluster);
  const service = `Service ${block.namespace}/${classNames(cls).service}`;
  const head = `class ${cls.name} locality:`;
  if (prefersClose(cluster, cls)) {
    return `${head} ${service} sets trafficDistribution ${PREFER_CLOSE} over zones ${zones.join(', ')}; external clients already stay on the node they reach (Local), so PreferClose steers in-cluster clients to a controller in their own zone, other zones only when it has none`;
  }
  if (zones.length === 0) return `${head} no trafficDistribution on ${service}: no node has a zone, so there is no closer endpoint to prefer`;
  if (zones.length === 1) return `${head} no trafficDistribution on ${service}: the nodes are all in zone ${zones[0]}, so there is no closer endpoint to prefer`;
  return `${head} no trafficDistribution on ${service} although the nodes span zones ${zones.join(', ')}: NGINX Gateway Fabric's NginxProxy spec.kubernetes.service (chart value nginx.service) has no confirmed trafficDistribution setting, so in-cluster clients reach the NGINX pods of every zone`;
}
