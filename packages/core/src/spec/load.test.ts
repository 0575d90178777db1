import { describe, expect, it } from 'vitest';
import { type Component, type ComponentContext, defineComponent, SpecError, type SpecIssue } from '../component.ts';
import { formatFinding } from '../errors.ts';
import { createSpecLoader, type LoadResult } from './load.ts';

const FILE = 'clusters/x/cluster.yaml';

/** A valid spec; tests patch it by line number so expected positions stay readable. */
const BASE = `apiVersion: strata.dev/v1alpha1
kind: Cluster
metadata:
  name: x
spec:
  kubernetes:
    version: "1.33"
  gitops:
    repository:
      url: https://github.com/acme/fleet
  network:
    nodeSubnet: 10.0.0.0/24
    podCIDR: 10.69.0.0/16
    serviceCIDR: 10.96.0.0/16
    nodes:
      - name: cp1
        address: 10.0.0.10
        roles: [control-plane]
      - name: w1
        address: 10.0.0.11
        roles: [worker]
`;

/** BASE with lines replaced (1-based); a replacement may span several lines, or be '' to drop the line. */
function spec(patch: Readonly<Record<number, string>> = {}): string {
  return BASE.split('\n')
    .flatMap((line, i) => {
      const next = patch[i + 1];
      return next === undefined ? [line] : next === '' ? [] : [next];
    })
    .join('\n');
}

const coreLoader = createSpecLoader([]);
const utf8 = (text: string) => new TextEncoder().encode(text);

function load(source: string | Uint8Array, expectedName?: string, loader = coreLoader): LoadResult {
  const bytes = typeof source === 'string' ? utf8(source) : source;
  return loader.load({ file: FILE, bytes, ...(expectedName === undefined ? {} : { expectedName }) });
}

/** The findings as the CLI prints them. */
function lines(source: string | Uint8Array, expectedName?: string, loader = coreLoader): string[] {
  return load(source, expectedName, loader).findings.map(formatFinding);
}

describe('createSpecLoader: a valid spec', () => {
  it('loads a minimal spec with every default applied', () => {
    const result = load(BASE, 'x');
    expect(result.findings).toEqual([]);
    const cluster = result.cluster!;
    expect(cluster.spec.gitops).toEqual({
      engine: 'flux',
      interval: '10m',
      repository: { url: 'https://github.com/acme/fleet', branch: 'main' },
    });
    expect(cluster.spec.network.clusterDomain).toBe('cluster.local');
    expect(cluster.spec.network.mtu).toBe(1500);
    expect(cluster.spec.network.nodes[1]).toEqual({ name: 'w1', address: '10.0.0.11', roles: ['worker'], maintenance: false });
  });

  it('returns a deeply frozen cluster', () => {
    const cluster = load(BASE).cluster!;
    expect(Object.isFrozen(cluster)).toBe(true);
    expect(Object.isFrozen(cluster.spec.network.nodes[0]!.roles)).toBe(true);
    expect(() => {
      (cluster.spec.network as { mtu: number }).mtu = 9000;
    }).toThrow(TypeError);
  });

  it('strips a byte order mark and accepts CRLF line ends', () => {
    const crlf = `\uFEFF${BASE.replace(/\n/g, '\r\n')}`;
    expect(load(crlf).cluster?.metadata.name).toBe('x');
  });

  it('keeps a trailing document marker with nothing after it', () => {
    expect(load(`${BASE}---\n`).findings).toEqual([]);
  });

  it('follows anchors and aliases within the limit', () => {
    const result = load(spec({ 18: '        roles: &cp [control-plane]', 21: '        roles: *cp' }));
    expect(result.findings).toEqual([]);
    expect(result.cluster!.spec.network.nodes[1]!.roles).toEqual(['control-plane']);
  });

  it('locates a path for findings made after loading', () => {
    expect(load(BASE).locate?.(['spec', 'network', 'nodes', 1, 'address'])).toEqual({ file: 'clusters/x/cluster.yaml', line: 20, column: 18 });
    // A defaulted field is not in the file: its nearest written ancestor is.
    expect(load(BASE).locate?.(['spec', 'network', 'mtu'])).toEqual({ file: 'clusters/x/cluster.yaml', line: 12, column: 5 });
  });

  it('reports unresolved tags as warnings and still loads', () => {
    const result = load(spec({ 4: '  name: x\n  description: !note hello' }));
    expect(result.findings.map(formatFinding)).toEqual([`${FILE}:5:16 warning: Unresolved tag: !note`]);
    expect(result.cluster?.metadata.description).toBe('hello');
  });
});

describe('createSpecLoader: file and YAML problems', () => {
  it('rejects an empty file', () => {
    expect(lines('')).toEqual([`${FILE}:1:1 the file is empty`]);
    expect(lines(' \n\t\n')).toEqual([`${FILE}:1:1 the file is empty`]);
  });

  it('rejects a file of comments only', () => {
    expect(lines('# todo\n---\n# more\n')).toEqual([`${FILE}:1:1 the file has only comments`]);
  });

  it('rejects bytes that are not UTF-8 at the first bad byte', () => {
    const bytes = Uint8Array.from([...utf8('apiVersion: v1\nkind: caf'), 0xe9, ...utf8('\n')]);
    expect(lines(bytes)).toEqual([`${FILE}:2:10 the file is not valid UTF-8 (byte 0xe9 at offset 24)`]);
    // Overlong encodings and lone surrogates are not UTF-8 either.
    expect(lines(Uint8Array.from([0xc0, 0xaf]))).toEqual([`${FILE}:1:1 the file is not valid UTF-8 (byte 0xc0 at offset 0)`]);
    expect(lines(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toEqual([`${FILE}:1:2 the file is not valid UTF-8 (byte 0xed at offset 1)`]);
  });

  it('reports the first YAML syntax error, not the parser stumbling after it', () => {
    expect(lines(spec({ 12: '   mtu: 1500\n    nodeSubnet: 10.0.0.0/24' }))).toEqual([
      `${FILE}:12:9 Nested mappings are not allowed in compact mappings`,
    ]);
    expect(lines(spec({ 18: '        roles: [control-plane' }))).toEqual([
      `${FILE}:19:7 Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('rejects duplicate keys and names the first occurrence', () => {
    expect(lines(spec({ 14: '    serviceCIDR: 10.96.0.0/16\n    podCIDR: 10.70.0.0/16', 20: '        address: 10.0.0.11\n        address: 10.0.0.12' }))).toEqual([
      `${FILE}:15:5 spec.network.podCIDR: duplicate key (first defined on line 13)`,
      `${FILE}:22:9 spec.network.nodes[1].address: duplicate key (first defined on line 21)`,
    ]);
    // An empty first value: yaml reports the offset before the second key; the finding still points at it.
    expect(lines(spec({ 6: '  kubernetes:\n  kubernetes:' }))).toEqual([`${FILE}:7:3 spec.kubernetes: duplicate key (first defined on line 6)`]);
  });

  it('refuses a billion-laughs alias bomb quickly', () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
      previous = name;
    }
    const started = performance.now();
    expect(lines(bomb)).toEqual([`${FILE}:2:8 aliases expand to more than 50 copies of their anchors`]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects recursive and dangling aliases', () => {
    expect(lines('a: &a [1, *a]\n')).toEqual([`${FILE}:1:11 a[1]: alias *a refers to its own anchor (recursive data)`]);
    expect(lines('a: *nowhere\n')).toEqual([`${FILE}:1:4 a: alias *nowhere has no anchor &nowhere before it`]);
  });

  it('rejects a second document', () => {
    expect(lines(`${BASE}---\nkind: Cluster\n`)).toEqual([
      `${FILE}:22:1 a second YAML document starts here; a cluster spec is a single document`,
    ]);
  });

  it('rejects a top level that is not a mapping', () => {
    expect(lines('- apiVersion: strata.dev/v1alpha1\n')).toEqual([
      `${FILE}:1:1 the spec must be a mapping with apiVersion, kind, metadata and spec, not a list`,
    ]);
    expect(lines('# header\n"just text"\n')).toEqual([
      `${FILE}:2:1 the spec must be a mapping with apiVersion, kind, metadata and spec, not a string`,
    ]);
  });

  it('refuses deep nesting with one finding', () => {
    expect(lines(`a: ${'['.repeat(150)}${']'.repeat(150)}\n`)).toEqual([`${FILE}:1:104 the document is nested deeper than 100 levels`]);
    const huge = lines(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(huge).toHaveLength(1);
    expect(huge[0]).toMatch(/^clusters\/x\/cluster\.yaml:1:\d+ the document is nested (too deeply|deeper than 100 levels)$/);
  });

  it('keeps YAML 1.2 meanings under a %YAML 1.1 directive', () => {
    // No merge keys: `<<` is an unknown field, not a silent copy.
    expect(lines(`%YAML 1.1\n---\n${spec({ 4: '  name: x\n  <<: {description: merged}' })}`)).toEqual([
      `${FILE}:7:3 metadata["<<"]: unknown field (allowed: name, description)`,
    ]);
  });
});

describe('createSpecLoader: schema findings', () => {
  it('points at the value that breaks a bound', () => {
    expect(lines(spec({ 14: '    serviceCIDR: 10.96.0.0/16\n    mtu: 9300' }))).toEqual([`${FILE}:15:10 spec.network.mtu: must be <= 9216`]);
    expect(lines(spec({ 14: '    serviceCIDR: 10.96.0.0/16\n    mtu: 100' }))).toEqual([`${FILE}:15:10 spec.network.mtu: must be >= 1280`]);
  });

  it('points at the key of an unknown field and suggests the nearest one', () => {
    expect(lines(spec({ 14: '    serviceCIDR: 10.96.0.0/16\n    mtuu: 9000' }))).toEqual([
      `${FILE}:15:5 spec.network.mtuu: unknown field (did you mean "mtu"?)`,
    ]);
    expect(lines(spec({ 13: '    podCidr: 10.69.0.0/16' }))).toEqual([
      `${FILE}:12:5 spec.network: must have required property "podCIDR"`,
      `${FILE}:13:5 spec.network.podCidr: unknown field (did you mean "podCIDR"?)`,
    ]);
  });

  it('lists the allowed keys when no key is close', () => {
    expect(lines(spec({ 4: '  name: x\n  owner: platform' }))).toEqual([
      `${FILE}:5:3 metadata.owner: unknown field (allowed: name, description)`,
    ]);
  });

  it('points at the parent mapping of a missing field', () => {
    expect(lines(spec({ 7: '    apiServer:\n      host: api.example.com' }))).toEqual([
      `${FILE}:7:5 spec.kubernetes: must have required property "version"`,
    ]);
  });

  it('joins several missing fields of one mapping into one line', () => {
    expect(lines('apiVersion: strata.dev/v1alpha1\nkind: Cluster\n')).toEqual([
      `${FILE}:1:1 must have required properties "metadata", "spec"`,
    ]);
  });

  it('lists the allowed values of an enum or a const', () => {
    expect(lines(spec({ 8: '  gitops:\n    engine: fluxcd' }))).toEqual([`${FILE}:9:13 spec.gitops.engine: must be one of: flux, argocd`]);
    expect(lines(spec({ 2: 'kind: cluster' }))).toEqual([`${FILE}:2:7 kind: must be Cluster`]);
    expect(lines(spec({ 21: '        roles: [worker, etcd]' }))).toEqual([
      `${FILE}:21:25 spec.network.nodes[1].roles[1]: must be one of: control-plane, worker`,
    ]);
  });

  it('explains CIDR and IP formats with an example', () => {
    expect(lines(spec({ 12: '    nodeSubnet: 10.0.0.0/33', 17: '        address: 10.0.0.300' }))).toEqual([
      `${FILE}:12:17 spec.network.nodeSubnet: must be a CIDR such as 10.0.0.0/16`,
      `${FILE}:17:18 spec.network.nodes[0].address: must be an IP address such as 10.0.0.5`,
    ]);
  });

  it('names the expected and the found type, and suggests quotes for a number meant as text', () => {
    expect(lines(spec({ 7: '    version: 1.33', 15: '    nodes: cp1', 16: '', 17: '', 18: '', 19: '', 20: '', 21: '' }))).toEqual([
      `${FILE}:7:14 spec.kubernetes.version: must be a string, not a number (put it in quotes)`,
      `${FILE}:15:12 spec.network.nodes: must be a list, not a string`,
    ]);
  });

  it('explains the patterns of the core schema in words', () => {
    expect(lines(spec({ 4: '  name: Home_Lab' }))).toEqual([
      `${FILE}:4:9 metadata.name: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit`,
    ]);
    expect(lines(spec({ 8: '  gitops:\n    interval: 10 minutes' }))).toEqual([
      `${FILE}:9:15 spec.gitops.interval: must be a duration such as 30s, 10m or 1h30m`,
    ]);
  });

  it('blames the repeated item of a unique list', () => {
    expect(lines(spec({ 21: '        roles: [worker, worker]' }))).toEqual([
      `${FILE}:21:25 spec.network.nodes[1].roles[1]: duplicate of item [0]`,
    ]);
  });

  it('rejects an empty list that needs items', () => {
    expect(lines(spec({ 15: '    nodes: []', 16: '', 17: '', 18: '', 19: '', 20: '', 21: '' }))).toEqual([
      `${FILE}:15:12 spec.network.nodes: must have at least 1 item`,
    ]);
  });

  it('reports every mistake at once, in file order', () => {
    const source = spec({
      2: 'kind: cluster',
      7: '    version: "1.33"\n    apiServerr: {}',
      8: '  gitops:\n    engine: argo',
      13: '    podCIDR: 10.0.0.0/8',
      14: '    serviceCIDR: 10.96.0.0/16\n    mtu: 100',
    });
    expect(lines(source, 'lab')).toEqual([
      `${FILE}:2:7 kind: must be Cluster`,
      `${FILE}:4:9 metadata.name: "x" does not match the folder name "lab"`,
      `${FILE}:8:5 spec.kubernetes.apiServerr: unknown field (did you mean "apiServer"?)`,
      `${FILE}:10:13 spec.gitops.engine: must be one of: flux, argocd`,
      `${FILE}:15:14 spec.network.podCIDR: podCIDR 10.0.0.0/8 overlaps nodeSubnet 10.0.0.0/24`,
      `${FILE}:16:18 spec.network.serviceCIDR: serviceCIDR 10.96.0.0/16 overlaps podCIDR 10.0.0.0/8`,
      `${FILE}:17:10 spec.network.mtu: must be >= 1280`,
    ]);
  });

  it('carries catalog codes and hints', () => {
    const [unknown] = load(spec({ 4: '  name: x\n  nam: y' })).findings;
    expect(unknown).toMatchObject({ code: 'STRATA1102', severity: 'error', path: 'metadata.nam', line: 5, column: 3 });
    expect(unknown?.hint).toMatch(/spelling/);
  });
});

describe('createSpecLoader: semantic checks', () => {
  it('rejects a CIDR with host bits set and suggests the network address', () => {
    expect(lines(spec({ 13: '    podCIDR: 10.69.0.1/16' }))).toEqual([
      `${FILE}:13:14 spec.network.podCIDR: 10.69.0.1/16 has host bits set; did you mean 10.69.0.0/16?`,
    ]);
  });

  it('rejects each overlapping pair of node, pod and service networks', () => {
    expect(lines(spec({ 12: '    nodeSubnet: 10.0.0.0/8', 13: '    podCIDR: 10.69.0.0/16', 14: '    serviceCIDR: 10.69.128.0/20' }))).toEqual([
      `${FILE}:13:14 spec.network.podCIDR: podCIDR 10.69.0.0/16 overlaps nodeSubnet 10.0.0.0/8`,
      `${FILE}:14:18 spec.network.serviceCIDR: serviceCIDR 10.69.128.0/20 overlaps nodeSubnet 10.0.0.0/8`,
      `${FILE}:14:18 spec.network.serviceCIDR: serviceCIDR 10.69.128.0/20 overlaps podCIDR 10.69.0.0/16`,
    ]);
  });

  it('rejects duplicate node names and addresses at the second node', () => {
    expect(lines(spec({ 19: '      - name: cp1', 20: '        address: 10.0.0.10' }))).toEqual([
      `${FILE}:19:15 spec.network.nodes[1].name: node name "cp1" is already used by nodes[0]`,
      `${FILE}:20:18 spec.network.nodes[1].address: address 10.0.0.10 is already used by nodes[0]`,
    ]);
  });

  it('compares IPv6 node addresses by value, not by spelling', () => {
    const v6 = spec({ 12: '    nodeSubnet: fd00::/64', 17: '        address: fd00::a', 20: '        address: fd00:0:0::a' });
    expect(lines(v6)).toEqual([`${FILE}:20:18 spec.network.nodes[1].address: address fd00:0:0::a is already used by nodes[0]`]);
  });

  it('rejects node addresses outside the node subnet or on its network and broadcast addresses', () => {
    expect(lines(spec({ 17: '        address: 10.0.0.0', 20: '        address: 10.0.1.11' }))).toEqual([
      `${FILE}:17:18 spec.network.nodes[0].address: 10.0.0.0 is the network address of nodeSubnet 10.0.0.0/24`,
      `${FILE}:20:18 spec.network.nodes[1].address: 10.0.1.11 is outside nodeSubnet 10.0.0.0/24`,
    ]);
    expect(lines(spec({ 20: '        address: 10.0.0.255' }))).toEqual([
      `${FILE}:20:18 spec.network.nodes[1].address: 10.0.0.255 is the broadcast address of nodeSubnet 10.0.0.0/24`,
    ]);
  });

  it('accepts both addresses of a /31 point-to-point subnet', () => {
    expect(lines(spec({ 12: '    nodeSubnet: 10.0.0.10/31' }))).toEqual([]);
  });

  it('requires a control-plane node', () => {
    expect(lines(spec({ 18: '        roles: [worker]' }))).toEqual([
      `${FILE}:16:7 spec.network.nodes: no node has the role control-plane; a cluster needs at least one`,
    ]);
  });

  it('keeps the API server out of the pod and service networks', () => {
    expect(lines(spec({ 7: '    version: "1.33"\n    apiServer:\n      host: 10.96.0.1' }))).toEqual([
      `${FILE}:9:13 spec.kubernetes.apiServer.host: API server host 10.96.0.1 lies inside serviceCIDR 10.96.0.0/16`,
    ]);
    expect(lines(spec({ 7: '    version: "1.33"\n    apiServer:\n      host: api.lab.example' }))).toEqual([]);
  });

  it('requires the cluster name to match its folder', () => {
    expect(lines(BASE, 'homelab')).toEqual([`${FILE}:4:9 metadata.name: "x" does not match the folder name "homelab"`]);
    expect(lines(BASE, 'x')).toEqual([]);
  });

  it('skips checks whose inputs the schema rejected', () => {
    // Bad address formats and a list that is not a list: only the schema speaks, no check trips over them.
    expect(lines(spec({ 17: '        address: nope', 18: '        roles: control-plane', 20: '        address: nope' }))).toEqual([
      `${FILE}:17:18 spec.network.nodes[0].address: must be an IP address such as 10.0.0.5`,
      `${FILE}:18:16 spec.network.nodes[0].roles: must be a list, not a string`,
      `${FILE}:20:18 spec.network.nodes[1].address: must be an IP address such as 10.0.0.5`,
    ]);
    expect(lines(spec({ 11: '  network: {}', 12: '', 13: '', 14: '', 15: '', 16: '', 17: '', 18: '', 19: '', 20: '', 21: '' }))).toEqual([
      `${FILE}:11:12 spec.network: must have required properties "nodeSubnet", "nodes", "podCIDR", "serviceCIDR"`,
    ]);
  });
});

describe('createSpecLoader: components', () => {
  const calls: string[] = [];
  const pools = defineComponent({
    name: 'lb-pools',
    key: 'lbPools',
    description: 'LoadBalancer IP pools, for tests.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean', default: false },
        replicas: { type: 'integer', minimum: 1, default: 1 },
        port: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[a-z]+$' }] },
        pools: { type: 'array', default: [], items: { type: 'string', format: 'cidr' } },
        mode: { type: 'string', enum: ['l2', 'bgp'], default: 'l2' },
        peer: { type: 'string' },
      },
      if: { type: 'object', properties: { mode: { const: 'bgp' } }, required: ['mode'] },
      then: { type: 'object', required: ['peer'] },
    },
    // The block type is spelled out: tsc does not infer it through defineComponent's context here.
    check({ cluster, block }: ComponentContext<{ pools: string[] }>): SpecIssue[] {
      calls.push(cluster.metadata.name);
      const pod = cluster.spec.network.podCIDR;
      return block.pools.flatMap((cidr, i): SpecIssue[] => {
        if (cidr === pod) return [{ path: ['spec', 'lbPools', 'pools', i], message: `pool ${cidr} is the pod CIDR` }];
        if (cidr.endsWith('/32')) return [{ path: ['spec', 'lbPools', 'pools', i], message: 'a /32 pool holds one address', severity: 'warning' }];
        return [];
      });
    },
    render() {},
  });
  const loader = createSpecLoader([pools as Component]);
  const withBlock = (block: string) => `${BASE}  lbPools:\n${block}`;

  it('adds the component block to the schema and defaults it', () => {
    expect(Object.keys((loader.schema as { properties: { spec: { properties: object } } }).properties.spec.properties)).toContain('lbPools');
    const cluster = load(BASE, undefined, loader).cluster as unknown as { spec: { lbPools: unknown } };
    expect(cluster.spec.lbPools).toEqual({ enabled: false, replicas: 1, pools: [], mode: 'l2' });
  });

  it('rejects an unknown key inside the block', () => {
    expect(lines(withBlock('    replica: 2\n'), undefined, loader)).toEqual([
      `${FILE}:23:5 spec.lbPools.replica: unknown field (did you mean "replicas"?)`,
    ]);
  });

  it('places the issues of an enabled component at their paths', () => {
    calls.length = 0;
    const result = load(withBlock('    enabled: true\n    pools:\n      - 192.168.10.0/24\n      - 10.69.0.0/16\n'), undefined, loader);
    expect(result.findings.map(formatFinding)).toEqual([`${FILE}:26:9 spec.lbPools.pools[1]: pool 10.69.0.0/16 is the pod CIDR`]);
    expect(result.findings[0]?.code).toBe('STRATA1301');
    expect(calls).toEqual(['x']);
  });

  it('keeps a cluster whose component only warns', () => {
    const result = load(withBlock('    enabled: true\n    pools: [192.168.10.5/32]\n'), undefined, loader);
    expect(result.findings.map(formatFinding)).toEqual([`${FILE}:24:13 spec.lbPools.pools[0]: warning: a /32 pool holds one address`]);
    expect(result.cluster).toBeDefined();
  });

  it('does not run the check of a disabled component', () => {
    calls.length = 0;
    expect(lines(withBlock('    pools: [10.69.0.0/16]\n'), undefined, loader)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('does not run the check on a block the schema rejected', () => {
    calls.length = 0;
    expect(lines(withBlock('    enabled: true\n    pools: [10.69.0.0/16, nope]\n'), undefined, loader)).toEqual([
      `${FILE}:24:27 spec.lbPools.pools[1]: must be a CIDR such as 10.0.0.0/16`,
    ]);
    expect(calls).toEqual([]);
  });

  it('folds anyOf and if/then wrappers into the one line that explains them', () => {
    expect(lines(withBlock('    port: 0\n    mode: bgp\n'), undefined, loader)).toEqual([
      `${FILE}:23:5 spec.lbPools: must have required property "peer"`,
      `${FILE}:23:11 spec.lbPools.port: must be >= 1`,
    ]);
    expect(lines(withBlock('    port: true\n'), undefined, loader)).toEqual([
      `${FILE}:23:11 spec.lbPools.port: must be an integer or a string, not true`,
    ]);
  });

  it('turns a SpecError or a crash of a check into a finding', () => {
    const throwing = (error: Error) =>
      createSpecLoader([
        defineComponent({
          name: 'broken',
          key: 'broken',
          description: 'Throws, for tests.',
          schema: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', default: false } } },
          check() {
            throw error;
          },
          render() {},
        }) as Component,
      ]);
    const source = `${BASE}  broken:\n    enabled: true\n`;
    expect(lines(source, undefined, throwing(new SpecError(['spec', 'broken', 'enabled'], 'cannot be enabled on this cluster')))).toEqual([
      `${FILE}:23:14 spec.broken.enabled: cannot be enabled on this cluster`,
    ]);
    const crash = load(source, undefined, throwing(new TypeError('x is undefined'))).findings;
    expect(crash.map(formatFinding)).toEqual([`${FILE}:23:5 spec.broken: check of component broken failed: x is undefined`]);
    expect(crash[0]?.hint).toMatch(/bug in the broken component/);
  });
});

describe('createSpecLoader: facts and the compatibility table', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    properties: { enabled: { type: 'boolean', default: false }, version: { type: 'string', default: '1.13.9' } },
  } as const;
  const edge = defineComponent<{ version: string }>({
    name: 'edge',
    key: 'edge',
    description: 'An edge, for tests.',
    schema,
    facts: ({ block }) => ({
      versions: { 'ingress-nginx': block.version },
      requirements: [{ component: 'edge', product: 'kubernetes', min: '1.29', max: '1.33', reason: 'its support matrix', path: ['spec', 'edge', 'version'] }],
    }),
    render() {},
  });
  const seen: string[] = [];
  const certs = defineComponent<{ version: string }>({
    name: 'certs',
    key: 'certs',
    description: 'Certificates, for tests.',
    schema,
    check: ({ facts }) => {
      seen.push(JSON.stringify(facts.versions));
      return [];
    },
    render() {},
  });
  const loader = createSpecLoader([edge as Component, certs as Component]);
  const spec = (k8s: string) =>
    `${BASE.replace('version: "1.33"', `version: "${k8s}"`)}  edge:\n    enabled: true\n    version: 1.13.9\n  certs:\n    enabled: true\n`;

  it("hands every check the facts of all enabled components", () => {
    seen.length = 0;
    expect(lines(spec('1.33'), undefined, loader)).toEqual([]);
    expect(seen).toEqual(['{"ingress-nginx":"1.13.9"}']);
  });

  it('reports a broken requirement at the field that chose the version', () => {
    expect(lines(spec('1.34'), undefined, loader)).toEqual([
      `${FILE}:24:14 spec.edge.version: edge needs kubernetes 1.29–1.33, the cluster runs 1.34: its support matrix`,
    ]);
  });
});
