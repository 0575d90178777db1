import { App, Chart } from 'cdk8s';
import type { HelmInstall } from '@strata/core';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { OCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository';
import { describe, expect, it } from 'vitest';
import { type BuiltObject, sampleCluster, toGoldenYaml } from './__fixtures__/cluster.ts';
import { repositoryName } from './helm.ts';
import { engineAdapter } from './index.ts';

const releases: HelmInstall[] = [
  {
    name: 'ingress-nginx-internal',
    namespace: 'ingress-nginx',
    chart: 'ingress-nginx',
    version: '4.13.3',
    repository: 'https://kubernetes.github.io/ingress-nginx',
    values: { controller: { ingressClass: 'internal' } },
  },
  {
    name: 'ingress-nginx-external',
    namespace: 'ingress-nginx',
    chart: 'ingress-nginx',
    version: '4.13.3',
    repository: 'https://kubernetes.github.io/ingress-nginx',
    values: { controller: { ingressClass: 'external' } },
  },
  {
    name: 'cert-manager',
    namespace: 'cert-manager',
    chart: 'cert-manager',
    version: '1.19.2',
    repository: 'oci://quay.io/jetstack/charts',
    digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    values: { crds: { enabled: true } },
    crds: 'Skip',
  },
];

function build(engine: 'flux' | 'argocd'): BuiltObject[] {
  const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  engineAdapter(engine).renderHelm(chart, releases, sampleCluster(engine));
  return chart.toJson() as BuiltObject[];
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  HelmRelease,
  HelmRepository,
  OCIRepository,
  Application,
};

describe('Helm installs', () => {
  it('names a repository after its URL', () => {
    expect(repositoryName('https://kubernetes.github.io/ingress-nginx/')).toBe('kubernetes-github-io-ingress-nginx');
    expect(repositoryName('https://helm.cilium.io/')).toBe('helm-cilium-io');
  });

  it('renders Flux sources and releases, one HelmRepository per URL, each object valid', async () => {
    const objects = build('flux');
    for (const o of objects) new MODELS[o.kind]!(o).validate();
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'HelmRepository/flux-system/kubernetes-github-io-ingress-nginx',
      'HelmRelease/flux-system/ingress-nginx-internal',
      'HelmRelease/flux-system/ingress-nginx-external',
      'OCIRepository/flux-system/cert-manager-cert-manager',
      'HelmRelease/flux-system/cert-manager',
    ]);
    await expect(toGoldenYaml(objects)).toMatchFileSnapshot('./__snapshots__/flux-helm.yaml');
  });

  it('pins an OCI chart by digest and installs into the target namespace', () => {
    const objects = build('flux');
    const oci = objects.find((o) => o.kind === 'OCIRepository');
    expect(oci?.spec.url).toBe('oci://quay.io/jetstack/charts/cert-manager');
    expect(oci?.spec.ref).toEqual({ tag: releases[2]!.version, digest: releases[2]!.digest });
    const rel = objects.find((o) => o.metadata.name === 'cert-manager' && o.kind === 'HelmRelease');
    expect(rel?.spec).toMatchObject({
      targetNamespace: 'cert-manager',
      storageNamespace: 'cert-manager',
      chartRef: { kind: 'OCIRepository', name: 'cert-manager-cert-manager', namespace: 'flux-system' },
      install: { crds: 'Skip', createNamespace: true },
      upgrade: { crds: 'Skip' },
    });
  });

  it('defaults CRDs to CreateReplace so upgrades do not freeze them', () => {
    const rel = build('flux').find((o) => o.metadata.name === 'ingress-nginx-internal');
    expect([rel?.spec.install.crds, rel?.spec.upgrade.crds]).toEqual(['CreateReplace', 'CreateReplace']);
  });

  it('renders one Argo CD Application per release, OCI repos without the oci:// prefix', async () => {
    const objects = build('argocd');
    for (const o of objects) new MODELS[o.kind]!(o).validate();
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Application/argocd/ingress-nginx-internal',
      'Application/argocd/ingress-nginx-external',
      'Application/argocd/cert-manager',
    ]);
    expect(objects[2]?.spec.source).toEqual({
      repoURL: 'quay.io/jetstack/charts',
      chart: 'cert-manager',
      targetRevision: '1.19.2',
      helm: { releaseName: 'cert-manager', valuesObject: { crds: { enabled: true } }, skipCrds: true },
    });
    await expect(toGoldenYaml(objects)).toMatchFileSnapshot('./__snapshots__/argocd-helm.yaml');
  });
});
