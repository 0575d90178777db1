/**
 * Strict mode: the kubernetes-models validators accept fields they do not
 * know, so a typo such as `spec.externalTraficPolicy` would pass. The closed
 * JSON Schemas in ./generated/ (one file per model package, generated from the
 * models' type declarations by scripts/generate.ts) list every field a kind
 * has; an object is walked against them and each field they do not list is
 * reported. Types are left to the model validators, which run first.
 */
import { MODEL_PACKAGES, packageOf } from './registry.ts';

/** The subset of JSON Schema the generator writes. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  /** `false`: closed; a schema: a map whose values have it; absent: open. */
  readonly additionalProperties?: false | Schema;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
}

/** The shape of src/generated/<package>.json. */
export interface GeneratedPackage {
  readonly source: { readonly package: string; readonly version: string; readonly generator: string; readonly inputs: string };
  /** `apiVersion Kind` → schema; its `$ref`s point into `definitions`. */
  readonly kinds: Readonly<Record<string, Schema>>;
  readonly definitions: Readonly<Record<string, Schema>>;
}

/** `@kubernetes-models/flux-cd` → `flux-cd`: the artefact's file name. */
export function slugOf(pkg: string): string {
  return pkg.replace(/^@kubernetes-models\//, '');
}

const loaded = new Map<string, Promise<GeneratedPackage>>();

/** The strict schemas of one model package, read on first use. */
export function generatedFor(pkg: string): Promise<GeneratedPackage> {
  let found = loaded.get(pkg);
  if (found === undefined) {
    // A URL made first, not a template in the import: a bundler (the compiler's code bundle) leaves it to Node, whose
    // JSON.parse of the file is faster than the same data compiled as a JavaScript module.
    const url = new URL(`./generated/${slugOf(pkg)}.json`, import.meta.url).href;
    found = import(url, { with: { type: 'json' } }).then((m: { default: GeneratedPackage }) => m.default);
    loaded.set(pkg, found);
  }
  return found;
}

/** The closed schema of `apiVersion` + `kind` with the package's definitions, or undefined. */
export async function strictSchemaOf(
  apiVersion: string,
  kind: string,
): Promise<{ readonly root: Schema; readonly definitions: Readonly<Record<string, Schema>> } | undefined> {
  const pkg = await packageOf(apiVersion);
  if (pkg === undefined) return undefined;
  const generated = await generatedFor(pkg);
  const root = Object.hasOwn(generated.kinds, `${apiVersion} ${kind}`) ? generated.kinds[`${apiVersion} ${kind}`] : undefined;
  return root === undefined ? undefined : { root, definitions: generated.definitions };
}

/** One field the schema does not list: where it is, and the closest field it does list. */
export interface UnknownField {
  readonly path: readonly (string | number)[];
  readonly suggestion?: string;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follows `$ref`s and flattens `anyOf`, so each alternative is a plain schema. */
function alternatives(schemas: readonly Schema[], definitions: Readonly<Record<string, Schema>>): Schema[] {
  const out: Schema[] = [];
  const visit = (s: Schema, depth: number): void => {
    if (depth > 32) throw new Error(`strict schema: $ref loop at ${s.$ref ?? '?'}`);
    if (s.$ref !== undefined) {
      const target = definitions[decodeURIComponent(s.$ref.replace(/^#\/definitions\//, ''))];
      if (target === undefined) throw new Error(`strict schema: no definition for ${s.$ref}`);
      visit(target, depth + 1);
    } else if (s.anyOf !== undefined) {
      for (const a of s.anyOf) visit(a, depth + 1);
    } else {
      out.push(s);
    }
  };
  for (const s of schemas) visit(s, 0);
  return out;
}

/** What a schema says about `key`: its value's schema, `open` (anything goes), or `closed`. */
function fieldOf(s: Schema, key: string): Schema | 'open' | 'closed' {
  if (s.properties !== undefined && Object.hasOwn(s.properties, key)) return s.properties[key]!;
  if (s.additionalProperties === false) return 'closed';
  return s.additionalProperties ?? 'open';
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

function closest(key: string, candidates: readonly Schema[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  const names = [...new Set(candidates.flatMap((c) => Object.keys(c.properties ?? {})))].sort();
  for (const name of names) {
    const d = distance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** What the walk needs of a list of schemas, worked out once per schema (see {@link shapeOf}). */
interface Shape {
  /** Item schemas of the array alternatives; undefined when some alternative leaves items open. */
  readonly items: readonly Schema[] | undefined;
  /** The alternatives that may be objects. */
  readonly objects: readonly Schema[];
}

/** Shapes of single schemas, by identity: a fleet's objects walk the same few hundred schemas over and over. */
const shapes = new WeakMap<Schema, Shape>();

function computeShape(schemas: readonly Schema[], definitions: Readonly<Record<string, Schema>>): Shape {
  const alts = alternatives(schemas, definitions);
  const items = alts.flatMap((a) => (a.items === undefined ? [] : [a.items]));
  // An alternative that is neither array nor scalar-typed says nothing about items: open.
  const open = items.length === 0 || alts.some((a) => a.items === undefined && a.type === undefined && a.anyOf === undefined);
  const objects = alts.filter((a) => a.type === undefined || a.type === 'object' || (Array.isArray(a.type) && a.type.includes('object')));
  return { items: open ? undefined : items, objects };
}

function shapeOf(schemas: readonly Schema[], definitions: Readonly<Record<string, Schema>>): Shape {
  if (schemas.length !== 1) return computeShape(schemas, definitions);
  const only = schemas[0]!;
  let shape = shapes.get(only);
  if (shape === undefined) {
    shape = computeShape(schemas, definitions);
    shapes.set(only, shape);
  }
  return shape;
}

/**
 * Every field of `value` that no alternative of `schemas` lists, at any depth.
 * Values of the wrong type are skipped: the model validators report those.
 */
export function unknownFields(value: unknown, root: Schema, definitions: Readonly<Record<string, Schema>>): UnknownField[] {
  const found: UnknownField[] = [];
  // One path, pushed and popped as the walk goes; copied only into a finding.
  const path: (string | number)[] = [];
  const walk = (node: unknown, schemas: readonly Schema[]): void => {
    const shape = shapeOf(schemas, definitions);
    if (Array.isArray(node)) {
      if (shape.items === undefined) return;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        walk(node[i], shape.items);
        path.pop();
      }
      return;
    }
    if (!isRecord(node)) return;
    const { objects } = shape;
    if (objects.length === 0) return;
    for (const key of Object.keys(node).sort()) {
      let open = false;
      const known: Schema[] = [];
      for (const o of objects) {
        const field = fieldOf(o, key);
        if (field === 'open') {
          open = true;
          break;
        }
        if (field !== 'closed') known.push(field);
      }
      if (open) continue;
      if (known.length === 0) {
        const suggestion = closest(key, objects);
        found.push(suggestion === undefined ? { path: [...path, key] } : { path: [...path, key], suggestion });
        continue;
      }
      path.push(key);
      walk(node[key], known);
      path.pop();
    }
  };
  walk(value, [root]);
  return found;
}

/** One kind's strict schema, standalone: the definitions it reaches travel with it. */
export interface KindSchema {
  readonly apiVersion: string;
  readonly kind: string;
  /** A draft-07 JSON Schema with `additionalProperties: false` at every object level strata knows the fields of. */
  readonly schema: Readonly<Record<string, unknown>>;
}

function refsOf(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) refsOf(v, into);
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(decodeURIComponent(v.replace(/^#\/definitions\//, '')));
      else refsOf(v, into);
    }
  }
}

/** `root` with `$schema` and the definitions it reaches, keys sorted. */
export function standalone(root: Schema, definitions: Readonly<Record<string, Schema>>): Record<string, unknown> {
  const reached = new Set<string>();
  refsOf(root, reached);
  for (const name of reached) refsOf(definitions[name], reached); // a Set iterates what is added meanwhile
  const defs: Record<string, Schema> = {};
  for (const name of [...reached].sort()) defs[name] = definitions[name]!;
  const out: Record<string, unknown> = { $schema: 'http://json-schema.org/draft-07/schema#', ...root };
  if (reached.size > 0) out.definitions = defs;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The strict schema of every kind strata validates, in MODEL_PACKAGES order,
 * then apiVersion and kind as generated (sorted). Loads every package's file.
 */
export async function strictSchemas(): Promise<KindSchema[]> {
  const out: KindSchema[] = [];
  for (const pkg of MODEL_PACKAGES) {
    const generated = await generatedFor(pkg.name);
    for (const [key, root] of Object.entries(generated.kinds)) {
      const [apiVersion, kind] = key.split(' ') as [string, string];
      out.push({ apiVersion, kind, schema: standalone(root, generated.definitions) });
    }
  }
  return out;
}

/** Model packages whose strict schemas are loaded so far (for tests that check loading stays lazy). */
export function loadedPackages(): string[] {
  return [...loaded.keys()];
}
