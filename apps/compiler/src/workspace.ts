import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { finding, StrataError } from '@strata/core/errors';

/** A strata workspace: the folder that holds `clusters/`. */
export interface Workspace {
  readonly root: string;
}

/** One cluster found under `clusters/`. */
export interface ClusterEntry {
  readonly name: string;
  /** `clusters/<name>/cluster.yaml`, relative to the root, `/`-separated. */
  readonly specFile: string;
}

export const CLUSTERS_DIR = 'clusters';
export const SPEC_FILE = 'cluster.yaml';

/** Finds the workspace: `--root` if given, else the nearest folder upward from `cwd` with a `clusters/` folder. */
export function findWorkspace(cwd: string, rootFlag?: string): Workspace {
  if (rootFlag !== undefined) {
    const root = resolve(cwd, rootFlag);
    if (!isDir(join(root, CLUSTERS_DIR))) {
      throw new StrataError([finding('WORKSPACE', `${root} has no ${CLUSTERS_DIR}/ folder`, { hint: 'pass the folder that holds clusters/' })]);
    }
    return { root };
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (isDir(join(dir, CLUSTERS_DIR))) return { root: dir };
    if (dirname(dir) === dir) break;
  }
  throw new StrataError([
    finding('WORKSPACE', `no ${CLUSTERS_DIR}/ folder in ${cwd} or above`, { hint: 'run strata inside a workspace, or pass --root DIR' }),
  ]);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every cluster of the workspace, sorted by name. A folder without cluster.yaml is an error. */
export function listClusters(ws: Workspace): ClusterEntry[] {
  const dir = join(ws.root, CLUSTERS_DIR);
  const names = readdirSync(dir, { withFileTypes: true })
    // `_profiles` (and any `_name`) holds shared parts of specs, not a cluster.
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();
  const problems = names
    .filter((n) => !existsSync(join(dir, n, SPEC_FILE)))
    .map((n) => finding('WORKSPACE', `${CLUSTERS_DIR}/${n}/ has no ${SPEC_FILE}`, { file: `${CLUSTERS_DIR}/${n}` }));
  if (problems.length > 0) throw new StrataError(problems);
  return names.map((name) => ({ name, specFile: `${CLUSTERS_DIR}/${name}/${SPEC_FILE}` }));
}

/** Picks the clusters named by `--cluster`; an unknown name is a usage error listing the known ones. */
export function selectClusters(all: readonly ClusterEntry[], names: readonly string[]): ClusterEntry[] {
  if (names.length === 0) return [...all];
  const unknown = names.filter((n) => !all.some((c) => c.name === n));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown cluster ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${all.map((c) => c.name).join(', ') || '(none)'}`,
    );
  }
  return all.filter((c) => names.includes(c.name));
}

/** Bad command line: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
