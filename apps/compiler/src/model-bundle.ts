// Imported by the bin and the worker scripts at start-up: node: builtins, the
// validator registry (which imports nothing) and the resolve cache only.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_PACKAGES, type ModelModule, type ModelSource, useModelSource } from '@strata/validate/registry';
import { requireWithCodeCache } from './code-cache.ts';
import { currentInstall } from './resolve-cache.ts';

/**
 * A bundle of the kubernetes-models modules this install has used. Checking
 * the three example clusters needs about 35 kinds, whose validators import
 * 700 small generated modules: loading them one by one took 0.3–0.45 s of a
 * 1 s `strata validate`; the same code as one esbuild bundle loads in under
 * 0.1 s. The bundle holds exactly the modules the registry asked for before
 * (the model packages' own files, unchanged, and their dependencies), so an
 * object gets the same verdict and message from it as from the packages.
 *
 * It lives in `node_modules/.cache/strata/`, named by the install's stamp
 * (resolve-cache.ts: Node, npm's record of the install, the strata packages),
 * so a new install or Node starts a new one. A thread that imports a model
 * the bundle lacks notes it in a `.wanted` file; the command's main thread,
 * as it exits, builds a bundle with the old modules and the wanted ones. A
 * build that fails is not tried again for this install (its reason is in the
 * `.failed` file); without a bundle every model is imported on its own, as
 * before. Off with STRATA_NO_MODEL_BUNDLE=1.
 */

/** The files of one install's bundle. */
export interface BundleFiles {
  /** The folder of the bundles themselves: CommonJS, `exports.modules = { [specifier]: namespace }`, named by their content. */
  readonly folder: string;
  /** JSON `{ "bundle": file name, "specifiers": [...] }`: the current bundle and what it holds, read before it is loaded. */
  readonly manifest: string;
  /** Specifiers imported on their own since the bundle was built, one per line. */
  readonly wanted: string;
  /** Why the last build failed: while it is there, no build is tried. */
  readonly failed: string;
}

const PREFIX = 'models-';

export function bundleFiles(folder: string, stamp: string): BundleFiles {
  const base = join(folder, `${PREFIX}${stamp}`);
  return { folder, manifest: `${base}.json`, wanted: `${base}.wanted`, failed: `${base}.failed` };
}

/** A module of one of the model packages: a package name, then a path of plain segments. */
export function isModelSpecifier(specifier: string): boolean {
  return MODEL_PACKAGES.some((p) => specifier.startsWith(`${p.name}/`) && /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(specifier.slice(p.name.length + 1)) && !specifier.includes('..'));
}

/** What a manifest says. */
export interface Manifest {
  /** The bundle's file name, in the manifest's folder; empty when there is none. */
  readonly bundle: string;
  readonly specifiers: readonly string[];
}

/** The manifest at `file`; an empty one when it is missing or unreadable. */
export function readManifest(file: string): Manifest {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { bundle?: unknown; specifiers?: unknown };
    const bundle = typeof parsed.bundle === 'string' && /^[A-Za-z0-9._-]+\.cjs$/.test(parsed.bundle) ? parsed.bundle : '';
    const specifiers = Array.isArray(parsed.specifiers) ? parsed.specifiers.filter((s): s is string => typeof s === 'string' && isModelSpecifier(s)) : [];
    return { bundle, specifiers: bundle === '' ? [] : specifiers };
  } catch {
    return { bundle: '', specifiers: [] };
  }
}

/**
 * The registry's source over `files`: the manifest is read on the first model
 * asked for, the bundle loaded on the first one it holds (with its V8 code
 * cache, code-cache.ts). A bundle that cannot be loaded (a build replaced it
 * in between) or lacks a specifier leaves that model to a plain import.
 */
export function bundleSource(files: BundleFiles): ModelSource {
  let manifest: Manifest | undefined;
  let held: ReadonlySet<string> = new Set();
  let modules: Readonly<Record<string, ModelModule>> | undefined;
  return {
    module(specifier) {
      if (manifest === undefined) {
        manifest = readManifest(files.manifest);
        held = new Set(manifest.specifiers);
      }
      if (!held.has(specifier)) return undefined;
      if (modules === undefined) {
        try {
          modules = (requireWithCodeCache(join(files.folder, manifest.bundle)) as { modules?: Record<string, ModelModule> }).modules ?? {};
        } catch {
          modules = {};
        }
      }
      return Promise.resolve(Object.hasOwn(modules, specifier) ? modules[specifier] : undefined);
    },
    missed(specifier) {
      if (!isModelSpecifier(specifier)) return;
      try {
        mkdirSync(dirname(files.wanted), { recursive: true });
        appendFileSync(files.wanted, `${specifier}\n`);
      } catch {
        // A read-only cache: no bundle, the models load as before.
      }
    },
  };
}

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

interface EsbuildResult {
  readonly outputFiles?: readonly { readonly text: string }[];
}
interface EsbuildPluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: { path: string; resolveDir: string; kind: string; pluginData?: unknown }) => Promise<{ path: string; namespace: string } | undefined>,
  ): void;
  onLoad(options: { filter: RegExp; namespace: string }, callback: (args: { path: string }) => { contents: string; loader: string }): void;
  resolve(path: string, options: { resolveDir: string; kind: string; pluginData: unknown }): Promise<{ path: string; errors: readonly unknown[] }>;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<EsbuildResult>;
}

/** The bundle's text: `specifiers` resolved from `resolveDir` (the validator package's folder). */
export async function bundleText(specifiers: readonly string[], resolveDir: string): Promise<string> {
  const esbuild = createRequire(import.meta.url)('esbuild') as Esbuild;
  const lazyRe2 = {
    name: 'lazy-re2',
    setup(build: EsbuildPluginBuild): void {
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
  const result = await esbuild.build({
    stdin: { contents: bundleEntry(specifiers), resolveDir, loader: 'js', sourcefile: 'strata-models.js' },
    bundle: true,
    // CommonJS: run with a code cache by code-cache.ts (vm.Script), where an ES module could not be.
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: [lazyRe2],
  });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error('esbuild wrote no bundle');
  return text;
}

/** Writes `text` to `file` whole: readers see the old file or the new one. */
function replace(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(16).slice(2)}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** A day: how long another install's bundle is kept once this one has its first. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Builds a new bundle when a thread wanted models the old one lacks. The
 * wanted list is claimed by renaming it, so of runs ending together one
 * builds. The bundle is named by its content and written before the manifest
 * that names it; the one it replaces goes. Never throws: a failure is
 * recorded in `files.failed`.
 */
export async function refreshBundle(files: BundleFiles, resolveDir: string, now = Date.now()): Promise<'built' | 'unchanged' | 'failed'> {
  if (!existsSync(files.wanted) || existsSync(files.failed)) return 'unchanged';
  const claimed = `${files.wanted}.${process.pid}`;
  try {
    renameSync(files.wanted, claimed);
  } catch {
    return 'unchanged';
  }
  try {
    const wanted = readFileSync(claimed, 'utf8').split('\n').filter(isModelSpecifier);
    const old = readManifest(files.manifest);
    const specifiers = [...new Set([...old.specifiers, ...wanted])].sort();
    if (specifiers.length === 0) return 'unchanged';
    const text = await bundleText(specifiers, resolveDir);
    const name = `${basename(files.manifest, '.json')}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`;
    replace(join(files.folder, name), text);
    replace(files.manifest, `${JSON.stringify({ bundle: name, specifiers }, null, 1)}\n`);
    // The bundle it replaces goes, with its code caches (one per Node and flags: code-cache.ts).
    if (old.bundle !== '' && old.bundle !== name) {
      for (const gone of readdirSync(files.folder).filter((n) => n.startsWith(old.bundle))) rmSync(join(files.folder, gone), { force: true });
    }
    if (old.bundle === '') removeStale(files, now);
    return 'built';
  } catch (err) {
    try {
      replace(files.failed, `${err instanceof Error ? err.message : String(err)}\n`);
    } catch {
      // Nowhere to say it: the next run tries again.
    }
    return 'failed';
  } finally {
    rmSync(claimed, { force: true });
  }
}

/** Removes the files of other installs' bundles not touched for a day. */
function removeStale(keep: BundleFiles, now: number): void {
  const mine = basename(keep.manifest, '.json');
  for (const name of readdirSync(keep.folder)) {
    const file = join(keep.folder, name);
    if (!name.startsWith(PREFIX) || name.startsWith(mine)) continue;
    try {
      if (now - statSync(file).mtimeMs > STALE_MS) rmSync(file, { force: true });
    } catch {
      // Gone already.
    }
  }
}

/** The folder the registry resolves model specifiers from (the validator package's). */
export function registryFolder(): string {
  return dirname(fileURLToPath(import.meta.resolve('@strata/validate/registry')));
}

/**
 * Puts this install's bundle under the registry of this thread. The main
 * thread (`owner`) also builds a new bundle, as the command ends, when this
 * run wanted models the bundle lacked. Does nothing with STRATA_NO_MODEL_BUNDLE=1
 * or outside an npm install; never throws.
 */
export function installModelBundle(opts: { readonly owner: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (env.STRATA_NO_MODEL_BUNDLE === '1') return;
  const at = currentInstall();
  if (at === undefined) return;
  const files = bundleFiles(join(at.nodeModules, '.cache', 'strata'), at.stamp);
  useModelSource(bundleSource(files));
  if (opts.owner) ownedFiles = files;
}

let ownedFiles: BundleFiles | undefined;

/** For the main thread once its command is done: builds the bundle if this run or its workers wanted more. */
export async function finishModelBundle(): Promise<void> {
  if (ownedFiles !== undefined) await refreshBundle(ownedFiles, registryFolder());
}
