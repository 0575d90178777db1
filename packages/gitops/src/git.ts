import type { Construct } from 'constructs';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import type { Cluster, GitManifests } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { ARGO_NAMESPACE, FLUX_NAMESPACE, gitopsLabels, IN_CLUSTER } from './common.ts';

const TAG_ANNOTATION = 'strata.dev/upstream-tag';

function relativePath(path: string): string {
  return `./${path.replace(/^\.?\/+/, '')}`;
}

/**
 * Flux: a GitRepository pinned to the commit (the tag when no commit is known) and a Kustomization that applies
 * its folder and waits for it; the layer that holds them waits on that in turn.
 */
export function renderFluxGit(scope: Construct, sources: readonly GitManifests[], cluster: Cluster): void {
  const labels = gitopsLabels(cluster);
  for (const src of sources) {
    const metadata = { name: src.name, namespace: FLUX_NAMESPACE, labels, annotations: { [TAG_ANNOTATION]: src.tag } };
    addObject(scope, new GitRepository({ metadata, spec: { interval: '1h', url: src.url, ref: src.commit === undefined ? { tag: src.tag } : { commit: src.commit } } }));
    addObject(
      scope,
      new Kustomization({
        metadata,
        spec: {
          interval: '1h',
          sourceRef: { kind: 'GitRepository', name: src.name },
          path: relativePath(src.path),
          prune: true,
          wait: true,
          timeout: '5m',
        },
      }),
    );
  }
}

/** Argo CD: an Application of the folder at the commit, server-side applied (CRDs are large). */
export function renderArgoGit(scope: Construct, sources: readonly GitManifests[], cluster: Cluster): void {
  const labels = gitopsLabels(cluster);
  for (const src of sources) {
    addObject(
      scope,
      new Application({
        metadata: { name: src.name, namespace: ARGO_NAMESPACE, labels, annotations: { [TAG_ANNOTATION]: src.tag } },
        spec: {
          project: 'default',
          source: { repoURL: src.url, targetRevision: src.commit ?? src.tag, path: src.path.replace(/^\.?\/+/, '') },
          destination: { server: IN_CLUSTER },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
        },
      }),
    );
  }
}
