import { defineComponent } from '@strata/core';
import { explainEdge } from './explain.ts';
import { renderEdge } from './render.ts';
import type { EdgeBlock } from './schema.ts';
import { componentSpec } from './spec.ts';

export type { EdgeBlock, EdgeClass, EdgeRoute } from './schema.ts';
export { schema } from './schema.ts';
export { edgeFacts } from './facts.ts';
export { componentSpec } from './spec.ts';
export { ingressNginxValues, ngfValues, type IngressNginxValues, type NgfValues } from './values.ts';
export { DEFAULT_INGRESS_NGINX_VERSION, INGRESS_NGINX_VERSIONS, NGF_VERSIONS } from './pins.ts';

/** The nginx-edge component: `spec.edge`. */
export const component = defineComponent<EdgeBlock>({ ...componentSpec, explain: explainEdge, render: renderEdge });
