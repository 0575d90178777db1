import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { specInputPaths } from '@strata/core/spec-inputs';
import type { WorkspaceReader } from './manifests.ts';
import { listFiles } from './tree.ts';

const YAML_FILE = /\.ya?ml$/;

/** Reads YAML files of the workspace at `root` from disk (the only reader outside tests). */
export function fsReader(root: string): WorkspaceReader {
  return {
    yamlFiles(path) {
      const clean = path.replace(/\/+$/, '');
      const full = join(root, clean);
      let stat;
      try {
        stat = statSync(full);
      } catch {
        return undefined;
      }
      if (stat.isFile()) return [{ path: clean, bytes: readFileSync(full) }];
      if (!stat.isDirectory()) return undefined;
      return listFiles(full)
        .filter((f) => YAML_FILE.test(f))
        .map((f) => ({ path: `${clean}/${f}`, bytes: readFileSync(join(full, f)) }));
    },
  };
}

export { specInputPaths } from '@strata/core/spec-inputs';

/** `path\0sha…` lines of every YAML file under the spec's input paths, for cache keys. */
export function specInputsText(root: string, specText: string, hash: (bytes: Uint8Array) => string): string {
  const reader = fsReader(root);
  return specInputPaths(specText)
    .flatMap((p) => (reader.yamlFiles(p) ?? []).map((f) => `${f.path}\0${hash(f.bytes)}\n`))
    .join('');
}
