import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** Why `dir` may not hold keys, or undefined when it may: never in a git work tree, never under rendered/. */
export function unsafeKeyDir(dir: string, workspaceRoot?: string): string | undefined {
  const abs = resolve(dir);
  if (workspaceRoot !== undefined) {
    const rendered = resolve(workspaceRoot, 'rendered');
    if (abs === rendered || abs.startsWith(rendered + sep)) return `${abs} is under rendered/, which is committed`;
  }
  for (let d = abs; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return `${abs} is inside the git work tree ${d}; keys would be one \`git add\` away from a commit`;
    if (dirname(d) === d) return undefined;
  }
}

/** Reads a file, or undefined when it does not exist. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Permission bits of a file (e.g. 0o600). */
export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Creates the key folder (0700) if needed. */
export function ensureKeyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

