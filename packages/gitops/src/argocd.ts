import type { Chart } from 'cdk8s';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { renderArgoGit } from './git.ts';
import { renderArgoHelm } from './helm.ts';
import type { EngineAdapter, EngineContext } from './adapter.ts';
import { addObject } from '@strata/core/chart';
import { ARGO_NAMESPACE, gitopsLabels, IN_CLUSTER, layerObjectName } from './common.ts';
import { ARGOCD_FOLDER } from './layout.ts';

const NAMESPACE = ARGO_NAMESPACE;
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** Deleting a layer Application deletes what it applied. */
const CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

function render(chart: Chart, ctx: EngineContext): void {
  const { cluster, renderedPath } = ctx;
  const labels = gitopsLabels(cluster);
  const { repository } = cluster.spec.gitops;
  const automated = { prune: true, selfHeal: true };

  ctx.layers.forEach((plan, wave) => {
    // Each layer folder has a kustomization.yaml, so Argo CD detects Kustomize;
    // setting `directory` would make that detection fail the render.
    const syncOptions = ['ServerSideApply=true', 'CreateNamespace=true'];
    // Custom resources in config may sync in the same run as the CRDs they need.
    if (plan.layer === 'config') syncOptions.push('SkipDryRunOnMissingResource=true');
    addObject(
      chart,
      new Application({
        metadata: {
          name: layerObjectName(cluster, plan.layer),
          namespace: NAMESPACE,
          labels,
          annotations: { [SYNC_WAVE]: String(wave) },
          finalizers: [CASCADE_FINALIZER],
        },
        spec: {
          project: 'default',
          source: { repoURL: repository.url, targetRevision: repository.branch, path: plan.path },
          destination: { server: IN_CLUSTER },
          syncPolicy: { automated, syncOptions },
        },
      }),
    );
  });

  // The app of apps manages the folder it lives in. No cascade finalizer: deleting
  // it must not tear down every layer of the cluster.
  addObject(
    chart,
    new Application({
      metadata: { name: layerObjectName(cluster, 'gitops'), namespace: NAMESPACE, labels },
      spec: {
        project: 'default',
        source: { repoURL: repository.url, targetRevision: repository.branch, path: `${renderedPath}/${ARGOCD_FOLDER}` },
        destination: { server: IN_CLUSTER },
        syncPolicy: { automated, syncOptions: ['ServerSideApply=true'] },
      },
    }),
  );
}

/**
 * Argo CD: one Application per layer with sync waves 0, 1, 2, and the app of
 * apps `<cluster>-gitops` syncing `argocd/`. Waves only order child
 * Applications when argocd-cm carries the Application health check (README).
 */
export const argocdAdapter: EngineAdapter = { engine: 'argocd', folder: ARGOCD_FOLDER, render, renderHelm: renderArgoHelm, renderGit: renderArgoGit };
