import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Staged cluster folders. `strata render` writes each changed cluster, as soon
 * as it has rendered and passed, into a staging folder beside its target
 * (`rendered/.strata-staging-<pid>-<hex>/<cluster>/`: the same filesystem, so
 * moving it into place is a rename), and keeps only a summary in memory. Once
 * every cluster passed, each staged folder replaces its cluster folder with two
 * renames; on any error the staging folders are removed and nothing under
 * rendered/ changed.
 *
 * What a leftover (a crash, a kill) looks like to the tools: kubectl kustomize,
 * Flux and `strata validate` read only the folders the index and the
 * Kustomizations name (`rendered/<cluster>/<layer>`), never a sibling dot-folder;
 * strata never takes a dot-folder for a cluster (orphans, cluster listing); each
 * staging folder holds a `.gitignore` of `*`, so `git add rendered/` cannot
 * commit one wherever `spec.gitops.path` puts it. The next render that writes
 * removes leftovers of runs that are gone ({@link sweepStaging}).
 */
const PREFIX = '.strata-staging-';
/** Debris of the former in-place swap (`.strata-tmp-<cluster>-<pid>-<hex>`, `.strata-old-…`), swept as well. */
const LEFTOVER = /^\.strata-(?:staging|tmp-.+|old-.+)-(\d+)-[0-9a-f]{8}$/;

/** One render's staging tag: `<pid>-<8 hex>`; its staging folders are `.strata-staging-<tag>`. */
export function newStagingTag(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The staging folder of `tag` beside a rendered folder (absolute). */
export function stagingDir(root: string, renderedPath: string, tag: string): string {
  return join(root, dirname(renderedPath), `${PREFIX}${tag}`);
}

/** Has a process with this pid (not this one) gone? Then its staging folders are debris. */
function gone(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: it exists under another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes, from each of `parents` (workspace-relative folders), the staging
 * folders and swap debris of renders that are no longer running. This run's
 * own (`tag`) and those of a concurrent render (nx runs one per cluster) stay.
 * Best effort: a folder that cannot be read or removed is left for next time.
 */
export function sweepStaging(root: string, parents: Iterable<string>, tag: string): void {
  for (const parent of new Set(parents)) {
    let names: string[];
    try {
      names = readdirSync(join(root, parent));
    } catch {
      continue;
    }
    for (const name of names) {
      const m = LEFTOVER.exec(name);
      if (m === null || name === `${PREFIX}${tag}` || !gone(Number(m[1]))) continue;
      try {
        rmSync(join(root, parent, name), { recursive: true, force: true });
      } catch {
        // Left for the next run.
      }
    }
  }
}

/**
 * Creates the staging folder (idempotent, safe from several threads) with its
 * `.gitignore`; returns the topmost folder it had to create above it (rendered/
 * itself on a first render), which goes again when nothing is written.
 */
function ensureStaging(dir: string): string | undefined {
  const made = mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(join(dir, '.gitignore'), '# strata render staging: removed when the render ends\n*\n', { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return made === undefined || made === dir ? undefined : made;
}

/** A cluster's staged folder (absolute), and the folder above its staging folder that staging created, if any. */
export interface Staged {
  readonly staged: string;
  readonly made?: string;
}

/**
 * Writes one cluster's files into its staging folder. A file `kept` says is
 * byte-identical on disk is hard-linked from the cluster folder instead of
 * written: no new inode and no data is written for it, and when the old folder
 * goes after the swap its inode lives on in the new one. Re-rendering a
 * cluster whose change touches two of its 76 files then creates two files, not
 * 76 (on ext4 without a journal, creating files soon after many were deleted
 * is many times slower: the kernel skips every recently freed inode). A link
 * that fails (a filesystem without hard links) falls back to writing, for the
 * rest of the cluster too. A failure removes what it wrote and throws.
 */
export function stageCluster(
  root: string,
  tag: string,
  name: string,
  renderedPath: string,
  files: readonly { readonly path: string; readonly content: string }[],
  kept: (path: string) => boolean = () => false,
): Staged {
  const dir = stagingDir(root, renderedPath, tag);
  const made = ensureStaging(dir);
  const staged = join(dir, name);
  const current = join(root, renderedPath);
  let linking = true;
  try {
    const folders = new Set<string>();
    for (const file of files) {
      const path = join(staged, file.path);
      const folder = dirname(path);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      if (linking && kept(file.path)) {
        try {
          linkSync(join(current, file.path), path);
          continue;
        } catch {
          linking = false;
        }
      }
      writeFileSync(path, file.content);
    }
  } catch (err) {
    rmSync(staged, { recursive: true, force: true });
    throw err;
  }
  return { staged, ...(made === undefined ? {} : { made }) };
}

/** A staged cluster folder and where it goes. */
export interface StagedCluster {
  readonly renderedPath: string;
  /** Absolute path of the staged folder ({@link stageCluster}). */
  readonly staged: string;
}

/**
 * Moves each staged folder into place. Each cluster folder is swapped
 * atomically: the old folder is renamed into the staging folder, the staged one
 * renamed into place, and should that fail the old one is put back. The old
 * folders go with the staging folders ({@link discardStaging}).
 */
export function commitStaged(root: string, clusters: readonly StagedCluster[]): void {
  for (const c of clusters) {
    const target = join(root, c.renderedPath);
    // Cluster names never start with a dot, so `.old-<name>` cannot be a staged cluster.
    const old = join(dirname(c.staged), `.old-${basename(c.staged)}`);
    let moved = false;
    try {
      renameSync(target, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    try {
      renameSync(c.staged, target);
    } catch (err) {
      if (moved) renameSync(old, target);
      throw err;
    }
  }
}

/**
 * Removes this run's staging folders, with what is left in them (everything
 * after an error; the old cluster folders after a commit), and the folders
 * staging created above them when they are empty again (only rmdir: a folder
 * that now holds a cluster, or another render's staging, stays).
 */
export function discardStaging(staged: Iterable<Partial<Staged>>): void {
  const dirs = new Set<string>();
  const made = new Map<string, string>();
  for (const s of staged) {
    if (s.staged === undefined) continue;
    dirs.add(dirname(s.staged));
    if (s.made !== undefined) made.set(dirname(s.staged), s.made);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const [dir, top] of made) {
    for (let p = dirname(dir); p.startsWith(top); p = dirname(p)) {
      try {
        rmdirSync(p);
      } catch {
        break;
      }
    }
  }
}
