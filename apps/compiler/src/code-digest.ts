import type { Hash } from 'node:crypto';
import { writeWhole } from './cache-files.ts';
import { strataScopeDir } from './components.ts';
import { listFiles } from './tree.ts';

// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { createHash } = process.getBuiltinModule('node:crypto');
const { mkdirSync, readdirSync, readFileSync, realpathSync, statSync } = process.getBuiltinModule('node:fs');
const { dirname, join } = process.getBuiltinModule('node:path');

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
  const digest = scope === undefined ? hashInstalledCode(scope) : rememberedDigest(scope);
  installed.set(memo, digest);
  return digest;
}

/** One file the installed-code digest covers: its name in the hash, and where it is. */
interface CodeFile {
  readonly label: string;
  readonly path: string;
}

/** The files of {@link hashInstalledCode}, in the order they are hashed; `folders` gets every folder read to find them. */
function installedFiles(scope: string | undefined, folders: string[] = []): CodeFile[] {
  const files: CodeFile[] = [];
  if (scope !== undefined) folders.push(scope);
  for (const name of scope === undefined ? [] : readdirSync(scope).sort()) {
    let dir: string;
    try {
      dir = realpathSync(join(scope!, name));
    } catch {
      continue;
    }
    folders.push(dir);
    // Tests and their fixtures left out: folders of fixtures are not entered, test files are skipped.
    const sources = (folder: string) => listFiles(join(dir, folder), isTestFolder, folders).filter((f) => !f.endsWith('.test.ts')).map((f) => `${folder}/${f}`);
    for (const file of [...sources('src'), ...sources('bin'), 'package.json']) files.push({ label: `${name}/${file}`, path: join(dir, file) });
  }
  return files;
}

/** The lockfiles beside the packages: npm's record of the install, and the installing workspace's. */
function lockfiles(scope: string | undefined): [string | undefined, string | undefined] {
  return scope === undefined ? [undefined, undefined] : [join(dirname(scope), '.package-lock.json'), join(dirname(dirname(scope)), 'package-lock.json')];
}

/** {@link installedCodeDigest} worked out afresh. */
export function hashInstalledCode(scope: string | undefined): string {
  return hashFiles(installedFiles(scope), scope);
}

function hashFiles(files: readonly CodeFile[], scope: string | undefined): string {
  const hash = createHash('sha256').update(`node ${process.version}\0`);
  for (const { label, path } of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      continue;
    }
    hash.update(`${label}\0`).update(bytes).update('\0');
  }
  const [installedLock, installerLock] = lockfiles(scope);
  hashFile(hash, 'installed', installedLock);
  hashFile(hash, 'installer', installerLock);
  return hash.digest('hex');
}

/** Where the last digest is kept with the state of the folders and files it was taken from. */
export function digestMemoFile(scope: string): string {
  return join(dirname(scope), '.cache', 'strata', 'code-digest.json');
}

/**
 * How long before a digest is taken a file or folder must have been last
 * changed for the digest to be remembered: a filesystem that keeps times to
 * the second could otherwise see an edit within that second as no change
 * (git's "racy" index entries, settled the same way).
 */
const SETTLED_MS = 2_000;

interface DigestMemo {
  /** {@link stateOf} the folders and files. */
  readonly key: string;
  readonly digest: string;
  readonly folders: readonly string[];
  readonly files: readonly CodeFile[];
}

/** sha256 over Node's version and the state `stat` gives of each path (size, inode, change and modification times to the nanosecond), and the newest of those times. */
function stateOf(paths: readonly (string | undefined)[]): { key: string; newest: bigint } {
  const state = createHash('sha256').update(`node ${process.version}\0`);
  let newest = 0n;
  for (const path of paths) {
    const st = path === undefined ? undefined : statSync(path, { bigint: true, throwIfNoEntry: false });
    if (st === undefined) {
      state.update(`${path ?? ''}\0absent\0`);
      continue;
    }
    state.update(`${path}\0${st.size}\0${st.ino}\0${st.ctimeNs}\0${st.mtimeNs}\0`);
    if (st.ctimeNs > newest) newest = st.ctimeNs;
    if (st.mtimeNs > newest) newest = st.mtimeNs;
  }
  return { key: state.digest('hex'), newest };
}

function readMemo(file: string): DigestMemo | undefined {
  try {
    const memo = JSON.parse(readFileSync(file, 'utf8')) as Partial<DigestMemo>;
    const ok =
      typeof memo.key === 'string' &&
      typeof memo.digest === 'string' &&
      /^[0-9a-f]{64}$/.test(memo.digest) &&
      Array.isArray(memo.folders) &&
      memo.folders.every((f) => typeof f === 'string') &&
      Array.isArray(memo.files) &&
      memo.files.every((f) => typeof f?.label === 'string' && typeof f.path === 'string');
    return ok ? (memo as DigestMemo) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * {@link hashInstalledCode}, remembered in {@link digestMemoFile} under the
 * state of every folder it read and every file it hashed ({@link stateOf}):
 * a start-up then stats 60 folders and 290 files instead of listing the
 * folders and reading and hashing 2.5 MB (8–10 ms of every command). The
 * change time is the kernel's own (no tool sets it back), so a write, a
 * rename over or a `touch` of a file gives another state, and so does a file
 * added, removed or renamed (its folder changes); a new Node or lockfile
 * too. Then the files are hashed again. A digest is remembered only once
 * every file and folder is `settledMs` old ({@link SETTLED_MS}).
 */
export function rememberedDigest(scope: string, settledMs = SETTLED_MS): string {
  const locks = lockfiles(scope);
  const memoFile = digestMemoFile(scope);
  const known = readMemo(memoFile);
  if (known !== undefined && stateOf([...known.folders, ...known.files.map((f) => f.path), ...locks]).key === known.key) return known.digest;
  const folders: string[] = [];
  const files = installedFiles(scope, folders);
  const { key, newest } = stateOf([...folders, ...files.map((f) => f.path), ...locks]);
  const digest = hashFiles(files, scope);
  if (BigInt(Date.now()) * 1_000_000n - newest >= BigInt(settledMs) * 1_000_000n) {
    try {
      mkdirSync(dirname(memoFile), { recursive: true });
      writeWhole(memoFile, `${JSON.stringify({ key, digest, folders, files } satisfies DigestMemo)}\n`);
    } catch {
      // A read-only install: hashed again next time.
    }
  }
  return digest;
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
