import { App, Chart } from 'cdk8s';
import { type Cluster, LAYERS, stringifyAgreed } from '@strata/core';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { EngineContext, LayerPlan } from '../adapter.ts';
import { engineAdapter } from '../index.ts';

/** A loaded (defaulted) homelab spec, as the loader would hand it over. */
export function sampleCluster(engine: 'flux' | 'argocd', repository: Partial<Cluster['spec']['gitops']['repository']> = {}): Cluster {
  return {
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'homelab' },
    spec: {
      kubernetes: { version: '1.33' },
      gitops: {
        engine,
        repository: { url: 'https://git.example.org/platform/fleet.git', branch: 'main', secretRef: 'fleet-git', ...repository },
        interval: '10m',
      },
      network: {
        nodeSubnet: '10.0.10.0/24',
        nodes: [{ name: 'node-1', address: '10.0.10.11', roles: ['control-plane', 'worker'], maintenance: false }],
        podCIDR: '10.69.0.0/16',
        serviceCIDR: '10.96.0.0/16',
        clusterDomain: 'cluster.local',
        mtu: 1500,
      },
    },
  };
}

/** Layers as the compiler plans them: controllers ask for an extra health check. */
export const sampleLayers: readonly LayerPlan[] = LAYERS.map((layer) => ({
  layer,
  path: `rendered/homelab/${layer}`,
  objects:
    layer === 'crds'
      ? [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'gateways.gateway.networking.k8s.io' }]
      : layer === 'controllers'
        ? [
            { apiVersion: 'v1', kind: 'Namespace', name: 'ingress-nginx' },
            { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'ingress-nginx', namespace: 'ingress-nginx' },
            { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'cilium', namespace: 'kube-system' },
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'external-dns', namespace: 'external-dns' },
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'cilium-values', namespace: 'kube-system' },
          ]
        : [{ apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumLoadBalancerIPPool', name: 'default' }],
  healthChecks:
    layer === 'controllers' ? [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'cilium', namespace: 'kube-system' }] : [],
}));

export interface BuiltObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec: Record<string, any>;
}

/** Runs an adapter into a fresh chart and returns the synthesized objects. */
export function build(ctx: Partial<EngineContext> & { cluster: Cluster }): BuiltObject[] {
  const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
  const chart = new Chart(app, 'gitops', { disableResourceNameHashes: true });
  engineAdapter(ctx.cluster.spec.gitops.engine).render(chart, {
    renderedPath: 'rendered/homelab',
    layers: sampleLayers,
    ...ctx,
  });
  return chart.toJson() as BuiltObject[];
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'source.toolkit.fluxcd.io/v1 GitRepository': GitRepository,
  'kustomize.toolkit.fluxcd.io/v1 Kustomization': Kustomization,
  'argoproj.io/v1alpha1 Application': Application,
};

/** Validates an object against its kubernetes-models schema; throws on the first failure. */
export function validateModel(obj: BuiltObject): void {
  const Model = MODELS[`${obj.apiVersion} ${obj.kind}`];
  if (Model === undefined) throw new Error(`no model for ${obj.apiVersion} ${obj.kind}`);
  new Model(obj).validate();
}

/** Multi-document YAML for goldens, written the way rendered/ is (strings quoted where any YAML reader would misread them). */
export function toGoldenYaml(objects: readonly object[]): string {
  return objects.map((o) => stringifyAgreed(o, { sortMapEntries: true, lineWidth: 0 })).join('---\n');
}
