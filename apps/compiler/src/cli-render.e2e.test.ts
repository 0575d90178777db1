// strata render and render --check, in-process (strataIn: the same `main` the bin runs); the bin
// itself, as a process, is in cli.e2e.test.ts.
import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, strataIn, tempWorkspace, treeHash } from './__fixtures__/cli.ts';
import { CB, EB, HL, HOMELAB_WAIVED, spec } from './__fixtures__/examples.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

describe('strata render', () => {
  it('renders a skipped cluster again when a file under rendered/ was edited or removed by hand', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = join(root, 'rendered/edge-bgp/crds/kustomization.yaml');
    appendFileSync(file, '# hand edit\n');
    rmSync(join(root, 'rendered/homelab/config/kustomization.yaml'));
    const untouched = join(root, 'rendered/edge-bgp/index.json');
    const inodes = { untouched: statSync(untouched).ino, edited: statSync(file).ino };
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      `chromebox-lab: ${CB.o} objects in ${CB.f} files, unchanged (skipped: same inputs as its last render)`,
      `edge-bgp: ${EB.o} objects in ${EB.f} files, 1 written (<t> ms)`,
      `homelab: ${HL.o} objects in ${HL.f} files, 1 written (<t> ms)`,
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('# hand edit');
    // The files the render found unchanged were linked into the new folder, not written again.
    expect(statSync(untouched)).toMatchObject({ ino: inodes.untouched, nlink: 1 });
    expect(statSync(file).ino).not.toBe(inodes.edited);
  });

  it('puts back a published schema edited by hand even when every cluster is skipped, and --check reports it', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = join(root, 'schema/cluster.schema.json');
    const published = readFileSync(file, 'utf8');
    writeFileSync(file, published.replace('"type": "object"', '"type": "array"'));
    const check = await strataIn(['render', '--check'], root);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('schema/cluster.schema.json: out of date with the installed components');
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`homelab: ${HL.o} objects in ${HL.f} files, unchanged (skipped: same inputs as its last render)`);
    expect(run.stderr).toContain('schema/cluster.schema.json: updated\n');
    expect(readFileSync(file, 'utf8')).toBe(published);
    // Removed, it comes back too; then a render has nothing left to do.
    rmSync(join(root, 'schema/profile.schema.json'));
    expect((await strataIn(['render'], root)).stderr).toContain('schema/profile.schema.json: updated\n');
    expect((await strataIn(['render'], root)).stderr).not.toContain('updated');
  });

  it('stops a broken spec with file:line:col and writes nothing under rendered/', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const before = treeHash(root);
    const file = spec(root, 'homelab');
    writeFileSync(file, readFileSync(file, 'utf8').replace('mtu: 1500', 'mtu: 9300'));
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('clusters/homelab/cluster.yaml:31:10 spec.network.mtu: must be <= 9216\n');
    expect(run.stderr).toBe('1 error; nothing was written\n');
    const after = treeHash(root);
    delete after['clusters/homelab/cluster.yaml'];
    delete before['clusters/homelab/cluster.yaml'];
    expect(after).toEqual(before);
  });

  it('stops on bad YAML in a manifest with its file:line:col, writes nothing, and --check fails the same way', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render', '--cluster', 'homelab'], root)).code).toBe(0);
    const before = treeHash(join(root, 'rendered'));
    const manifest = join(root, 'workloads/blog/networkpolicy.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('  podSelector: {}', '  podSelector: {\n  policyTypes: [Ingress'));
    for (const args of [['render', '--cluster', 'homelab'], ['render', '--check', '--cluster', 'homelab']]) {
      const run = await strataIn(args, root);
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n')[0]).toMatch(/^workloads\/blog\/networkpolicy\.yaml:\d+:\d+ /);
      expect(run.stdout).toContain('  hint: fix the YAML at the position shown; nothing was written');
    }
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
  });

  it('fails --check with the list of stale, missing and foreign files, and fixes them on render', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = spec(root, 'homelab');
    // The branch comes from the base profile; the cluster file overrides it.
    writeFileSync(file, readFileSync(file, 'utf8').replace('  kubernetes:\n', '  gitops:\n    repository:\n      branch: staging\n  kubernetes:\n'));
    writeFileSync(join(root, 'rendered/homelab/config/stray.yaml'), 'kind: ConfigMap\n');
    rmSync(join(root, 'rendered/homelab/crds/kustomization.yaml'));
    const check = await strataIn(['render', '--check'], root);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n')).toEqual([
      'rendered/homelab/config/stray.yaml: not produced by the spec',
      '  hint: rendered/ is generated; remove the file or run `npm run render`',
      'rendered/homelab/crds/kustomization.yaml: missing; the spec renders it',
      '  hint: run `npm run render` and commit rendered/',
      'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml: differs from what the spec renders',
      '  hint: run `npm run render` and commit rendered/',
      'rendered/homelab/index.json: differs from what the spec renders',
      '',
    ]);
    expect(check.stderr).toBe(
      [
        `chromebox-lab: up to date (${CB.o} objects, ${CB.f} files)`,
        `edge-bgp: up to date (${EB.o} objects, ${EB.f} files)`,
        `homelab: out of date (${HL.o} objects, ${HL.f} files)`,
        'rendered/ is out of date: 4 problems; run `npm run render` and commit',
        '',
      ].join('\n'),
    );
    const fix = await strataIn(['render', '--cluster', 'homelab'], root);
    expect(fix.code).toBe(0);
    expect(fix.stderr).toBe(`homelab: ${HL.o} objects in ${HL.f} files, 3 written, 1 removed (<t> ms)\n${HOMELAB_WAIVED}\n`);
    expect(readFileSync(join(root, 'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml'), 'utf8')).toContain(
      'branch: staging',
    );
    expect((await strataIn(['render', '--check'], root)).code).toBe(0);
  });

  it('removes the folder of a cluster whose spec was deleted', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    rmSync(join(root, 'clusters/edge-bgp'), { recursive: true });
    const check = await strataIn(['render', '--check'], root);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(
      'rendered/edge-bgp: no cluster spec renders this folder\n  hint: run `npm run render` to remove it, or restore its clusters/<name>/cluster.yaml\n',
    );
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('rendered/edge-bgp: removed (its cluster spec is gone)\n');
    expect(Object.keys(treeHash(join(root, 'rendered/edge-bgp')))).toEqual([]);
  });

  it('prints a machine-readable summary with --json', async () => {
    const root = tempWorkspace();
    const run = await strataIn(['render', '--json', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; clusters: { name: string; objects: number; written: string[] }[] };
    expect(out.ok).toBe(true);
    expect(out.clusters.map((c) => [c.name, c.objects, c.written.length])).toEqual([['edge-bgp', EB.o, EB.f]]);
  });

  it('reports an unreadable spec as a finding, not a crash', async () => {
    const root = tempWorkspace();
    writeFileSync(spec(root, 'homelab'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    writeFileSync(spec(root, 'edge-bgp'), '');
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => !l.startsWith('  hint:'));
    expect(lines[0]).toMatch(/^clusters\/edge-bgp\/cluster\.yaml:1:1 /);
    expect(lines[1]).toMatch(/^clusters\/homelab\/cluster\.yaml:1:4 /);
    expect(run.stderr).toBe('2 errors; nothing was written\n');
    expect(treeHash(join(root, 'rendered'))).toEqual({});
  });
});
