import { App, Chart } from 'cdk8s';
import type { GitManifests } from '@strata/core';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { describe, expect, it } from 'vitest';
import { type BuiltObject, sampleCluster } from './__fixtures__/cluster.ts';
import { engineAdapter } from './index.ts';

const gatewayApi: GitManifests = {
  name: 'gateway-api-crds',
  url: 'https://github.com/kubernetes-sigs/gateway-api',
  tag: 'v1.3.0',
  commit: '40be951cebe5cb3f0365fe6951403de4ff8b9f33',
  // Holds upstream's kustomization.yaml of the standard channel (config/crd/standard/ has none).
  path: 'config/crd',
};

function build(engine: 'flux' | 'argocd'): BuiltObject[] {
  const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  engineAdapter(engine).renderGit(chart, [gatewayApi], sampleCluster(engine));
  return chart.toJson() as BuiltObject[];
}

describe('Git manifests', () => {
  it('follows the tag when a pin has no commit', () => {
    const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    const { commit: _commit, ...byTag } = gatewayApi;
    engineAdapter('flux').renderGit(chart, [byTag], sampleCluster('flux'));
    engineAdapter('argocd').renderGit(chart, [{ ...byTag, name: 'argo' }], sampleCluster('argocd'));
    const [repo, , app2] = chart.toJson() as BuiltObject[];
    expect(repo?.spec.ref).toEqual({ tag: 'v1.3.0' });
    expect(app2?.spec.source.targetRevision).toBe('v1.3.0');
  });

  it('syncs the folder at the pinned commit with Flux and waits for it', () => {
    const [repo, ks] = build('flux');
    new GitRepository(repo as never).validate();
    new Kustomization(ks as never).validate();
    expect(repo?.spec).toEqual({ interval: '1h', url: gatewayApi.url, ref: { commit: gatewayApi.commit } });
    expect(repo?.metadata.annotations).toEqual({ 'strata.dev/upstream-tag': 'v1.3.0' });
    expect(ks?.spec).toEqual({
      interval: '1h',
      sourceRef: { kind: 'GitRepository', name: 'gateway-api-crds' },
      path: './config/crd',
      prune: true,
      wait: true,
      timeout: '5m',
    });
  });

  it('syncs the folder at the pinned commit with an Argo CD Application applied server-side', () => {
    const objects = build('argocd');
    expect(objects).toHaveLength(1);
    new Application(objects[0] as never).validate();
    expect(objects[0]?.spec.source).toEqual({ repoURL: gatewayApi.url, targetRevision: gatewayApi.commit, path: 'config/crd' });
    expect(objects[0]?.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
  });
});
