// Imported by the bin and the worker scripts before anything else: keep it to node: builtins (and cache-files.ts).
import { removeStale, writeWhole } from './cache-files.ts';

// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { createHash } = process.getBuiltinModule('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const { basename, dirname, join } = process.getBuiltinModule('node:path');
const { fileURLToPath } = process.getBuiltinModule('node:url');

/**
 * A cache of module resolutions beside Node's compile cache. Starting a
 * command loads 700–1,000 modules, and resolving each specifier (walking up to
 * package.json files, reading `exports`, checking files) took about a fifth of
 * a one-cluster render: 0.2 s, every run, for the same answers. The answers
 * are kept in one file per install: its name hashes the Node version, the
 * strata packages' package.json files and npm's `node_modules/.package-lock.json`
 * (which every install rewrites), so anything that could change a resolution
 * starts a new file. A cached file that is gone is resolved again, so a moved
 * source file cannot be loaded from a stale answer. Off with
 * STRATA_NO_RESOLVE_CACHE=1, or with the compile cache (NODE_DISABLE_COMPILE_CACHE=1).
 */

/** What a resolve hook answers. */
export interface Resolved {
  readonly url: string;
  readonly format?: string | null | undefined;
}

/** What the hook's context holds that can change an answer besides the specifier. */
interface Context {
  readonly parentURL?: string | undefined;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Readonly<Record<string, string>>;
}

type Next = (specifier: string, context?: Context) => Resolved;

const VERSION = 1;

/** The key of one resolution: who asks, for what, under which conditions and attributes. */
export function resolutionKey(specifier: string, context: Context): string {
  const attributes = context.importAttributes === undefined ? '' : Object.entries(context.importAttributes).sort().join(';');
  return `${context.parentURL ?? ''}\0${specifier}\0${(context.conditions ?? []).join(',')}\0${attributes}`;
}

/** Whether a cached answer may be used: a node: builtin, or a file that is still there. */
function stillThere(url: string): boolean {
  if (url.startsWith('node:')) return true;
  if (!url.startsWith('file:')) return false;
  try {
    return existsSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/**
 * A resolve hook over `entries` (loaded answers), adding what it resolves
 * anew; `onAdd` is told of each addition. Anything odd is left to Node.
 */
export function cachingResolve(entries: Map<string, Resolved>, onAdd: () => void): (specifier: string, context: Context, next: Next) => Resolved & { shortCircuit?: boolean } {
  return (specifier, context, next) => {
    const key = resolutionKey(specifier, context);
    const hit = entries.get(key);
    if (hit !== undefined && stillThere(hit.url)) return { ...hit, shortCircuit: true };
    const resolved = next(specifier, context);
    if (typeof resolved.url === 'string' && (resolved.url.startsWith('file:') || resolved.url.startsWith('node:'))) {
      entries.set(key, { url: resolved.url, ...(resolved.format == null ? {} : { format: resolved.format }) });
      onAdd();
    }
    return resolved;
  };
}

/** The folder holding this install's packages (`…/node_modules`), above this file's real path. */
function nodeModulesOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(join(candidate, '.package-lock.json'))) return candidate;
  }
  return undefined;
}

/** The cache file's stamp: Node, npm's record of the install, and each strata package's package.json. */
function stamp(nodeModules: string): string {
  const hash = createHash('sha256').update(`${VERSION}\0${process.version}\0${process.arch}\0${nodeModules}\0`);
  hash.update(readFileSync(join(nodeModules, '.package-lock.json')));
  const scope = join(nodeModules, '@strata');
  for (const name of existsSync(scope) ? readdirSync(scope).sort() : []) {
    try {
      const dir = realpathSync(join(scope, name));
      hash.update(`\0${name}\0${dir}\0`).update(readFileSync(join(dir, 'package.json')));
    } catch {
      hash.update(`\0${name}\0?`);
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/** This install: its `node_modules`, the stamp of what is installed there (see `stamp`), and where its caches go. */
export interface Install {
  readonly nodeModules: string;
  readonly stamp: string;
  /** `node_modules/.cache/strata`: the model and code bundles. */
  readonly cache: string;
}

let install: Install | null | undefined;

/** The install this file belongs to, worked out once per thread; undefined when it has no npm record. */
export function currentInstall(): Install | undefined {
  if (install === undefined) {
    try {
      const nodeModules = nodeModulesOf(realpathSync(fileURLToPath(import.meta.url)));
      install = nodeModules === undefined ? null : { nodeModules, stamp: stamp(nodeModules), cache: join(nodeModules, '.cache', 'strata') };
    } catch {
      install = null;
    }
  }
  return install ?? undefined;
}

/**
 * Installs the cache for this thread (the bin's main thread and each worker).
 * A thread that runs a code bundle (code-bundle.ts) passes its name as
 * `variant`: its few resolutions are kept apart from those of the sources, and
 * those of an older bundle are not loaded with them. Does nothing without
 * `module.registerHooks`, without the compile cache, or with
 * STRATA_NO_RESOLVE_CACHE=1; never throws.
 */
export function installResolveCache(env: Readonly<Record<string, string | undefined>> = process.env, variant?: string): void {
  const compileCache = module.getCompileCacheDir?.();
  if (module.registerHooks === undefined || compileCache === undefined || env.STRATA_NO_RESOLVE_CACHE === '1') return;
  let file: string;
  const entries = new Map<string, Resolved>();
  try {
    const at = currentInstall();
    if (at === undefined) return;
    file = join(compileCache, `strata-resolve-${at.stamp}${variant === undefined ? '' : `-${variant}`}.json`);
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Resolved>;
      for (const [key, value] of Object.entries(saved)) if (typeof value?.url === 'string') entries.set(key, value);
    }
  } catch {
    return;
  }
  let added = false;
  module.registerHooks({
    resolve: cachingResolve(entries, () => {
      added = true;
    }) as unknown as Parameters<typeof module.registerHooks>[0]['resolve'],
  });
  // Written once, when the thread ends, if it learnt anything.
  process.once('exit', () => {
    if (added) saveResolutions(file, entries);
  });
}

/**
 * Writes `entries` to `file` whole (concurrent runs each rename a complete
 * file into place) and, when that is a new file (a new Node, install or code bundle),
 * removes the files of other installs not used for a day. Never throws: a
 * read-only cache folder costs the next run its resolutions, nothing else.
 */
export function saveResolutions(file: string, entries: ReadonlyMap<string, Resolved>, now = Date.now()): void {
  try {
    const fresh = !existsSync(file);
    mkdirSync(dirname(file), { recursive: true });
    writeWhole(file, JSON.stringify(Object.fromEntries(entries)));
    if (fresh) removeStale(dirname(file), (name) => name !== basename(file) && /^strata-resolve-[0-9a-f]+(-[a-z]+-[0-9a-f]+)?\.json$/.test(name), now);
  } catch {
    // Left as it is.
  }
}
