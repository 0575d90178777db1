import type { SpecIssue } from '@strata/core';
import { attaches, listenerMode } from '../gateway-routes.ts';
import type { CiliumBlock } from '../schema.ts';
import { C } from './common.ts';
import { checkPoolChoice } from './services.ts';

/** Gateways and routes: Gateway API on, names, listener TLS, route attachment, TLSRoute channel, weights. */
export function checkGatewayAPI(block: CiliumBlock, issues: SpecIssue[]): void {
  const G = [...C, 'gateways'];
  const R = [...C, 'routes'];
  if (!block.gatewayAPI.enabled) {
    if (block.gateways.length > 0) issues.push({ path: G, message: 'Gateways need spec.cilium.gatewayAPI.enabled: true' });
    if (block.routes.length > 0) issues.push({ path: R, message: 'routes need spec.cilium.gatewayAPI.enabled: true' });
    return;
  }
  const gateways = new Map<string, number>();
  block.gateways.forEach((gw, g) => {
    const first = gateways.get(gw.name);
    if (first !== undefined) {
      issues.push({ path: [...G, g, 'name'], message: `gateway name "${gw.name}" is already used by spec.cilium.gateways[${first}]; routes refer to gateways by name` });
    } else gateways.set(gw.name, g);
    checkPoolChoice(block, [...G, g], 'the Service of gateway', { namespace: gw.namespace, name: `cilium-gateway-${gw.name}` }, gw.pool, undefined, issues);
    const names = new Map<string, number>();
    const bindings = new Map<string, number>();
    gw.listeners.forEach((l, j) => {
      const L = [...G, g, 'listeners', j];
      const n = names.get(l.name);
      if (n !== undefined) issues.push({ path: [...L, 'name'], message: `listener name "${l.name}" is already used by listeners[${n}]` });
      else names.set(l.name, j);
      // A hostname is unique per port whatever the protocol: Gateway API marks such listeners Conflicted and serves neither.
      const binding = `${l.port}/${l.hostname ?? '*'}`;
      const b = bindings.get(binding);
      if (b !== undefined) {
        const other = gw.listeners[b];
        const same = other?.protocol === l.protocol;
        issues.push({
          path: [...L, 'port'],
          message: same
            ? `port ${l.port}, protocol ${l.protocol} and hostname ${l.hostname ?? '(any)'} are already used by listeners[${b}]`
            : `hostname ${l.hostname ?? '(any)'} on port ${l.port} is already served by listeners[${b}] (${other?.protocol}); the Gateway would mark both Conflicted`,
        });
      } else bindings.set(binding, j);
      const mode = listenerMode(l);
      if (l.protocol === 'HTTP' && l.tls !== undefined) {
        issues.push({ path: [...L, 'tls'], message: 'HTTP listeners carry no TLS', hint: 'use protocol HTTPS to terminate TLS, or TLS to pass it through' });
      } else if (l.protocol === 'HTTPS' && mode === 'Passthrough') {
        issues.push({ path: [...L, 'tls', 'mode'], message: 'HTTPS listeners only terminate TLS', hint: 'use protocol TLS with a TLSRoute for passthrough' });
      } else if (mode === 'Terminate' && l.tls?.certificateSecret === undefined) {
        issues.push({ path: l.tls === undefined ? [...L, 'protocol'] : [...L, 'tls'], message: `${l.protocol} listener ${l.name} terminates TLS but names no tls.certificateSecret` });
      } else if (mode === 'Passthrough' && l.tls?.certificateSecret !== undefined) {
        issues.push({
          path: [...L, 'tls', 'certificateSecret'],
          severity: 'warning',
          message: 'is ignored in Passthrough mode: the Gateway does not decrypt, the backend presents its own certificate',
        });
      }
    });
  });
  const routes = new Map<string, number>();
  block.routes.forEach((route, r) => {
    const key = `${route.kind} ${route.namespace}/${route.name}`;
    const first = routes.get(key);
    if (first !== undefined) issues.push({ path: [...R, r, 'name'], message: `${key} is already defined by spec.cilium.routes[${first}]` });
    else routes.set(key, r);
    if (route.kind === 'TLSRoute' && !block.gatewayAPI.experimental) {
      issues.push({
        path: [...R, r, 'kind'],
        message: 'TLSRoute needs spec.cilium.gatewayAPI.experimental: true; Gateway API v1.3 ships TLSRoute (v1alpha2) only in its experimental CRDs',
      });
    }
    if (route.backends.every((b) => b.weight === 0)) {
      issues.push({
        path: [...R, r, 'backends'],
        message: 'every weight is 0, so the route sends no traffic',
        hint: 'give at least one backend a weight above 0 (share = weight / sum of weights)',
      });
    }
    const gw = block.gateways.find((g) => g.name === route.gateway);
    if (gw === undefined) {
      const known = block.gateways.map((g) => g.name).join(', ');
      issues.push({ path: [...R, r, 'gateway'], message: `gateway "${route.gateway}" is not in spec.cilium.gateways${known === '' ? '' : ` (${known})`}` });
      return;
    }
    if (route.listener !== undefined) {
      const l = gw.listeners.find((x) => x.name === route.listener);
      if (l === undefined) {
        issues.push({
          path: [...R, r, 'listener'],
          message: `listener "${route.listener}" is not a listener of gateway ${gw.name} (${gw.listeners.map((x) => x.name).join(', ')})`,
        });
        return;
      }
      const mode = listenerMode(l);
      const how = `protocol ${l.protocol}${mode === undefined ? '' : `, ${mode}`}`;
      if (route.kind === 'HTTPRoute' && l.protocol === 'TLS') {
        issues.push({
          path: [...R, r, 'listener'],
          message: `HTTPRoute cannot attach to listener ${l.name} of gateway ${gw.name} (${how}): it routes TLS by SNI without decrypting, so there is no HTTP to route`,
          hint: 'use kind: TLSRoute, or attach to an HTTPS listener that terminates TLS',
        });
      } else if (route.kind === 'TLSRoute' && (l.protocol !== 'TLS' || mode !== 'Passthrough')) {
        issues.push({
          path: [...R, r, 'listener'],
          message: `TLSRoute cannot attach to listener ${l.name} of gateway ${gw.name} (${how}): TLSRoutes need a TLS listener in Passthrough mode`,
          hint: 'use kind: HTTPRoute for a terminating listener, or attach to a TLS Passthrough listener',
        });
      }
    } else if (!gw.listeners.some((l) => attaches(route, gw, l))) {
      issues.push({
        path: [...R, r, 'kind'],
        message: `gateway ${gw.name} has no listener for ${route.kind} (protocol ${route.kind === 'TLSRoute' ? 'TLS' : 'HTTP or HTTPS'})`,
      });
    }
  });
}
