import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RenderedCluster } from './render.ts';

/** Every file under `dir`, as `/`-separated paths relative to it; empty when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
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

/** Compares a render with the cluster folder on disk, byte for byte. */
export function diffTree(root: string, rendered: RenderedCluster): TreeDiff {
  const dir = join(root, rendered.renderedPath);
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
  return { ...diff, unchanged };
}

export function isClean(diff: TreeDiff): boolean {
  return diff.missing.length === 0 && diff.stale.length === 0 && diff.extra.length === 0;
}

/** Removes a folder of a cluster whose spec is gone. */
export function removeTree(root: string, renderedPath: string): void {
  rmSync(join(root, renderedPath), { recursive: true, force: true });
}
