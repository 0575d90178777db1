/**
 * Generates src/generated/<package>.json: the strict JSON Schemas strata
 * validates with, derived from the kubernetes-models type declarations
 * (`<package>/<apiVersion>/<Kind>.d.ts`) by ts-json-schema-generator, one
 * file per package in MODEL_PACKAGES, with the object types shared between
 * kinds kept once under `definitions`. Every object level is closed
 * (`additionalProperties: false`); index signatures stay maps (labels,
 * annotations) and opaque values (Helm values) stay open.
 *
 * Run with `npm run generate -w @strata/validate` after a model package
 * changes version; a unit test fails while the files are stale.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_PACKAGES, type ModelPackage } from '../src/registry.ts';
import { type GeneratedPackage, type Schema, slugOf } from '../src/strict.ts';

export { slugOf };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = join(HERE, '..', 'src', 'generated');

// ts-json-schema-generator brings its own TypeScript (with a JS API); the
// workspace's `tsc` is the native TypeScript 7 compiler, which has none.
const generatorRoot = dirname(require.resolve('ts-json-schema-generator/package.json'));
const ts = createRequire(join(generatorRoot, 'package.json'))('typescript') as TypeScript;

/** The little of TypeScript's JS API used here (typed by hand: the workspace's `typescript` types are TypeScript 7's). */
interface TsNode {
  getSourceFile(): TsSourceFile;
}
interface TsSourceFile extends TsNode {
  readonly fileName: string;
  readonly text: string;
  readonly statements: readonly TsNode[];
}
interface TsProgram {
  getSourceFile(file: string): TsSourceFile | undefined;
  getSourceFiles(): readonly TsSourceFile[];
  isSourceFileDefaultLibrary(file: TsSourceFile): boolean;
}
interface TypeScript {
  createProgram(files: string[], options: Record<string, unknown>): TsProgram;
  isInterfaceDeclaration(node: TsNode): node is TsNode & { readonly name: { readonly text: string } };
  readonly ScriptTarget: { readonly ES2022: number };
  readonly ModuleKind: { readonly NodeNext: number };
  readonly ModuleResolutionKind: { readonly NodeNext: number };
}
type GeneratorConfig = Parameters<typeof createGenerator>[0];
type GeneratorNode = Parameters<ReturnType<typeof createGenerator>['createSchemaFromNodes']>[0][number];
const { createGenerator, ExposeNodeParser, symbolAtNode } = (await import('ts-json-schema-generator')) as typeof import('ts-json-schema-generator');
const GENERATOR_VERSION = (JSON.parse(readFileSync(join(generatorRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Same rule as the registry: `./apps/v1` → `apps/v1`. */
const EXPORTED_API_VERSION = /^\.\/((?:[a-z0-9.-]+\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?)$/;
const KIND_FILE = /static kind: I([A-Za-z0-9]+)\["kind"\];/;

function packageRoot(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The apiVersions validateObject looks up in `pkg`: exported by it and not claimed by an earlier package. */
function apiVersionsOf(pkg: ModelPackage): string[] {
  const exported = (p: string): string[] => {
    const manifest = JSON.parse(readFileSync(join(packageRoot(p), 'package.json'), 'utf8')) as { exports?: object };
    return Object.keys(manifest.exports ?? {}).flatMap((k) => EXPORTED_API_VERSION.exec(k)?.[1] ?? []);
  };
  const earlier = MODEL_PACKAGES.slice(0, MODEL_PACKAGES.indexOf(pkg));
  return exported(pkg.name)
    .filter((v) => pkg.groups.test(groupOf(v)))
    .filter((v) => !earlier.some((e) => e.groups.test(groupOf(v)) && exported(e.name).includes(v)))
    .sort();
}

interface KindFile {
  readonly apiVersion: string;
  readonly kind: string;
  readonly file: string;
}

function kindFiles(pkg: ModelPackage): KindFile[] {
  const root = packageRoot(pkg.name);
  return apiVersionsOf(pkg).flatMap((apiVersion) => {
    const dir = join(root, apiVersion);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.d.ts') && f !== 'index.d.ts')
      .sort()
      .flatMap((f) => {
        const kind = KIND_FILE.exec(readFileSync(join(dir, f), 'utf8'))?.[1];
        return kind === undefined ? [] : [{ apiVersion, kind, file: join(dir, f) }];
      });
  });
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Deep copy with sorted keys. An object type with no fields at all is how
 * the models write an opaque value (`apiextensions.k8s.io/v1 JSON`, which is
 * HelmRelease `spec.values`; `FieldsV1`; `RawExtension`;
 * x-kubernetes-preserve-unknown-fields): it becomes `{}`, anything goes.
 */
function normalise(value: Json): Json {
  if (Array.isArray(value)) return value.map(normalise);
  if (!isObject(value)) return value;
  const keys = Object.keys(value).sort();
  const opaque = value.type === 'object' && value.additionalProperties === false && (!isObject(value.properties) || Object.keys(value.properties).length === 0);
  if (opaque && keys.every((k) => ['type', 'additionalProperties', 'properties'].includes(k))) return {};
  const out: JsonObject = {};
  for (const key of keys) out[key] = key === 'properties' || key === 'definitions' ? normaliseMap(value[key]!) : normalise(value[key]!);
  return out;
}

/** Property and definition names are names, not schema keywords: only their values are schemas. */
function normaliseMap(value: Json): Json {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) out[key] = normalise(value[key]!);
  return out;
}

/**
 * Definitions are named after the file that declares them, the way the
 * models name their validators: `@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta.d.ts`
 * → `apimachinery.apis.meta.v1.ObjectMeta`. ts-json-schema-generator would
 * use the bare type name, and the models reuse those across versions
 * (IReleaseAction in helm v2 and v2beta2), which it refuses to put in one schema.
 */
function definitionName(node: TsNode): string {
  const symbol = symbolAtNode(node as unknown as GeneratorNode) as { getName(): string } | undefined;
  const file = node.getSourceFile().fileName;
  const inModules = file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length).replace(/\.d\.ts$/, '');
  const path = inModules.replace(/^@kubernetes-models\//, '').split('/');
  const base = path.at(-1)!;
  const name = symbol?.getName() ?? base;
  if (name !== `I${base}`) path.push(name);
  return path.join('.');
}

(ExposeNodeParser.prototype as unknown as { getDefinitionName: typeof definitionName }).getDefinitionName = definitionName;

/** Builds one package's artefact in memory (no files written). */
export function generatePackage(pkg: ModelPackage): GeneratedPackage {
  const files = kindFiles(pkg);
  const program = ts.createProgram(
    files.map((f) => f.file),
    {
      noEmit: true,
      skipLibCheck: true,
      strict: true,
      types: [],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
  );
  const generator = createGenerator({
    tsProgram: program as unknown as GeneratorConfig['tsProgram'],
    skipTypeCheck: true,
    jsDoc: 'none',
    additionalProperties: false,
    expose: 'export',
    topRef: false,
    sortProps: true,
  });
  const kinds: Record<string, Schema> = {};
  const definitions: Record<string, Schema> = {};
  const inputs = createHash('sha256');
  for (const { apiVersion, kind, file } of files) {
    const source = program.getSourceFile(file);
    const node = source?.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${kind}`);
    if (source === undefined || node === undefined) throw new Error(`${file}: no interface I${kind}`);
    inputs.update(`${apiVersion} ${kind}\n`);
    const { $schema: _, definitions: own = {}, ...root } = generator.createSchemaFromNodes([node as unknown as GeneratorNode]) as JsonObject;
    for (const [name, definition] of Object.entries(own as JsonObject)) {
      const sorted = normalise(definition);
      const known = definitions[name];
      if (known === undefined) definitions[name] = sorted as Schema;
      else if (JSON.stringify(known) !== JSON.stringify(sorted)) throw new Error(`${file}: two different types named ${name}`);
    }
    kinds[`${apiVersion} ${kind}`] = normalise(root) as Schema;
  }
  // Every declaration the program read (TypeScript's own lib files aside), by
  // its path inside node_modules, so a change in any model package shows.
  const read = program
    .getSourceFiles()
    .filter((sf) => !program.isSourceFileDefaultLibrary(sf))
    .map((sf) => ({ name: sf.fileName.slice(sf.fileName.lastIndexOf('/node_modules/') + 1), text: sf.text }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, text } of read) inputs.update(`${name}\n${text}\n`);
  const root = packageRoot(pkg.name);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const sortedDefinitions: Record<string, Schema> = {};
  for (const name of Object.keys(definitions).sort()) sortedDefinitions[name] = definitions[name]!;
  return {
    source: { package: pkg.name, version: manifest.version, generator: GENERATOR_VERSION, inputs: inputs.digest('hex') },
    kinds,
    definitions: sortedDefinitions,
  };
}

/** The committed text of one package's artefact: JSON with one kind or definition per line, so a diff shows which changed. */
export function serialise(generated: GeneratedPackage): string {
  const block = (entries: Readonly<Record<string, unknown>>): string =>
    `{\n${Object.entries(entries)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(',\n')}\n}`;
  return `{"source":${JSON.stringify(generated.source)},\n"kinds":${block(generated.kinds)},\n"definitions":${block(generated.definitions)}}\n`;
}

function main(): void {
  const tmp = `${OUT_DIR}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const pkg of MODEL_PACKAGES) {
    const start = performance.now();
    const text = serialise(generatePackage(pkg));
    writeFileSync(join(tmp, `${slugOf(pkg.name)}.json`), text);
    process.stderr.write(`${slugOf(pkg.name)}.json: ${(text.length / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - start)} ms\n`);
  }
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(tmp, OUT_DIR);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
