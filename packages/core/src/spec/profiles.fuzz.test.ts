import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { composeClusterSchema } from '../schema/compose.ts';
import { createSpecLoader, type LoadResult } from './load.ts';
import { mergeSpecs } from './merge.ts';

/**
 * Property tests for profiles and merges, beside load.fuzz.test.ts: bad input
 * in a profile gets the same treatment as in a cluster file (never a throw,
 * every error placed in a file), an empty profile changes nothing, the
 * cluster file wins for every key it sets, and every value's provenance
 * points at text in the file that set it. Seeds are fixed.
 */

const FILE = 'clusters/fuzz/cluster.yaml';
const PROFILE = 'clusters/_profiles/p.yaml';
const loader = createSpecLoader([]);
const schema = composeClusterSchema([]);
const encoder = new TextEncoder();

/** What the fleet shares: the profile half of a spec. */
const PROFILE_TEXT = `apiVersion: strata.dev/v1alpha1
kind: Profile
metadata:
  name: p
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
    mtu: 9000
    nodes:
      - name: cp1
        address: 10.0.0.10
        roles: [control-plane]
`;

/** What the cluster says itself. */
const CLUSTER_TEXT = `apiVersion: strata.dev/v1alpha1
kind: Cluster
metadata:
  name: fuzz
spec:
  network:
    nodeSubnet: 10.0.0.0/24
    podCIDR: 10.69.0.0/16
    serviceCIDR: 10.96.0.0/16
    nodes:
      - name: w1
        address: 10.0.0.11
        roles: [worker]
profiles: [p]
`;

function load(cluster: string, profile: string | undefined): LoadResult {
  const profiles = new Map(profile === undefined ? [] : [['p', { file: PROFILE, bytes: encoder.encode(profile) }]]);
  return loader.load({ file: FILE, bytes: encoder.encode(cluster), expectedName: 'fuzz', profiles });
}

/** The loader's contract, with profiles: every error lies in one of the two files, at a real position. */
function holdsContract(cluster: string, profile: string): void {
  const result = load(cluster, profile);
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (result.cluster !== undefined) {
    expect(errors).toEqual([]);
    return;
  }
  expect(errors.length).toBeGreaterThanOrEqual(1);
  for (const f of errors) {
    expect([FILE, PROFILE]).toContain(f.file);
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.column).toBeGreaterThanOrEqual(1);
    // A finding placed in the profile names the cluster, unless it is about the profile alone.
    if (f.cluster !== undefined) expect(f.cluster).toBe('fuzz');
  }
}

const lineEdit = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('garble' as const), at: fc.nat(), pos: fc.nat(), text: fc.string({ maxLength: 6 }) }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
);
type LineEdit = typeof lineEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(text: string, edits: readonly LineEdit[]): string {
  const out = text.split('\n');
  for (const e of edits) {
    const at = e.at % out.length;
    const line = out[at]!;
    if (e.op === 'delete') out.splice(at, 1);
    else if (e.op === 'duplicate') out.splice(at, 0, line);
    else if (e.op === 'garble') out[at] = line.slice(0, e.pos % (line.length + 1)) + e.text + line.slice(e.pos % (line.length + 1));
    else out[at] = e.by >= 0 ? ' '.repeat(e.by) + line : line.slice(Math.min(-e.by, line.length - line.trimStart().length));
    if (out.length === 0) out.push('');
  }
  return out.join('\n');
}

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

const interesting = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('10.0.0.0/8', '', 'cp1', 'w1', '1.33', -1, 0, 9217, true, null, [], {}, { $remove: true }),
  fc.string({ maxLength: 12 }),
);

/** `data` with one value replaced at a random path (or a key added there). */
function valueEdit(data: unknown) {
  const paths = pathsOf(data);
  return fc.record({ at: fc.nat(), value: interesting, addKey: fc.option(fc.constantFrom('name', '$remove', 'extra', 'mtu')) }).map(({ at, value, addKey }) => {
    const copy = structuredClone(data) as Record<string | number, unknown>;
    const path = paths[at % paths.length]!;
    let parent = copy;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    const here = parent[last];
    if (addKey !== null && here !== null && typeof here === 'object' && !Array.isArray(here)) (here as Record<string, unknown>)[addKey] = value;
    else parent[last] = value;
    return copy;
  });
}

const profileData = parse(PROFILE_TEXT) as unknown;
/** The lists of the core schema that merge by name (see x-strata-merge-key). */
const KEYED = new Set(['nodes', 'backends', 'waivers', 'ports']);
const clusterData = parse(CLUSTER_TEXT) as unknown;

/**
 * The leaves of `value` reached through mappings only, lists of scalars
 * included; lists with mappings in them are left out (their entries merge by
 * name, so they may move or grow).
 */
function mapLeaves(value: unknown, prefix: string[] = []): [string[], unknown][] {
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) return prefix.length === 0 ? [] : [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => mapLeaves(v, [...prefix, k]));
}

function get(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

describe('profiles under fuzzing', { timeout: 30_000 }, () => {
  it('loads the unmutated pair', () => {
    expect(load(CLUSTER_TEXT, PROFILE_TEXT).findings).toEqual([]);
  });

  it('holds the loader contract for a profile with lines deleted, duplicated, garbled or re-indented', () => {
    fc.assert(fc.property(fc.array(lineEdit, { minLength: 1, maxLength: 5 }), (edits) => holdsContract(CLUSTER_TEXT, applyEdits(PROFILE_TEXT, edits))), {
      numRuns: 250,
      seed: 11,
    });
  });

  it('holds the loader contract for random values in the profile and in the cluster', () => {
    fc.assert(fc.property(valueEdit(profileData), (p) => holdsContract(CLUSTER_TEXT, stringify(p))), { numRuns: 200, seed: 12 });
    fc.assert(fc.property(valueEdit(clusterData), (c) => holdsContract(stringify(c), PROFILE_TEXT)), { numRuns: 200, seed: 13 });
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (p) => holdsContract(CLUSTER_TEXT, p)), { numRuns: 150, seed: 14 });
  });

  // `$remove` is the one exception: with profiles it asks to drop an inherited entry, without any it is an unknown field.
  it('changes nothing when merging an empty profile: same cluster, same findings, same places', () => {
    const empty = 'apiVersion: strata.dev/v1alpha1\nkind: Profile\n';
    const alone = (parse(PROFILE_TEXT) as { spec: object }).spec;
    const whole = mergeSpecs(schema, { spec: alone }, clusterData) as Record<string, unknown>;
    delete whole.profiles;
    fc.assert(
      fc.property(valueEdit(whole), (c) => {
        // `profiles:` goes last, so every line of the spec keeps its number.
        const text = stringify(c);
        fc.pre(!text.includes('$remove'));
        const plain = loader.load({ file: FILE, bytes: encoder.encode(text), expectedName: 'fuzz' });
        const merged = load(`${text}profiles: [p]\n`, empty);
        expect(merged.findings).toEqual(plain.findings);
        if (plain.cluster === undefined) {
          expect(merged.cluster).toBeUndefined();
          return;
        }
        const { profiles: _, ...rest } = merged.cluster as Record<string, unknown>;
        expect(rest).toEqual(plain.cluster);
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it('lets the cluster win for every key it sets (plain merge, any two specs)', () => {
    fc.assert(
      fc.property(valueEdit(profileData), valueEdit(clusterData), (p, c) => {
        const merged = mergeSpecs(schema, { spec: (p as { spec?: unknown }).spec }, c);
        // A list merged by name is not set whole by the cluster (an empty one adds nothing); every other value is.
        for (const [path, value] of mapLeaves(c)) if (!KEYED.has(path.at(-1)!)) expect(get(merged, path)).toEqual(value);
        // And merging with nothing before it is the identity.
        expect(mergeSpecs(schema, {}, c)).toEqual(mergeSpecs(schema, c));
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('gives every value set in a file the place in that file where its text is', () => {
    const texts: Record<string, string> = {};
    fc.assert(
      fc.property(valueEdit(profileData), valueEdit(clusterData), (p, c) => {
        texts[PROFILE] = stringify(p);
        texts[FILE] = stringify(c);
        const result = load(texts[FILE], texts[PROFILE]);
        if (result.cluster === undefined) return;
        for (const [path, value] of mapLeaves(result.cluster)) {
          const from = result.sourceOf?.(path);
          if (from === undefined || typeof value === 'object') continue;
          const line = texts[from.file]!.split('\n')[from.line - 1] ?? '';
          const text = line.slice(from.column - 1);
          // The value's own text starts there: plain, or quoted.
          expect(text.startsWith(String(value)) || /^["']/.test(text), `${path.join('.')} at ${from.file}:${from.line}:${from.column}`).toBe(true);
        }
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});
