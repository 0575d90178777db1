import { defineComponentSpec } from '@strata/core';
import { checkEdge } from './checks.ts';
import { edgeFacts } from './facts.ts';
import { edgeOrigin } from './origin.ts';
import { type EdgeBlock, schema } from './schema.ts';

/**
 * What the compiler needs of nginx-edge to load and check `spec.edge` (the
 * `./spec` entry): no render code, models or cdk8s.
 */
export const componentSpec = defineComponentSpec<EdgeBlock>({
  name: 'nginx-edge',
  key: 'edge',
  description: 'NGINX edge (L7 feature path): an ingress-nginx or NGINX Gateway Fabric controller per class, Ingresses with TLS, caching, headers and graceful shutdown.',
  schema,
  facts: edgeFacts,
  check: ({ cluster, block, facts }) => checkEdge(cluster, block, facts),
  originOf: edgeOrigin,
});
