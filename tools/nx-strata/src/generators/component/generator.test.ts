import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { E2E_TIMEOUT } from '@strata/core/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import componentGenerator from './generator.ts';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

function treeWithPackages() {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('packages/internal-dns/package.json', readFileSync(join(REPO, 'packages/internal-dns/package.json'), 'utf8'));
  return tree;
}

describe('component generator (in a virtual tree)', () => {
  it('writes the package, its tests, README and changeset, with the workspace dependency ranges', async () => {
    const tree = treeWithPackages();
    await componentGenerator(tree, { name: 'storage-local-path', description: 'Local-path storage: a StorageClass per node disk.', skipInstall: true });
    expect(tree.children('packages/storage-local-path').sort()).toEqual(['README.md', 'package.json', 'src', 'tsconfig.build.json', 'tsconfig.json']);
    expect(tree.children('packages/storage-local-path/src').sort()).toEqual(['explain.ts', 'facts.ts', 'index.test.ts', 'index.ts', 'render.ts', 'schema.ts', 'spec.ts']);
    const pkg = JSON.parse(tree.read('packages/storage-local-path/package.json', 'utf-8') ?? '') as Record<string, any>;
    expect(pkg.name).toBe('@strata/storage-local-path');
    expect(pkg.strata).toEqual({ component: { key: 'storageLocalPath', spec: './spec' } });
    expect(pkg.exports).toEqual({ '.': './src/index.ts', './spec': './src/spec.ts' });
    const internalDns = JSON.parse(readFileSync(join(REPO, 'packages/internal-dns/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toEqual(internalDns.dependencies);
    expect(tree.read('.changeset/storage-local-path-component.md', 'utf-8')).toBe(
      '---\n"@strata/storage-local-path": minor\n---\n\nNew component package @strata/storage-local-path (`spec.storageLocalPath`): Local-path storage: a StorageClass per node disk.\n',
    );
    expect(tree.read('packages/storage-local-path/src/spec.ts', 'utf-8')).toContain("key: 'storageLocalPath',");
  });

  it('refuses a name that is not kebab-case, a key that is taken, and a folder that exists', async () => {
    await expect(componentGenerator(treeWithPackages(), { name: 'Storage_Path' })).rejects.toThrow('component name "Storage_Path" must be kebab-case');
    await expect(componentGenerator(treeWithPackages(), { name: 'dns', key: 'internalDNS' })).rejects.toThrow('spec.internalDNS is already the block of @strata/internal-dns');
    await expect(componentGenerator(treeWithPackages(), { name: 'internal-dns', key: 'other' })).rejects.toThrow('packages/internal-dns already exists');
    await expect(componentGenerator(treeWithPackages(), { name: 'x', key: 'Not-camel' })).rejects.toThrow('spec key "Not-camel" must be camelCase');
  });
});

// The real thing: `nx g` in a temporary workspace (a copy of this one's packages, with its own
// node_modules/@strata; the other dependencies linked), then the real CLI renders a cluster that enables
// the new component, and the new package's own tests and typecheck pass.
describe('nx g @strata/nx-strata:component, then strata render', () => {
  const root = mkdtempSync(join(tmpdir(), 'strata-generator-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function workspace(): void {
    for (const f of ['package.json', 'nx.json', 'tsconfig.base.json', 'tsconfig.build.json', 'tsconfig.json', 'vitest.config.ts', 'vitest.global-setup.ts']) cpSync(join(REPO, f), join(root, f));
    // Copies, not links: nx finds projects only in real folders, and the compiler finds components
    // from its own node_modules/@strata, so it must live in this workspace (4 MB in all).
    for (const dir of ['packages', 'tools', 'apps']) cpSync(join(REPO, dir), join(root, dir), { recursive: true });
    // The plain YAML homelab's spec.manifests reads.
    cpSync(join(REPO, 'workloads'), join(root, 'workloads'), { recursive: true });
    mkdirSync(join(root, 'node_modules/@strata'), { recursive: true });
    for (const e of readdirSync(join(REPO, 'node_modules'))) {
      if (e !== '@strata' && e !== '.cache') symlinkSync(join(REPO, 'node_modules', e), join(root, 'node_modules', e));
    }
    for (const e of readdirSync(join(REPO, 'node_modules/@strata'))) {
      symlinkSync(`../../${relativeTarget(e)}`, join(root, 'node_modules/@strata', e), 'dir');
    }
    const homelab = parseDocument(readFileSync(join(REPO, 'clusters/homelab/cluster.yaml'), 'utf8'));
    homelab.setIn(['spec', 'demoWidget'], { enabled: true, settings: { greeting: 'hello' } });
    mkdirSync(join(root, 'clusters/homelab'), { recursive: true });
    writeFileSync(join(root, 'clusters/homelab/cluster.yaml'), homelab.toString());
    // homelab builds on the shared profiles.
    cpSync(join(REPO, 'clusters/_profiles'), join(root, 'clusters/_profiles'), { recursive: true });
  }

  /** Where npm linked a workspace package: `packages/x` or `tools/x` or `apps/x`. */
  function relativeTarget(entry: string): string {
    for (const dir of ['packages', 'tools', 'apps']) if (existsSync(join(REPO, dir, entry, 'package.json'))) return `${dir}/${entry}`;
    throw new Error(`no workspace folder for @strata/${entry}`);
  }

  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', NO_COLOR: '1', CI: 'true' };

  it(
    'scaffolds a package that renders at once, whose own tests and typecheck pass',
    () => {
      workspace();
      const gen = spawnSync(process.execPath, [join(root, 'node_modules/.bin/nx'), 'g', '@strata/nx-strata:component', 'demo-widget', '--skipInstall', '--no-interactive'], { cwd: root, env, encoding: 'utf8' });
      expect(gen.status, gen.stdout + gen.stderr).toBe(0);
      expect(gen.stdout).toContain('CREATE packages/demo-widget/src/index.ts');
      expect(lstatSync(join(root, 'node_modules/@strata/demo-widget')).isSymbolicLink()).toBe(true);

      const render = spawnSync(process.execPath, [join(root, 'apps/compiler/bin/strata.js'), 'render', '--root', root, '--cluster', 'homelab'], { cwd: root, env, encoding: 'utf8' });
      expect(render.status, render.stderr).toBe(0);
      const configMap = parse(readFileSync(join(root, 'rendered/homelab/config/demo-widget/configmap-demo-widget-demo-widget.yaml'), 'utf8')) as Record<string, any>;
      expect(configMap).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'demo-widget', namespace: 'demo-widget' }, data: { greeting: 'hello' } });
      const namespaces = readdirSync(join(root, 'rendered/homelab/controllers/namespaces'));
      expect(namespaces).toContain('namespace-demo-widget.yaml');

      const tests = spawnSync(process.execPath, [join(root, 'node_modules/.bin/vitest'), 'run', '--project', '@strata/demo-widget'], { cwd: root, env, encoding: 'utf8' });
      expect(tests.status, tests.stdout + tests.stderr).toBe(0);
      expect(tests.stdout).toMatch(/Tests\s+4 passed/);
      const tsc = spawnSync(process.execPath, [join(root, 'node_modules/.bin/tsc'), '-p', join(root, 'packages/demo-widget/tsconfig.json')], { cwd: root, env, encoding: 'utf8' });
      expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    },
    E2E_TIMEOUT * 4,
  );
});
