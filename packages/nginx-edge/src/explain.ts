import type { ComponentContext, Explanation } from '@strata/core';
import { classNames, classOf, controllerVersion, placement, secretNameOf, tunnelClassOf } from './classes.ts';
import { localityLine } from './locality.ts';
import { tunnelName, tunnelRules } from './tunnel.ts';
import type { EdgeBlock } from './schema.ts';

/**
 * `strata explain` for the edge: each class' address and whether its Service
 * prefers endpoints in the client's zone, each route's L7 path (class,
 * controller, address, backend) and where its TLS ends.
 */
export function explainEdge({ cluster, block, facts }: ComponentContext<EdgeBlock>): Explanation[] {
  const paths: string[] = [];
  const tls: string[] = [];
  for (const cls of block.classes) {
    const where = placement(cluster, cls, block.namespace, facts.addressPools);
    const runs = where.kind === 'DaemonSet' ? 'a DaemonSet on the announcing nodes' : `${where.replicas ?? 1} replica${where.replicas === 1 ? '' : 's'}`;
    const address = cls.address.ip ?? (cls.address.pool === undefined ? 'an address from a matching pool' : `an address from pool ${cls.address.pool}`);
    paths.push(`class ${cls.name} (${cls.flavor}, ${runs}) listens on ${address}:80 and :443, client IP kept (externalTrafficPolicy Local)`);
    paths.push(localityLine(cluster, block, cls));
    if (cls.canaryOf !== undefined) {
      const version = cls.flavor === 'ingress-nginx' ? ` on version ${cls.version} (controller ${controllerVersion(cls)})` : '';
      paths.push(`class ${cls.name} is a canary of ${cls.canaryOf}${version}`);
    }
  }
  for (const route of block.routes) {
    const cls = classOf(block, route);
    if (cls === undefined) continue;
    const via = cls.flavor === 'nginx-gateway-fabric' ? `Gateway ${block.namespace}/${classNames(cls).gateway ?? cls.name}` : `Ingress ${route.namespace}/${route.name}`;
    const cached = route.cache === undefined ? '' : ', responses cached';
    paths.push(`${route.host}: L7 edge, class ${cls.name} → ${via} → Service ${route.namespace}/${route.service.name}:${route.service.port}${cached}`);
    const tunnelled = tunnelClassOf(block, cls);
    if (tunnelled?.tunnel !== undefined) {
      const rule = tunnelRules(block, tunnelled).find((r) => r.hostname === route.host && r.path === undefined);
      if (rule !== undefined) {
        const tls = rule.originServerName === undefined ? 'plain HTTP' : `TLS checked for ${rule.originServerName}`;
        paths.push(
          `${route.host}: from the internet through Cloudflare Tunnel ${tunnelled.tunnel.tunnelId} (Deployment ${block.namespace}/${tunnelName(tunnelled)}) → ${rule.service} (${tls}); client IP in CF-Connecting-IP, not the source address`,
        );
      }
    }
    if (route.tls === undefined) tls.push(`${route.host}: no TLS at the edge (plain HTTP)`);
    else {
      const source = route.tls.existingSecret ? 'made outside strata' : 'issued by cert-manager';
      tls.push(`${route.host}: terminated at the edge (class ${cls.name}, Secret ${route.namespace}/${secretNameOf(route)}, ${source}); plain HTTP to the backend`);
    }
  }
  return [
    { topic: 'paths', lines: paths },
    { topic: 'tls', lines: tls },
  ];
}
