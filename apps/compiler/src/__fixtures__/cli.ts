import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { codeBundleFiles, type CodeManifest, readCodeManifest } from '../code-bundle.ts';
import { buildCodeBundle } from '../code-bundle-build.ts';
import { installedCodeDigest } from '../code-digest.ts';
import { currentInstall } from '../resolve-cache.ts';
import { VALIDATORS_DIR } from '../validator-cache.ts';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const BIN = join(REPO, 'apps/compiler/bin/strata.js');

export { E2E_TIMEOUT } from '@strata/core/tools';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Strips ANSI, replaces timings and the temp root so output can be compared exactly. */
export function normalise(text: string, root: string): string {
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replaceAll(root === '/' ? '\u0000' : root, '<root>')
    .replace(/\(\d+ ms\)/g, '(<t> ms)');
}

/** Runs the real CLI as a user would: a new process, its own cwd, a plain environment. */
export function strata(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: normalise(res.stdout, cwd), stderr: normalise(res.stderr, cwd) };
}

/**
 * Runs the CLI in this process: the same `main` the bin shim calls, with the same plain
 * environment and its own cwd, output captured. Commands read the cwd and environment only
 * through `Io`, so this tests what a process would, without paying Node's start-up and the
 * module loading for every call. The bin shim, process-wide settings (TZ, locale) and exit
 * codes as a shell sees them stay with {@link strata}.
 */
export async function strataIn(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const { main } = await import('../main.ts');
  let stdout = '';
  let stderr = '';
  const exitCode = process.exitCode;
  const plain: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env };
  try {
    const code = await main(args, {
      cwd,
      env: plain,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout: normalise(stdout, cwd), stderr: normalise(stderr, cwd) };
  } finally {
    // main sets the exit code a process would end with; the test runner's own must not change.
    process.exitCode = exitCode;
  }
}

/**
 * Where this test process keeps the spec validators that the CLI compiles into a workspace's
 * `node_modules/.cache/strata/validators/`: each temp workspace links it, so only the first one
 * compiles them (0.3-0.5 s of CPU per workspace, for some 40 workspaces in a full run), as a
 * developer's checkout does after its first command. The entries are keyed by schema, options and
 * ajv version, so sharing them changes no output; validator-cache.test.ts, which is about that
 * cache, takes a workspace of its own.
 */
let sharedValidators: string | undefined;

/** A temp workspace holding a copy of the repo's example clusters, or the given specs. */
export function tempWorkspace(specs?: Record<string, string>, options: { readonly ownValidators?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-e2e-'));
  if (options.ownValidators !== true) {
    sharedValidators ??= mkdtempSync(join(tmpdir(), 'strata-e2e-validators-'));
    mkdirSync(join(root, dirname(VALIDATORS_DIR)), { recursive: true });
    symlinkSync(sharedValidators, join(root, VALIDATORS_DIR), 'dir');
  }
  if (specs === undefined) {
    cpSync(join(REPO, 'clusters'), join(root, 'clusters'), { recursive: true });
    // The plain YAML the examples' spec.manifests read.
    cpSync(join(REPO, 'workloads'), join(root, 'workloads'), { recursive: true });
  } else {
    for (const [name, text] of Object.entries(specs)) {
      mkdirSync(join(root, 'clusters', name), { recursive: true });
      writeFileSync(join(root, 'clusters', name, 'cluster.yaml'), text);
    }
  }
  return root;
}

/** Every file under `dir` (outside node_modules) with its sha256, to prove a command wrote nothing. */
export function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      // node_modules/.cache/strata holds the incremental-render cache, not output.
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else out[relative(dir, p).split(sep).join('/')] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * This install's code bundle, built now if there is none (code-bundle.ts), so a test knows that
 * the bin runs it unless told STRATA_NO_CODE_BUNDLE=1. Throws with the build's error.
 */
export async function ensureCodeBundle(): Promise<CodeManifest> {
  const at = currentInstall();
  if (at === undefined) throw new Error('no npm install above the compiler: no code bundle');
  const files = codeBundleFiles(at.cache, installedCodeDigest());
  let manifest = readCodeManifest(files);
  if (manifest === undefined) {
    const outcome = await buildCodeBundle(files);
    manifest = readCodeManifest(files);
    if (manifest === undefined) throw new Error(`code bundle ${outcome}: ${existsSync(files.failed) ? readFileSync(files.failed, 'utf8') : 'no manifest'}`);
  }
  return manifest;
}

/**
 * The URLs a module log names, with each chunk of a code bundle replaced by the sources it holds
 * (its manifest's `inputs`), so a test of what a command loads reads the same in both modes.
 */
export function loadedSources(loaded: readonly string[]): string[] {
  return loaded.flatMap((url) => {
    const chunk = /^(file:\/\/.*\/\.cache\/strata\/code-[0-9a-f]+)\/([^/]+\.mjs)$/.exec(url);
    if (chunk === null) return [url];
    const manifest = JSON.parse(readFileSync(fileURLToPath(`${chunk[1]}/manifest.json`), 'utf8')) as CodeManifest;
    const inputs = manifest.inputs[chunk[2]!];
    if (inputs === undefined) throw new Error(`${url}: not in its bundle's manifest`);
    return inputs;
  });
}

/**
 * A temp folder under this install's `node_modules/.cache`, where a bundle lives in use (its
 * dependencies resolve from there, and Node does not warn about its packages); removed when the
 * test finishes.
 */
export function tempInstallCache(prefix: string): string {
  const at = currentInstall();
  if (at === undefined) throw new Error('the tests run from an npm install');
  mkdirSync(join(at.nodeModules, '.cache'), { recursive: true });
  const folder = mkdtempSync(join(at.nodeModules, '.cache', prefix));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
