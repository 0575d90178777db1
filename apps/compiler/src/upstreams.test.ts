import { App, Chart } from 'cdk8s';
import { type Cluster, createSpecLoader, type GitManifests, type HelmInstall, LAYERS } from '@strata/core';
import { engineAdapter } from '@strata/gitops';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { specYaml } from './__fixtures__/specs.ts';
import type { K8sObject } from './files.ts';
import type { Located } from './objects.ts';
import { type ClusterObjects, collectPins, parseImage } from './upstreams.ts';

const SYNC = 'https://git.example.org/platform/fleet.git';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function cluster(name: string, engine: 'flux' | 'argocd'): Cluster {
  const loaded = createSpecLoader([]).load({ file: `clusters/${name}/cluster.yaml`, bytes: new TextEncoder().encode(specYaml(name, '', engine)), expectedName: name });
  if (loaded.cluster === undefined) throw new Error(loaded.findings.map((f) => f.message).join('\n'));
  return loaded.cluster;
}

const releases: HelmInstall[] = [
  { name: 'ingress-a', namespace: 'edge', chart: 'ingress-nginx', version: '4.13.9', repository: 'https://kubernetes.github.io/ingress-nginx', values: { a: 1 } },
  { name: 'ingress-b', namespace: 'edge', chart: 'ingress-nginx', version: '4.13.9', repository: 'https://kubernetes.github.io/ingress-nginx', values: {} },
  { name: 'cert-manager', namespace: 'cert-manager', chart: 'cert-manager', version: 'v1.21.1', repository: 'oci://quay.io/jetstack/charts', values: {} },
  { name: 'pinned', namespace: 'p', chart: 'app', version: '1.0.0', repository: 'oci://ghcr.io/org/charts/', digest: DIGEST, values: {} },
];
const gatewayApi: GitManifests = { name: 'gateway-api-crds', url: 'https://github.com/kubernetes-sigs/gateway-api', tag: 'v1.3.0', commit: COMMIT, path: 'config/crd/standard' };

/** What the engine adapter of `engine` renders for the releases and Git sources, as the compiler would read it back. */
function rendered(name: string, engine: 'flux' | 'argocd'): ClusterObjects {
  const c = cluster(name, engine);
  const adapter = engineAdapter(engine);
  const chart = new Chart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'c', { disableResourceNameHashes: true });
  adapter.renderHelm(chart, releases, c);
  adapter.renderGit(chart, [gatewayApi], c);
  const layers = LAYERS.map((layer) => ({ layer, path: `rendered/${name}/${layer}`, objects: [], healthChecks: [] }));
  adapter.render(chart, { cluster: c, renderedPath: `rendered/${name}`, layers });
  const objects = (chart.toJson() as K8sObject[]).map((obj, i): Located => ({ obj, file: `rendered/${name}/${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`, line: i + 1 }));
  return { cluster: name, objects, syncUrl: SYNC, kubernetesVersion: '1.33' };
}

function located(file: string, yaml: string): Located {
  return { obj: parse(yaml) as K8sObject, file, line: 1 };
}

describe('collectPins', () => {
  it('reads back every chart @strata/gitops renders, for Flux and Argo CD alike, each once with its releases', () => {
    const { report, findings } = collectPins([rendered('lab', 'flux'), rendered('edge', 'argocd')]);
    expect(findings).toEqual([]);
    expect(report.charts.map((c) => [c.repository, c.chart, c.version, c.digest, c.clusters, c.uses.map((u) => `${u.cluster} ${u.object} ${u.release}@${u.namespace} ${u.values}`)])).toEqual([
      [
        'https://kubernetes.github.io/ingress-nginx',
        'ingress-nginx',
        '4.13.9',
        undefined,
        ['edge', 'lab'],
        [
          'edge Application/argocd/ingress-a ingress-a@edge spec.source.helm.valuesObject',
          'edge Application/argocd/ingress-b ingress-b@edge spec.source.helm.valuesObject',
          'lab HelmRelease/flux-system/ingress-a ingress-a@edge spec.values',
          'lab HelmRelease/flux-system/ingress-b ingress-b@edge spec.values',
        ],
      ],
      // Argo CD names no digest for a Helm source, and Flux's OCIRepository keeps only the digest when it has one.
      // Argo CD pulls an OCI chart by version only; Flux by digest, with the tag beside it.
      ['oci://ghcr.io/org/charts', 'app', '1.0.0', undefined, ['edge'], ['edge Application/argocd/pinned pinned@p spec.source.helm.valuesObject']],
      ['oci://ghcr.io/org/charts', 'app', '1.0.0', DIGEST, ['lab'], ['lab HelmRelease/flux-system/pinned pinned@p spec.values']],
      [
        'oci://quay.io/jetstack/charts',
        'cert-manager',
        'v1.21.1',
        undefined,
        ['edge', 'lab'],
        ['edge Application/argocd/cert-manager cert-manager@cert-manager spec.source.helm.valuesObject', 'lab HelmRelease/flux-system/cert-manager cert-manager@cert-manager spec.values'],
      ],
    ]);
    // The files of a Flux chart are its releases and its source.
    expect(report.charts[0]?.files.filter((f) => f.startsWith('rendered/lab/'))).toEqual([
      'rendered/lab/helmrelease-ingress-a.yaml',
      'rendered/lab/helmrelease-ingress-b.yaml',
      'rendered/lab/helmrepository-kubernetes-github-io-ingress-nginx.yaml',
    ]);
  });

  it('reads the Git sources with tag and commit, the paths applied from them, and marks the cluster’s own repository as sync', () => {
    const { report } = collectPins([rendered('lab', 'flux'), rendered('edge', 'argocd')]);
    expect(report.git.map(({ files: _files, ...g }) => g)).toEqual([
      { url: gatewayApi.url, role: 'upstream', tag: 'v1.3.0', commit: COMMIT, paths: ['./config/crd/standard', 'config/crd/standard'], clusters: ['edge', 'lab'] },
      // Flux names the branch in its GitRepository; Argo CD in each Application's targetRevision.
      {
        url: SYNC,
        role: 'sync',
        branch: 'main',
        paths: [
          './rendered/lab/config',
          './rendered/lab/controllers',
          './rendered/lab/crds',
          './rendered/lab/flux-system',
          'rendered/edge/argocd',
          'rendered/edge/config',
          'rendered/edge/controllers',
          'rendered/edge/crds',
        ],
        clusters: ['edge', 'lab'],
      },
    ]);
  });

  it('lists each image once, from the containers and init containers of every workload kind', () => {
    const objects = [
      located(
        'rendered/x/deployment.yaml',
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  template:
    spec:
      initContainers: [{name: init, image: "docker.io/library/busybox:1.37.0"}]
      containers: [{name: app, image: "registry.local:5000/team/app:2.0@${DIGEST}"}]`,
      ),
      located(
        'rendered/x/cronjob.yaml',
        `apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: apps}
spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: b, image: "docker.io/library/busybox:1.37.0"}]}}}}}`,
      ),
      located('rendered/x/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec: {containers: [{name: c, image: "ghcr.io/org/tool@' + DIGEST + '"}]}'),
    ];
    const { report } = collectPins([{ cluster: 'x', objects, syncUrl: SYNC, kubernetesVersion: '1.33' }]);
    expect(report.images.map((i) => [i.repository, i.tag, i.digest, i.uses.map((u) => `${u.object} ${u.container} ${u.path}`)])).toEqual([
      [
        'docker.io/library/busybox',
        '1.37.0',
        undefined,
        ['CronJob/apps/backup b spec.jobTemplate.spec.template.spec.containers[0].image', 'Deployment/apps/web init spec.template.spec.initContainers[0].image'],
      ],
      ['ghcr.io/org/tool', undefined, DIGEST, ['Pod/apps/p c spec.containers[0].image']],
      ['registry.local:5000/team/app', '2.0', DIGEST, ['Deployment/apps/web app spec.template.spec.containers[0].image']],
    ]);
  });

  it('lists images set through Helm values ({registry?, repository, tag|digest} blocks), not chart defaults or URLs', () => {
    const release = located(
      'rendered/x/controllers/helmrelease.yaml',
      [
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata: {name: dns, namespace: flux-system}',
        'spec:',
        '  chart: {spec: {chart: external-dns, version: 1.19.0, sourceRef: {kind: HelmRepository, name: sigs, namespace: flux-system}}}',
        '  values:',
        '    provider:',
        '      webhook:',
        '        image: {repository: ghcr.io/crutonjohn/external-dns-opnsense-webhook, tag: v0.1.0}',
        '    sidecars:',
        `      - image: {registry: quay.io, repository: org/helper, digest: "${DIGEST}"}`,
        '    chartDefault: {image: {repository: ghcr.io/org/untagged}}',
        '    mirror: {repository: https://charts.example.org/x, tag: v1}',
      ].join('\n'),
    );
    const repo = located('rendered/x/controllers/helmrepository.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: {name: sigs, namespace: flux-system}\nspec: {url: https://kubernetes-sigs.github.io/external-dns/}');
    const { report, findings } = collectPins([{ cluster: 'x', objects: [release, repo], syncUrl: SYNC, kubernetesVersion: '1.33' }]);
    expect(findings).toEqual([]);
    expect(report.images.map((i) => [i.repository, i.tag, i.digest, i.uses.map((u) => `${u.object} ${u.container ?? '-'} ${u.path}`)])).toEqual([
      ['ghcr.io/crutonjohn/external-dns-opnsense-webhook', 'v0.1.0', undefined, ['HelmRelease/flux-system/dns - spec.values.provider.webhook.image']],
      ['quay.io/org/helper', undefined, DIGEST, ['HelmRelease/flux-system/dns - spec.values.sidecars[0].image']],
    ]);
  });

  it('tells a registry port from a tag in an image reference', () => {
    expect(parseImage('registry.local:5000/app')).toEqual({ repository: 'registry.local:5000/app' });
    expect(parseImage('busybox:1.37.0')).toEqual({ repository: 'busybox', tag: '1.37.0' });
    expect(parseImage(`ghcr.io/a/b:v1@${DIGEST}`)).toEqual({ repository: 'ghcr.io/a/b', tag: 'v1', digest: DIGEST });
  });

  it('restores oci:// on an Argo CD Helm source written without a scheme, and keeps https repositories as they are', () => {
    const app = (repoURL: string) =>
      located(
        'rendered/x/app.yaml',
        `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: a, namespace: argocd}
spec: {destination: {namespace: n}, source: {repoURL: "${repoURL}", chart: c, targetRevision: 1.0.0, helm: {valuesObject: {}}}}`,
      );
    const repos = (url: string) => collectPins([{ cluster: 'x', objects: [app(url)], syncUrl: SYNC, kubernetesVersion: '1.33' }]).report.charts[0]?.repository;
    expect(repos('quay.io/jetstack/charts')).toBe('oci://quay.io/jetstack/charts');
    expect(repos('oci://quay.io/jetstack/charts')).toBe('oci://quay.io/jetstack/charts');
    expect(repos('https://charts.example.org')).toBe('https://charts.example.org');
  });

  it('reports a release whose source is not in the tree at its file, line and field, and still lists the rest', () => {
    const release = located(
      'rendered/x/controllers/helmrelease.yaml',
      `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: app, namespace: flux-system}
spec: {chart: {spec: {chart: app, version: 1.0.0, sourceRef: {kind: HelmRepository, name: gone}}}}`,
    );
    const image = located('rendered/x/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: "busybox:1"}]}');
    const { report, findings } = collectPins([{ cluster: 'x', objects: [release, image], syncUrl: SYNC, kubernetesVersion: '1.33' }]);
    expect(findings.map((f) => [f.code, f.file, f.line, f.object, f.path, f.message])).toEqual([
      ['STRATA2010', 'rendered/x/controllers/helmrelease.yaml', 1, 'HelmRelease/flux-system/app', 'spec.chart.spec.sourceRef.name', 'HelmRepository flux-system/gone is not in the rendered tree of x'],
    ]);
    expect(report.images.map((i) => i.repository)).toEqual(['busybox']);
  });
});
