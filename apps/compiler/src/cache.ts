import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeWhole } from './cache-files.ts';
import type { Finding } from '@strata/core';
import { codeDigest } from './code-digest.ts';
import { INDEX_FILE, sha256 } from './layout.ts';
import type { Waived } from './policies.ts';
import { fsReader, specInputPaths, specInputsText } from './sources.ts';
import { listFiles, matchingInnerPrint } from './tree.ts';


/**
 * The incremental-render cache. `strata render` skips a cluster whose inputs
 * (spec bytes, the source of every strata package, the lockfile) are those of
 * its last render and whose folder under rendered/ is still exactly what that
 * render wrote (every file listed in index.json, with its sha256, and nothing
 * else). The cache is local (`node_modules/.cache/strata/`), never committed:
 * code hashes in rendered/ would change with every refactor.
 */
export const CACHE_FILE = 'node_modules/.cache/strata/render.json';
const CACHE_VERSION = 1;

/** What the last render of a cluster used and produced. */
export interface CacheEntry {
  /** sha256 over the spec bytes and {@link codeDigest}. */
  readonly inputs: string;
  readonly renderedPath: string;
  /** sha256 of the index.json that render wrote. */
  readonly index: string;
  readonly objects: number;
  readonly files: number;
  /** Warnings of that render, shown again when it is skipped. */
  readonly findings: readonly Finding[];
  readonly waived: readonly Waived[];
  /**
   * {@link statPrint} of the folder as that render left it. When the folder
   * still has it, its files are not read and hashed again (git's own trick:
   * any write changes a file's mtime); otherwise every file is checked.
   */
  readonly stat?: string;
  /** The files {@link stat} covers (every file of the folder, index.json included). */
  readonly statFiles?: readonly string[];
  /** The profiles that render was built from, with their sha256 (as its index records them). */
  readonly profiles?: readonly { readonly file: string; readonly sha256: string }[];
  /** {@link ProfileReads} of those profiles then: the workspace files they name (`spec.manifests`, `crdSchemas`). */
  readonly profileReads?: string;
  /** sha256 of the spec bytes, and the workspace paths they read ({@link specReads}). */
  readonly specSha256?: string;
  readonly inputPaths?: readonly string[];
}

/**
 * The published schemas (schema/*.schema.json) as the last whole-workspace
 * render left them, by the code that wrote them: while the code is the same
 * and each file still has its sha256, they are up to date without loading a
 * component.
 */
export interface PublishedRecord {
  /** {@link codeDigest} of the code that composed them. */
  readonly code: string;
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
}

/** The whole cache: one entry per cluster, and the published schemas. */
export interface RenderCache {
  readonly clusters: Map<string, CacheEntry>;
  published?: PublishedRecord;
}

interface CacheFile {
  version: number;
  clusters: Record<string, CacheEntry>;
  published?: PublishedRecord;
}

/** Reads the cache; a missing, corrupt or older cache is an empty one. */
export function readCache(root: string): RenderCache {
  try {
    const file = JSON.parse(readFileSync(join(root, CACHE_FILE), 'utf8')) as Partial<CacheFile>;
    if (file.version !== CACHE_VERSION || typeof file.clusters !== 'object' || file.clusters === null) return { clusters: new Map() };
    // One copy of each path: a fleet's clusters share most of theirs, and the cache of 1,000 is kept through a render.
    const paths = new Map<string, string>();
    const share = (p: string): string => paths.get(p) ?? (paths.set(p, p), p);
    const clusters = new Map(Object.entries(file.clusters).map(([name, e]) => [name, Array.isArray(e.statFiles) ? { ...e, statFiles: e.statFiles.map(share) } : e]));
    return { clusters, ...(isPublished(file.published) ? { published: file.published } : {}) };
  } catch {
    return { clusters: new Map() };
  }
}

function isPublished(value: unknown): value is PublishedRecord {
  const v = value as Partial<PublishedRecord> | undefined;
  return typeof v?.code === 'string' && Array.isArray(v.files) && v.files.every((f) => typeof f?.path === 'string' && typeof f.sha256 === 'string');
}

/** True when `published` was written by the current code and every file still has the bytes it had. */
export function publishedHolds(root: string, published: PublishedRecord | undefined): boolean {
  if (published === undefined || published.code !== codeDigest(root) || published.files.length === 0) return false;
  return published.files.every((f) => {
    try {
      return sha256(readFileSync(join(root, f.path))) === f.sha256;
    } catch {
      return false;
    }
  });
}

/** Writes the cache atomically (temp file, then rename), so a crash cannot leave half a file. */
export function writeCache(root: string, cache: RenderCache): void {
  const path = join(root, CACHE_FILE);
  mkdirSync(dirname(path), { recursive: true });
  const clusters = Object.fromEntries([...cache.clusters.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const file: CacheFile = { version: CACHE_VERSION, clusters, ...(cache.published === undefined ? {} : { published: cache.published }) };
  writeWhole(path, `${JSON.stringify(file)}\n`);
}

/**
 * The cache key of one cluster: its spec bytes, the workspace files the spec
 * reads (`spec.manifests`, the releases' `crdSchemas`) and the caller's other
 * inputs (`extra`: the secrets/ files), under the current code. `paths`, when
 * given, are those files' paths as {@link specInputPaths} found them in these
 * very spec bytes (see {@link CacheEntry.inputPaths}): the spec is then not parsed.
 */
export function inputsOf(root: string, spec: Uint8Array, extra = '', paths?: readonly string[]): string {
  const reads = paths === undefined ? specInputsText(root, new TextDecoder().decode(spec), sha256) : readsText(root, paths);
  return sha256(`${codeDigest(root)}\0${sha256(spec)}${reads === '' ? '' : `\0${sha256(reads)}`}${extra === '' ? '' : `\0${sha256(extra)}`}`);
}

/** What specInputsText gives for these paths, without parsing the spec. */
function readsText(root: string, paths: readonly string[]): string {
  const reader = fsReader(root);
  return paths.flatMap((p) => (reader.yamlFiles(p) ?? []).map((f) => `${f.path}\0${sha256(f.bytes)}\n`)).join('');
}

/**
 * The paths a spec reads, from the cache when its entry was made from the same
 * spec bytes (parsing 1,000 specs is half of a render where nothing changed).
 */
export function specReads(entry: CacheEntry | undefined, spec: Uint8Array): { specSha256: string; paths: string[] } {
  const specSha256 = sha256(spec);
  if (entry?.specSha256 === specSha256 && entry.inputPaths !== undefined) return { specSha256, paths: [...entry.inputPaths] };
  return { specSha256, paths: specInputPaths(new TextDecoder().decode(spec)) };
}

/**
 * True when the folder on disk is exactly what the cached render wrote:
 * index.json has the recorded sha256, and every file it lists, and no other
 * file, is there with its sha256 (so a hand edit or a checkout is noticed);
 * and every profile the index says the cluster was built from still has the
 * sha256 it had (`profileSha` gives the current one by file, undefined when
 * the profile is gone), so a profile edit re-renders exactly its clusters.
 */
/** A digest of the workspace files the given profiles read (`spec.manifests`, the releases' `crdSchemas`). */
export type ProfileReads = (profileFiles: readonly string[]) => string;

export function treeMatches(
  root: string,
  entry: CacheEntry,
  profileSha: (file: string) => string | undefined = () => undefined,
  profileReads: ProfileReads = () => '',
): boolean {
  // Files a profile names are inputs like the spec's own: a changed manifest re-renders the clusters built on it.
  if (entry.profileReads !== undefined && profileReads((entry.profiles ?? []).map((p) => p.file)) !== entry.profileReads) return false;
  // The fast path: profiles as they were, and every file (the index too) with the size and mtime that render left.
  if (entry.stat !== undefined && entry.statFiles !== undefined) {
    if ((entry.profiles ?? []).some((p) => profileSha(p.file) !== p.sha256)) return false;
    if (matchingInnerPrint(root, entry.renderedPath, entry.statFiles, entry.stat) !== undefined) return true;
  }
  const dir = join(root, entry.renderedPath);
  let index: { files?: { path: string; sha256: string }[]; profiles?: { file: string; sha256: string }[] };
  try {
    const bytes = readFileSync(join(dir, INDEX_FILE));
    if (sha256(bytes) !== entry.index) return false;
    index = JSON.parse(bytes.toString('utf8')) as typeof index;
  } catch {
    return false;
  }
  if ((index.profiles ?? []).some((p) => profileSha(p.file) !== p.sha256)) return false;
  const listed = new Map((index.files ?? []).map((f) => [f.path, f.sha256]));
  const onDisk = listFiles(dir).filter((p) => p !== INDEX_FILE);
  if (onDisk.length !== listed.size) return false;
  for (const path of onDisk) {
    const expected = listed.get(path);
    if (expected === undefined || sha256(readFileSync(join(dir, path))) !== expected) return false;
  }
  return true;
}

