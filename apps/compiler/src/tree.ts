import { INDEX_FILE, sha256 } from './layout.ts';
import type { RenderedCluster } from './render.ts';

// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { createHash } = process.getBuiltinModule('node:crypto');
const { readdirSync, readFileSync, rmSync, statSync } = process.getBuiltinModule('node:fs');
const { join, sep } = process.getBuiltinModule('node:path');

/**
 * Every file under `dir`, as `/`-separated paths relative to it; empty when
 * `dir` does not exist. Folders whose name `skipFolder` accepts are not entered.
 * `folders`, when given, gets the path of every folder read (`dir` first).
 */
export function listFiles(dir: string, skipFolder?: (name: string) => boolean, folders?: string[]): string[] {
  const out: string[] = [];
  // The relative path is built as the walk goes down: path.relative on every file cost more than the listing.
  const walk = (d: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    folders?.push(d);
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (skipFolder === undefined || !skipFolder(e.name)) walk(`${d}${sep}${e.name}`, r);
      } else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** How the files on disk differ from a render. */
export interface TreeDiff {
  /** Rendered but absent on disk. */
  readonly missing: string[];
  /** Present on both, different bytes. */
  readonly stale: string[];
  /** On disk but not rendered (removed objects, hand-added files). */
  readonly extra: string[];
  readonly unchanged: number;
}

/**
 * What the last render of a cluster left in its folder, as the render cache
 * remembers it: when the folder still has that {@link statPrint}, its files
 * and their sha256 are those its index.json lists, so the folder need not be
 * listed or read to compare a new render with it.
 */
export interface DiskHint {
  readonly renderedPath: string;
  /** {@link statPrint} of the folder as that render left it. */
  readonly stat: string;
  /** Every file of the folder then (index.json included). */
  readonly files: readonly string[];
  /** sha256 of its index.json. */
  readonly index: string;
}

/**
 * The sha256 of every file of the folder by path, when it is still exactly as
 * `hint` says (same sizes and times, index.json with its recorded sha256
 * listing exactly those files); otherwise undefined, and the folder is read.
 */
function knownTree(root: string, hint: DiskHint): { known: Map<string, string>; inner: string } | undefined {
  const inner = matchingInnerPrint(root, hint.renderedPath, hint.files, hint.stat);
  if (inner === undefined) return undefined;
  let listed: { files?: { path?: unknown; sha256?: unknown }[] };
  try {
    const bytes = readFileSync(join(root, hint.renderedPath, INDEX_FILE));
    if (sha256(bytes) !== hint.index) return undefined;
    listed = JSON.parse(bytes.toString('utf8')) as typeof listed;
  } catch {
    return undefined;
  }
  const known = new Map<string, string>([[INDEX_FILE, hint.index]]);
  for (const f of listed.files ?? []) if (typeof f.path === 'string' && typeof f.sha256 === 'string') known.set(f.path, f.sha256);
  if (known.size !== hint.files.length || hint.files.some((p) => !known.has(p))) return undefined;
  return { known, inner };
}

/**
 * Compares a render with the cluster folder on disk, byte for byte: by sha256
 * against the folder's index when `hint` shows the folder is as the last
 * render left it, else by reading every file. When the hint held, `inner` is
 * the folder's {@link innerPrint}, taken to check it.
 */
export function compareTree(root: string, rendered: RenderedCluster, hint?: DiskHint): { diff: TreeDiff; inner?: string } {
  const dir = join(root, rendered.renderedPath);
  const held = hint === undefined || hint.renderedPath !== rendered.renderedPath ? undefined : knownTree(root, hint);
  if (held !== undefined) {
    const { known, inner } = held;
    const diff: TreeDiff = { missing: [], stale: [], extra: [], unchanged: 0 };
    let unchanged = 0;
    for (const file of rendered.files) {
      const sha = known.get(file.path);
      if (sha === undefined) diff.missing.push(file.path);
      else if (sha === file.sha256) unchanged++;
      else diff.stale.push(file.path);
      known.delete(file.path);
    }
    diff.extra.push(...[...known.keys()].sort());
    return { diff: { ...diff, unchanged }, inner };
  }
  const onDisk = new Set(listFiles(dir));
  const diff: TreeDiff = { missing: [], stale: [], extra: [], unchanged: 0 };
  let unchanged = 0;
  for (const file of rendered.files) {
    if (!onDisk.has(file.path)) {
      diff.missing.push(file.path);
      continue;
    }
    onDisk.delete(file.path);
    if (readFileSync(join(dir, file.path), 'utf8') === file.content) unchanged++;
    else diff.stale.push(file.path);
  }
  diff.extra.push(...[...onDisk].sort());
  return { diff: { ...diff, unchanged } };
}

export function isClean(diff: TreeDiff): boolean {
  return diff.missing.length === 0 && diff.stale.length === 0 && diff.extra.length === 0;
}

/** Removes a folder of a cluster whose spec is gone. */
export function removeTree(root: string, renderedPath: string): void {
  rmSync(join(root, renderedPath), { recursive: true, force: true });
}

/**
 * The print of a rendered folder: sha256 over the size and modification time
 * of each of `files` (paths under it) and the modification time of every
 * folder holding them, then the folder's own modification time. No folder is
 * listed: adding, removing or renaming a file changes its folder's mtime,
 * writing one changes its own. `inner` is {@link innerPrint} when the thread
 * that staged the folder already took it.
 */
export function statPrint(root: string, renderedPath: string, files: readonly string[], inner?: string): string {
  const dir = `${root}/${renderedPath}`;
  return `${inner ?? innerPrint(dir, files)} ${folderTime(dir)}`;
}

/** The last part of {@link statPrint}: the folder's own modification time, -1 when it is not there. */
function folderTime(dir: string): number {
  return statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

/**
 * The folder's {@link innerPrint} when its {@link statPrint} is `stat`, else
 * undefined. The folder's own time is looked at first: a folder that is gone
 * (a render into an empty tree) or had a file added or removed costs one
 * stat, not one per file.
 */
export function matchingInnerPrint(root: string, renderedPath: string, files: readonly string[], stat: string): string | undefined {
  const dir = `${root}/${renderedPath}`;
  const time = ` ${folderTime(dir)}`;
  if (!stat.endsWith(time)) return undefined;
  const inner = innerPrint(dir, files);
  return `${inner}${time}` === stat ? inner : undefined;
}

/**
 * The part of {@link statPrint} below the folder itself. It survives moving
 * the folder (a rename keeps what is inside as it was), so a render worker
 * takes it from the staged folder and the main thread, after moving that into
 * place, adds only the folder's own time.
 */
export function innerPrint(dir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  const folders = new Set<string>();
  for (const path of [...files].sort()) {
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) folders.add(path.slice(0, i));
    const st = statSync(`${dir}/${path}`, { throwIfNoEntry: false });
    hash.update(`${path}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\n`);
  }
  for (const folder of [...folders].sort()) {
    const st = statSync(`${dir}/${folder}`, { throwIfNoEntry: false });
    hash.update(`${folder}/\0${st?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}
