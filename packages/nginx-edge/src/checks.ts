import { type Cluster, compareToBound, type Facts, type SpecIssue } from '@strata/core';
import { candidatePools, classOf, compareVersions, controllerVersion, E, placement, tunnelClassOf, unsatisfiable } from './classes.ts';
import { INGRESS_NGINX_CHART_VERSIONS, NGF_MIN_KUBERNETES, NGF_VERSIONS } from './pins.ts';
import { checkRouteConflicts } from './route-conflicts.ts';
import { tunnelReplicas } from './tunnel.ts';
import { type EdgeBlock, type EdgeClass, schema } from './schema.ts';

type Path = readonly (string | number)[];

/** ingress-nginx `--post-shutdown-grace-period` default, which strata leaves alone. */
const POST_SHUTDOWN_GRACE_SECONDS = 10;

/** Class names, the default class, and routes that name a class. */
function checkClasses(block: EdgeBlock, issues: SpecIssue[]): void {
  const seen = new Map<string, number>();
  block.classes.forEach((cls, i) => {
    const first = seen.get(cls.name);
    if (first !== undefined) issues.push({ path: [...E, 'classes', i, 'name'], message: `class name "${cls.name}" is already used by spec.edge.classes[${first}]` });
    else seen.set(cls.name, i);
  });
  const defaults = block.classes.map((c, i) => [c, i] as const).filter(([c]) => c.default);
  for (const [, i] of defaults.slice(1)) {
    issues.push({ path: [...E, 'classes', i, 'default'], message: `only one class can be the default; spec.edge.classes[${defaults[0]?.[1]}] already is` });
  }
  const routes = new Map<string, number>();
  block.routes.forEach((route, r) => {
    const R = [...E, 'routes', r];
    if (classOf(block, route) === undefined) {
      issues.push(
        route.class === undefined
          ? { path: R, message: 'names no class and no class is marked default', hint: 'set class: on the route, or default: true on one class' }
          : { path: [...R, 'class'], message: `class "${route.class}" is not in spec.edge.classes (${block.classes.map((c) => c.name).join(', ')})` },
      );
    }
    const id = `${route.namespace}/${route.name}`;
    const earlier = routes.get(id);
    if (earlier !== undefined) issues.push({ path: [...R, 'name'], message: `route ${id} is already defined by spec.edge.routes[${earlier}]` });
    else routes.set(id, r);
  });
}

/** The retirement warning and what NGINX Gateway Fabric cannot do. */
function checkFlavor(cluster: Cluster, cls: EdgeClass, C: Path, facts: Facts, issues: SpecIssue[]): void {
  if (cls.flavor === 'ingress-nginx') {
    // Accepted with a reason in the spec: reviewers see the decision there, not a warning on every run.
    if (cls.retirementAccepted !== undefined) return;
    issues.push({
      path: C,
      severity: 'warning',
      message: 'the community ingress-nginx controller is retired: no releases, bug fixes or security fixes after March 2026',
      hint: 'plan the move to a Gateway API implementation, e.g. flavor: nginx-gateway-fabric, and record the plan in retirementAccepted',
    });
    return;
  }
  const gw = facts.versions['gateway-api'];
  if (gw === undefined) {
    issues.push({
      path: [...C, 'flavor'],
      message: 'nginx-gateway-fabric needs the Gateway API CRDs, but no enabled component installs them',
      hint: 'set spec.cilium.gatewayAPI.enabled: true',
    });
  } else if (NGF_VERSIONS[gw] === undefined) {
    issues.push({
      path: [...C, 'flavor'],
      message: `no NGINX Gateway Fabric release targets Gateway API ${gw} (known: ${Object.keys(NGF_VERSIONS).join(', ')})`,
    });
  } else {
    // The NGF release follows from the Gateway API bundle, so its Kubernetes floor is checked here, where that fact is known.
    const ngf = NGF_VERSIONS[gw];
    const min = NGF_MIN_KUBERNETES[ngf.split('.').slice(0, 2).join('.')];
    const k8s = cluster.spec.kubernetes.version;
    if (min !== undefined && (compareToBound(k8s, min) ?? 0) < 0) {
      issues.push({
        path: [...C, 'flavor'],
        message: `NGINX Gateway Fabric ${ngf} (for Gateway API ${gw}) needs Kubernetes ${min} or newer, the cluster runs ${k8s} (docs.nginx.com/nginx-gateway-fabric/overview/technical-specifications)`,
        hint: 'upgrade Kubernetes, or keep this class on ingress-nginx until it is',
      });
    }
  }
  const unsupported: [Path, boolean, string][] = [
    [[...C, 'cache'], cls.cache !== undefined, 'caching'],
    [[...C, 'snippets'], cls.snippets?.allow === true, 'snippets'],
    [[...C, 'headers', 'request'], cls.headers.request !== undefined, 'controller-wide request headers'],
    [[...C, 'headers', 'response'], cls.headers.response !== undefined, 'controller-wide response headers'],
    [[...C, 'headers', 'hsts'], cls.headers.hsts !== undefined, 'HSTS'],
    [[...C, 'headers', 'security'], cls.headers.security !== undefined, 'security headers'],
    [[...C, 'clientIp', 'trustedProxies'], cls.clientIp.trustedProxies.length > 0, 'real client IP from proxies'],
    // NGF keeps its own keepalive and shutdown timing, so the idle-timeout pairing cannot be guaranteed.
    [[...C, 'loadBalancerIdleTimeoutSeconds'], cls.loadBalancerIdleTimeoutSeconds !== undefined, 'the L4 idle-timeout pairing'],
    // Blocks with defaults cannot tell "unset" from "set to the default"; only a changed value can be ignored.
    ...changedFromDefault(cls.keepalive, 'keepalive').map((k): [Path, boolean, string] => [[...C, 'keepalive', k], true, `keepalive.${k}`]),
    ...changedFromDefault(cls.shutdown, 'shutdown').map((k): [Path, boolean, string] => [[...C, 'shutdown', k], true, `shutdown.${k}`]),
  ];
  for (const [path, set, what] of unsupported) {
    if (set) {
      issues.push({
        path,
        message: `${what} is not supported with flavor nginx-gateway-fabric`,
        hint: 'remove the field, or use flavor: ingress-nginx for this class',
      });
    }
  }
}

/** Fields of a class sub-block (`keepalive`, `shutdown`) whose value is not the schema default. */
function changedFromDefault(values: Readonly<Record<string, unknown>>, field: 'keepalive' | 'shutdown'): string[] {
  const props: Readonly<Record<string, { readonly default?: unknown }>> = schema.properties.classes.items.properties[field].properties;
  return Object.keys(props).filter((k) => values[k] !== undefined && values[k] !== props[k]?.default);
}

/** Address: the pool exists, holds the IP, and can select the Service; L2 + Local placement. */
function checkAddress(cluster: Cluster, block: EdgeBlock, cls: EdgeClass, C: Path, facts: Facts, issues: SpecIssue[]): void {
  const pools = facts.addressPools;
  const { ip, pool: poolName } = cls.address;
  const known = pools.map((p) => p.name).join(', ');
  if (poolName !== undefined) {
    const pool = pools.find((p) => p.name === poolName);
    if (pool === undefined) {
      issues.push({ path: [...C, 'address', 'pool'], message: `pool "${poolName}" is not a LoadBalancer address pool of this cluster${known === '' ? ' (none declared)' : ` (${known})`}` });
      return;
    }
    if (ip !== undefined && candidatePools({ ...cls, address: { ip } }, block.namespace, [pool]).length === 0) {
      issues.push({ path: [...C, 'address', 'ip'], message: `${ip} is not in pool ${pool.name} (${pool.blocks.join(', ')})` });
    }
  } else if (ip !== undefined && candidatePools(cls, block.namespace, pools).length === 0) {
    issues.push({
      path: [...C, 'address', 'ip'],
      message: `${ip} is in no LoadBalancer address pool${known === '' ? ' (none declared)' : ` (${known})`}; LB-IPAM only assigns addresses from its pools`,
    });
    return;
  }
  if (poolName === undefined && ip === undefined && pools.length > 0 && candidatePools(cls, block.namespace, pools).length === 0) {
    issues.push({
      path: [...C, 'address'],
      severity: 'warning',
      message: `every LoadBalancer address pool (${known}) has a serviceSelector the edge Service does not match, so it stays without an address`,
      hint: 'set address.pool (its selector labels go on the Service) or address.ip',
    });
  }
  const chosen = poolName !== undefined || ip !== undefined ? candidatePools(cls, block.namespace, pools)[0] : undefined;
  if (chosen !== undefined) {
    const missing = unsatisfiable(chosen, cls, block.namespace);
    if (missing.length > 0) {
      issues.push({ path: [...C, 'address'], message: `pool ${chosen.name} cannot select the edge Service: its serviceSelector needs ${missing.join(', ')}` });
    }
  }
  const place = placement(cluster, cls, block.namespace, pools);
  if (place.kind === 'Deployment' && place.l2Pool !== undefined) {
    issues.push({
      path: [...C, 'kind'],
      message: `a Deployment behind L2-announced pool ${place.l2Pool.name} with externalTrafficPolicy Local drops traffic whenever the elected announcing node runs no edge pod`,
      hint: 'remove kind (a DaemonSet on the announcing nodes is the default), or announce the pool with BGP',
    });
  }
  if (place.kind === 'Deployment' && cluster.spec.network.nodes.length > 1 && (place.replicas ?? 1) < 2) {
    issues.push({
      path: [...C, 'replicas'],
      message: `${place.replicas} replica on ${cluster.spec.network.nodes.length} nodes: a node drain or a rollout takes the edge down`,
      hint: 'use at least 2 replicas (spread across nodes) on a multi-node cluster',
    });
  }
}

/** Keepalive against the L4 idle timeout, and the shutdown budget. */
function checkTimeouts(cls: EdgeClass, C: Path, issues: SpecIssue[]): void {
  const idle = cls.loadBalancerIdleTimeoutSeconds;
  if (idle !== undefined && cls.keepalive.timeoutSeconds >= idle) {
    issues.push({
      path: [...C, 'keepalive', 'timeoutSeconds'],
      message: `${cls.keepalive.timeoutSeconds}s must be shorter than loadBalancerIdleTimeoutSeconds ${idle}s, or the balancer drops connections NGINX still uses (resets on reuse)`,
      hint: `set keepalive.timeoutSeconds below ${idle}`,
    });
  }
  const s = cls.shutdown;
  // The controller also waits --post-shutdown-grace-period (default 10 s) after NGINX stops (reference §4).
  const budget = s.gracePeriodSeconds + s.workerShutdownTimeoutSeconds + POST_SHUTDOWN_GRACE_SECONDS;
  if (s.terminationGracePeriodSeconds <= budget) {
    issues.push({
      path: [...C, 'shutdown', 'terminationGracePeriodSeconds'],
      message: `${s.terminationGracePeriodSeconds}s must exceed gracePeriodSeconds + workerShutdownTimeoutSeconds + the 10s post-shutdown grace (${budget}s), or open requests are killed mid-drain`,
      hint: `set terminationGracePeriodSeconds to at least ${budget + 1}`,
    });
  }
}

/** Snippets opt-in, client IP settings, cache zone. */
function checkFeatures(cls: EdgeClass, C: Path, issues: SpecIssue[]): void {
  if (cls.snippets?.allow === true && cls.snippets.reason === undefined) {
    issues.push({ path: [...C, 'snippets', 'allow'], message: 'allowing snippets needs snippets.reason: anyone who can write an Ingress of this class can inject NGINX config' });
  }
  if (cls.clientIp.l7Proxy && cls.clientIp.trustedProxies.length === 0) {
    issues.push({
      path: [...C, 'clientIp', 'l7Proxy'],
      message: 'trusting X-Forwarded-* needs clientIp.trustedProxies; otherwise any client can forge its address and scheme',
    });
  }
}

/** cert-manager ≥ 1.18 HTTP-01 solver Ingresses use `pathType: Exact`, which ingress-nginx < 1.13.2 (1.12: < 1.12.6) rejects. */
export function exactPathBroken(controller: string): boolean {
  if (compareVersions(controller, '1.13.0') >= 0) return compareVersions(controller, '1.13.2') < 0;
  if (compareVersions(controller, '1.12.0') >= 0) return compareVersions(controller, '1.12.6') < 0;
  return true;
}

function checkCompatibility(cls: EdgeClass, C: Path, facts: Facts, issues: SpecIssue[]): void {
  const cm = facts.versions['cert-manager'];
  if (cls.flavor !== 'ingress-nginx' || cm === undefined || compareVersions(cm, '1.18.0') < 0) return;
  const controller = controllerVersion(cls);
  if (exactPathBroken(controller)) {
    issues.push({
      path: [...C, 'version'],
      message: `ingress-nginx controller ${controller} rejects the pathType: Exact HTTP-01 solver Ingresses of cert-manager ${cm} (strict path validation); fixed in controller 1.13.2 and 1.12.6`,
      hint: 'choose chart 4.13.9 or later',
    });
  }
}

/** Routes: TLS issuance, caching opt-in, NGF limits. */
function checkRoutes(block: EdgeBlock, facts: Facts, issues: SpecIssue[]): void {
  const certManager = facts.versions['cert-manager'] !== undefined;
  block.routes.forEach((route, r) => {
    const R = [...E, 'routes', r];
    const cls = classOf(block, route);
    if (route.tls !== undefined && !route.tls.existingSecret && !certManager) {
      issues.push({
        path: [...R, 'tls'],
        message: `TLS for ${route.host} needs a certificate, but cert-manager is not enabled and tls.existingSecret is not set`,
        hint: 'enable spec.certManager, or create the Secret out of band and set tls.existingSecret: true',
      });
    }
    if (cls !== undefined && cls.exposure === 'external' && route.tls === undefined) {
      issues.push({
        path: [...R, 'host'],
        message: `${route.host} is served by class ${cls.name}, which is exposed to the internet, without TLS`,
        hint: 'add tls: {} (cert-manager issues the certificate), or serve the host on an internal class',
      });
    }
    if (cls === undefined) return;
    const C = `spec.edge.classes[${block.classes.indexOf(cls)}]`;
    if (cls.exposure === 'external' && !cls.publicAddress && tunnelClassOf(block, cls) === undefined) {
      issues.push({
        path: [...R, 'host'],
        message: `${route.host} is served by class ${cls.name} (exposure external), which has neither a tunnel nor a public address, so the internet cannot reach it`,
        hint: `add ${C}.tunnel: {tunnelId: …, credentialsSecret: …}, or set ${C}.publicAddress: true if its LoadBalancer address is reachable from the internet`,
      });
    }
    if (route.cache === undefined) return;
    if (cls.flavor === 'nginx-gateway-fabric') {
      issues.push({ path: [...R, 'cache'], message: `caching is not supported by class ${cls.name} (flavor nginx-gateway-fabric)` });
    } else if (cls.snippets?.allow !== true) {
      issues.push({
        path: [...R, 'cache'],
        message: `caching needs snippet annotations, which class ${cls.name} does not allow`,
        hint: `set ${C}.snippets: {allow: true, reason: …} if every Ingress author of that class is a trusted admin`,
      });
    } else if (cls.cache === undefined) {
      issues.push({ path: [...R, 'cache'], message: `class ${cls.name} has no cache zone`, hint: `add ${C}.cache` });
    }
  });
}

/** A tunnel: on an external class, one class per tunnel ID, two connectors on a multi-node cluster; a public address on an internal class. */
function checkTunnel(cluster: Cluster, block: EdgeBlock, cls: EdgeClass, C: Path, ids: Map<string, number>, issues: SpecIssue[]): void {
  if (cls.publicAddress && cls.exposure !== 'external') {
    issues.push({
      path: [...C, 'publicAddress'],
      severity: 'warning',
      message: `class ${cls.name} is reachable from the internet but has exposure internal, so it sends no HSTS or security headers`,
      hint: 'set exposure: external',
    });
  }
  const t = cls.tunnel;
  if (t === undefined) return;
  const T = [...C, 'tunnel'];
  if (cls.exposure !== 'external') {
    issues.push({
      path: T,
      message: `a tunnel publishes the hosts of class ${cls.name} on the internet, but the class has exposure internal`,
      hint: 'set exposure: external (HSTS and security headers follow), or remove the tunnel',
    });
  }
  const first = ids.get(t.tunnelId);
  if (first !== undefined) {
    issues.push({
      path: [...T, 'tunnelId'],
      message: `tunnel ${t.tunnelId} is already run by spec.edge.classes[${first}]; Cloudflare spreads requests over all connectors of a tunnel, so they must share one set of ingress rules`,
      hint: 'create a second tunnel for this class, or serve its hosts from the class that has the tunnel',
    });
  } else ids.set(t.tunnelId, block.classes.indexOf(cls));
  const nodes = cluster.spec.network.nodes.length;
  const replicas = tunnelReplicas(cluster, t);
  if (nodes > 1 && replicas < 2) {
    issues.push({
      path: [...T, 'replicas'],
      message: `${replicas} cloudflared replica on ${nodes} nodes: a node drain or a rollout takes every tunnelled host offline`,
      hint: 'use at least 2 replicas (spread across nodes) on a multi-node cluster',
    });
  }
}

/** A canary: names a stable class of the same flavor and exposure, runs a newer controller, is not the default, and serves routes. */
function checkCanary(block: EdgeBlock, cls: EdgeClass, C: Path, issues: SpecIssue[]): void {
  const name = cls.canaryOf;
  if (name === undefined) return;
  const P = [...C, 'canaryOf'];
  const stable = block.classes.find((c) => c.name === name);
  if (cls.default) {
    issues.push({ path: [...C, 'default'], message: `canary class ${cls.name} cannot be the default class: every route and Ingress without a class would move to it` });
  }
  if (!block.routes.some((r) => classOf(block, r) === cls)) {
    issues.push({
      path: P,
      severity: 'warning',
      message: `canary class ${cls.name} serves no route, so nothing tests the new controller`,
      hint: `move chosen hosts to it with class: ${cls.name} on their routes`,
    });
  }
  if (name === cls.name) {
    issues.push({ path: P, message: `class ${cls.name} cannot be a canary of itself` });
    return;
  }
  if (stable === undefined) {
    issues.push({ path: P, message: `class "${name}" is not in spec.edge.classes (${block.classes.map((c) => c.name).join(', ')})` });
    return;
  }
  if (stable.canaryOf !== undefined) {
    issues.push({ path: P, message: `class ${stable.name} is itself a canary (of ${stable.canaryOf}); a canary names a stable class` });
    return;
  }
  if (cls.exposure !== stable.exposure) {
    issues.push({
      path: [...C, 'exposure'],
      message: `canary class ${cls.name} has exposure ${cls.exposure} but its stable class ${stable.name} has ${stable.exposure}: the hosts moved to it would change audience`,
    });
  }
  if (cls.flavor !== stable.flavor) {
    issues.push({ path: [...C, 'flavor'], message: `canary class ${cls.name} has flavor ${cls.flavor} but its stable class ${stable.name} has ${stable.flavor}` });
    return;
  }
  if (cls.flavor === 'nginx-gateway-fabric') {
    issues.push({
      path: [...C, 'flavor'],
      message: 'canary classes need flavor ingress-nginx: an NGINX Gateway Fabric class runs the release matched to the installed Gateway API bundle, so it cannot be pinned newer than its stable class',
    });
    return;
  }
  const mine = controllerVersion(cls);
  const theirs = controllerVersion(stable);
  if (compareVersions(mine, theirs) <= 0) {
    const newer = INGRESS_NGINX_CHART_VERSIONS.filter((v) => compareVersions(v, stable.version) > 0);
    issues.push({
      path: [...C, 'version'],
      message: `canary class ${cls.name} runs controller ${mine}, which is not newer than controller ${theirs} of its stable class ${stable.name}`,
      hint: newer.length === 0 ? `no chart newer than ${stable.version} is pinned; drop canaryOf` : `choose a chart newer than ${stable.version} (${newer.join(', ')})`,
    });
  }
}

/** Every cross-field problem of `spec.edge`; the loader adds file:line:col. */
export function checkEdge(cluster: Cluster, block: EdgeBlock, facts: Facts): SpecIssue[] {
  const issues: SpecIssue[] = [];
  checkClasses(block, issues);
  const tunnelIds = new Map<string, number>();
  block.classes.forEach((cls, i) => {
    const C = [...E, 'classes', i];
    checkCanary(block, cls, C, issues);
    checkTunnel(cluster, block, cls, C, tunnelIds, issues);
    checkFlavor(cluster, cls, C, facts, issues);
    checkAddress(cluster, block, cls, C, facts, issues);
    if (cls.flavor === 'ingress-nginx') checkTimeouts(cls, C, issues);
    checkFeatures(cls, C, issues);
    checkCompatibility(cls, C, facts, issues);
  });
  checkRoutes(block, facts, issues);
  checkRouteConflicts(block, facts, issues);
  return issues;
}
