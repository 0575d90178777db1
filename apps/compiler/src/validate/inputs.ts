import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileFile, ProfileFiles } from '@strata/core';
import type { WorkspaceReader } from '../manifests.ts';
import { fsReader } from '../sources.ts';
import { listFiles } from '../tree.ts';
import { sha256 } from '../layout.ts';

// What a cluster's `strata validate` verdict depends on, digested for its cache
// (cache.ts). Light on purpose: a run whose clusters are all unchanged
// loads this, the cache and nothing that validates.

/** A digest of `path → sha256` pairs (a folder's files, a listing): order-independent, paths included. */
export function digestOf(files: Iterable<readonly [string, string]>): string {
  const lines = [...files].map(([path, sha]) => `${path}\0${sha}\n`).sort();
  return sha256(lines.join(''));
}

/** Every file below `dir` (recursively) by its path under `dir`, with its sha256; empty when `dir` is absent. */
export function folderDigest(dir: string): string {
  return digestOf(listFiles(dir).map((p) => [p, sha256(readFileSync(join(dir, p)))] as const));
}

export { codeDigest } from '../code-digest.ts';

/**
 * The age identities a run verifies SOPS MACs with come from `SOPS_AGE_KEY`
 * and the file `SOPS_AGE_KEY_FILE` names: with a key, MACs are checked in
 * full, so the verdict depends on it. Digested as text (the key never lands
 * in the cache).
 */
export function identitiesDigest(env: Readonly<Record<string, string | undefined>>): string {
  const file = env.SOPS_AGE_KEY_FILE ?? '';
  let text = '';
  if (file !== '') {
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = '\0absent';
    }
  }
  return sha256(`${env.SOPS_AGE_KEY ?? ''}\0${file}\0${text}`);
}

/** What one cluster's check read through a {@link RecordingReader}: each path asked for, with a digest of what was there. */
export type ReadRecord = Record<string, string>;

/** The digest of what `reader.yamlFiles(path)` returns: the files and their bytes, or that nothing is there. */
function readDigest(files: ReturnType<WorkspaceReader['yamlFiles']>): string {
  return files === undefined ? 'absent' : digestOf(files.map((f) => [f.path, sha256(f.bytes)] as const));
}

/**
 * A workspace reader that remembers what it was asked for (the files of
 * `spec.manifests` and the releases' `crdSchemas`, of the spec and of its
 * profiles), so a cached verdict is checked against exactly those files.
 */
export class RecordingReader implements WorkspaceReader {
  readonly #inner: WorkspaceReader;
  readonly #reads: ReadRecord = {};

  constructor(inner: WorkspaceReader) {
    this.#inner = inner;
  }

  yamlFiles(path: string): ReturnType<WorkspaceReader['yamlFiles']> {
    const files = this.#inner.yamlFiles(path);
    this.#reads[path] = readDigest(files);
    return files;
  }

  get reads(): ReadRecord {
    return { ...this.#reads };
  }
}

/** True when every recorded path still reads as it did. */
export function readsMatch(root: string, reads: ReadRecord, memo: Map<string, string> = new Map()): boolean {
  const reader = fsReader(root);
  return Object.entries(reads).every(([path, digest]) => {
    let now = memo.get(path);
    if (now === undefined) memo.set(path, (now = readDigest(reader.yamlFiles(path))));
    return now === digest;
  });
}

/** The profiles a load consulted: each name asked for with its sha256 (`absent` when there is none), and `*` for the whole listing. */
export type ProfileRecord = Record<string, string>;

/** The sha256 of a profile by name, or `absent`; `*` digests every name and sha (a missing profile's hint lists them all). */
export function profileState(profiles: ProfileFiles, name: string, memo: Map<string, string> = new Map()): string {
  let state = memo.get(name);
  if (state !== undefined) return state;
  if (name === '*') state = digestOf([...profiles].map(([n, p]) => [n, profileState(profiles, n, memo)] as const));
  else {
    const file = profiles.get(name);
    state = file === undefined ? 'absent' : sha256(file.bytes);
  }
  memo.set(name, state);
  return state;
}

/**
 * The workspace's profiles, as the spec loader sees them, noting which the
 * loader looks up. Pass one instance for every load of a run (the loader
 * memoizes parsed profiles on it) and {@link take} after each load.
 */
export class RecordingProfiles extends Map<string, ProfileFile> {
  #asked = new Set<string>();

  override get(name: string): ProfileFile | undefined {
    this.#asked.add(name);
    return super.get(name);
  }

  override has(name: string): boolean {
    this.#asked.add(name);
    return super.has(name);
  }

  // Anything that walks the whole map (the hint of a missing profile lists them all) depends on every profile.
  override keys(): MapIterator<string> {
    this.#asked.add('*');
    return super.keys();
  }

  override values(): MapIterator<ProfileFile> {
    this.#asked.add('*');
    return super.values();
  }

  override entries(): MapIterator<[string, ProfileFile]> {
    this.#asked.add('*');
    return super.entries();
  }

  override forEach(fn: (value: ProfileFile, key: string, map: Map<string, ProfileFile>) => void, self?: unknown): void {
    this.#asked.add('*');
    super.forEach(fn, self);
  }

  override get size(): number {
    this.#asked.add('*');
    return super.size;
  }

  override [Symbol.iterator](): MapIterator<[string, ProfileFile]> {
    this.#asked.add('*');
    return super.entries();
  }

  /** The profiles looked up since the last take, with their state now; starts a new record. */
  take(memo?: Map<string, string>): ProfileRecord {
    const record: ProfileRecord = {};
    for (const name of [...this.#asked].sort()) record[name] = profileState(this, name, memo);
    this.#asked = new Set();
    return record;
  }
}

/** True when each recorded profile has the state it had. */
export function profilesMatch(profiles: ProfileFiles, record: ProfileRecord, memo: Map<string, string> = new Map()): boolean {
  return Object.entries(record).every(([name, state]) => profileState(profiles, name, memo) === state);
}
