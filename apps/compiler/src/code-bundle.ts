// Imported by the bin at start-up (through start-caches.ts): node: builtins and the other start-up modules only.
import { buildIfClaimed, writeWhole } from './cache-files.ts';
import { codeBundleState } from './code-bundle-state.ts';
import { installedCodeDigest } from './code-digest.ts';
import { strataScopeDir } from './components.ts';
import { currentInstall } from './resolve-cache.ts';

// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { existsSync, mkdirSync, readFileSync } = process.getBuiltinModule('node:fs');
const { dirname, join } = process.getBuiltinModule('node:path');
const { pathToFileURL } = process.getBuiltinModule('node:url');

/**
 * The code bundle: strata's own modules (the compiler, the components, the
 * policy rules, the validators' code) as one esbuild build of ES modules,
 * split in chunks along the dynamic imports so a command loads what it loaded
 * before (`strata validate` no render code). Loading 300 TypeScript modules
 * one by one, each resolved, read, stripped and linked on its own, was about
 * a fifth of a one-cluster `strata validate`; the same code as about 70
 * chunks made that run 11% faster.
 *
 * The bundle is named by the installed code's digest (code-digest.ts: every
 * `@strata/*` source, the lockfiles, Node), so an edit, an install or a new
 * Node makes the bin run the sources again; a second run with the same code
 * builds the bundle (code-bundle-build.ts) once its output is written. The
 * modules loaded before the bundle (the start-up caches, this one) stay
 * outside it, so each exists once. Dependencies (yaml, ajv, the models) are
 * not in it: they load from node_modules as before. Off with
 * STRATA_NO_CODE_BUNDLE=1, and under `--debug`, whose stack traces then name
 * the sources.
 */

export const CODE_PREFIX = 'code-';
/** The manifest's shape; a manifest of another is not read. */
export const CODE_FORMAT = 1;
export const CODE_MANIFEST = 'manifest.json';

/** A bundle's manifest, written last by the build. */
export interface CodeManifest {
  readonly format: typeof CODE_FORMAT;
  /** The installed code digest the bundle was built from. */
  readonly digest: string;
  /** The main entry's file: it exports `main`. */
  readonly main: string;
  /** Worker entry files, by the URL of the worker script they stand for. */
  readonly workers: Readonly<Record<string, string>>;
  /** The source files in each output file, as file URLs: which code a loaded chunk holds (tests, and people). */
  readonly inputs: Readonly<Record<string, readonly string[]>>;
}

/** The files of one code digest's bundle. */
export interface CodeBundleFiles {
  /** The bundle's folder: its chunks and {@link CODE_MANIFEST}. */
  readonly folder: string;
  /** Written by a run that found no bundle; a later run with the same code claims it and builds. */
  readonly wanted: string;
  /** Why the build failed: while it is there, no build is tried and the sources run. */
  readonly failed: string;
  readonly digest: string;
}

/** A bundle's name: the start of its digest. */
export function codeBundleName(digest: string): string {
  return digest.slice(0, 24);
}

export function codeBundleFiles(cacheFolder: string, digest: string): CodeBundleFiles {
  const folder = join(cacheFolder, `${CODE_PREFIX}${codeBundleName(digest)}`);
  return { folder, wanted: `${folder}.wanted`, failed: `${folder}.failed`, digest };
}

/** The manifest of the bundle at `files`, when it is complete and of this digest. */
export function readCodeManifest(files: CodeBundleFiles): CodeManifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(files.folder, CODE_MANIFEST), 'utf8')) as Partial<CodeManifest>;
    if (parsed.format !== CODE_FORMAT || parsed.digest !== files.digest || typeof parsed.main !== 'string') return undefined;
    const workers = parsed.workers !== null && typeof parsed.workers === 'object' ? parsed.workers : {};
    if (!Object.values(workers).every((w) => typeof w === 'string')) return undefined;
    // Every output file: the entries, and the chunks and deps files they import (one missing would fail the command, not fall back).
    const inputs = parsed.inputs !== null && typeof parsed.inputs === 'object' ? parsed.inputs : {};
    const outputs = [parsed.main, ...Object.values(workers), ...Object.keys(inputs)];
    if (!outputs.every((f) => plainName(f) && existsSync(join(files.folder, f)))) return undefined;
    return { format: CODE_FORMAT, digest: parsed.digest, main: parsed.main, workers, inputs };
  } catch {
    return undefined;
  }
}

function plainName(name: string): boolean {
  return /^[A-Za-z0-9._-]+\.[cm]js$/.test(name);
}

/** The bundle this run looked for and did not find: the owner's to ask for, or build, as it ends. */
let missing: CodeBundleFiles | undefined;

/**
 * The URL of the bundle's main entry for this install's code, with its worker
 * entries made known to worker-pool.ts; undefined when there is none yet (the
 * sources run, and {@link finishCodeBundle} asks for one), when it is off
 * (STRATA_NO_CODE_BUNDLE=1, `--debug`), or outside an npm install. Never throws.
 */
export function installCodeBundle(opts: { readonly argv: readonly string[] }, env: Readonly<Record<string, string | undefined>> = process.env): URL | undefined {
  if (env.STRATA_NO_CODE_BUNDLE === '1' || opts.argv.includes('--debug')) return undefined;
  try {
    const at = currentInstall();
    const scope = strataScopeDir();
    if (at === undefined || scope === undefined) return undefined;
    const files = codeBundleFiles(at.cache, installedCodeDigest(scope));
    const manifest = readCodeManifest(files);
    if (manifest === undefined) {
      missing = files;
      return undefined;
    }
    const workers = Object.entries(manifest.workers).map(([script, file]) => [script, pathToFileURL(join(files.folder, file)).href]);
    codeBundleState().workers = Object.fromEntries(workers);
    codeBundleState().name = codeBundleName(files.digest);
    return pathToFileURL(join(files.folder, manifest.main));
  } catch {
    return undefined;
  }
}

/** The script a worker is started from: the bundle's entry for `script` when this thread runs the bundle. */
export function bundledWorker(script: URL): URL {
  const entry = codeBundleState().workers?.[script.href];
  return entry === undefined ? script : new URL(entry);
}

/** For the main thread once its command is done, when it ran the sources for want of a bundle: {@link askOrBuild}. */
export async function finishCodeBundle(): Promise<void> {
  const files = missing;
  missing = undefined;
  if (files !== undefined) await askOrBuild(files);
}

/**
 * The bundle at `files` was missing: the first run to find it so notes it,
 * the next one with the same code claims the note and builds (a one-off run,
 * as in CI, builds nothing). Never throws; a failed build is recorded beside
 * the bundle and not tried again for this code.
 */
export async function askOrBuild(files: CodeBundleFiles): Promise<'asked' | 'built' | 'changed' | 'failed' | 'none'> {
  if (existsSync(files.failed)) return 'none';
  if (!existsSync(files.wanted)) {
    try {
      mkdirSync(dirname(files.wanted), { recursive: true });
      writeWhole(files.wanted, `${process.pid}\n`);
      return 'asked';
    } catch {
      return 'none';
    }
  }
  // A builder that would not load is recorded as a failed build is.
  return (await buildIfClaimed(files.wanted, files.failed, async () => (await import('./code-bundle-build.ts')).buildCodeBundle(files))) ?? 'none';
}
