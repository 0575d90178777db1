import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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

/**
 * The workspace paths a spec reads besides itself (`spec.manifests[].path`,
 * `spec.releases[].crdSchemas`), from a lenient parse: a spec that does not
 * parse names none (render reports why). Used for cache keys, where a full
 * load would cost more than it saves.
 */
export function specInputPaths(specText: string): string[] {
  let doc: unknown;
  try {
    doc = parse(specText, { maxAliasCount: 50 });
  } catch {
    return [];
  }
  const spec = (doc as { spec?: { manifests?: unknown; releases?: unknown } } | null)?.spec;
  const pick = (list: unknown, key: string): string[] =>
    Array.isArray(list) ? list.flatMap((e: unknown) => (e !== null && typeof e === 'object' && typeof (e as Record<string, unknown>)[key] === 'string' ? [(e as Record<string, string>)[key]!] : [])) : [];
  return [...new Set([...pick(spec?.manifests, 'path'), ...pick(spec?.releases, 'crdSchemas')])].sort();
}

/** `path\0sha…` lines of every YAML file under the spec's input paths, for cache keys. */
export function specInputsText(root: string, specText: string, hash: (bytes: Uint8Array) => string): string {
  const reader = fsReader(root);
  return specInputPaths(specText)
    .flatMap((p) => (reader.yamlFiles(p) ?? []).map((f) => `${f.path}\0${hash(f.bytes)}\n`))
    .join('');
}
