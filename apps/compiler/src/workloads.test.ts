import { createSpecLoader, formatFinding } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { demo } from './__fixtures__/demo-component.ts';
import { specYaml } from './__fixtures__/specs.ts';
import type { WorkspaceReader } from './manifests.ts';
import { renderCluster } from './render.ts';

const loader = createSpecLoader([demo]);
const entry = { name: 'lab', specFile: 'clusters/lab/cluster.yaml' };
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A workspace in memory: path → file text. A folder is every file below it. */
function reader(files: Record<string, string>): WorkspaceReader {
  return {
    yamlFiles(path) {
      const clean = path.replace(/\/+$/, '');
      const hits = Object.keys(files)
        .filter((f) => f === clean || (f.startsWith(`${clean}/`) && /\.ya?ml$/.test(f)))
        .sort()
        .map((f) => ({ path: f, bytes: bytes(files[f]!) }));
      return hits.length === 0 ? undefined : hits;
    },
  };
}

const render = (extra: string, files: Record<string, string> = {}, engine = 'flux') =>
  renderCluster(entry, bytes(specYaml('lab', extra, engine)), loader, [demo], undefined, reader(files));
const lines = (findings: readonly Parameters<typeof formatFinding>[0][]) => findings.filter((f) => f.severity === 'error').map(formatFinding);
const file = (r: Awaited<ReturnType<typeof render>>, path: string) => parse(r.rendered?.files.find((f) => f.path === path)?.content ?? 'null') as Record<string, any> | null;

const RELEASES = `  demo:
    enabled: true
  releases:
    - name: reloader
      namespace: reloader
      chart: reloader
      repository: https://stakater.github.io/stakater-charts
      version: 2.2.3
      values: {reloader: {watchGlobally: false}}
    - name: app
      namespace: app
      chart: app
      repository: oci://ghcr.io/example/charts
      version: 1.4.0
      digest: sha256:${'a'.repeat(64)}
      dependsOn: [reloader, demo]
`;

describe('spec.releases', () => {
  it('installs each release through the engine adapter, in the releases folder of its layer', async () => {
    const r = await render(RELEASES);
    expect(lines(r.findings)).toEqual([]);
    const paths = r.rendered?.files.map((f) => f.path).filter((p) => p.includes('/releases/'));
    expect(paths).toEqual([
      'controllers/releases/ocirepository-flux-system-app-app.yaml',
      'controllers/releases/helmrepository-flux-system-stakater-github-io-stakater-charts.yaml',
      'controllers/releases/helmrelease-flux-system-app.yaml',
      'controllers/releases/helmrelease-flux-system-reloader.yaml',
    ]);
    const app = file(r, 'controllers/releases/helmrelease-flux-system-app.yaml');
    // A component in dependsOn means each of its Helm releases.
    expect(app?.spec.dependsOn).toEqual([{ name: 'demo' }, { name: 'reloader' }]);
    expect(app?.spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'app-app', namespace: 'flux-system' });
    expect(file(r, 'controllers/releases/ocirepository-flux-system-app-app.yaml')?.spec.ref).toEqual({ tag: '1.4.0', digest: `sha256:${'a'.repeat(64)}` });
    expect(file(r, 'controllers/releases/helmrelease-flux-system-reloader.yaml')?.spec.values).toEqual({ reloader: { watchGlobally: false } });
  });

  it('runs upstream-pinned on a release, naming its spec entry', async () => {
    const r = await render('  releases:\n    - {name: app, namespace: app, chart: app, repository: oci://ghcr.io/example/charts, version: 1.4.0}\n');
    const pinned = r.findings.filter((f) => f.message.startsWith('[upstream-pinned]'));
    expect(pinned.map((f) => [f.file, f.object, f.origin])).toEqual([
      ['rendered/lab/controllers/releases/ocirepository-flux-system-app-app.yaml', 'OCIRepository/flux-system/app-app', 'clusters/lab/cluster.yaml:22:7 spec.releases[0]'],
    ]);
  });

  it('orders releases on Argo CD with sync waves inside the layer', async () => {
    const r = await render(RELEASES, {}, 'argocd');
    expect(lines(r.findings)).toEqual([]);
    expect(file(r, 'controllers/releases/application-argocd-app.yaml')?.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    expect(file(r, 'controllers/releases/application-argocd-reloader.yaml')?.metadata.annotations).toBeUndefined();
  });

  it('rejects a range or latest at the version field, and a digest on an https repository', async () => {
    const r = await render(`  releases:
    - {name: a, namespace: a, chart: a, repository: https://charts.example.org, version: ^1.2.0}
    - {name: b, namespace: b, chart: b, repository: https://charts.example.org, version: latest, digest: "sha256:${'b'.repeat(64)}"}
`);
    expect(r.rendered).toBeUndefined();
    expect(lines(r.findings)).toEqual([
      'clusters/lab/cluster.yaml:22:90 spec.releases[0].version: "^1.2.0" is not an exact version: pin the chart to one release (e.g. 1.2.3); a range or latest changes what is applied without a commit',
      'clusters/lab/cluster.yaml:23:90 spec.releases[1].version: "latest" is not a version: pin the chart to one release (e.g. 1.2.3); a range or latest changes what is applied without a commit',
      'clusters/lab/cluster.yaml:23:106 spec.releases[1].digest: a digest pins an OCI chart artifact; this release comes from an https:// Helm repository',
    ]);
  });

  it('rejects duplicate names, unknown and later-layer dependencies and cycles, each at its line', async () => {
    const r = await render(`  demo:
    enabled: true
  releases:
    - {name: a, namespace: a, chart: a, repository: https://c.example.org, version: 1.0.0, dependsOn: [b]}
    - {name: b, namespace: b, chart: b, repository: https://c.example.org, version: 1.0.0, dependsOn: [a, nope]}
    - {name: a, namespace: x, chart: x, repository: https://c.example.org, version: 1.0.0}
    - {name: c, namespace: c, chart: c, repository: https://c.example.org, version: 1.0.0, dependsOn: [d]}
    - {name: d, namespace: d, chart: d, repository: https://c.example.org, version: 1.0.0, layer: config}
    - {name: demo, namespace: d, chart: d, repository: https://c.example.org, version: 1.0.0}
`);
    expect(lines(r.findings)).toEqual([
      'clusters/lab/cluster.yaml:25:104 spec.releases[1].dependsOn[0]: dependsOn makes a cycle: a → b → a',
      'clusters/lab/cluster.yaml:25:107 spec.releases[1].dependsOn[1]: "nope" is neither a release in spec.releases nor an enabled component (known: a, b, c, d, demo)',
      'clusters/lab/cluster.yaml:26:14 spec.releases[2].name: release name "a" is already used by releases[0]',
      'clusters/lab/cluster.yaml:27:104 spec.releases[3].dependsOn[0]: release d is in layer config, which syncs after this release\'s layer controllers: neither would ever be ready',
      'clusters/lab/cluster.yaml:29:14 spec.releases[5].name: "demo" is the name of an enabled component; dependsOn could not tell them apart, so pick another release name',
    ]);
  });

  it('rejects a name a component\'s Helm release already has', async () => {
    const r = await render(`  demo:
    enabled: true
    namespace: other
  releases:
    - {name: demo, namespace: x, chart: x, repository: https://c.example.org, version: 1.0.0}
`);
    // "demo" is also the component's name: the loader reports that first.
    expect(lines(r.findings)[0]).toContain('spec.releases[0].name: "demo" is the name of an enabled component');
  });

  it('checks a release\'s Kubernetes range like a component\'s compatibility rows', async () => {
    const r = await render(`  releases:
    - name: old
      namespace: a
      chart: a
      repository: https://c.example.org
      version: 1.0.0
      kubernetes: {min: "1.34"}
    - name: new
      namespace: b
      chart: b
      repository: https://c.example.org
      version: 1.0.0
      kubernetes: {min: "1.29", max: "1.31"}
`);
    expect(r.findings.map(formatFinding)).toEqual([
      'clusters/lab/cluster.yaml:27:25 spec.releases[0].kubernetes.min: release old needs kubernetes >= 1.34, the cluster runs 1.33: its spec entry says the chart supports Kubernetes >= 1.34',
      'clusters/lab/cluster.yaml:33:38 spec.releases[1].kubernetes.max: warning: release new needs kubernetes <= 1.31, the cluster runs 1.33: its spec entry says the chart is tested up to Kubernetes 1.31; check the chart\'s notes before upgrading',
    ]);
  });
});

const BLOG = `# the blog
apiVersion: apps/v1
kind: Deployment
metadata:
  name: blog
  namespace: blog
spec:
  selector:
    matchLabels: {app: blog}
  template:
    metadata:
      labels: {app: blog}
    spec:
      containers:
        - name: web
          image: nginx:1.29.1
          resources:
            requests: {cpu: 10m, memory: 32Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: blog
  namespace: blog
spec:
  selector: {app: blog}
  ports:
    - {name: http, port: 8080}
`;

describe('spec.manifests', () => {
  it('writes each object into its layer under manifests/, with a Namespace for a namespace nothing else creates', async () => {
    const r = await render('  manifests:\n    - path: workloads/blog\n', { 'workloads/blog/app.yaml': BLOG, 'workloads/blog/README.md': 'not yaml' });
    expect(lines(r.findings)).toEqual([]);
    expect(r.rendered?.files.map((f) => f.path).filter((p) => p.includes('/manifests/') || p.includes('/namespaces/'))).toEqual([
      'controllers/namespaces/namespace-blog.yaml',
      'config/manifests/service-blog-blog.yaml',
      'config/manifests/deployment-blog-blog.yaml',
    ]);
    expect(file(r, 'config/manifests/service-blog-blog.yaml')).toEqual(parse(BLOG.split('---\n')[1]!));
    expect(file(r, 'controllers/namespaces/namespace-blog.yaml')?.metadata.labels['strata.dev/app-namespace']).toBe('true');
    const index = JSON.parse(r.rendered?.files.find((f) => f.path === 'index.json')?.content ?? '{}') as { files: { path: string; constructPath?: string }[] };
    expect(index.files.find((f) => f.path === 'config/manifests/service-blog-blog.yaml')?.constructPath).toBe('manifests/workloads/blog/app.yaml#1');
  });

  it('reports bad YAML at the manifest\'s file:line:col and renders nothing', async () => {
    const r = await render('  manifests:\n    - path: workloads/x.yaml\n', { 'workloads/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n' });
    expect(r.rendered).toBeUndefined();
    expect(lines(r.findings)).toEqual(['workloads/x.yaml:5:3 Map keys must be unique']);
  });

  it('refuses a plain scalar that YAML 1.1 and 1.2 readers read differently, at its line', async () => {
    const r = await render('  manifests:\n    - path: cm.yaml\n', { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata:\n  flag: on\n  ok: "on"\n' });
    expect(r.findings.map(formatFinding)).toEqual(['cm.yaml:5:9 on reads as a non-string in YAML 1.1 (kubectl, Helm) and a string in YAML 1.2 (strata)']);
  });

  it('asks a namespaced object for its namespace, and leaves cluster-scoped ones alone', async () => {
    const r = await render('  manifests:\n    - path: x.yaml\n', {
      'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []\n',
    });
    expect(lines(r.findings)).toEqual(['x.yaml:1:1 ConfigMap/a has no metadata.namespace']);
  });

  it('reports a missing path at its spec field, and a document that is no object at its line', async () => {
    const r = await render('  manifests:\n    - path: nowhere\n    - path: w.yaml\n    - path: w.yaml\n', { 'w.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\n---\n- 1\n---\nkind: X\n' });
    expect(lines(r.findings)).toEqual([
      'clusters/lab/cluster.yaml:22:13 spec.manifests[0].path: nowhere is neither a YAML file nor a folder with *.yaml or *.yml files',
      'w.yaml:5:1 document is a list, not a Kubernetes object',
      'w.yaml:7:1 document has no apiVersion, metadata.name',
      'clusters/lab/cluster.yaml:24:13 spec.manifests[2].path: w.yaml reads w.yaml, which spec.manifests[1] reads already',
    ]);
  });

  it('validates objects strictly and runs the policy rules, each finding at the manifest\'s own line', async () => {
    const bad = BLOG.replace('image: nginx:1.29.1', 'image: nginx:latest\n          imagePullPolicyy: Always').replace('kind: Service', 'kind: Service\nspec2: {}');
    const r = await render('  manifests:\n    - {path: app.yaml, layer: controllers}\n', { 'app.yaml': bad });
    expect(r.rendered).toBeUndefined();
    expect(lines(r.findings)).toEqual([
      'app.yaml:23:1 Service/blog/blog spec2: unknown field (did you mean spec?)',
      'app.yaml:17:11 Deployment/blog/blog spec.template.spec.containers[0].imagePullPolicyy: unknown field (did you mean imagePullPolicy?)',
      'app.yaml:16:11 Deployment/blog/blog spec.template.spec.containers[0].image: [image-pinned] image nginx:latest is not pinned',
    ]);
  });

  it('finds no validator for a kind nothing provides a CRD for, and validates it against a release\'s crdSchemas', async () => {
    const widget = 'apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w, namespace: blog}\nspec: {size: 3, colour: red}\n';
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.org}
spec:
  group: example.org
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
`;
    const without = await render('  manifests:\n    - path: w.yaml\n', { 'w.yaml': widget });
    expect(lines(without.findings)).toEqual(['w.yaml:1:1 Widget/blog/w: no validator for example.org/v1 Widget']);
    const withCrd = await render(
      '  releases:\n    - {name: widgets, namespace: widgets, chart: widgets, repository: https://c.example.org, version: 1.0.0, crdSchemas: crds/widgets.yaml}\n  manifests:\n    - path: w.yaml\n',
      { 'w.yaml': widget, 'crds/widgets.yaml': crd },
    );
    expect(lines(withCrd.findings)).toEqual(['w.yaml:4:17 Widget/blog/w spec.colour: unknown field']);
    // The CRD itself is only read: the release installs it.
    expect(withCrd.rendered).toBeUndefined();
  });

  it('feeds backend-exists: a backend may name a manifest Service, and a missing one is an error at its line', async () => {
    const ingress = (port: number) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: blog, namespace: blog}
spec:
  rules:
    - host: blog.example.org
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: blog, port: {number: ${port}}}
`;
    const ok = await render('  manifests:\n    - path: app.yaml\n    - path: ingress.yaml\n', { 'app.yaml': BLOG, 'ingress.yaml': ingress(8080) });
    expect(lines(ok.findings)).toEqual([]);
    const bad = await render('  manifests:\n    - path: app.yaml\n    - path: ingress.yaml\n', { 'app.yaml': BLOG, 'ingress.yaml': ingress(9090) });
    expect(lines(bad.findings)).toEqual([
      'ingress.yaml:12:15 Ingress/blog/blog spec.rules[0].http.paths[0].backend.service: [backend-exists] backend Service blog/blog has no port 9090: it has 8080 "http" (rendered/lab/config/manifests/service-blog-blog.yaml)',
    ]);
  });

  it('refuses an object that a component also renders, at the manifest\'s line', async () => {
    const r = await render('  demo:\n    enabled: true\n  manifests:\n    - path: ns.yaml\n', { 'ns.yaml': '# mine\napiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n' });
    expect(r.rendered).toBeUndefined();
    expect(lines(r.findings)).toEqual(['ns.yaml:2:1 Namespace/demo is rendered by demo already']);
  });
});
