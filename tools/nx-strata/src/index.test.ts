import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterProject, componentPackages, createNodesV2, enabledKeys, specChain, specInputPaths } from './index.ts';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-nx-'));
  const pkg = (dir: string, body: object) => {
    mkdirSync(join(root, 'packages', dir), { recursive: true });
    writeFileSync(join(root, 'packages', dir, 'package.json'), JSON.stringify(body));
  };
  pkg('core', { name: '@strata/core' });
  pkg('cilium-dataplane', { name: '@strata/cilium-dataplane', strata: { component: { key: 'cilium' } } });
  pkg('nginx-edge', { name: '@strata/nginx-edge', strata: { component: { key: 'nginxEdge' } } });
  mkdirSync(join(root, 'packages', 'not-a-package'));
  mkdirSync(join(root, 'clusters', 'lab'), { recursive: true });
  writeFileSync(join(root, 'clusters', 'lab', 'cluster.yaml'), 'spec:\n  cilium:\n    enabled: true\n  nginxEdge:\n    enabled: false\n');
  return root;
}

describe('nx-strata plugin', () => {
  it('maps spec keys to the component packages that declare them', () => {
    expect([...componentPackages(workspace()).entries()]).toEqual([
      ['cilium', '@strata/cilium-dataplane'],
      ['nginxEdge', '@strata/nginx-edge'],
    ]);
  });

  it('reads which blocks a spec enables, and enables nothing for a spec it cannot parse', () => {
    expect(enabledKeys('spec:\n  b: {enabled: true}\n  a: {enabled: true}\n  c: {enabled: "true"}\n')).toEqual(['a', 'b']);
    expect(enabledKeys('spec: [\n')).toEqual([]);
    expect(enabledKeys('')).toEqual([]);
    expect(enabledKeys('a: &a [*a, *a]\nspec: *a\n')).toEqual([]);
  });

  it('makes a cluster depend on the compiler and on the components it enables only', () => {
    const project = clusterProject('lab', 'spec:\n  cilium:\n    enabled: true\n', componentPackages(workspace()));
    expect(project.name).toBe('cluster-lab');
    expect(project.implicitDependencies).toEqual(['@strata/compiler', '@strata/cilium-dataplane']);
    expect(project.targets.render.command).toBe('strata render --cluster lab');
    expect(project.targets.render.outputs).toEqual(['{workspaceRoot}/rendered/lab']);
    // A hand edit under rendered/lab is an input, so it marks the cluster affected.
    expect(project.targets.render.inputs).toContain('{workspaceRoot}/rendered/lab/**/*');
    // So is a change to its SOPS-encrypted Secrets.
    expect(project.targets.render.inputs).toContain('{projectRoot}/secrets/**/*');
    expect(project.targets.validate.dependsOn).toEqual(['render']);
    expect(project.targets.validate.command).toBe(
      "strata validate --cluster lab && strata schemas export --out dist/schemas/lab && kubeconform -strict -summary -ignore-filename-pattern '(^|/)kustomization\\.yaml$' -ignore-filename-pattern '(^|/)index\\.json$' -ignore-filename-pattern '/nixos/' -schema-location 'dist/schemas/lab/{{ .ResourceKind }}{{ .KindSuffix }}.json' -schema-location 'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json' rendered/lab",
    );
  });

  it('makes the manifest folders and CRD schema files a spec reads inputs of its render and validate', () => {
    const spec = 'spec:\n  manifests:\n    - {path: workloads/blog/}\n    - {path: ../etc}\n  releases:\n    - {name: a, crdSchemas: crds/a.yaml}\n';
    expect(specInputPaths(spec)).toEqual(['crds/a.yaml', 'workloads/blog']);
    expect(specInputPaths('spec: [\n')).toEqual([]);
    const project = clusterProject('lab', spec, componentPackages(workspace()));
    expect(project.targets.render.inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/workloads/blog', '{workspaceRoot}/workloads/blog/**/*', '{workspaceRoot}/crds/a.yaml']));
    expect(project.targets.validate.inputs).toEqual(project.targets.render.inputs);
  });

  it('creates one project node per cluster.yaml', async () => {
    const root = workspace();
    const [, create] = createNodesV2;
    const result = await create(['clusters/lab/cluster.yaml'], undefined, { workspaceRoot: root, nxJsonConfiguration: {} } as never);
    expect(result).toHaveLength(1);
    const [file, nodes] = result[0]!;
    expect(file).toBe('clusters/lab/cluster.yaml');
    expect(Object.keys(nodes.projects ?? {})).toEqual(['clusters/lab']);
    expect(nodes.projects?.['clusters/lab']?.implicitDependencies).toEqual(['@strata/compiler', '@strata/cilium-dataplane']);
  });
});

describe('nx-strata plugin: profiles', () => {
  it('follows profiles through other profiles, stops at a cycle, and lists a missing one as an input', () => {
    const root = workspace();
    mkdirSync(join(root, 'clusters', '_profiles'), { recursive: true });
    writeFileSync(join(root, 'clusters/_profiles/a.yaml'), 'kind: Profile\nprofiles: [b, gone]\nspec:\n  nginxEdge:\n    enabled: true\n');
    writeFileSync(join(root, 'clusters/_profiles/b.yaml'), 'kind: Profile\nprofiles: [a]\nspec:\n  cilium:\n    enabled: true\n');
    const text = 'profiles: [a]\nspec:\n  cilium:\n    enabled: false\n';
    const chain = specChain(root, parse(text));
    expect(chain.profiles).toEqual(['b', 'gone', 'a']);
    const project = clusterProject('lab', text, componentPackages(root), chain);
    // The cluster file turns cilium off again; nginxEdge stays on from profile a.
    expect(project.implicitDependencies).toEqual(['@strata/compiler', '@strata/nginx-edge']);
    expect(project.targets.render.inputs?.slice(0, 4)).toEqual([
      '{projectRoot}/cluster.yaml',
      '{workspaceRoot}/clusters/_profiles/a.yaml',
      '{workspaceRoot}/clusters/_profiles/b.yaml',
      '{workspaceRoot}/clusters/_profiles/gone.yaml',
    ]);
  });

  it('counts the files a profile names in spec.manifests as inputs of the clusters built on it', () => {
    const root = workspace();
    mkdirSync(join(root, 'clusters', '_profiles'), { recursive: true });
    writeFileSync(join(root, 'clusters/_profiles/apps.yaml'), 'kind: Profile\nspec:\n  manifests:\n    - path: workloads/shared/\n');
    const text = 'profiles: [apps]\nspec:\n  manifests:\n    - path: workloads/own\n';
    const project = clusterProject('lab', text, componentPackages(root), specChain(root, parse(text)));
    expect(project.targets.render.inputs).toEqual(
      expect.arrayContaining(['{workspaceRoot}/workloads/own', '{workspaceRoot}/workloads/own/**/*', '{workspaceRoot}/workloads/shared', '{workspaceRoot}/workloads/shared/**/*']),
    );
  });

  it('makes no project of clusters/_profiles', async () => {
    const root = workspace();
    mkdirSync(join(root, 'clusters', '_profiles'), { recursive: true });
    writeFileSync(join(root, 'clusters/_profiles/cluster.yaml'), 'kind: Profile\n');
    const [, create] = createNodesV2;
    const result = await create(['clusters/_profiles/cluster.yaml', 'clusters/lab/cluster.yaml'], undefined, { workspaceRoot: root, nxJsonConfiguration: {} } as never);
    expect(result.map(([file]) => file)).toEqual(['clusters/lab/cluster.yaml']);
  });
});
