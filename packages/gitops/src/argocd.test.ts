import { describe, expect, it } from 'vitest';
import { build, sampleCluster, toGoldenYaml, validateModel } from './__fixtures__/cluster.ts';
import { engineAdapter } from './index.ts';

const cluster = sampleCluster('argocd');

describe('argocd adapter', () => {
  it('renders the golden homelab objects, each valid against its model', async () => {
    const objects = build({ cluster });
    for (const o of objects) validateModel(o);
    await expect(toGoldenYaml(objects)).toMatchFileSnapshot('./__snapshots__/argocd-homelab.yaml');
  });

  it('puts one Application per layer and the app of apps under argocd', () => {
    const adapter = engineAdapter('argocd');
    expect([adapter.engine, adapter.folder]).toEqual(['argocd', 'argocd']);
    const objects = build({ cluster });
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Application/argocd/homelab-crds',
      'Application/argocd/homelab-controllers',
      'Application/argocd/homelab-config',
      'Application/argocd/homelab-gitops',
    ]);
    expect(objects.find((o) => o.metadata.name === 'homelab-gitops')?.spec.source.path).toBe('rendered/homelab/argocd');
  });

  it('orders the layers with sync waves 0, 1, 2', () => {
    const waves = build({ cluster }).map((o) => [o.metadata.name, o.metadata.annotations?.['argocd.argoproj.io/sync-wave']]);
    expect(waves).toEqual([
      ['homelab-crds', '0'],
      ['homelab-controllers', '1'],
      ['homelab-config', '2'],
      ['homelab-gitops', undefined],
    ]);
  });

  it('lets Argo CD detect Kustomize in each layer folder', () => {
    for (const o of build({ cluster })) {
      expect(o.spec.source).toEqual({
        repoURL: 'https://git.example.org/platform/fleet.git',
        targetRevision: 'main',
        path: expect.stringMatching(/^rendered\/homelab\/(crds|controllers|config|argocd)$/),
      });
    }
  });

  it('skips the dry run for missing CRDs in the config layer only', () => {
    const options = Object.fromEntries(build({ cluster }).map((o) => [o.metadata.name, o.spec.syncPolicy.syncOptions]));
    expect(options).toEqual({
      'homelab-crds': ['ServerSideApply=true', 'CreateNamespace=true'],
      'homelab-controllers': ['ServerSideApply=true', 'CreateNamespace=true'],
      'homelab-config': ['ServerSideApply=true', 'CreateNamespace=true', 'SkipDryRunOnMissingResource=true'],
      'homelab-gitops': ['ServerSideApply=true'],
    });
  });

  it('cascades deletion of layer Applications but not of the app of apps', () => {
    const finalizers = build({ cluster }).map((o) => o.metadata.finalizers);
    expect(finalizers).toEqual([
      ['resources-finalizer.argocd.argoproj.io'],
      ['resources-finalizer.argocd.argoproj.io'],
      ['resources-finalizer.argocd.argoproj.io'],
      undefined,
    ]);
  });
});
