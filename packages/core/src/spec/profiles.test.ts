import { describe, expect, it } from 'vitest';
import { formatFinding } from '../errors.ts';
import { createSpecLoader, type LoadResult, type ProfileFiles } from './load.ts';

const FILE = 'clusters/x/cluster.yaml';
const utf8 = (text: string) => new TextEncoder().encode(text);
const loader = createSpecLoader([]);

const BASE = `apiVersion: strata.dev/v1alpha1
kind: Profile
spec:
  kubernetes:
    version: "1.33"
  gitops:
    interval: 5m
    repository:
      url: https://github.com/acme/fleet
  network:
    mtu: 9000
    nodes:
      - name: cp1
        address: 10.0.0.10
        roles: [control-plane]
      - name: w1
        address: 10.0.0.11
        roles: [worker]
`;

const CLUSTER = `apiVersion: strata.dev/v1alpha1
kind: Cluster
profiles: [base]
metadata:
  name: x
spec:
  network:
    nodeSubnet: 10.0.0.0/24
    podCIDR: 10.69.0.0/16
    serviceCIDR: 10.96.0.0/16
`;

function profiles(files: Record<string, string>): ProfileFiles {
  return new Map(Object.entries(files).map(([name, text]) => [name, { file: `clusters/_profiles/${name}.yaml`, bytes: utf8(text) }]));
}

function load(cluster: string, files: Record<string, string> = { base: BASE }): LoadResult {
  return loader.load({ file: FILE, bytes: utf8(cluster), expectedName: 'x', profiles: profiles(files) });
}

const lines = (r: LoadResult) => r.findings.map(formatFinding);

describe('profiles: merging', () => {
  it('builds a cluster from a profile, the cluster file winning', () => {
    const r = load(CLUSTER.replace('    serviceCIDR: 10.96.0.0/16\n', '    serviceCIDR: 10.96.0.0/16\n    mtu: 1500\n'));
    expect(lines(r)).toEqual([]);
    expect(r.cluster!.spec.network.mtu).toBe(1500);
    expect(r.cluster!.spec.gitops.interval).toBe('5m');
    expect(r.cluster!.spec.network.nodes.map((n) => n.name)).toEqual(['cp1', 'w1']);
    expect(r.profiles).toEqual([{ name: 'base', file: 'clusters/_profiles/base.yaml', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('merges named entries by name, appends new ones and removes one marked $remove', () => {
    const r = load(`${CLUSTER}    nodes:\n      - name: cp1\n        address: 10.0.0.20\n      - name: w1\n        $remove: true\n      - name: w2\n        address: 10.0.0.12\n        roles: [worker]\n`);
    expect(lines(r)).toEqual([]);
    expect(r.cluster!.spec.network.nodes).toEqual([
      { name: 'cp1', address: '10.0.0.20', roles: ['control-plane'], maintenance: false },
      { name: 'w2', address: '10.0.0.12', roles: ['worker'], maintenance: false },
    ]);
  });

  it('replaces a list that has no merge key (a node\'s roles)', () => {
    const r = load(`${CLUSTER}    nodes:\n      - name: w1\n        roles: [control-plane, worker]\n`);
    expect(r.cluster!.spec.network.nodes[1]!.roles).toEqual(['control-plane', 'worker']);
  });

  it('applies later profiles over earlier ones, and a profile over those it builds on', () => {
    const wide = 'apiVersion: strata.dev/v1alpha1\nkind: Profile\nprofiles: [base]\nspec:\n  network:\n    mtu: 9216\n';
    const slow = 'apiVersion: strata.dev/v1alpha1\nkind: Profile\nspec:\n  gitops:\n    interval: 1h\n';
    const r = load(CLUSTER.replace('profiles: [base]', 'profiles: [wide, slow]'), { base: BASE, wide, slow });
    expect(lines(r)).toEqual([]);
    expect(r.cluster!.spec.network.mtu).toBe(9216);
    expect(r.cluster!.spec.gitops.interval).toBe('1h');
    expect(r.profiles?.map((p) => p.name)).toEqual(['base', 'wide', 'slow']);
  });

  it('warns about a $remove that matches nothing inherited, at its line', () => {
    const r = load(`${CLUSTER}    nodes:\n      - name: w9\n        $remove: true\n`);
    expect(lines(r)).toEqual([
      'clusters/x/cluster.yaml:12:9 spec.network.nodes[0]: warning: $remove: nothing inherited has this name; the entry has no effect',
    ]);
  });
});

describe('profiles: $remove', () => {
  it('leaves a $remove that is not true for the schema to report, at its line', () => {
    const r = load(`${CLUSTER}    nodes:\n      - name: w1\n        $remove: false\n`);
    expect(lines(r)).toEqual(['clusters/x/cluster.yaml:13:9 spec.network.nodes[1].$remove: unknown field (allowed: name, address, roles, zone, maintenance)']);
  });
});

describe('profiles: provenance', () => {
  it('reports a value the profile schema rejects in the profile itself', () => {
    const r = load(CLUSTER, { base: BASE.replace('mtu: 9000', 'mtu: 99999') });
    expect(lines(r)).toEqual(['clusters/_profiles/base.yaml:11:10 spec.network.mtu: must be <= 9216']);
  });

  it('places a finding about an inherited value at the profile line, naming the cluster', () => {
    const r = load(CLUSTER.replace('nodeSubnet: 10.0.0.0/24', 'nodeSubnet: 10.1.0.0/24'));
    expect(lines(r)).toEqual([
      'clusters/_profiles/base.yaml:14:18 spec.network.nodes[0].address: 10.0.0.10 is outside nodeSubnet 10.1.0.0/24 (cluster x)',
      'clusters/_profiles/base.yaml:17:18 spec.network.nodes[1].address: 10.0.0.11 is outside nodeSubnet 10.1.0.0/24 (cluster x)',
    ]);
  });

  it('locates each value in the file that set it, and defaults nowhere', () => {
    const r = load(CLUSTER);
    expect(r.sourceOf?.(['spec', 'network', 'podCIDR'])).toEqual({ file: FILE, line: 9, column: 14 });
    expect(r.sourceOf?.(['spec', 'network', 'nodes', 1, 'address'])).toEqual({ file: 'clusters/_profiles/base.yaml', line: 17, column: 18 });
    expect(r.sourceOf?.(['spec', 'network', 'clusterDomain'])).toBeUndefined();
    expect(r.locate?.(['spec', 'gitops', 'repository', 'branch'])).toEqual({ file: 'clusters/_profiles/base.yaml', line: 9, column: 7 });
  });
});

describe('profiles: bad references', () => {
  it('reports a missing profile at the line that names it, and loads nothing', () => {
    const r = load(CLUSTER.replace('profiles: [base]', 'profiles:\n  - base\n  - nope'));
    expect(r.cluster).toBeUndefined();
    expect(lines(r)).toEqual(['clusters/x/cluster.yaml:5:5 profiles[1]: no profile "nope": clusters/_profiles/nope.yaml does not exist']);
    expect(r.findings[0]!.hint).toBe('known profiles: base');
  });

  it('reports a cycle at the line that closes it', () => {
    const a = 'apiVersion: strata.dev/v1alpha1\nkind: Profile\nprofiles: [b]\n';
    const b = 'apiVersion: strata.dev/v1alpha1\nkind: Profile\nprofiles:\n  - a\n';
    const r = load(CLUSTER.replace('profiles: [base]', 'profiles: [a]'), { a, b });
    expect(lines(r)).toEqual(['clusters/_profiles/b.yaml:4:5 profiles[0]: profile cycle: a → b → a']);
  });

  it('refuses a file that is not a profile, at the line that names it', () => {
    const r = load(CLUSTER.replace('profiles: [base]', 'profiles: [other]'), { other: CLUSTER });
    expect(lines(r)).toEqual(['clusters/x/cluster.yaml:3:12 profiles[0]: clusters/_profiles/other.yaml is not a profile (kind: Cluster)']);
  });

  it('checks a profile against the profile schema: unknown keys are errors, nothing is required', () => {
    const r = load(CLUSTER, { base: BASE.replace('    mtu: 9000\n', '    mtu: 9000\n    mtus: 1\n') });
    expect(lines(r)).toEqual(['clusters/_profiles/base.yaml:12:5 spec.network.mtus: unknown field (did you mean "mtu"?)']);
  });

  it('reports errors of a profile file in that file', () => {
    const r = load(CLUSTER, { base: 'apiVersion: strata.dev/v1alpha1\nkind: Profile\nspec: [\n' });
    expect(r.cluster).toBeUndefined();
    expect(r.findings[0]!.file).toBe('clusters/_profiles/base.yaml');
  });
});

describe('profile schema', () => {
  it('has no required fields and no defaults below spec, and allows $remove on named entries only', () => {
    const text = JSON.stringify((loader.profileSchema as { properties: { spec: unknown } }).properties.spec);
    expect(text).not.toMatch(/"required"|"default"/);
    const nodes = (loader.profileSchema as never as { properties: { spec: { properties: { network: { properties: { nodes: { items: { properties: object } } } } } } } })
      .properties.spec.properties.network.properties.nodes.items.properties;
    expect(Object.keys(nodes)).toContain('$remove');
  });
});
