import type { EngineAdapter } from './adapter.ts';
import { argocdAdapter } from './argocd.ts';
import { fluxAdapter } from './flux.ts';

export type { EngineAdapter, EngineContext, LayerPlan } from './adapter.ts';

/** The adapter for a cluster's `spec.gitops.engine`. */
export function engineAdapter(engine: 'flux' | 'argocd'): EngineAdapter {
  switch (engine) {
    case 'flux':
      return fluxAdapter;
    case 'argocd':
      return argocdAdapter;
    default:
      throw new Error(`unknown GitOps engine ${JSON.stringify(engine satisfies never)}`);
  }
}
