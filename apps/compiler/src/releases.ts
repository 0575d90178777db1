import { Construct } from 'constructs';
import {
  type Cluster,
  type ComponentSpec,
  ComponentChart,
  type Finding,
  finding,
  type HelmInstall,
  type Layer,
  LAYERS,
  type ReleaseEntry,
  type RenderedObjectRef,
  type SpecPath,
} from '@strata/core';
import type { EngineAdapter } from '@strata/gitops';

/** Name under which `spec.releases` render: `rendered/<cluster>/<layer>/releases/…`. */
export const RELEASES_COMPONENT = 'releases';

/** A Helm release some component installs, and where. */
interface ComponentRelease {
  readonly component: string;
  readonly layer: Layer;
  readonly name: string;
  readonly namespace: string;
}

function componentReleases(charts: readonly ComponentChart[]): ComponentRelease[] {
  return charts.flatMap((chart) =>
    LAYERS.flatMap((layer) => chart.helmReleases(layer).map((r) => ({ component: chart.component, layer, name: r.name, namespace: r.namespace }))),
  );
}

/** The spec's releases, typed (the loader has checked them against the schema). */
export function releasesOf(cluster: Cluster): readonly ReleaseEntry[] {
  return (cluster.spec.releases ?? []) as readonly ReleaseEntry[];
}

/**
 * Turns `spec.releases` into a chart of Helm installs, rendered by the engine
 * adapter exactly as the components' are (so layers, health checks, the
 * upstream-pinned rule, `strata pins` and the diff treat them alike). What the
 * loader cannot see is checked here: names taken by a component's release,
 * and `dependsOn` naming a component, which waits for each Helm release that
 * component installs (an error when it installs none, or in a later layer).
 */
export function renderReleases(
  app: Construct,
  cluster: Cluster,
  adapter: EngineAdapter,
  charts: readonly ComponentChart[],
  at: (path: SpecPath) => Pick<Finding, 'file' | 'line' | 'column' | 'path'>,
): { chart?: ComponentChart; findings: Finding[] } {
  const entries = releasesOf(cluster);
  if (entries.length === 0) return { findings: [] };
  const findings: Finding[] = [];
  const fail = (path: SpecPath, message: string, hint?: string): void => {
    findings.push(finding('SPEC_RELEASE', message, { ...at(path), ...(hint === undefined ? {} : { hint }) }));
  };
  const taken = componentReleases(charts);
  const rank = (layer: Layer): number => LAYERS.indexOf(layer);
  const chart = new ComponentChart(app, RELEASES_COMPONENT);
  entries.forEach((r, i) => {
    const layer = (r.layer ?? 'controllers') as Layer;
    const clash = taken.find((t) => t.name === r.name);
    if (clash !== undefined) {
      fail(['spec', 'releases', i, 'name'], `release name "${r.name}" is already a Helm release of component ${clash.component} (namespace ${clash.namespace})`, 'release names are unique in a cluster; pick another name');
    }
    const waitsFor: string[] = [];
    (r.dependsOn ?? []).forEach((dep, j) => {
      if (entries.some((e) => e.name === dep)) {
        waitsFor.push(dep);
        return;
      }
      const installs = taken.filter((t) => t.component === dep);
      if (installs.length === 0) {
        fail(['spec', 'releases', i, 'dependsOn', j], `component ${dep} installs no Helm chart, so there is nothing to wait for`, 'its objects are ordered by layer: put this release in a later layer instead');
        return;
      }
      const later = installs.find((t) => rank(t.layer) > rank(layer));
      if (later !== undefined) {
        fail(['spec', 'releases', i, 'dependsOn', j], `component ${dep} installs ${later.name} in layer ${later.layer}, which syncs after this release's layer ${layer}: neither would ever be ready`);
        return;
      }
      waitsFor.push(...installs.map((t) => t.name));
    });
    const install: HelmInstall = {
      name: r.name,
      namespace: r.namespace,
      chart: r.chart,
      version: r.version,
      repository: r.repository,
      ...(r.digest === undefined ? {} : { digest: r.digest }),
      values: (r.values ?? {}) as Record<string, unknown>,
      ...(r.crds === undefined ? {} : { crds: r.crds }),
      ...(waitsFor.length === 0 ? {} : { dependsOn: [...new Set(waitsFor)] }),
    };
    chart.addHelmRelease(install, layer);
  });
  if (findings.length > 0) return { findings };
  for (const layer of LAYERS) {
    const installs = chart.helmReleases(layer);
    if (installs.length > 0) adapter.renderHelm(new Construct(chart.layer(layer), 'helm'), installs, cluster);
  }
  return { chart, findings };
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
