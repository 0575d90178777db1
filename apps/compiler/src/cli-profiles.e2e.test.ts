// Profiles (clusters/_profiles/): what a profile edit re-renders, how diff names it, where its
// errors are reported; in-process (strataIn: the same `main` the bin runs).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, REPO, strataIn, tempWorkspace, treeHash } from './__fixtures__/cli.ts';
import { CB, EB, HL, spec } from './__fixtures__/examples.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

describe('profiles', () => {
  it('re-renders exactly the clusters that use an edited profile, and records its new sha256 in their index', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const flux = join(root, 'clusters/_profiles/flux.yaml');
    writeFileSync(flux, readFileSync(flux, 'utf8').replace('description: Clusters synced by Flux.', 'description: Clusters that Flux syncs.'));
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      `chromebox-lab: ${CB.o} objects in ${CB.f} files, 1 written (<t> ms)`,
      `edge-bgp: ${EB.o} objects in ${EB.f} files, unchanged (skipped: same inputs as its last render)`,
      `homelab: ${HL.o} objects in ${HL.f} files, 1 written (<t> ms)`,
    ]);
    const sha = createHash('sha256').update(readFileSync(flux)).digest('hex');
    const index = JSON.parse(readFileSync(join(root, 'rendered/homelab/index.json'), 'utf8')) as { profiles: { name: string; sha256: string }[] };
    expect(index.profiles.map((p) => p.name)).toEqual(['base', 'flux']);
    expect(index.profiles[1]!.sha256).toBe(sha);
  });

  it('shows in strata diff which profile moved a cluster, beside the objects it changed', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const flux = join(root, 'clusters/_profiles/flux.yaml');
    const before = createHash('sha256').update(readFileSync(flux)).digest('hex').slice(0, 8);
    writeFileSync(flux, readFileSync(flux, 'utf8').replace('    engine: flux\n', '    engine: flux\n    interval: 15m\n'));
    const after = createHash('sha256').update(readFileSync(flux)).digest('hex').slice(0, 8);
    const run = await strataIn(['diff', '--cluster', 'homelab', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'homelab:',
      `  profile flux: ${before} → ${after}`,
      '  ~ Kustomization/flux-system/homelab-config spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-controllers spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-crds spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-gitops spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-secrets spec.interval: "10m" → "15m"',
      '',
    ]);
  });

  it('stops a bad value in a profile at the profile line, once, and writes nothing', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const before = treeHash(root);
    const base = join(root, 'clusters/_profiles/base.yaml');
    writeFileSync(base, readFileSync(base, 'utf8').replace('clusterDomain: cluster.local', 'clusterDomain: Cluster_Local'));
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('clusters/_profiles/base.yaml:23:20 spec.network.clusterDomain: must be a DNS domain such as cluster.local\n');
    expect(run.stderr).toBe('1 error; nothing was written\n');
    const after = treeHash(root);
    delete after['clusters/_profiles/base.yaml'];
    delete before['clusters/_profiles/base.yaml'];
    expect(after).toEqual(before);
  });

  it('places a value a cluster cannot take at the profile line that set it, naming the cluster', async () => {
    const root = tempWorkspace();
    const base = join(root, 'clusters/_profiles/base.yaml');
    // Valid for a profile (any Kubernetes version), but older than what the components support.
    writeFileSync(base, readFileSync(base, 'utf8').replace('version: "1.33"', 'version: "1.20"'));
    const run = await strataIn(['render', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(1);
    // cert-manager's version is set in the profile: the finding is there, and says which cluster it is about.
    expect(run.stdout.split('\n')[0]).toBe(
      'clusters/_profiles/base.yaml:37:14 spec.certManager.version: cert-manager needs kubernetes >= 1.33, the cluster runs 1.20: cert-manager v1.21.1 supports Kubernetes 1.33–1.36 (cert-manager.io/docs/releases (cert-manager/website content/docs/releases/README.md)) (cluster edge-bgp)',
    );
  });

  it('renders docs/profiles.md\'s example of growing the fleet, with the waiver the flux profile brings', async () => {
    const readme = readFileSync(join(REPO, 'docs/profiles.md'), 'utf8');
    const example = /```yaml\n# clusters\/lab-2\/cluster\.yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const root = tempWorkspace();
    mkdirSync(join(root, 'clusters/lab-2'));
    writeFileSync(spec(root, 'lab-2'), example!);
    const run = await strataIn(['render', '--cluster', 'lab-2'], root);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^lab-2: \d+ objects in \d+ files, \d+ written \(<t> ms\)\nlab-2: waived \[upstream-pinned\] OCIRepository\/flux-system\/cert-manager-cert-manager: /);
  });

  it('refuses a missing profile at the line that names it, with the known ones', async () => {
    const root = tempWorkspace();
    const file = spec(root, 'homelab');
    writeFileSync(file, readFileSync(file, 'utf8').replace('profiles: [flux]', 'profiles: [flux, nope]'));
    const run = await strataIn(['render', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'clusters/homelab/cluster.yaml:9:18 profiles[1]: no profile "nope": clusters/_profiles/nope.yaml does not exist\n  hint: known profiles: base, flux\n',
    );
    expect(run.stderr).toBe('1 error; nothing was written\n');
  });
});
