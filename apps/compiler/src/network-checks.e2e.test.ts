import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, strataIn, tempWorkspace, treeHash } from './__fixtures__/cli.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

/** Replaces `from` (which must occur) in an example spec of the workspace. */
function edit(root: string, name: string, from: string, to: string): void {
  const file = join(root, 'clusters', name, 'cluster.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text.includes(from), from).toBe(true);
  writeFileSync(file, text.replace(from, to));
}

// Issue 16: each mistake rendered cleanly into a cluster that could not work.
describe('strata render refuses the network mistakes of issue 16', () => {
  it('stops a pod CIDR with fewer node blocks than nodes and a BGP peer that is a node, at their lines, and writes nothing', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const before = treeHash(root);
    edit(root, 'homelab', 'podCIDR: 10.69.0.0/16', 'podCIDR: 10.69.0.0/24');
    edit(root, 'edge-bgp', 'address: 172.16.10.2\n', 'address: 172.16.10.12\n');
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('  hint:'))).toEqual([
      'clusters/edge-bgp/cluster.yaml:62:20 spec.cilium.bgp.peers[1].address: 172.16.10.12 is the address of node edge-2: the cluster cannot peer with itself, so the session never comes up',
      'clusters/homelab/cluster.yaml:29:14 spec.network.podCIDR: pod CIDR 10.69.0.0/24 holds 1 /24 node block but the spec lists 3 nodes; 2 would get no pod addresses',
    ]);
    const after = treeHash(root);
    for (const name of ['homelab', 'edge-bgp']) {
      delete after[`clusters/${name}/cluster.yaml`];
      delete before[`clusters/${name}/cluster.yaml`];
    }
    expect(after).toEqual(before);
  });

  it('stops a second route for a host and path on the same class', async () => {
    const root = tempWorkspace();
    edit(root, 'homelab', '    routes:\n', '    routes:\n      - name: grafana-old\n        namespace: monitoring\n        class: internal-canary\n        host: grafana.home.example.org\n        service: {name: kube-prometheus-stack-grafana, port: 80}\n');
    const run = await strataIn(['render', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('clusters/'))).toEqual([
      'clusters/homelab/cluster.yaml:112:9 spec.edge.routes[1].paths[0].path: grafana.home.example.org Prefix / on class internal-canary is already routed by spec.edge.routes[0] (monitoring/grafana-old) paths[0]; ingress-nginx merges the Ingresses and the oldest one wins, silently',
    ]);
  });
});
