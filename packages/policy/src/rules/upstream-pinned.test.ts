import { describe, expect, it } from 'vitest';
import type { Cluster } from '@strata/core';
import { runFixture } from './__fixtures__/load.ts';

describe('upstream-pinned', () => {
  it('warns about Git sources without a commit, OCI sources without a digest and inexact chart versions', () => {
    expect(runFixture('upstream-pinned', 'fail')).toEqual([
      'rendered/lab/controllers/cert-manager/helmrelease-flux-system-cert-manager.yaml HelmRelease/flux-system/cert-manager spec.chart.spec.version: warning: [upstream-pinned] HelmRelease chart version ">=1.18.0" is not an exact version',
      'rendered/lab/controllers/cilium-dataplane/application-argocd-cilium.yaml Application/argocd/cilium spec.source.targetRevision: warning: [upstream-pinned] Helm chart targetRevision "1.18.x" is not an exact version',
      'rendered/lab/controllers/dashboard/helmrelease-flux-system-dashboard.yaml HelmRelease/flux-system/dashboard spec.chart.spec.version: warning: [upstream-pinned] HelmRelease chart version is unset (means latest)',
      'rendered/lab/controllers/podinfo/ocirepository-flux-system-podinfo.yaml OCIRepository/flux-system/podinfo spec.ref: warning: [upstream-pinned] OCIRepository has no sha256 digest',
      'rendered/lab/crds/cilium-dataplane/gitrepository-flux-system-gateway-api-crds.yaml GitRepository/flux-system/gateway-api-crds spec.ref: warning: [upstream-pinned] GitRepository follows tag v1.3.0, not a commit',
      'rendered/lab/crds/gateway-api/application-argocd-gateway-api-crds.yaml Application/argocd/gateway-api-crds spec.sources[0].targetRevision: warning: [upstream-pinned] Git targetRevision "v1.3.0" is not a commit',
      'rendered/lab/crds/gateway-api/application-argocd-gateway-api-crds.yaml Application/argocd/gateway-api-crds spec.sources[1].targetRevision: warning: [upstream-pinned] Git targetRevision is unset (means HEAD)',
      'rendered/lab/crds/widgets/gitrepository-flux-system-widgets.yaml GitRepository/flux-system/widgets spec.ref: warning: [upstream-pinned] GitRepository follows its default branch, not a commit',
    ]);
  });

  it('accepts commits, digests, exact versions, and the repository syncing itself from the engine folder', () => {
    expect(runFixture('upstream-pinned', 'pass')).toEqual([]);
  });

  it('with a spec, recognises the repository itself by its URL, wherever the sync object lives', () => {
    const spec = (url: string) => ({ spec: { gitops: { repository: { url } } } }) as unknown as Cluster;
    expect(runFixture('upstream-pinned', 'pass', spec('https://git.example.org/platform/fleet'))).toEqual([]);
    expect(runFixture('upstream-pinned', 'pass', spec('https://git.example.org/platform/other.git'))).toEqual([
      'rendered/lab/flux-system/application-argocd-lab-config.yaml Application/argocd/lab-config spec.source.targetRevision: warning: [upstream-pinned] Git targetRevision "main" is not a commit',
      'rendered/lab/flux-system/gitrepository-flux-system-lab.yaml GitRepository/flux-system/lab spec.ref: warning: [upstream-pinned] GitRepository follows branch main, not a commit',
    ]);
  });
});
