import { defineComponent } from '@strata/core';
import { checkEdge } from './checks.ts';
import { explainEdge } from './explain.ts';
import { edgeFacts } from './facts.ts';
import { edgeOrigin } from './origin.ts';
import { renderEdge } from './render.ts';
import { type EdgeBlock, schema } from './schema.ts';

export type { EdgeBlock, EdgeClass, EdgeRoute } from './schema.ts';
export { schema } from './schema.ts';
export { edgeFacts } from './facts.ts';
export { ingressNginxValues, ngfValues, type IngressNginxValues, type NgfValues } from './values.ts';
export { DEFAULT_INGRESS_NGINX_VERSION, INGRESS_NGINX_VERSIONS, NGF_VERSIONS } from './pins.ts';

/** The nginx-edge component: `spec.edge`. */
export const component = defineComponent<EdgeBlock>({
  name: 'nginx-edge',
  key: 'edge',
  description: 'NGINX edge (L7 feature path): an ingress-nginx or NGINX Gateway Fabric controller per class, Ingresses with TLS, caching, headers and graceful shutdown.',
  schema,
  facts: edgeFacts,
  explain: explainEdge,
  check: ({ cluster, block, facts }) => checkEdge(cluster, block, facts),
  render: renderEdge,
  originOf: edgeOrigin,
});
