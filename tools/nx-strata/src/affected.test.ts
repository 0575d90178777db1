import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * A small fleet with this plugin and the real nx: a uses p1, b uses p2 (which
 * builds on p1), c uses p3, d uses none.
 */
function fleet(): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-nx-affected-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  copyFileSync(join(REPO, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  for (const file of ['index.ts', 'profiles.ts']) {
    mkdirSync(join(root, 'tools/nx-strata/src'), { recursive: true });
    copyFileSync(join(HERE, file), join(root, 'tools/nx-strata/src', file));
  }
  write('nx.json', JSON.stringify({ neverConnectToCloud: true, plugins: ['./tools/nx-strata/src/index.ts'] }));
  write('package.json', JSON.stringify({ name: 'fleet', private: true, type: 'module', workspaces: ['packages/*'] }));
  write('packages/compiler/package.json', JSON.stringify({ name: '@strata/compiler' }));
  write('packages/cilium/package.json', JSON.stringify({ name: '@strata/cilium-dataplane', strata: { component: { key: 'cilium' } } }));
  const profile = (name: string, body: string) => write(`clusters/_profiles/${name}.yaml`, `apiVersion: strata.dev/v1alpha1\nkind: Profile\n${body}`);
  profile('p1', 'spec:\n  cilium:\n    enabled: true\n');
  profile('p2', 'profiles: [p1]\nspec:\n  network:\n    mtu: 9000\n');
  profile('p3', 'spec:\n  network:\n    mtu: 1400\n');
  const cluster = (name: string, profiles: string) => write(`clusters/${name}/cluster.yaml`, `apiVersion: strata.dev/v1alpha1\nkind: Cluster\n${profiles}metadata:\n  name: ${name}\n`);
  cluster('a', 'profiles: [p1]\n');
  cluster('b', 'profiles: [p2]\n');
  cluster('c', 'profiles: [p3]\n');
  cluster('d', '');
  return root;
}

function nx(root: string, ...args: string[]): string {
  return execFileSync(process.execPath, [join(REPO, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', NX_TUI: 'false', CI: 'true' },
  });
}

const affected = (root: string, file: string) =>
  nx(root, 'show', 'projects', '--affected', `--files=${file}`, '--json')
    .trim()
    .split('\n')
    .at(-1);

describe('nx affected with profiles (the real nx)', () => {
  it('marks exactly the clusters that use an edited profile, directly or through another profile', { timeout: 180_000 }, () => {
    const root = fleet();
    expect(JSON.parse(affected(root, 'clusters/_profiles/p1.yaml') ?? '[]').sort()).toEqual(['cluster-a', 'cluster-b']);
    expect(JSON.parse(affected(root, 'clusters/_profiles/p2.yaml') ?? '[]')).toEqual(['cluster-b']);
    expect(JSON.parse(affected(root, 'clusters/_profiles/p3.yaml') ?? '[]')).toEqual(['cluster-c']);
    // A component a cluster enables only through a profile is still its dependency.
    const graph = JSON.parse(nx(root, 'show', 'project', 'cluster-b', '--json').trim().split('\n').at(-1) ?? '{}') as { implicitDependencies?: string[] };
    expect(graph.implicitDependencies).toEqual(['@strata/compiler', '@strata/cilium-dataplane']);
  });
});
