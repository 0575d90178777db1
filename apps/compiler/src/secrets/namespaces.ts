import { type Cluster, compareStrings, standardLabels } from '@strata/core';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { APP_NAMESPACE_LABEL } from '@strata/policy';
import type { ProvidedSecret } from './gate.ts';

/** Namespaces that always exist, or that the GitOps engine lives in: never rendered. */
const PRESENT = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system', 'argocd']);

/** Component name recorded for these Namespaces (as for the compiler's other Namespaces). */
const NAMESPACES_COMPONENT = 'namespaces';

/**
 * The Namespaces the SOPS Secrets live in, rendered in secrets/ so they exist
 * before the Secrets are applied (the controllers that would create them come
 * later). Flux must never prune one of them: a Helm release or app shares it,
 * and removing the last Secret file must not delete everything inside. An app
 * namespace (one the components' facts declare) keeps its label.
 */
export function secretsNamespaces(cluster: Cluster, provided: readonly ProvidedSecret[], appNamespaces: readonly string[]): Namespace[] {
  const names = [...new Set(provided.map((p) => p.namespace))].filter((ns) => !PRESENT.has(ns)).sort(compareStrings);
  return names.map(
    (name) =>
      new Namespace({
        metadata: {
          name,
          labels: { ...standardLabels(NAMESPACES_COMPONENT, cluster.metadata.name), ...(appNamespaces.includes(name) ? { [APP_NAMESPACE_LABEL]: 'true' } : {}) },
          annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'Disabled' },
        },
      }),
  );
}
