import { type BlockContext, installsRelease, type RenderedObjectRef } from '@strata/core';
import { classNames, E } from './classes.ts';
import type { EdgeBlock } from './schema.ts';
import { tunnelName } from './tunnel.ts';

/**
 * The spec entry an edge object comes from: a route's Ingress or HTTPRoute is
 * `spec.edge.routes[i]`; a class' Helm install, NGF Gateway and tunnel
 * objects are `spec.edge.classes[i]` (the tunnel's `.tunnel`).
 */
export function edgeOrigin({ block }: BlockContext<EdgeBlock>, object: RenderedObjectRef): (string | number)[] | undefined {
  const { kind, metadata } = object;
  if (kind === 'Ingress' || kind === 'HTTPRoute') {
    const r = block.routes.findIndex((route) => route.name === metadata.name && route.namespace === metadata.namespace);
    if (r >= 0) return [...E, 'routes', r];
  }
  const instance = metadata.labels?.['app.kubernetes.io/instance'];
  for (const [i, cls] of block.classes.entries()) {
    const names = classNames(cls);
    if (installsRelease(object, names.release)) return [...E, 'classes', i];
    if (kind === 'Gateway' && metadata.name === names.gateway && metadata.namespace === block.namespace) return [...E, 'classes', i];
    if (cls.tunnel !== undefined && instance === tunnelName(cls)) return [...E, 'classes', i, 'tunnel'];
  }
  return undefined;
}
