import type { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Cluster, GitManifests, HelmInstall, Layer, ObjectRef } from '@strata/core';
import type { EngineFolder } from './layout.ts';

/** What one sync layer applies, as the compiler laid it out. */
export interface LayerPlan {
  readonly layer: Layer;
  /** Repository-relative folder of the layer, e.g. `rendered/homelab/controllers`. */
  readonly path: string;
  /** The objects the layer applies. */
  readonly objects: readonly ObjectRef[];
  /** Extra objects components asked the engine to wait for (e.g. a DaemonSet a HelmRelease creates). */
  readonly healthChecks: readonly ObjectRef[];
}

/** The folder of SOPS-encrypted Secrets, synced after the CRDs and before the controllers that read them. */
export interface SecretsPlan {
  /** Repository-relative folder, e.g. `rendered/homelab/secrets`. */
  readonly path: string;
  /** The Secrets it applies. */
  readonly objects: readonly ObjectRef[];
}

/** Input of {@link EngineAdapter.render}. */
export interface EngineContext {
  readonly cluster: Cluster;
  /** Repository-relative folder of the cluster's output, e.g. `rendered/homelab`. */
  readonly renderedPath: string;
  /** Always all three layers, in `LAYERS` order; a layer may be empty. */
  readonly layers: readonly LayerPlan[];
  /** SOPS-encrypted Secrets to decrypt and apply before `controllers` (Flux only). */
  readonly secrets?: SecretsPlan;
}

/** Builds the objects with which a GitOps engine syncs `rendered/<cluster>/` layer by layer. */
export interface EngineAdapter {
  readonly engine: 'flux' | 'argocd';
  /** Subfolder of the rendered path that holds the engine's own objects. */
  readonly folder: EngineFolder;
  /** Adds the engine's objects (built from @kubernetes-models classes) to `chart`. Pure. */
  render(chart: Chart, ctx: EngineContext): void;
  /** Adds the engine's objects that install `releases` (a component's Helm charts) to `scope`. Pure. */
  renderHelm(scope: Construct, releases: readonly HelmInstall[], cluster: Cluster): void;
  /** Adds the engine's objects that sync `sources` (manifests pinned to a Git commit) to `scope`. Pure. */
  renderGit(scope: Construct, sources: readonly GitManifests[], cluster: Cluster): void;
}
