import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strataScopeDir } from './components.ts';
import { listFiles } from './tree.ts';

// The code part of the render and validate cache keys: one digest, so both caches
// are invalidated by the same things.

/** Per process, by packages folder: the code and dependencies do not change while a command runs. */
const installed = new Map<string, string>();
/** Per process, by packages folder and workspace. */
const fingerprints = new Map<string, string>();

/**
 * sha256 over what decides a verdict besides the workspace's files: the
 * installed code ({@link installedCodeDigest}) and the workspace's
 * `package-lock.json`.
 */
export function codeDigest(root: string, scope: string | undefined = strataScopeDir()): string {
  const memo = `${scope ?? ''}\0${root}`;
  const known = fingerprints.get(memo);
  if (known !== undefined) return known;
  const hash = createHash('sha256').update(`installed ${installedCodeDigest(scope)}\0`);
  hashFile(hash, 'workspace', join(root, 'package-lock.json'));
  const fingerprint = hash.digest('hex');
  fingerprints.set(memo, fingerprint);
  return fingerprint;
}

/**
 * sha256 over the code this install runs: the source of every installed
 * `@strata/*` package (the compiler, every component, the policy rules and
 * object validators; tests and fixtures left out) with its package.json
 * (name, version, `strata` key: the component set), the lockfiles that pin
 * every other dependency (kubernetes-models, yaml, ajv: npm's
 * `node_modules/.package-lock.json` beside the packages, and the installing
 * workspace's `package-lock.json`), and the Node.js version. It also names
 * the code bundle (code-bundle.ts), which the bin looks for before anything
 * else loads.
 */
export function installedCodeDigest(scope: string | undefined = strataScopeDir()): string {
  const memo = scope ?? '';
  const known = installed.get(memo);
  if (known !== undefined) return known;
  const digest = hashInstalledCode(scope);
  installed.set(memo, digest);
  return digest;
}

/** {@link installedCodeDigest} worked out afresh. */
export function hashInstalledCode(scope: string | undefined): string {
  const hash = createHash('sha256').update(`node ${process.version}\0`);
  for (const name of scope === undefined ? [] : readdirSync(scope).sort()) {
    let dir: string;
    try {
      dir = realpathSync(join(scope!, name));
    } catch {
      continue;
    }
    // Tests and their fixtures left out: folders of fixtures are not entered, test files are skipped.
    const sources = (folder: string) => listFiles(join(dir, folder), isTestFolder).filter((f) => !f.endsWith('.test.ts')).map((f) => `${folder}/${f}`);
    for (const file of [...sources('src'), ...sources('bin'), 'package.json']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(dir, file));
      } catch {
        continue;
      }
      hash.update(`${name}/${file}\0`).update(bytes).update('\0');
    }
  }
  hashFile(hash, 'installed', scope === undefined ? undefined : join(dirname(scope), '.package-lock.json'));
  hashFile(hash, 'installer', scope === undefined ? undefined : join(dirname(dirname(scope)), 'package-lock.json'));
  return hash.digest('hex');
}

/** Hashes `label` and the bytes of `file`, or that it is absent. */
function hashFile(hash: Hash, label: string, file: string | undefined): void {
  let bytes: Buffer | undefined;
  try {
    bytes = file === undefined ? undefined : readFileSync(file);
  } catch {
    // absent: hashed as such
  }
  hash.update(`${label}\0`).update(bytes ?? 'absent').update('\0');
}

function isTestFolder(name: string): boolean {
  return name === '__fixtures__' || name === '__snapshots__';
}
