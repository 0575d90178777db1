// The code bundle's dependency files (code-bundle-build.ts): CommonJS packages of many
// small modules, served to the bundle's chunks from files run with an after-use code cache.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCommonJs, type Esbuild } from './esbuild-node.ts';
import { packageName, reexportOf } from './model-bundle.ts';

const SRC = dirname(fileURLToPath(import.meta.url));

/**
 * Dependencies the bundle loads from CommonJS files of its own (`deps-<group>.cjs`)
 * instead of from node_modules: packages of many small CommonJS modules, each
 * of which Node's loader took in turn, and whose functions V8 compiled again
 * at every start (Node's compile cache keeps only what it compiles up front).
 * Each runs with a code cache taken after use (code-cache.ts), as the
 * model bundle does. `yaml` is 72 modules, which a one-cluster `strata
 * validate` spent 15 ms loading and as much again compiling; a render also
 * loads cdk8s (with its own copy of yaml) and constructs, and the Grafana
 * SDK's 218. Only the bundle's imports of them are served from it: the
 * start-up modules, the model bundle and other dependencies import none of
 * them (the build checks the start-up modules).
 */
export const INLINED: ReadonlySet<string> = new Set(['yaml', 'cdk8s', 'constructs', '@grafana/grafana-foundation-sdk']);

/**
 * The files {@link INLINED} packages go to, each loaded on its first use: a
 * command loads only what it imports (validate: yaml), and each file's code
 * cache holds what its users run. Packages that share modules (cdk8s imports
 * constructs, whose classes must be the same ones) go together; the build
 * fails if two files would hold the same module.
 */
const DEP_GROUPS: Readonly<Record<string, readonly string[]>> = { yaml: ['yaml'], cdk8s: ['cdk8s', 'constructs'], grafana: ['@grafana/grafana-foundation-sdk'] };

/** The {@link DEP_GROUPS} group of an {@link INLINED} specifier. */
function groupOf(specifier: string): string {
  const name = packageName(specifier);
  const group = Object.entries(DEP_GROUPS).find(([, names]) => names.includes(name))?.[0];
  if (group === undefined) throw new Error(`${name} is inlined but in no group of deps files`);
  return group;
}

/** The bundle's file of the dependencies of `group`, beside its chunks. */
export function depsFile(group: string): string {
  return `deps-${group}.cjs`;
}

/** Where a thread keeps what each deps file exports, once loaded. */
const DEPS_KEY = 'strata.code-deps';
/** The esbuild namespace of the stand-ins. */
export const DEP_NS = 'strata-dep';
/** The start-up module the dependencies' stand-ins load their deps file with. */
const CODE_CACHE = join(SRC, 'code-cache.ts');

/**
 * The ES module standing in the bundle for the CommonJS dependency
 * `specifier`: its deps file (loaded once per thread) gives its
 * `module.exports`, the default export as Node gives it to an import, and
 * `names` its named exports.
 */
export function depShimSource(specifier: string, names: readonly string[]): string {
  const group = groupOf(specifier);
  const preamble = [
    `import { requireWithCodeCache } from ${JSON.stringify(CODE_CACHE)};`,
    `import { fileURLToPath } from 'node:url';`,
    `const loaded = (globalThis[Symbol.for(${JSON.stringify(DEPS_KEY)})] ??= {});`,
    `const group = (loaded[${JSON.stringify(group)}] ??= requireWithCodeCache(fileURLToPath(new URL(${JSON.stringify(`./${depsFile(group)}`)}, import.meta.url))).modules);`,
  ];
  return reexportOf(`group[${JSON.stringify(specifier)}]`, names, { defaultExport: 'ns', preamble });
}

/** A deps file: `exports.modules`, a getter per specifier for its `module.exports` (a package runs on its first use). */
export function depsEntry(specifiers: readonly string[]): string {
  return `exports.modules = {\n${specifiers.map((s) => `  get ${JSON.stringify(s)}() { return require(${JSON.stringify(s)}); },`).join('\n')}\n};\n`;
}

/** Writes the deps files of `deps` (specifier → the file the code resolves it to) into `outdir`: the manifest inputs of each. */
export async function writeDeps(esbuild: Esbuild, deps: ReadonlyMap<string, string>, outdir: string): Promise<Record<string, string[]>> {
  const inputs: Record<string, string[]> = {};
  const owner = new Map<string, string>();
  for (const group of Object.keys(DEP_GROUPS)) {
    const specifiers = [...deps.keys()].filter((s) => groupOf(s) === group).sort();
    if (specifiers.length === 0) continue;
    const built = await buildCommonJs(esbuild, { contents: depsEntry(specifiers), sourcefile: 'strata-deps.js', resolveDir: SRC });
    for (const s of specifiers) {
      if (built.resolved.get(s) !== deps.get(s)) throw new Error(`${s} resolves to ${deps.get(s)} from the code but to ${built.resolved.get(s) ?? 'nothing'} for ${depsFile(group)}`);
    }
    for (const file of built.holds) {
      const other = owner.get(file);
      if (other !== undefined) throw new Error(`${file} would be in ${depsFile(other)} and ${depsFile(group)}: a thread would run two copies`);
      owner.set(file, group);
    }
    writeFileSync(join(outdir, depsFile(group)), built.text);
    inputs[depsFile(group)] = specifiers.map((s) => pathToFileURL(deps.get(s)!).href);
  }
  return inputs;
}

