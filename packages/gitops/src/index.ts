import type { EngineAdapter } from './adapter.ts';
import { argocdAdapter } from './argocd.ts';
import { fluxAdapter } from './flux.ts';

export type { EngineAdapter, EngineContext, LayerPlan, SecretsPlan } from './adapter.ts';
export { engineSecrets, SECRETS_FOLDER, SOPS_AGE_KEY, SOPS_AGE_SECRET } from './secrets.ts';
export { ARGOCD_FOLDER, type EngineFolder, FLUX_FOLDER } from './layout.ts';

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
