import { type Facts, formatPath, type SpecIssue } from '@strata/core';
import { classOf, E, tunnelClassOf } from './classes.ts';
import { COMPONENT } from './metadata.ts';
import type { EdgeBlock } from './schema.ts';

/**
 * The key under which a controller routes a path: Exact paths as written;
 * Prefix paths without trailing slashes, since Ingress (and HTTPRoute
 * PathPrefix) match element by element, so `/api/` and `/api` select the
 * same requests. Exact and Prefix of one path are different keys: both
 * APIs let the exact match win for that one path and the prefix take the rest.
 */
export function pathKey(path: string, pathType: 'Prefix' | 'Exact'): string {
  const normal = pathType === 'Prefix' ? path.replace(/\/+$/, '') || '/' : path;
  return `${pathType} ${normal}`;
}

/**
 * Two routes (or two paths of one route) for the same host, path and
 * pathType on the same class: ingress-nginx merges the Ingresses and the
 * oldest wins; Gateway API gives the match to the oldest HTTPRoute. Either
 * way one backend silently never sees traffic. Routes are compared on the
 * class they resolve to (the default class when they name none); the same
 * host on different classes is split-horizon DNS and stays allowed.
 */
export function checkRouteConflicts(block: EdgeBlock, facts: Facts, issues: SpecIssue[]): void {
  const seen = new Map<string, { route: number; path: number }>();
  // Ingresses other components render on an edge class (observability's Hubble UI, dashboard) claim their host and paths first.
  const foreign = new Map<string, { component: string; at: string }>();
  for (const h of facts.tlsHosts) {
    if (h.component === COMPONENT || h.server.kind !== 'ingress' || h.paths === undefined) continue;
    for (const p of h.paths) foreign.set(`${h.server.ingressClass} ${h.host.toLowerCase()} ${pathKey(p.path, p.pathType)}`, { component: h.component, at: formatPath(h.path) });
  }
  // A tunnel routes by host alone, to one class' controller: the first route's (see tunnelRules).
  const tunnelled = new Map<string, number>();
  block.routes.forEach((route, r) => {
    const cls = classOf(block, route);
    if (cls === undefined) return; // checkClasses reports it
    const tunnel = tunnelClassOf(block, cls);
    if (tunnel !== undefined) {
      const key = `${tunnel.name} ${route.host.toLowerCase()}`;
      const first = tunnelled.get(key);
      const firstClass = first === undefined ? undefined : classOf(block, block.routes[first]!);
      if (first === undefined) tunnelled.set(key, r);
      else if (firstClass !== undefined && firstClass !== cls) {
        issues.push({
          path: [...E, 'routes', r, 'host'],
          message: `${route.host} on class ${cls.name} is also served by class ${firstClass.name} (spec.edge.routes[${first}]) through the same tunnel of class ${tunnel.name}; cloudflared routes a host to one controller, ${firstClass.name}'s, so this route gets no tunnel traffic`,
          hint: `move the host to one class (all its routes with class: ${cls.name}, or none), or give class ${cls.name} a tunnel of its own`,
        });
      }
    }
    route.paths.forEach((p, j) => {
      const key = `${cls.name} ${route.host.toLowerCase()} ${pathKey(p.path, p.pathType)}`;
      const theirs = foreign.get(key);
      if (theirs !== undefined) {
        issues.push({
          path: [...E, 'routes', r, 'paths', j, 'path'],
          message: `${route.host} ${p.pathType} ${p.path} on class ${cls.name} is already routed by the ${theirs.component} component's Ingress (${theirs.at}); ingress-nginx merges the Ingresses and the oldest one wins, silently`,
          hint: `give this route another host or path, or serve that host from ${theirs.at} alone`,
        });
        return;
      }
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, { route: r, path: j });
        return;
      }
      const other = block.routes[first.route]!;
      const otherPath = other.paths[first.path]!;
      const same = first.route === r;
      const written = otherPath.path === p.path ? '' : ` (written ${otherPath.path})`;
      const where = same ? `paths[${first.path}] of this route${written}` : `spec.edge.routes[${first.route}] (${other.namespace}/${other.name}) paths[${first.path}]${written}`;
      const effect =
        cls.flavor === 'nginx-gateway-fabric'
          ? 'Gateway API gives the match to the oldest HTTPRoute'
          : 'ingress-nginx merges the Ingresses and the oldest one wins';
      issues.push({
        path: [...E, 'routes', r, 'paths', j, 'path'],
        message: `${route.host} ${p.pathType} ${p.path} on class ${cls.name} is already routed by ${where}; ${same ? 'one path can have one backend' : `${effect}, silently`}`,
        hint: same ? 'remove the repeated path' : 'merge the paths into one route, give them different paths, or serve one of them on another class',
      });
    });
  });
}
