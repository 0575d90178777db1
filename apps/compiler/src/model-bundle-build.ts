// Building the model bundle (model-bundle.ts): loaded only by the main thread of
// a command that wanted models the bundle lacked, after its output is written.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginBuild } from 'esbuild';
import { buildIfClaimed, removeStale, writeWhole } from './cache-files.ts';
import { buildCommonJs, loadEsbuild } from './esbuild-node.ts';
import { type BundleFiles, isModelSpecifier, MODELS_PREFIX, readManifest } from './model-bundle.ts';

/** The source of a bundle: `export const modules = {…}` over one namespace import per specifier. */
export function bundleEntry(specifiers: readonly string[]): string {
  const imports = specifiers.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`);
  const table = specifiers.map((s, i) => `  ${JSON.stringify(s)}: m${i},`);
  return `${imports.join('\n')}\nexport const modules = {\n${table.join('\n')}\n};\n`;
}

/**
 * re2-wasm, which kubernetes-models compiles `pattern`s with, is not bundled:
 * it finds its .wasm file beside its own script. The bundle gets a stand-in
 * instead, which requires the real package by absolute path and compiles each
 * pattern the first time it is used. The generated validators compile their
 * patterns as their module loads, and one of them (Cilium's log config,
 * `^\PC*$`) took 55 ms of every start-up that loaded a Cilium policy model,
 * for a field strata's objects seldom have.
 */
export function lazyRe2Source(realPath: string): string {
  return `import { createRequire } from 'node:module';
const REAL = ${JSON.stringify(realPath)};
let Real;
export class RE2 {
  #pattern;
  #flags;
  #re;
  constructor(pattern, flags) {
    this.#pattern = pattern;
    this.#flags = flags;
  }
  #real() {
    Real ??= createRequire(REAL)(REAL).RE2;
    return (this.#re ??= new Real(this.#pattern, this.#flags));
  }
  get source() { return this.#real().source; }
  get flags() { return this.#real().flags; }
  get lastIndex() { return this.#real().lastIndex; }
  set lastIndex(value) { this.#real().lastIndex = value; }
  test(input) { return this.#real().test(input); }
  exec(input) { return this.#real().exec(input); }
  toString() { return this.#real().toString(); }
}
`;
}

const INNER = Symbol('lazy-re2: inner resolve');
/** The name esbuild gives the generated entry. */
const ENTRY = 'strata-models.js';


/** A built bundle: its text, and the file URL each specifier resolved to (the modules a `strata-model:` URL stands for). */
export interface BuiltBundle {
  readonly text: string;
  readonly urls: Readonly<Record<string, string>>;
}

/** The bundle of `specifiers`, resolved from `resolveDir` (the validator package's folder). */
export async function buildBundle(specifiers: readonly string[], resolveDir: string): Promise<BuiltBundle> {
  const esbuild = loadEsbuild();
  const lazyRe2 = {
    name: 'lazy-re2',
    setup(build: PluginBuild): void {
      build.onResolve({ filter: /^re2-wasm$/ }, async (args) => {
        // The inner resolve below comes back through this callback: let esbuild answer it.
        if (args.pluginData === INNER) return undefined;
        const found = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: INNER });
        if (found.errors.length > 0) throw new Error(`re2-wasm: cannot resolve it from ${args.resolveDir}`);
        return { path: found.path, namespace: 'lazy-re2' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-re2' }, (args) => ({ contents: lazyRe2Source(args.path), loader: 'js' }));
    },
  };
  const { text, resolved } = await buildCommonJs(esbuild, { contents: bundleEntry(specifiers), sourcefile: ENTRY, resolveDir }, [lazyRe2]);
  const urls: Record<string, string> = {};
  for (const s of specifiers) {
    const file = resolved.get(s);
    if (file !== undefined) urls[s] = pathToFileURL(file).href;
  }
  const unresolved = specifiers.filter((s) => urls[s] === undefined);
  if (unresolved.length > 0) throw new Error(`esbuild did not say where ${unresolved.join(', ')} resolved`);
  return { text, urls };
}


/**
 * Builds a new bundle when a thread wanted models the old one lacks. The
 * wanted list is claimed by renaming it, so of runs ending together one
 * builds. The bundle is named by its content and written before the manifest
 * that names it; the one it replaces goes. Never throws: a failure is
 * recorded in `files.failed`.
 */
export async function refreshBundle(files: BundleFiles, resolveDir: string, now = Date.now()): Promise<'built' | 'unchanged' | 'failed'> {
  const outcome = await buildIfClaimed(files.wanted, files.failed, async (claimed): Promise<'built' | 'unchanged'> => {
    const wanted = readFileSync(claimed, 'utf8').split('\n').filter(isModelSpecifier);
    const old = readManifest(files.manifest);
    const specifiers = [...new Set([...old.specifiers, ...wanted])].sort();
    if (specifiers.length === 0) return 'unchanged';
    const { text, urls } = await buildBundle(specifiers, resolveDir);
    const name = `${basename(files.manifest, '.json')}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`;
    writeWhole(join(files.folder, name), text);
    writeWhole(files.manifest, `${JSON.stringify({ bundle: name, specifiers, urls }, null, 1)}\n`);
    // The bundle it replaces goes, with its code caches (one per Node and flags: code-cache.ts).
    if (old.bundle !== '' && old.bundle !== name) {
      for (const gone of readdirSync(files.folder).filter((n) => n.startsWith(old.bundle))) rmSync(join(files.folder, gone), { force: true });
    }
    // This install's first bundle: those of other installs go once unused for a day.
    if (old.bundle === '') removeStale(files.folder, (n) => n.startsWith(MODELS_PREFIX) && !n.startsWith(basename(files.manifest, '.json')), now);
    return 'built';
  });
  return outcome ?? 'unchanged';
}


