// strata diff (against the working tree and against a git ref), explain and spec, in-process
// (strataIn: the same `main` the bin runs).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, REPO, strataIn, tempWorkspace, treeHash } from './__fixtures__/cli.ts';
import { spec } from './__fixtures__/examples.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

describe('strata diff', () => {
  it('prints, object by object, what a spec edit would change, and writes nothing', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = spec(root, 'homelab');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('            - 192.168.1.224/28\n', '            - 192.168.1.224/28\n            - 192.168.1.208/28\n')
        .replace('mtu: 1500', 'mtu: 9000'),
    );
    const before = treeHash(join(root, 'rendered'));
    const run = await strataIn(['diff'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'homelab:',
        '  ~ HelmRelease/flux-system/cilium spec.values.MTU: 1500 → 9000',
        '  ~ CiliumLoadBalancerIPPool/internal spec.blocks[1] added: {"cidr":"192.168.1.208/28"}',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('2 objects would change; run `npm run render` to write them\n');
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
    expect((await strataIn(['render'], root)).code).toBe(0);
    const after = await strataIn(['diff'], root);
    expect([after.stdout, after.stderr]).toEqual(['', 'no changes\n']);
  });
});

describe('strata diff --base', () => {
  it('summarises how rendered/ changed since a git ref, as text and as a PR comment', async () => {
    const root = tempWorkspace();
    const git = (...args: string[]) => {
      const res = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: root, encoding: 'utf8' });
      if (res.status !== 0) throw new Error(res.stderr);
    };
    git('init', '-q');
    expect((await strataIn(['render'], root)).code).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'base');
    const file = spec(root, 'edge-bgp');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ecmpMaxPaths: 4', 'ecmpMaxPaths: 8').replace('communities: ["65010:100"]', 'communities: ["65010:200"]'));
    expect((await strataIn(['render'], root)).code).toBe(0);
    const run = await strataIn(['diff', '--base', 'HEAD'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('edge-bgp:\n  ~ CiliumBGPAdvertisement/bgp-loadbalancer-ips spec.advertisements[0].attributes.communities.standard[0]: "65010:100" → "65010:200"\n');
    expect(run.stderr).toBe('1 object changed since HEAD\n');
    const md = await strataIn(['diff', '--base', 'HEAD', '--markdown'], root);
    expect(md.stdout).toBe(
      '### strata diff\n\n**edge-bgp**: 0 added, 0 removed, 1 changed\n\n- `~ CiliumBGPAdvertisement/bgp-loadbalancer-ips spec.advertisements[0].attributes.communities.standard[0]: "65010:100" → "65010:200"`\n\n',
    );
    const bad = await strataIn(['diff', '--base', 'no-such-ref'], root);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^git ls-tree failed: fatal: Not a valid object name no-such-ref\n {2}hint: pass a commit/);
  });
});

describe('strata explain', () => {
  it('answers what each example encrypts, which path its traffic takes, where TLS ends and how certificates renew', async () => {
    const run = await strataIn(['explain'], REPO);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    await expect(run.stdout).toMatchFileSnapshot('__snapshots__/explain.txt');
  });

  it('refuses to explain a spec with errors, showing them', async () => {
    const root = tempWorkspace();
    const file = spec(root, 'homelab');
    writeFileSync(file, readFileSync(file, 'utf8').replace('mtu: 1500', 'mtu: 9300'));
    const run = await strataIn(['explain', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('clusters/homelab/cluster.yaml:31:10 spec.network.mtu: must be <= 9216\n');
    expect(run.stderr).toBe('homelab: the spec has 1 error; nothing to explain\n');
  });
});

describe('strata spec', () => {
  it('prints the resolved spec with the file and line that set each value, or default', async () => {
    const run = await strataIn(['spec', '--cluster', 'edge-bgp'], REPO);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'edge-bgp (clusters/edge-bgp/cluster.yaml; profiles: base)',
      '  apiVersion: "strata.dev/v1alpha1"  # clusters/edge-bgp/cluster.yaml:7:13',
      '  kind: "Cluster"  # clusters/edge-bgp/cluster.yaml:8:7',
    ]);
    expect(lines).toContain('  spec.certManager.version: "v1.21.1"  # clusters/_profiles/base.yaml:37:14');
    expect(lines).toContain('  spec.gitops.engine: "argocd"  # clusters/edge-bgp/cluster.yaml:19:13');
    expect(lines).toContain('  spec.gitops.interval: "10m"  # default');
    // An issuer merged by name: the profile sets its ACME server, the cluster its contact.
    expect(lines).toContain('  spec.certManager.issuers[0].acme.letsEncrypt: "production"  # clusters/_profiles/base.yaml:43:24');
    expect(lines).toContain('  spec.certManager.issuers[0].acme.email: "noc@example.net"  # clusters/edge-bgp/cluster.yaml:130:18');
  });
});
