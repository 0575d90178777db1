import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Component, type ComponentContext, defineComponent } from '../component.ts';
import { createSpecLoader } from './load.ts';

/**
 * Property tests: whatever the bytes, the loader returns (never throws, never
 * hangs) and either yields a cluster with no errors, or no cluster and at least
 * one error that points into the file. Seeds are fixed so CI is reproducible;
 * change one locally to explore further.
 */

const FILE = 'clusters/fuzz/cluster.yaml';

const VALID = `apiVersion: strata.dev/v1alpha1
kind: Cluster
metadata:
  name: fuzz
  description: a cluster to break
spec:
  kubernetes:
    version: "1.33"
    apiServer:
      host: 10.0.0.2
      port: 6443
  gitops:
    engine: flux
    repository:
      url: https://github.com/acme/fleet
      branch: main
    interval: 5m
  network:
    nodeSubnet: 10.0.0.0/24
    podCIDR: 10.69.0.0/16
    serviceCIDR: 10.96.0.0/16
    mtu: 9000
    nodes:
      - name: cp1
        address: 10.0.0.10
        roles: [control-plane]
        zone: a
      - name: w1
        address: 10.0.0.11
        roles: [worker]
  pools:
    enabled: true
    blocks: [192.168.0.0/24]
`;

// A component in the mix, so its block, its defaults and its check get fuzzed too.
const pools = defineComponent({
  name: 'pools',
  key: 'pools',
  description: 'IP pools, for fuzzing.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      enabled: { type: 'boolean', default: false },
      blocks: { type: 'array', default: [], items: { type: 'string', format: 'cidr' } },
    },
  },
  check: ({ cluster, block }: ComponentContext<{ blocks: string[] }>) =>
    block.blocks.flatMap((b, i) => (b === cluster.spec.network.podCIDR ? [{ path: ['spec', 'pools', 'blocks', i], message: 'is the pod CIDR' }] : [])),
  render() {},
});
const loader = createSpecLoader([pools as Component]);
const encoder = new TextEncoder();

/** Loads `input` and asserts the loader's contract. */
function holdsContract(input: string | Uint8Array): void {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const started = performance.now();
  const result = loader.load({ file: FILE, bytes, expectedName: 'fuzz' });
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(1000);
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (result.cluster !== undefined) {
    expect(errors).toEqual([]);
    expect(Object.isFrozen(result.cluster)).toBe(true);
    return;
  }
  expect(errors.length).toBeGreaterThanOrEqual(1);
  for (const f of errors) {
    expect(f.file).toBe(FILE);
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.column).toBeGreaterThanOrEqual(1);
    expect(f.message).not.toBe('');
  }
}

const lines = VALID.split('\n');

/** Line-level edits of the valid spec: the mistakes of a hurried editor. */
const lineEdit = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('garble' as const), at: fc.nat(), pos: fc.nat(), text: fc.string({ maxLength: 6 }) }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
);
type LineEdit = typeof lineEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(edits: readonly LineEdit[]): string {
  const out = [...lines];
  for (const e of edits) {
    const at = e.at % out.length;
    const line = out[at]!;
    if (e.op === 'delete') out.splice(at, 1);
    else if (e.op === 'duplicate') out.splice(at, 0, line);
    else if (e.op === 'garble') out[at] = line.slice(0, e.pos % (line.length + 1)) + e.text + line.slice(e.pos % (line.length + 1));
    else if (e.op === 'indent') out[at] = e.by >= 0 ? ' '.repeat(e.by) + line : line.slice(Math.min(-e.by, line.length - line.trimStart().length));
    else {
      const other = e.other % out.length;
      [out[at], out[other]] = [out[other]!, line];
    }
    if (out.length === 0) out.push('');
  }
  return out.join('\n');
}

/** Every path of the valid spec's data, to put a random value at. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}
const validData = parse(VALID) as Record<string, unknown>;
const paths = pathsOf(validData);

const interesting = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('10.0.0.0/8', '10.69.0.1/16', 'fd00::/64', '::1', '10.0.0.255', '', 'control-plane', '1.33', 'argocd', -1, 0, 65536, 9217, 1e400, true, null, [], {}),
  fc.string({ maxLength: 30 }),
);

/** The valid spec with one value replaced (or a key added) at a random path, then re-serialised. */
const valueEdit = fc.record({ at: fc.nat(), value: interesting, addKey: fc.option(fc.string({ maxLength: 10 })) }).map(({ at, value, addKey }) => {
  const data = structuredClone(validData);
  const path = paths[at % paths.length]!;
  let parent: Record<string | number, unknown> = data;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (addKey !== null && parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    (parent[last] as Record<string, unknown>)[addKey] = value;
  } else {
    parent[last] = value;
  }
  return stringify(data);
});

/** A value flipped to another type at a random path: string ↔ number, list ↔ mapping, scalar → null. */
const typeFlip = fc.record({ at: fc.nat(), to: fc.constantFrom('number', 'string', 'list', 'mapping', 'null', 'boolean') }).map(({ at, to }) => {
  const data = structuredClone(validData);
  const path = paths[at % paths.length]!;
  let parent: Record<string | number, unknown> = data;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const old = parent[last];
  parent[last] = { number: 42, string: String(JSON.stringify(old)), list: [old], mapping: { value: old }, null: null, boolean: false }[to];
  return stringify(data);
});

/** Nesting from shallow to absurd, in flow and block styles, where a spec value would go. */
const deep = fc.record({ depth: fc.integer({ min: 1, max: 4000 }), style: fc.constantFrom('flowSeq', 'flowMap', 'blockMap', 'blockSeq', 'unclosed') }).map(({ depth, style }) => {
  const value =
    style === 'flowSeq'
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : style === 'flowMap'
        ? `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`
        : style === 'unclosed'
          ? '[{'.repeat(depth)
          : '';
  if (value !== '') return VALID.replace('  description: a cluster to break', `  description: ${value}`);
  const n = Math.min(depth, 400); // block nesting costs indentation²; 400 levels is plenty past the limit
  const body = Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i + 2)}${style === 'blockMap' ? 'k:' : '-'}`).join('\n');
  return VALID.replace('  description: a cluster to break', `  description:\n${body} x`);
});

/** Anchors that alias each other k times per level: from harmless reuse to a billion laughs. */
const aliases = fc
  .record({ levels: fc.integer({ min: 1, max: 10 }), fanOut: fc.integer({ min: 1, max: 12 }), dangling: fc.boolean(), self: fc.boolean() })
  .map(({ levels, fanOut, dangling, self }) => {
    let text = `${VALID}  extra:\n    l0: &l0 [x]\n`;
    for (let i = 1; i <= levels; i++) text += `    l${i}: &l${i} [${Array(fanOut).fill(`*l${i - 1}`).join(', ')}]\n`;
    if (dangling) text += '    bad: *missing\n';
    if (self) text += '    loop: &loop {me: *loop}\n';
    return text;
  });

/** The valid spec with aliases in legal places: shared roles, a reused address. */
const legalAliases = fc.constantFrom(
  VALID.replace('roles: [control-plane]', 'roles: &r [control-plane]').replace('roles: [worker]', 'roles: *r'),
  VALID.replace('address: 10.0.0.10', 'address: &a 10.0.0.10').replace('address: 10.0.0.11', 'address: *a'),
  VALID.replace('nodeSubnet: 10.0.0.0/24', 'nodeSubnet: &n 10.0.0.0/24').replace('podCIDR: 10.69.0.0/16', 'podCIDR: *n'),
);

describe('createSpecLoader under fuzzing', { timeout: 30_000 }, () => {
  it('accepts the unmutated spec', () => {
    const result = loader.load({ file: FILE, bytes: encoder.encode(VALID), expectedName: 'fuzz' });
    expect(result.findings).toEqual([]);
  });

  it('holds its contract for random text', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom(...':-[]{}&*!|>\'"#%@`, \n\t?'.split('')), maxLength: 120 }));
    fc.assert(fc.property(text, (s) => holdsContract(s)), { numRuns: 250, seed: 1 });
  });

  it('holds its contract for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => holdsContract(b)), { numRuns: 150, seed: 2 });
    // Random bytes are rarely valid UTF-8; prepend the valid spec to get past the decoder sometimes.
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => holdsContract(Uint8Array.from([...encoder.encode(VALID), ...b]))), {
      numRuns: 100,
      seed: 3,
    });
  });

  it('holds its contract for a spec with lines deleted, duplicated, garbled, re-indented or swapped', () => {
    fc.assert(fc.property(fc.array(lineEdit, { minLength: 1, maxLength: 6 }), (edits) => holdsContract(applyEdits(edits))), { numRuns: 300, seed: 4 });
  });

  it('holds its contract for random values and flipped types at random paths', () => {
    fc.assert(fc.property(valueEdit, holdsContract), { numRuns: 200, seed: 5 });
    fc.assert(fc.property(typeFlip, holdsContract), { numRuns: 100, seed: 6 });
  });

  it('holds its contract for deep nesting and for anchors and aliases', () => {
    fc.assert(fc.property(deep, holdsContract), { numRuns: 60, seed: 7 });
    fc.assert(fc.property(aliases, holdsContract), { numRuns: 100, seed: 8 });
    fc.assert(fc.property(legalAliases, holdsContract), { numRuns: 10, seed: 9 });
  });
});
