// Imported by the bin and the worker scripts at start-up: node: builtins, the
// validator registry (which imports nothing), the code cache and the resolve cache.
import { MODEL_PACKAGES } from '@strata/validate/registry';
import { requireWithCodeCache } from './code-cache.ts';
import { currentInstall, type Resolved } from './resolve-cache.ts';

// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { appendFileSync, existsSync, mkdirSync, readFileSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const { dirname, join } = process.getBuiltinModule('node:path');
const { fileURLToPath } = process.getBuiltinModule('node:url');

/** A model module: its exports by name. */
type ModelModule = Readonly<Record<string, unknown>>;

/**
 * A bundle of the kubernetes-models modules this install has used. Checking
 * the three example clusters needs about 35 kinds, whose validators import
 * 700 small generated modules: loading them one by one took 0.3–0.45 s of a
 * 1 s `strata validate`, and 65 MB of memory per thread; the same code as one
 * esbuild bundle loads in under 0.1 s and takes 11 MB. The bundle holds
 * exactly the modules of the packages, unchanged (bar re2-wasm's stand-in,
 * model-bundle-build.ts), so an object gets the same verdict and message.
 *
 * A module hook serves it: an import of a model (the validator registry's,
 * or a component's own `import { Certificate } from
 * '@kubernetes-models/cert-manager/…'`) gets a module that re-exports the
 * bundle's class, so a thread loads one copy of the models. The hook redirects
 * a specifier only when Node resolves it to the very file the bundle was built
 * from.
 *
 * The bundle lives in `node_modules/.cache/strata/`, under the install's stamp
 * (resolve-cache.ts: Node, npm's record of the install, the strata packages),
 * so a new install or Node starts a new one. A thread that imports a model the
 * bundle lacks notes it in a `.wanted` file; the command's main thread, as it
 * ends, builds a bundle with the old models and the wanted ones
 * (model-bundle-build.ts). Without a bundle every model is imported on its
 * own, as before. Off with STRATA_NO_MODEL_BUNDLE=1.
 */

/** The files of one install's bundle. */
export interface BundleFiles {
  /** The folder of the bundles themselves: CommonJS, `exports.modules = { [specifier]: namespace }`, named by their content. */
  readonly folder: string;
  /** JSON {@link Manifest}: the current bundle and what it holds, read before it is loaded. */
  readonly manifest: string;
  /** Specifiers imported on their own since the bundle was built, one per line. */
  readonly wanted: string;
  /** Why the last build failed: while it is there, no build is tried. */
  readonly failed: string;
}

export const MODELS_PREFIX = 'models-';

export function bundleFiles(folder: string, stamp: string): BundleFiles {
  const base = join(folder, `${MODELS_PREFIX}${stamp}`);
  return { folder, manifest: `${base}.json`, wanted: `${base}.wanted`, failed: `${base}.failed` };
}

/**
 * A JavaScript module of one of the model packages: a package name, then a
 * path of plain segments; not a JSON file (the registry reads the packages'
 * package.json as JSON, which a bundle of modules must not answer).
 */
export function isModelSpecifier(specifier: string): boolean {
  // The module hook asks this of every import and require a thread makes: one lookup of the package name first.
  // A path inside the package: MODEL_PATH matches no empty rest.
  const name = packageName(specifier);
  return MODEL_NAMES.has(name) && MODEL_PATH.test(specifier.slice(name.length + 1)) && !specifier.includes('..') && !specifier.endsWith('.json');
}

/** The package a bare specifier names: `yaml` for `yaml` and `yaml/util`, `@scope/name` for `@scope/name/path`. */
export function packageName(specifier: string): string {
  const first = specifier.indexOf('/');
  if (first < 0) return specifier;
  if (!specifier.startsWith('@')) return specifier.slice(0, first);
  const second = specifier.indexOf('/', first + 1);
  return second < 0 ? specifier : specifier.slice(0, second);
}

const MODEL_NAMES: ReadonlySet<string> = new Set(MODEL_PACKAGES.map((p) => p.name));
/** A path of plain segments inside a model package. */
const MODEL_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** What a manifest says. */
export interface Manifest {
  /** The bundle's file name, in the manifest's folder; empty when there is none. */
  readonly bundle: string;
  readonly specifiers: readonly string[];
  /** The file URL each specifier resolved to when the bundle was built. */
  readonly urls: Readonly<Record<string, string>>;
}

const NO_MANIFEST: Manifest = { bundle: '', specifiers: [], urls: {} };

/** The manifest at `file`; an empty one when it is missing or unreadable. */
export function readManifest(file: string): Manifest {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { bundle?: unknown; specifiers?: unknown; urls?: unknown };
    const bundle = typeof parsed.bundle === 'string' && /^[A-Za-z0-9._-]+\.cjs$/.test(parsed.bundle) ? parsed.bundle : '';
    if (bundle === '') return NO_MANIFEST;
    const given = parsed.urls !== null && typeof parsed.urls === 'object' ? (parsed.urls as Record<string, unknown>) : {};
    const urlOf = (s: string): string | undefined => (typeof given[s] === 'string' && given[s].startsWith('file:') ? given[s] : undefined);
    // A specifier without its URL (a manifest of an earlier shape) is not held: imported on its own, it is wanted again.
    const specifiers = Array.isArray(parsed.specifiers) ? parsed.specifiers.filter((s): s is string => typeof s === 'string' && isModelSpecifier(s) && urlOf(s) !== undefined) : [];
    return { bundle, specifiers, urls: Object.fromEntries(specifiers.map((s) => [s, urlOf(s)!])) };
  } catch {
    return NO_MANIFEST;
  }
}

/**
 * One thread's view of the bundle at `files`: the manifest read on the first
 * model asked for, the bundle loaded on the first one it holds (with its V8
 * code cache, code-cache.ts). A bundle that cannot be loaded (a build
 * replaced it in between) holds nothing: its models are imported on their own.
 */
export class ModelBundle {
  readonly #files: BundleFiles;
  #manifest: Manifest | undefined;
  #held: ReadonlySet<string> = new Set();
  #modules: Readonly<Record<string, ModelModule>> | undefined;
  readonly #noted = new Set<string>();

  constructor(files: BundleFiles) {
    this.#files = files;
  }

  #read(): Manifest {
    if (this.#manifest === undefined) {
      this.#manifest = readManifest(this.#files.manifest);
      this.#held = new Set(this.#manifest.specifiers);
    }
    return this.#manifest;
  }

  /** Whether the manifest lists `specifier` (the bundle is not loaded for this). */
  holds(specifier: string): boolean {
    this.#read();
    return this.#held.has(specifier);
  }

  /** The file URL `specifier` resolved to when the bundle was built. */
  urlOf(specifier: string): string | undefined {
    return this.#read().urls[specifier];
  }

  /** The bundle's module for `specifier`, loading the bundle if need be; undefined when it does not hold it. */
  module(specifier: string): ModelModule | undefined {
    if (!this.holds(specifier)) return undefined;
    if (this.#modules === undefined) {
      try {
        const loaded = requireWithCodeCache(join(this.#files.folder, this.#read().bundle)) as { modules?: Record<string, ModelModule> };
        this.#modules = loaded.modules ?? {};
      } catch {
        this.#modules = {};
      }
    }
    return Object.hasOwn(this.#modules, specifier) ? this.#modules[specifier] : undefined;
  }

  /** Notes a model imported on its own, once per thread, for the next build. */
  missed(specifier: string): void {
    if (!isModelSpecifier(specifier) || this.#noted.has(specifier)) return;
    this.#noted.add(specifier);
    try {
      mkdirSync(dirname(this.#files.wanted), { recursive: true });
      appendFileSync(this.#files.wanted, `${specifier}\n`);
    } catch {
      // A read-only cache: no bundle, the models load as before.
    }
  }
}

/** The URL scheme of the modules the hook makes: one per specifier, re-exporting the bundle's namespace. */
export const MODEL_SCHEME = 'strata-model:';
/** Where the hook's modules find the bundle of their thread. */
const GLOBAL = Symbol.for('strata.model-bundle');
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

type NextResolve = (specifier: string, context?: object) => Resolved;
type NextLoad = (url: string, context?: object) => { format?: string | null | undefined; source?: unknown };

/** The source of the module standing for `specifier`: its names, taken from the bundle's namespace. */
export function reexportSource(specifier: string, names: readonly string[]): string {
  return reexportOf(`globalThis[Symbol.for('strata.model-bundle')](${JSON.stringify(specifier)})`, names);
}

/**
 * An ES module that exports `names` of the object `namespace` (a JavaScript
 * expression) evaluates to, after `preamble`; names that are not identifiers
 * are left out. Its default export is `defaultExport` when given, else the
 * object's own `default` if `names` has one.
 */
export function reexportOf(namespace: string, names: readonly string[], opts: { readonly defaultExport?: string; readonly preamble?: readonly string[] } = {}): string {
  const named = names.filter((n) => n !== 'default' && IDENTIFIER.test(n));
  const lines = [...(opts.preamble ?? []), `const ns = ${namespace};`];
  if (named.length > 0) lines.push(`export const { ${named.join(', ')} } = ns;`);
  const defaultExport = opts.defaultExport ?? (names.includes('default') ? 'ns.default' : undefined);
  if (defaultExport !== undefined) lines.push(`export default ${defaultExport};`);
  return `${lines.join('\n')}\n`;
}

/**
 * Module hooks over `bundle`: a model specifier that Node resolves to the file
 * the bundle was built from becomes a `strata-model:` module re-exporting the
 * bundle's namespace; one the bundle lacks is noted as wanted. Anything else
 * is left to Node, after one prefix test.
 */
export function modelHooks(bundle: ModelBundle): {
  resolve: (specifier: string, context: object, next: NextResolve) => Resolved & { shortCircuit?: boolean };
  load: (url: string, context: object, next: NextLoad) => { format?: string | null | undefined; source?: unknown; shortCircuit?: boolean };
} {
  return {
    resolve(specifier, context, next) {
      const resolved = next(specifier, context);
      // A plain import of a model module only: one with attributes (`with { type: 'json' }`) is not one.
      if (!isModelSpecifier(specifier) || Object.keys((context as { importAttributes?: object }).importAttributes ?? {}).length > 0) return resolved;
      if (!bundle.holds(specifier)) {
        bundle.missed(specifier);
        return resolved;
      }
      if (bundle.urlOf(specifier) !== resolved.url || bundle.module(specifier) === undefined) return resolved;
      return { url: `${MODEL_SCHEME}${specifier}`, format: 'module', shortCircuit: true };
    },
    load(url, context, next) {
      if (!url.startsWith(MODEL_SCHEME)) return next(url, context);
      const specifier = url.slice(MODEL_SCHEME.length);
      const ns = bundle.module(specifier);
      if (ns === undefined) throw new Error(`strata: the model bundle no longer holds ${specifier}`);
      return { format: 'module', source: reexportSource(specifier, Object.keys(ns)), shortCircuit: true };
    },
  };
}

/** The folder the registry resolves model specifiers from (the validator package's). */
export function registryFolder(): string {
  return dirname(fileURLToPath(import.meta.resolve('@strata/validate/registry')));
}

let ownedFiles: BundleFiles | undefined;

/** Serves `bundle` to this thread's imports: the module hooks, and the getter their modules call. */
export function serveBundle(bundle: ModelBundle): void {
  (globalThis as Record<symbol, unknown>)[GLOBAL] = (specifier: string) => bundle.module(specifier);
  module.registerHooks(modelHooks(bundle) as unknown as Parameters<typeof module.registerHooks>[0]);
}

/**
 * Puts this install's bundle under the module loader of this thread. The main thread (`owner`) also builds a new bundle as the command
 * ends ({@link finishModelBundle}) when this run wanted models the bundle
 * lacked. Does nothing with STRATA_NO_MODEL_BUNDLE=1 or outside an npm
 * install; never throws.
 */
export function installModelBundle(opts: { readonly owner: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (env.STRATA_NO_MODEL_BUNDLE === '1') return;
  const at = currentInstall();
  if (at === undefined) return;
  const files = bundleFiles(at.cache, at.stamp);
  // Node 22.15+ has the hooks (strata needs 22.18); without them, every model is imported on its own.
  if (module.registerHooks === undefined) return;
  serveBundle(new ModelBundle(files));
  if (opts.owner) ownedFiles = files;
}

/** For the main thread once its command is done: builds the bundle if this run or its workers wanted more. */
export async function finishModelBundle(): Promise<void> {
  // The usual case (nothing wanted) costs one stat, not the build module.
  if (ownedFiles === undefined || !existsSync(ownedFiles.wanted)) return;
  const { refreshBundle } = await import('./model-bundle-build.ts');
  await refreshBundle(ownedFiles, registryFolder());
}
