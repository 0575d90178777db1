// spec.releases as the spec says them, for render and for validate's origins; the chart they
// render into is built in workloads.ts.
import type { Cluster, ComponentSpec, ReleaseEntry, RenderedObjectRef, SpecPath } from '@strata/core';

/** Name under which `spec.releases` render: `rendered/<cluster>/<layer>/releases/…`. */
export const RELEASES_COMPONENT = 'releases';

/** The spec's releases, typed (the loader has checked them against the schema). */
export function releasesOf(cluster: Cluster): readonly ReleaseEntry[] {
  return (cluster.spec.releases ?? []) as readonly ReleaseEntry[];
}

/** The spec entry behind an install object of a release: its HelmRelease or Application, or its OCIRepository. */
export function releaseOrigin(cluster: Cluster, object: RenderedObjectRef): SpecPath | undefined {
  const i = releasesOf(cluster).findIndex(
    (r) =>
      ((object.kind === 'HelmRelease' || object.kind === 'Application') && object.metadata.name === r.name) ||
      (object.kind === 'OCIRepository' && object.metadata.name === `${r.namespace}-${r.name}`),
  );
  return i < 0 ? undefined : ['spec', 'releases', i];
}

/**
 * `spec.releases` as the policy run's origin resolver sees components: a
 * finding about a release's object also names its spec entry.
 */
export const releasesOriginator: ComponentSpec = {
  name: RELEASES_COMPONENT,
  key: 'releases',
  description: 'Upstream Helm charts from spec.releases.',
  schema: {},
  originOf: ({ cluster }, object) => releaseOrigin(cluster, object),
};
