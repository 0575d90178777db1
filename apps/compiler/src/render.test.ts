import { createSpecLoader, formatFinding } from '@strata/core';
import { RULES } from '@strata/policy';
import { describe, expect, it } from 'vitest';
import { demo } from './__fixtures__/demo-component.ts';
import { specYaml } from './__fixtures__/specs.ts';
import { sha256 } from './layout.ts';
import { renderCluster } from './render.ts';

const loader = createSpecLoader([demo]);
const entry = { name: 'lab', specFile: 'clusters/lab/cluster.yaml' };
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const render = (extra: string, engine = 'flux') => renderCluster(entry, bytes(specYaml('lab', extra, engine)), loader, [demo]);

describe('renderCluster', () => {
  it('lays out one object per file under layer/component, with a kustomization per folder and an index', async () => {
    const { rendered, findings } = await render('  demo:\n    enabled: true\n');
    expect(findings).toEqual([]);
    expect(rendered?.files.map((f) => f.path)).toEqual([
      'crds/kustomization.yaml',
      'controllers/demo/namespace-demo.yaml',
      'controllers/demo/helmrepository-flux-system-charts-example-org-demo.yaml',
      'controllers/demo/helmrelease-flux-system-demo.yaml',
      'controllers/kustomization.yaml',
      'config/demo/configmap-demo-demo-settings.yaml',
      'config/kustomization.yaml',
      'flux-system/gitrepository-flux-system-lab.yaml',
      'flux-system/kustomization-flux-system-lab-config.yaml',
      'flux-system/kustomization-flux-system-lab-controllers.yaml',
      'flux-system/kustomization-flux-system-lab-crds.yaml',
      'flux-system/kustomization-flux-system-lab-gitops.yaml',
      'flux-system/kustomization.yaml',
      'index.json',
    ]);
    expect(rendered?.objectCount).toBe(9);
    const controllers = rendered?.files.find((f) => f.path === 'controllers/kustomization.yaml');
    expect(controllers?.content).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - demo/namespace-demo.yaml',
        '  - demo/helmrepository-flux-system-charts-example-org-demo.yaml',
        '  - demo/helmrelease-flux-system-demo.yaml',
        '',
      ].join('\n'),
    );
    expect(rendered?.files.find((f) => f.path === 'crds/kustomization.yaml')?.content).toContain('resources: []\n');
  });

  it('records every file with its sha256, component and construct path in the index', async () => {
    const { rendered } = await render('  demo:\n    enabled: true\n');
    const index = JSON.parse(rendered?.files.find((f) => f.path === 'index.json')?.content ?? '{}') as {
      spec: { sha256: string };
      files: { path: string; sha256: string; component: string; constructPath?: string }[];
    };
    expect(index.spec.sha256).toBe(sha256(specYaml('lab', '  demo:\n    enabled: true\n')));
    for (const file of rendered?.files ?? []) {
      if (file.path === 'index.json') continue;
      expect(index.files.find((f) => f.path === file.path)?.sha256, file.path).toBe(sha256(file.content));
    }
    expect(index.files.find((f) => f.path === 'config/demo/configmap-demo-demo-settings.yaml')).toMatchObject({
      component: 'demo',
      constructPath: 'demo/config/configmap-demo-demo-settings',
    });
  });

  it('puts pinned Git manifests into the crds layer of their component', async () => {
    const { rendered, findings } = await render('  demo:\n    enabled: true\n    gatewayCrds: true\n');
    expect(findings).toEqual([]);
    expect(rendered?.files.filter((f) => f.folder === 'crds').map((f) => f.path)).toEqual([
      'crds/demo/gitrepository-flux-system-gateway-api-crds.yaml',
      'crds/demo/kustomization-flux-system-gateway-api-crds.yaml',
      'crds/kustomization.yaml',
    ]);
  });

  it('stops on a policy error, naming the rule, the file and the object', async () => {
    const { rendered, findings } = await render('  demo:\n    enabled: true\n    image: nginx:latest\n');
    expect(rendered).toBeUndefined();
    expect(findings.map(formatFinding)).toEqual([
      'rendered/lab/controllers/demo/deployment-demo-demo-app.yaml Deployment/demo/demo-app spec.template.spec.containers[0].image: [image-pinned] image nginx:latest is not pinned',
    ]);
  });

  it('renders a waived violation and reports the waiver; an unused waiver is a warning at its line', async () => {
    const waivers = [
      '  policy:',
      '    waivers:',
      '      - rule: image-pinned',
      '        object: Deployment/demo/demo-app',
      '        reason: upstream publishes no versioned tag yet',
      '      - rule: image-pinned',
      '        object: Deployment/demo/other',
      '        reason: left over from an old deployment',
      '',
    ].join('\n');
    const { rendered, findings } = await render(`  demo:\n    enabled: true\n    image: nginx:latest\n${waivers}`);
    expect(rendered?.waived).toEqual([{ rule: 'image-pinned', object: 'Deployment/demo/demo-app', reason: 'upstream publishes no versioned tag yet' }]);
    expect(findings.map(formatFinding)).toEqual([
      'clusters/lab/cluster.yaml:29:9 spec.policy.waivers[1]: warning: waiver of image-pinned for Deployment/demo/other matches no violation',
    ]);
  });

  it('quotes a spec string that YAML 1.1 readers would take for a boolean, in an object and in Helm values', async () => {
    const { rendered, findings } = await render('  demo:\n    enabled: true\n    note: "on"\n');
    expect(findings).toEqual([]);
    const content = (path: string): string => rendered?.files.find((f) => f.path === path)?.content ?? '';
    expect(content('config/demo/configmap-demo-demo-settings.yaml')).toContain('\n  note: "on"\n');
    expect(content('controllers/demo/helmrelease-flux-system-demo.yaml')).toContain('\n    note:\n      text: "on"\n');
  });

  it('renders nothing for a component that is off', async () => {
    const { rendered } = await render('');
    expect(rendered?.files.some((f) => f.path.includes('/demo/'))).toBe(false);
  });

  it('passes the component health checks to the engine', async () => {
    const { rendered } = await render('  demo:\n    enabled: true\n');
    const ks = rendered?.files.find((f) => f.path === 'flux-system/kustomization-flux-system-lab-controllers.yaml')?.content ?? '';
    expect(ks).toContain('wait: false');
    expect(ks).toMatch(/healthChecks:[\s\S]*kind: Deployment\n\s+name: demo\n\s+namespace: demo/);
  });

  it('reports an object that fails its schema with the file it would go to', async () => {
    const { rendered, findings } = await render('  demo:\n    enabled: true\n    breakSchema: true\n');
    expect(rendered).toBeUndefined();
    expect(findings.map(formatFinding)).toEqual(['rendered/lab/config/demo/configmap-demo-bad.yaml ConfigMap/demo/bad data.n: must be string']);
  });

  it('refuses a Secret with data, even with a waiver', async () => {
    const waiver = '  policy:\n    waivers:\n      - rule: no-secret-data\n        object: Secret/demo/creds\n        reason: it is only a test password\n';
    const { rendered, findings } = await render(`  demo:\n    enabled: true\n    secretData: true\n${waiver}`);
    expect(rendered).toBeUndefined();
    expect(findings.map(formatFinding)).toEqual([
      'rendered/lab/config/demo/secret-demo-creds.yaml Secret/demo/creds stringData: [no-secret-data] Secret carries stringData (keys: password)',
      `clusters/lab/cluster.yaml:26:9 spec.policy.waivers[0]: warning: no-secret-data cannot be waived (${RULES.find((r) => r.id === 'no-secret-data')?.title}); the waiver for Secret/demo/creds has no effect`,
    ]);
  });

  it('refuses an object added outside a layer', async () => {
    const { findings } = await render('  demo:\n    enabled: true\n    outsideLayer: true\n');
    expect(findings.map(formatFinding)).toEqual(['Namespace/stray: demo added Namespace/stray outside a layer']);
  });

  it('reports two objects that map to the same file', async () => {
    const { findings } = await render('  demo:\n    enabled: true\n    clash: true\n');
    expect(findings.map(formatFinding)).toContain(
      'rendered/lab/config/demo/configmap-demo-demo-settings.yaml: ConfigMap/demo/demo-settings and ConfigMap/demo/demo-settings both render to config/demo/configmap-demo-demo-settings.yaml',
    );
  });

  it('turns a SpecError from a component into a finding at the field', async () => {
    const { rendered, findings } = await render('  demo:\n    enabled: true\n    replicas: 7\n');
    expect(rendered).toBeUndefined();
    expect(findings.map(formatFinding)).toEqual(['clusters/lab/cluster.yaml:23:15 spec.demo.replicas: must be <= 5 (got 7)']);
  });

  it('lets any other component exception escape as an internal error naming the component', async () => {
    await expect(render('  demo:\n    enabled: true\n    crash: true\n')).rejects.toThrow('component demo failed: boom');
  });

  it('returns spec findings without rendering when the spec is invalid', async () => {
    const { rendered, findings } = await render('  demo:\n    enabled: yes-please\n');
    expect(rendered).toBeUndefined();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.file === 'clusters/lab/cluster.yaml')).toBe(true);
  });

  it('renders the same component objects for either engine; only Helm installs and the engine folder differ', async () => {
    const flux = await render('  demo:\n    enabled: true\n', 'flux');
    const argo = await render('  demo:\n    enabled: true\n', 'argocd');
    const layerFiles = (r: typeof flux) =>
      (r.rendered?.files ?? [])
        .filter((f) => /^(crds|controllers|config)\//.test(f.path) && !/\/(helm\w+|application)-|kustomization\.yaml$/.test(f.path))
        .map((f) => [f.path, f.content]);
    expect(layerFiles(argo)).toEqual(layerFiles(flux));
    expect(argo.rendered?.files.map((f) => f.path)).toContain('controllers/demo/application-argocd-demo.yaml');
    expect(argo.rendered?.files.some((f) => f.path.startsWith('argocd/'))).toBe(true);
    expect(argo.rendered?.files.some((f) => f.path.startsWith('flux-system/'))).toBe(false);
  });
});
