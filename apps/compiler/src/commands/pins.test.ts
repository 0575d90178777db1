import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { REPO, strataIn, tempWorkspace, treeHash } from '../__fixtures__/cli.ts';
import { specYaml } from '../__fixtures__/specs.ts';
import { main } from '../main.ts';
import type { Io } from '../report.ts';
import type { PinsReport } from '../upstreams.ts';

// Spawns the real CLI, which loads every component: seconds on a shared 2-core runner.
vi.setConfig({ testTimeout: 30_000 });

const DIGEST = `sha256:${'4f'.repeat(32)}`;

/** A committed tree as strata writes it, cut down to the objects that name upstreams. */
const LAB: Record<string, string> = {
  'flux-system/gitrepository-flux-system-lab.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: lab
  namespace: flux-system
spec:
  interval: 1m
  ref:
    branch: main
  url: https://git.example.org/platform/fleet.git
`,
  'flux-system/kustomization-flux-system-lab-crds.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: lab-crds
  namespace: flux-system
spec:
  interval: 10m
  path: ./rendered/lab/crds
  prune: true
  sourceRef:
    kind: GitRepository
    name: lab
`,
  'crds/cilium-dataplane/gitrepository-flux-system-gateway-api-crds.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: gateway-api-crds
  namespace: flux-system
  annotations:
    strata.dev/upstream-tag: v1.3.0
spec:
  interval: 1h
  ref:
    tag: v1.3.0
  url: https://github.com/kubernetes-sigs/gateway-api
`,
  'crds/cilium-dataplane/kustomization-flux-system-gateway-api-crds.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: gateway-api-crds
  namespace: flux-system
spec:
  interval: 1h
  path: ./config/crd/experimental
  prune: true
  sourceRef:
    kind: GitRepository
    name: gateway-api-crds
`,
  'controllers/cilium-dataplane/helmrepository-flux-system-helm-cilium-io.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: helm-cilium-io
  namespace: flux-system
spec:
  interval: 1h
  url: https://helm.cilium.io/
`,
  'controllers/cilium-dataplane/helmrelease-flux-system-cilium.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cilium
  namespace: flux-system
spec:
  chart:
    spec:
      chart: cilium
      sourceRef:
        kind: HelmRepository
        name: helm-cilium-io
        namespace: flux-system
      version: 1.18.12
  interval: 30m
  releaseName: cilium
  targetNamespace: kube-system
  values:
    kubeProxyReplacement: true
`,
  'controllers/cert-manager/ocirepository-flux-system-cert-manager-cert-manager.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: cert-manager-cert-manager
  namespace: flux-system
spec:
  interval: 1h
  ref:
    tag: v1.21.1
  url: oci://quay.io/jetstack/charts/cert-manager
`,
  'controllers/cert-manager/helmrelease-flux-system-cert-manager.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cert-manager
  namespace: flux-system
spec:
  chartRef:
    kind: OCIRepository
    name: cert-manager-cert-manager
    namespace: flux-system
  interval: 30m
  releaseName: cert-manager
  targetNamespace: cert-manager
  values:
    crds:
      enabled: true
`,
  'config/nginx-edge/deployment-ingress-nginx-cloudflared-external.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cloudflared-external
  namespace: ingress-nginx
spec:
  template:
    spec:
      containers:
        - image: docker.io/cloudflare/cloudflared:2026.7.2@${DIGEST}
          name: cloudflared
`,
};

/** A workspace with one cluster, `lab`, whose rendered/ holds `files` (no index: pins reads objects only). */
function labWorkspace(files: Record<string, string> = LAB): string {
  const root = tempWorkspace({ lab: specYaml('lab') });
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, 'rendered/lab', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

function captureIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: { NO_COLOR: '1' }, cwd, out: () => out, err: () => err };
}

describe('strata pins', () => {
  it('prints one table per kind of upstream, sorted, on stdout and a count on stderr, and writes nothing', async () => {
    const root = labWorkspace();
    const before = treeHash(root);
    const run = await strataIn(['pins'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Helm charts (2)
  REPOSITORY                     CHART         VERSION  DIGEST  RELEASES  CLUSTERS
  https://helm.cilium.io/        cilium        1.18.12  -       1         lab
  oci://quay.io/jetstack/charts  cert-manager  v1.21.1  -       1         lab

Container images (1)
  REPOSITORY                        TAG       DIGEST                                                                   CLUSTERS
  docker.io/cloudflare/cloudflared  2026.7.2  ${DIGEST}  lab

Git sources (2)
  URL                                             ROLE      REF          COMMIT  PATHS                      CLUSTERS
  https://github.com/kubernetes-sigs/gateway-api  upstream  tag v1.3.0   -       ./config/crd/experimental  lab
  https://git.example.org/platform/fleet.git      sync      branch main  -       1 path                     lab
`);
    expect(run.stderr).toBe('lab: 2 charts, 1 image, 2 Git sources\n');
    expect(treeHash(root)).toEqual(before);
  });

  it('prints one JSON document with the files, clusters and values location of every use', async () => {
    const root = labWorkspace();
    const io = captureIo(root);
    expect(await main(['pins', '--json'], io)).toBe(0);
    expect(io.err()).toBe('');
    const report = JSON.parse(io.out()) as PinsReport;
    expect(report.charts[1]).toEqual({
      repository: 'oci://quay.io/jetstack/charts',
      chart: 'cert-manager',
      version: 'v1.21.1',
      clusters: ['lab'],
      files: [
        'rendered/lab/controllers/cert-manager/helmrelease-flux-system-cert-manager.yaml',
        'rendered/lab/controllers/cert-manager/ocirepository-flux-system-cert-manager-cert-manager.yaml',
      ],
      uses: [
        {
          cluster: 'lab',
          file: 'rendered/lab/controllers/cert-manager/helmrelease-flux-system-cert-manager.yaml',
          object: 'HelmRelease/flux-system/cert-manager',
          release: 'cert-manager',
          namespace: 'cert-manager',
          values: 'spec.values',
          kubernetesVersion: '1.33',
        },
      ],
    });
    expect(report.images).toEqual([
      {
        repository: 'docker.io/cloudflare/cloudflared',
        tag: '2026.7.2',
        digest: DIGEST,
        clusters: ['lab'],
        files: ['rendered/lab/config/nginx-edge/deployment-ingress-nginx-cloudflared-external.yaml'],
        uses: [
          {
            cluster: 'lab',
            file: 'rendered/lab/config/nginx-edge/deployment-ingress-nginx-cloudflared-external.yaml',
            object: 'Deployment/ingress-nginx/cloudflared-external',
            container: 'cloudflared',
            path: 'spec.template.spec.containers[0].image',
          },
        ],
      },
    ]);
    expect(report.git[0]).toEqual({
      url: 'https://github.com/kubernetes-sigs/gateway-api',
      role: 'upstream',
      tag: 'v1.3.0',
      paths: ['./config/crd/experimental'],
      clusters: ['lab'],
      files: ['rendered/lab/crds/cilium-dataplane/gitrepository-flux-system-gateway-api-crds.yaml', 'rendered/lab/crds/cilium-dataplane/kustomization-flux-system-gateway-api-crds.yaml'],
    });
  });

  it('stops with the file, object and field of a release whose source is not in the tree (exit 1)', async () => {
    const { 'controllers/cilium-dataplane/helmrepository-flux-system-helm-cilium-io.yaml': _gone, ...rest } = LAB;
    const run = await strataIn(['pins', '--json'], labWorkspace(rest));
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      'rendered/lab/controllers/cilium-dataplane/helmrelease-flux-system-cilium.yaml:1:1 HelmRelease/flux-system/cilium spec.chart.spec.sourceRef.name: HelmRepository flux-system/helm-cilium-io is not in the rendered tree of lab',
      '  hint: rendered/ is generated: fix the component or engine adapter that wrote it, then run `npm run render`',
      '',
    ]);
  });

  it('is a usage error with options it does not take or an extra argument (exit 2)', async () => {
    const root = labWorkspace();
    const io = captureIo(root);
    expect(await main(['pins', '--check'], io)).toBe(2);
    expect(await main(['pins', 'everything'], io)).toBe(2);
    expect(io.err().split('\n')).toEqual([
      'strata: pins does not take --check',
      'run `strata --help` for usage',
      'strata: unexpected argument "everything"',
      'run `strata --help` for usage',
      '',
    ]);
  });

  it('lists every Helm release of the committed tree, and only the selected cluster’s with --cluster', async () => {
    const io = captureIo(REPO);
    expect(await main(['pins', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as PinsReport;
    const releases = readdirSync(join(REPO, 'rendered'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      /^[^/]+\/controllers\/.*\/(helmrelease|application)-.*\.yaml$/.test(f),
    );
    expect(report.charts.flatMap((c) => c.uses.map((u) => u.file)).sort()).toEqual(releases.map((f) => `rendered/${f}`).sort());
    expect(report.git.filter((g) => g.role === 'sync').map((g) => g.clusters)).toEqual([['chromebox-lab', 'edge-bgp', 'homelab']]);
    for (const image of report.images) expect(image.uses.length).toBeGreaterThan(0);

    const one = captureIo(REPO);
    expect(await main(['pins', '--json', '--cluster', 'edge-bgp'], one)).toBe(0);
    const edge = JSON.parse(one.out()) as PinsReport;
    expect([...new Set([...edge.charts, ...edge.images, ...edge.git].flatMap((p) => p.clusters))]).toEqual(['edge-bgp']);
    expect(edge.charts.flatMap((c) => c.uses.map((u) => u.file))).toEqual(report.charts.flatMap((c) => c.uses.filter((u) => u.cluster === 'edge-bgp').map((u) => u.file)));
  });
});
