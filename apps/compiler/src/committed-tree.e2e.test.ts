// The committed tree (rendered/ in this repository): what the specs render, what kustomize builds
// from it, and the NixOS modules that pin its bootstrap objects.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, REPO, strataIn } from './__fixtures__/cli.ts';
import { tool } from './pki/__fixtures__/workspace.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

describe('the committed tree', () => {
  it('is what the specs render (render --check on the repository)', async () => {
    const run = await strataIn(['render', '--check'], REPO);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('builds with kustomize in every folder a Kustomization points at', () => {
    const which = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (which.error !== undefined) throw new Error('kubectl is required for this test (it runs `kubectl kustomize`); install it or run .ci/run');
    for (const cluster of ['chromebox-lab', 'homelab', 'edge-bgp']) {
      const base = join(REPO, 'rendered', cluster);
      for (const folder of ['crds', 'controllers', 'config', cluster === 'edge-bgp' ? 'argocd' : 'flux-system']) {
        const res = spawnSync('kubectl', ['kustomize', join(base, folder)], { encoding: 'utf8' });
        expect(res.stderr, `${cluster}/${folder}`).toBe('');
        expect(res.status, `${cluster}/${folder}`).toBe(0);
        const listed = (readFileSync(join(base, folder, 'kustomization.yaml'), 'utf8').match(/^ {2}- /gm) ?? []).length;
        const built = res.stdout.trim() === '' ? 0 : res.stdout.split(/^---$/m).length;
        expect(built, `${cluster}/${folder}`).toBe(listed);
      }
    }
  });

  // nix-instantiate: required under CI=true, else skipped with the reason printed (like the pki-bootstrap tests).
  const nix = tool('nix-instantiate', ['--version'], 'nix-bin');
  it.runIf(nix.run)('pins every GitOps bootstrap object in the k8nix addons by the sha256 of its rendered bytes, in Nix that parses', () => {
    if (nix.missing !== undefined) throw new Error(`${nix.missing}; .ci/run installs it with tools/ci/setup-tools.sh`);
    const clusters = ['chromebox-lab', 'edge-bgp'];
    for (const cluster of clusters) {
      const dir = join(REPO, 'rendered', cluster, 'nixos');
      const engine = cluster === 'edge-bgp' ? 'argocd' : 'flux-system';
      const text = readFileSync(join(dir, 'kubernetes-addons.nix'), 'utf8');
      const pinned = [...text.matchAll(/builtins\.path \{ path = (\S+); .* sha256 = "([0-9a-f]{64})"; \}/g)].map((m) => [m[1]!, m[2]!] as const);
      const engineFiles = readFileSync(join(REPO, 'rendered', cluster, engine, 'kustomization.yaml'), 'utf8').match(/^ {2}- (.+)$/gm) ?? [];
      expect(pinned.map(([path]) => path).sort(), cluster).toEqual(engineFiles.map((l) => `../${engine}/${l.slice(4)}`).sort());
      for (const [path, sha] of pinned) {
        expect(createHash('sha256').update(readFileSync(join(dir, path))).digest('hex'), `${cluster} ${path}`).toBe(sha);
      }
      for (const file of ['kubernetes-addons.nix', 'kubernetes-pki.nix', 'host-network.nix']) {
        const parse = spawnSync('nix-instantiate', ['--parse', join(dir, file)], { encoding: 'utf8' });
        // What matters is that it parses: exit 0 and no error. A Nix that was never set up (no nixbld
        // group, nix.conf defaults) prints configuration warnings on stderr; those are not about the file.
        const errors = parse.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('warning: '));
        expect(errors, `${cluster} ${file}`).toEqual([]);
        expect(parse.status, `${cluster} ${file}`).toBe(0);
      }
    }
  });
});
