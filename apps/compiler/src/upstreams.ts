import { compareStrings, type Finding, finding, formatPath } from '@strata/core';
import { containerImages, type ImageRef, valuesImages } from './image-refs.ts';
import type { Located } from './objects.ts';

export { parseImage } from './image-refs.ts';

/**
 * Every upstream reference a rendered tree makes, read back from the objects
 * the engines act on (what `@strata/gitops` and the components write), each
 * once with the clusters and files that use it. `strata pins --json` prints
 * it; `@strata/pins-verify` proves each entry online.
 */
export interface PinsReport {
  readonly charts: readonly ChartPin[];
  readonly images: readonly ImagePin[];
  readonly git: readonly GitPin[];
}

/** A Helm chart at one version (and digest), as a Flux source or an Argo CD Helm source names it. */
export interface ChartPin {
  /** `https://…` Helm repository or `oci://…` registry path, without the chart name. */
  readonly repository: string;
  readonly chart: string;
  /** Absent when a source pins the chart by digest alone (a hand-written Flux OCIRepository with only `ref.digest`). */
  readonly version?: string;
  /** `sha256:…` of the OCI artifact, when the source pins one. */
  readonly digest?: string;
  readonly clusters: readonly string[];
  /** Every rendered file that names it: the releases and their sources. */
  readonly files: readonly string[];
  /** One per Helm release that installs it. */
  readonly uses: readonly ChartUse[];
}

/** One release of a chart: where its values are rendered. */
export interface ChartUse {
  readonly cluster: string;
  /** The HelmRelease or Application. */
  readonly file: string;
  /** `Kind/namespace/name` of that object. */
  readonly object: string;
  readonly release: string;
  /** Namespace the release installs into. */
  readonly namespace: string;
  /** Dotted path of the values mapping inside `file`: `spec.values` or `spec.source.helm.valuesObject`. */
  readonly values: string;
  /** `spec.kubernetes.version` of the cluster, for `helm template --kube-version`. */
  readonly kubernetesVersion: string;
}

/** A container image reference. */
export interface ImagePin {
  /** Registry and repository, as written (no defaulting of `docker.io/library`). */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly clusters: readonly string[];
  readonly files: readonly string[];
  readonly uses: readonly ImageUse[];
}

export interface ImageUse {
  readonly cluster: string;
  readonly file: string;
  readonly object: string;
  /** The container's name; absent for an image set through Helm values. */
  readonly container?: string;
  /** Dotted path of the field: `spec.template.spec.containers[0].image`, or an image block in the values (`spec.values.provider.webhook.image`). */
  readonly path: string;
}

/**
 * A Git repository at a tag, commit or branch. `upstream` sources are pinned
 * releases (Gateway API CRDs); `sync` is the cluster's own repository, which
 * the engine follows by branch (`spec.gitops.repository`), not a release.
 */
export interface GitPin {
  readonly url: string;
  readonly role: 'upstream' | 'sync';
  readonly tag?: string;
  readonly commit?: string;
  readonly branch?: string;
  /** Folders applied from it (Flux Kustomizations, Argo CD Applications). */
  readonly paths: readonly string[];
  readonly clusters: readonly string[];
  readonly files: readonly string[];
}

/** One cluster's rendered objects, with what the spec says about its own repository. */
export interface ClusterObjects {
  readonly cluster: string;
  readonly objects: readonly Located[];
  /** `spec.gitops.repository.url`: Git sources with this URL are the sync repository. */
  readonly syncUrl: string;
  readonly kubernetesVersion: string;
}

const SHA1 = /^[0-9a-f]{40}$/;
const ANNOTATION_TAG = 'strata.dev/upstream-tag';

/** `Kind/namespace/name` or `Kind/name`. */
function objectName(l: Located): string {
  const { kind, metadata } = l.obj;
  return [kind, metadata.namespace, metadata.name].filter((p) => p !== undefined && p !== '').join('/');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Reads `a.b.c` of an object; undefined when a step is missing. */
function at(obj: unknown, ...keys: readonly string[]): unknown {
  let cur = obj;
  for (const k of keys) cur = rec(cur)?.[k];
  return cur;
}

/** Accumulates entries under a key, merging their clusters, files and uses. */
class Table<E extends { clusters: string[]; files: string[] }> {
  readonly entries = new Map<string, E>();
  add(key: string, make: () => E, cluster: string, files: readonly string[]): E {
    let e = this.entries.get(key);
    if (e === undefined) {
      e = make();
      this.entries.set(key, e);
    }
    e.clusters.push(cluster);
    e.files.push(...files);
    return e;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

function uniqueSorted(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort(compareStrings);
}

/**
 * Collects the upstream references of the given clusters. A reference that
 * cannot be read (a HelmRelease whose source is not in the tree, a chart
 * source without a URL) is a finding on its file and field; the rest is
 * still collected.
 */
export function collectPins(clusters: readonly ClusterObjects[]): { report: PinsReport; findings: Finding[] } {
  const findings: Finding[] = [];
  const charts = new Table<Mutable<ChartPin>>();
  const images = new Table<Mutable<ImagePin>>();
  const git = new Table<Mutable<GitPin>>();

  const bad = (l: Located, path: string, message: string): void => {
    findings.push(finding('PIN_UNREADABLE', message, { file: l.file, line: l.line, column: 1, object: objectName(l), path }));
  };

  for (const c of clusters) {
    const byRef = new Map<string, Located>();
    for (const l of c.objects) byRef.set(`${l.obj.kind}/${l.obj.metadata.namespace ?? ''}/${l.obj.metadata.name}`, l);
    const find = (kind: string, namespace: string, name: string): Located | undefined => byRef.get(`${kind}/${namespace}/${name}`);

    const addChart = (
      l: Located,
      source: { repository: string; chart: string; version?: string; digest?: string; file?: string },
      use: { release: string; namespace: string; values: string },
    ): void => {
      const key = JSON.stringify([source.repository, source.chart, source.version ?? '', source.digest ?? '']);
      const entry = charts.add(
        key,
        () => ({
          repository: source.repository,
          chart: source.chart,
          ...(source.version === undefined ? {} : { version: source.version }),
          ...(source.digest === undefined ? {} : { digest: source.digest }),
          clusters: [],
          files: [],
          uses: [],
        }),
        c.cluster,
        source.file === undefined ? [l.file] : [l.file, source.file],
      );
      entry.uses.push({ cluster: c.cluster, file: l.file, object: objectName(l), ...use, kubernetesVersion: c.kubernetesVersion });
    };

    const addGit = (l: Located, url: string, ref: { tag?: string; commit?: string; branch?: string }, path: string | undefined): void => {
      const role = url === c.syncUrl ? 'sync' : 'upstream';
      const key = JSON.stringify([role, url, ref.tag ?? '', ref.commit ?? '', ref.branch ?? '']);
      const entry = git.add(key, () => ({ url, role, ...ref, paths: [], clusters: [], files: [] }), c.cluster, [l.file]);
      if (path !== undefined) entry.paths.push(path);
    };

    const addImage = (l: Located, ref: ImageRef, site: { container?: string; path: string }): void => {
      const key = JSON.stringify([ref.repository, ref.tag ?? '', ref.digest ?? '']);
      images.add(key, () => ({ ...ref, clusters: [], files: [], uses: [] }), c.cluster, [l.file]).uses.push({ cluster: c.cluster, file: l.file, object: objectName(l), ...site });
    };

    for (const l of c.objects) {
      const { obj } = l;
      const group = obj.apiVersion.split('/')[0] ?? '';
      const name = obj.metadata.name;
      const ns = obj.metadata.namespace ?? '';

      for (const site of containerImages(obj)) {
        if (site.ref === undefined) bad(l, site.path, 'a container without an image');
        else addImage(l, site.ref, { container: site.container, path: site.path });
      }

      if (group === 'helm.toolkit.fluxcd.io' && obj.kind === 'HelmRelease') {
        const release = str(at(obj, 'spec', 'releaseName')) ?? name;
        const namespace = str(at(obj, 'spec', 'targetNamespace')) ?? ns;
        const use = { release, namespace, values: 'spec.values' };
        for (const site of valuesImages(at(obj, 'spec', 'values'), ['spec', 'values'])) addImage(l, site.ref, site);
        const chartSpec = rec(at(obj, 'spec', 'chart', 'spec'));
        const chartRef = rec(at(obj, 'spec', 'chartRef'));
        if (chartSpec !== undefined) {
          const chart = str(chartSpec.chart);
          const srcKind = str(at(chartSpec, 'sourceRef', 'kind'));
          const srcName = str(at(chartSpec, 'sourceRef', 'name'));
          const srcNs = str(at(chartSpec, 'sourceRef', 'namespace')) ?? ns;
          if (chart === undefined) {
            bad(l, 'spec.chart.spec.chart', 'no chart name');
            continue;
          }
          if (srcKind !== 'HelmRepository' || srcName === undefined) {
            bad(l, 'spec.chart.spec.sourceRef', `strata reads charts from a HelmRepository, not ${srcKind ?? 'an unnamed source'}`);
            continue;
          }
          const repo = find('HelmRepository', srcNs, srcName);
          if (repo === undefined) {
            bad(l, 'spec.chart.spec.sourceRef.name', `HelmRepository ${srcNs}/${srcName} is not in the rendered tree of ${c.cluster}`);
            continue;
          }
          let url = str(at(repo.obj, 'spec', 'url'));
          if (url === undefined) {
            bad(repo, 'spec.url', 'a HelmRepository without a URL');
            continue;
          }
          // A HelmRepository of type oci names a registry path; write it the way helm pulls it.
          if (at(repo.obj, 'spec', 'type') === 'oci' && !url.startsWith('oci://')) url = `oci://${url}`;
          const version = str(chartSpec.version);
          addChart(l, { repository: url, chart, ...(version === undefined ? {} : { version }), file: repo.file }, use);
        } else if (chartRef !== undefined) {
          const srcKind = str(chartRef.kind);
          const srcName = str(chartRef.name);
          const srcNs = str(chartRef.namespace) ?? ns;
          if (srcKind !== 'OCIRepository' || srcName === undefined) {
            bad(l, 'spec.chartRef', `strata reads chart references from an OCIRepository, not ${srcKind ?? 'an unnamed source'}`);
            continue;
          }
          const oci = find('OCIRepository', srcNs, srcName);
          if (oci === undefined) {
            bad(l, 'spec.chartRef.name', `OCIRepository ${srcNs}/${srcName} is not in the rendered tree of ${c.cluster}`);
            continue;
          }
          const url = str(at(oci.obj, 'spec', 'url'));
          const slash = url?.lastIndexOf('/') ?? -1;
          if (url === undefined || !url.startsWith('oci://') || slash <= 'oci://'.length) {
            bad(oci, 'spec.url', `an OCIRepository URL must be oci://<registry>/<path>/<chart>, not ${JSON.stringify(url ?? '')}`);
            continue;
          }
          const tag = str(at(oci.obj, 'spec', 'ref', 'tag'));
          const digest = str(at(oci.obj, 'spec', 'ref', 'digest'));
          addChart(
            l,
            {
              repository: url.slice(0, slash),
              chart: url.slice(slash + 1),
              ...(tag === undefined ? {} : { version: tag }),
              ...(digest === undefined ? {} : { digest }),
              file: oci.file,
            },
            use,
          );
        } else {
          bad(l, 'spec.chart', 'a HelmRelease without spec.chart or spec.chartRef');
        }
        continue;
      }

      if (group === 'source.toolkit.fluxcd.io' && obj.kind === 'GitRepository') {
        const url = str(at(obj, 'spec', 'url'));
        if (url === undefined) {
          bad(l, 'spec.url', 'a GitRepository without a URL');
          continue;
        }
        const spec = rec(at(obj, 'spec', 'ref')) ?? {};
        // With a commit, the tag the commit was taken from is kept in an annotation.
        const tag = str(spec.tag) ?? str(rec(obj.metadata.annotations)?.[ANNOTATION_TAG]);
        const commit = str(spec.commit);
        const branch = str(spec.branch);
        const ref = { ...(tag === undefined ? {} : { tag }), ...(commit === undefined ? {} : { commit }), ...(branch === undefined ? {} : { branch }) };
        addGit(l, url, ref, undefined);
        // The paths come from the Kustomizations that read this source.
        for (const k of c.objects) {
          const source = rec(at(k.obj, 'spec', 'sourceRef'));
          const fromHere =
            k.obj.kind === 'Kustomization' &&
            k.obj.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') &&
            source?.kind === 'GitRepository' &&
            source.name === name &&
            (str(source.namespace) ?? k.obj.metadata.namespace ?? '') === ns;
          if (fromHere) addGit(k, url, ref, str(at(k.obj, 'spec', 'path')) ?? './');
        }
        continue;
      }

      if (group === 'argoproj.io' && obj.kind === 'Application') {
        const single = rec(at(obj, 'spec', 'source'));
        const many = at(obj, 'spec', 'sources');
        const sources: { src: Record<string, unknown>; path: string }[] =
          single !== undefined
            ? [{ src: single, path: 'spec.source' }]
            : Array.isArray(many)
              ? many.flatMap((s, i) => (rec(s) === undefined ? [] : [{ src: rec(s)!, path: `spec.sources[${i}]` }]))
              : [];
        if (sources.length === 0) bad(l, 'spec.source', 'an Application without a source');
        for (const { src, path } of sources) {
          const repoURL = str(src.repoURL);
          const revision = str(src.targetRevision);
          if (repoURL === undefined) {
            bad(l, `${path}.repoURL`, 'a source without a repoURL');
            continue;
          }
          const chart = str(src.chart);
          if (chart !== undefined) {
            // Argo CD writes OCI Helm repositories without a scheme.
            const repository = /^[a-z][a-z0-9+.-]*:\/\//i.test(repoURL) ? repoURL : `oci://${repoURL.replace(/\/+$/, '')}`;
            const helm = rec(src.helm);
            const release = str(helm?.releaseName) ?? name;
            const namespace = str(at(obj, 'spec', 'destination', 'namespace')) ?? ns;
            const values = helm?.values !== undefined && helm.valuesObject === undefined ? `${path}.helm.values` : `${path}.helm.valuesObject`;
            addChart(l, { repository, chart, ...(revision === undefined ? {} : { version: revision }) }, { release, namespace, values });
            for (const site of valuesImages(helm?.valuesObject, [...path.split('.'), 'helm', 'valuesObject'])) addImage(l, site.ref, site);
            continue;
          }
          const tagNote = str(rec(obj.metadata.annotations)?.[ANNOTATION_TAG]);
          const ref =
            revision !== undefined && SHA1.test(revision)
              ? { commit: revision, ...(tagNote === undefined ? {} : { tag: tagNote }) }
              : repoURL === c.syncUrl
                ? { branch: revision ?? 'HEAD' }
                : { tag: revision ?? 'HEAD' };
          addGit(l, repoURL, ref, str(src.path) ?? '.');
        }
      }
    }
  }

  const byKey = <E>(m: Map<string, E>, key: (e: E) => readonly string[]): E[] =>
    [...m.values()].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) {
        const d = compareStrings(ka[i] ?? '', kb[i] ?? '');
        if (d !== 0) return d;
      }
      return 0;
    });
  const tidy = <E extends { clusters: string[]; files: string[] }>(e: E): E => ({ ...e, clusters: uniqueSorted(e.clusters), files: uniqueSorted(e.files) });
  const report: PinsReport = {
    charts: byKey(charts.entries, (e) => [e.repository, e.chart, e.version ?? '', e.digest ?? '']).map((e) => ({
      ...tidy(e),
      uses: [...e.uses].sort((a, b) => compareStrings(a.cluster, b.cluster) || compareStrings(a.file, b.file)),
    })),
    images: byKey(images.entries, (e) => [e.repository, e.tag ?? '', e.digest ?? '']).map((e) => ({
      ...tidy(e),
      uses: [...e.uses].sort((a, b) => compareStrings(a.cluster, b.cluster) || compareStrings(a.file, b.file) || compareStrings(a.path, b.path)),
    })),
    git: byKey(git.entries, (e) => [e.role === 'upstream' ? '0' : '1', e.url, e.tag ?? '', e.commit ?? '', e.branch ?? '']).map((e) => ({
      ...tidy(e),
      paths: uniqueSorted(e.paths),
    })),
  };
  return { report, findings };
}
