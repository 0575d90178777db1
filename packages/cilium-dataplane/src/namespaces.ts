import { SpecError } from '@strata/core';
import type { CiliumBlock } from './schema.ts';

/** Namespaces Kubernetes always has; never rendered. */
export const BUILT_IN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The non-built-in namespaces the objects of layer `config` (render.ts
 * `configObjects`) live in, sorted, read from the block without building the
 * objects: fast-path Services, Gateways, routes and the ReferenceGrants of
 * their backends in other namespaces, Multus networks. Pools, L2, BGP and the
 * default deny are cluster-scoped. Throws the SpecErrors building the objects
 * throws, so facts fail alike. render.test.ts holds it equal to the objects'.
 */
export function configNamespaces(block: CiliumBlock): string[] {
  if (block.bgp.enabled && block.bgp.localASN === undefined) throw new SpecError(['spec', 'cilium', 'bgp', 'localASN'], 'is required when BGP is enabled');
  const names = new Set<string>(block.services.map((s) => s.namespace));
  if (block.gatewayAPI.enabled) {
    for (const gw of block.gateways) names.add(gw.namespace);
    block.routes.forEach((route, i) => {
      if (!block.gateways.some((g) => g.name === route.gateway)) {
        throw new SpecError(['spec', 'cilium', 'routes', i, 'gateway'], `gateway "${route.gateway}" is not in spec.cilium.gateways`);
      }
      names.add(route.namespace);
      for (const b of route.backends) if (b.namespace !== undefined) names.add(b.namespace);
    });
  }
  if (block.multus.enabled) for (const n of block.multus.networks) names.add(n.namespace);
  return [...names].filter((ns) => !BUILT_IN_NAMESPACES.has(ns)).sort();
}
