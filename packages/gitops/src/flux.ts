import type { Chart } from 'cdk8s';
import type { Layer, ObjectRef } from '@strata/core';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { renderFluxGit } from './git.ts';
import { renderFluxHelm } from './helm.ts';
import { SOPS_AGE_SECRET } from './secrets.ts';
import type { EngineAdapter, EngineContext, LayerPlan } from './adapter.ts';
import { addObject } from '@strata/core/chart';
import { FLUX_NAMESPACE, gitopsLabels, layerObjectName, uniqueSortedRefs } from './common.ts';
import { FLUX_FOLDER } from './layout.ts';

const NAMESPACE = FLUX_NAMESPACE;
/** How often the GitRepository polls; layers reconcile at the spec's interval. */
const SOURCE_INTERVAL = '1m';
const RETRY_INTERVAL = '2m';
const TIMEOUT: Record<Layer, string> = { crds: '5m', controllers: '10m', config: '10m' };

/**
 * Kinds of a layer's own objects that join its health checks once a component
 * asks for extra ones: `wait: true` would have covered them, `healthChecks`
 * does not, so they are listed explicitly. Keyed by `group/kind`.
 */
const WORKLOAD_KINDS = new Set(['helm.toolkit.fluxcd.io/HelmRelease', 'apps/Deployment', 'apps/DaemonSet', 'apps/StatefulSet']);

function groupKind(ref: ObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  return `${slash < 0 ? '' : ref.apiVersion.slice(0, slash)}/${ref.kind}`;
}

/**
 * `wait: true` health-checks everything the layer applies and overrides
 * `healthChecks`, so it is used unless a component asked for objects the layer
 * does not apply itself; then the extra objects plus the layer's own workloads
 * are checked instead.
 */
function healthSettings(plan: LayerPlan): { wait: boolean; healthChecks?: ObjectRef[] } {
  if (plan.healthChecks.length === 0) return { wait: true };
  const own = plan.objects.filter((o) => WORKLOAD_KINDS.has(groupKind(o)));
  const healthChecks = uniqueSortedRefs([...plan.healthChecks, ...own]).map((r) => ({
    apiVersion: r.apiVersion,
    kind: r.kind,
    name: r.name,
    ...(r.namespace === undefined ? {} : { namespace: r.namespace }),
  }));
  return { wait: false, healthChecks };
}

function render(chart: Chart, ctx: EngineContext): void {
  const { cluster, renderedPath } = ctx;
  const name = cluster.metadata.name;
  const labels = gitopsLabels(cluster);
  const { repository, interval } = cluster.spec.gitops;
  const sourceRef = { kind: 'GitRepository' as const, name };

  addObject(
    chart,
    new GitRepository({
      metadata: { name, namespace: NAMESPACE, labels },
      spec: {
        interval: SOURCE_INTERVAL,
        url: repository.url,
        ref: { branch: repository.branch },
        ...(repository.secretRef === undefined ? {} : { secretRef: { name: repository.secretRef } }),
        // Fetch only this cluster's folder: other clusters' commits then produce
        // no new artifact, and stray files elsewhere are never applied.
        ignore: `/*\n!/${renderedPath}/\n`,
      },
    }),
  );

  let previous: string | undefined;
  for (const plan of ctx.layers) {
    const layerName = layerObjectName(cluster, plan.layer);
    addObject(
      chart,
      new Kustomization({
        metadata: { name: layerName, namespace: NAMESPACE, labels },
        spec: {
          ...(previous === undefined ? {} : { dependsOn: [{ name: previous }] }),
          interval,
          retryInterval: RETRY_INTERVAL,
          timeout: TIMEOUT[plan.layer],
          sourceRef,
          path: `./${plan.path}`,
          prune: true,
          ...healthSettings(plan),
        },
      }),
    );
    previous = layerName;
    // The cluster's SOPS-encrypted Secrets: decrypted by kustomize-controller with the age key in
    // sops-age, applied after the CRDs and before the controllers and config that read them.
    if (plan.layer === 'crds' && ctx.secrets !== undefined) {
      const secretsName = layerObjectName(cluster, 'secrets');
      addObject(
        chart,
        new Kustomization({
          metadata: { name: secretsName, namespace: NAMESPACE, labels },
          spec: {
            dependsOn: [{ name: layerName }],
            interval,
            retryInterval: RETRY_INTERVAL,
            timeout: '5m',
            sourceRef,
            path: `./${ctx.secrets.path}`,
            prune: true,
            wait: true,
            decryption: { provider: 'sops', secretRef: { name: SOPS_AGE_SECRET } },
          },
        }),
      );
      previous = secretsName;
    }
  }

  // Syncs the folder holding these objects, itself included, so a change to a
  // layer Kustomization reaches the cluster through Git like everything else.
  // No wait: it would health-check itself.
  addObject(
    chart,
    new Kustomization({
      metadata: { name: layerObjectName(cluster, 'gitops'), namespace: NAMESPACE, labels },
      spec: {
        interval,
        retryInterval: RETRY_INTERVAL,
        timeout: '5m',
        sourceRef,
        path: `./${renderedPath}/${FLUX_FOLDER}`,
        prune: true,
      },
    }),
  );
}

/**
 * Flux: a GitRepository for the cluster's folder, one Kustomization per layer
 * chained with `dependsOn`, and `<cluster>-gitops` syncing `flux-system/`.
 * Bootstrap once Flux runs: `kubectl apply -k rendered/<cluster>/flux-system`.
 */
export const fluxAdapter: EngineAdapter = { engine: 'flux', folder: FLUX_FOLDER, render, renderHelm: renderFluxHelm, renderGit: renderFluxGit };
