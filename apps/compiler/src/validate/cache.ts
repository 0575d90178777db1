import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeWhole } from '../cache-files.ts';
import type { Finding, ProfileFiles } from '@strata/core';
import type { Waived } from '../policies.ts';
import type { ClusterEntry } from '../workspace.ts';
import { VALIDATE_CACHE_FILE } from './cache-file.ts';
import { codeDigest, folderDigest, identitiesDigest, type ProfileRecord, profilesMatch, type ReadRecord, readsMatch } from './inputs.ts';
import { sha256 } from '../layout.ts';

/**
 * The validate cache: `strata validate` reports a cluster from here, without
 * reading a rendered object again, when everything its last verdict depended
 * on is as it was — the strata code, dependencies and Node.js version
 * ({@link codeDigest}), every file of `clusters/<name>/` (spec and SOPS
 * files), the age keys at hand, each profile the spec loader looked up, each
 * workspace file the check read (`spec.manifests`, `crdSchemas`) and every
 * file of the rendered folder, byte for byte. Every check of validate is
 * within one cluster (duplicates, policies, kustomization listings, the
 * index), so a cluster's verdict is cached whole, warnings and waivers
 * included. Local (`node_modules/.cache/strata/`), never committed; an entry
 * that does not read back exactly as written is ignored.
 */
export { VALIDATE_CACHE_FILE };
const CACHE_VERSION = 1;

/** What a cached verdict says, as validate prints it. */
export interface CachedVerdict {
  readonly renderedPath: string;
  readonly files: number;
  readonly objects: number;
  readonly findings: readonly Finding[];
  readonly waived: readonly Waived[];
}

/** One cluster's last verdict and what it was computed from. */
export interface ValidateEntry {
  /** {@link clusterKey}: code, the cluster's folder, the age keys. */
  readonly key: string;
  readonly profiles: ProfileRecord;
  readonly reads: ReadRecord;
  /** Digest of the rendered folder's files (`renderedPath`) as they were checked. */
  readonly tree: string;
  readonly verdict: CachedVerdict;
}

interface StoredEntry extends ValidateEntry {
  /** sha256 of the rest of the entry as written: a damaged entry is dropped, not trusted. */
  readonly seal: string;
}

function sealOf(entry: ValidateEntry): string {
  return sha256(JSON.stringify([entry.key, entry.profiles, entry.reads, entry.tree, entry.verdict]));
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isFinding(value: unknown): value is Finding {
  const f = value as Partial<Finding> | null;
  return typeof f === 'object' && f !== null && typeof f.code === 'string' && (f.severity === 'error' || f.severity === 'warning') && typeof f.message === 'string';
}

function isWaived(value: unknown): value is Waived {
  const w = value as Partial<Waived> | null;
  return typeof w === 'object' && w !== null && typeof w.rule === 'string' && typeof w.object === 'string' && typeof w.reason === 'string';
}

/** The entry, when it has every field with its type and its seal matches its content. */
function readEntry(value: unknown): ValidateEntry | undefined {
  const e = value as Partial<StoredEntry> | null;
  if (typeof e !== 'object' || e === null) return undefined;
  const v = e.verdict as Partial<CachedVerdict> | undefined;
  const shaped =
    typeof e.key === 'string' &&
    typeof e.tree === 'string' &&
    typeof e.seal === 'string' &&
    isStringRecord(e.profiles) &&
    isStringRecord(e.reads) &&
    typeof v === 'object' &&
    v !== null &&
    typeof v.renderedPath === 'string' &&
    Number.isInteger(v.files) &&
    Number.isInteger(v.objects) &&
    Array.isArray(v.findings) &&
    v.findings.every(isFinding) &&
    Array.isArray(v.waived) &&
    v.waived.every(isWaived);
  if (!shaped) return undefined;
  const entry: ValidateEntry = { key: e.key!, profiles: e.profiles!, reads: e.reads!, tree: e.tree!, verdict: v as CachedVerdict };
  return sealOf(entry) === e.seal ? entry : undefined;
}

/** Reads the cache: a missing, unreadable, corrupt or other-version file is empty; a damaged entry is left out. */
export function readValidateCache(root: string): Map<string, ValidateEntry> {
  let file: { version?: unknown; clusters?: unknown };
  try {
    file = JSON.parse(readFileSync(join(root, VALIDATE_CACHE_FILE), 'utf8')) as typeof file;
  } catch {
    return new Map();
  }
  if (file === null || typeof file !== 'object' || file.version !== CACHE_VERSION || typeof file.clusters !== 'object' || file.clusters === null) return new Map();
  const entries = new Map<string, ValidateEntry>();
  for (const [name, value] of Object.entries(file.clusters)) {
    const entry = readEntry(value);
    if (entry !== undefined) entries.set(name, entry);
  }
  return entries;
}

/**
 * Writes the cache atomically (temp file, then rename). A workspace where it
 * cannot be written (read-only) just validates in full next time.
 */
export function writeValidateCache(root: string, entries: ReadonlyMap<string, ValidateEntry>): void {
  const path = join(root, VALIDATE_CACHE_FILE);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const clusters = Object.fromEntries(
      [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, e]) => [name, { ...e, seal: sealOf(e) } satisfies StoredEntry]),
    );
    writeWhole(path, `${JSON.stringify({ version: CACHE_VERSION, clusters })}\n`);
  } catch {
    // A read-only workspace: the next run checks again.
  }
}

/** What {@link clusterKey} and {@link entryHolds} share across the clusters of one run. */
export interface LookupContext {
  readonly root: string;
  readonly profiles: ProfileFiles;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Per run: a profile's state and a read path's digest are computed once, however many clusters use them. */
  readonly profileMemo: Map<string, string>;
  readonly readMemo: Map<string, string>;
}

/** The part of a cluster's key that needs no earlier verdict: code, its `clusters/<name>/` files, the age keys, the cache format. */
export function clusterKey(ctx: LookupContext, entry: ClusterEntry): string {
  const folder = entry.specFile.slice(0, entry.specFile.lastIndexOf('/'));
  return sha256(
    [`strata-validate ${CACHE_VERSION}`, codeDigest(ctx.root), entry.name, entry.specFile, folderDigest(join(ctx.root, folder)), identitiesDigest(ctx.env)].join('\0'),
  );
}

/**
 * True when `cached` still holds for the cluster: same key, the profiles the
 * loader looked up and the workspace files the check read unchanged, and the
 * rendered folder holding exactly the files, byte for byte, it was checked with.
 */
export function entryHolds(ctx: LookupContext, key: string, cached: ValidateEntry): boolean {
  if (cached.key !== key) return false;
  if (!profilesMatch(ctx.profiles, cached.profiles, ctx.profileMemo)) return false;
  if (!readsMatch(ctx.root, cached.reads, ctx.readMemo)) return false;
  return folderDigest(join(ctx.root, cached.verdict.renderedPath)) === cached.tree;
}
