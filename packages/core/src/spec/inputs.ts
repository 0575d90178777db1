import { parse } from 'yaml';
import { readSpecYaml } from '../yaml/canonical-read.ts';

// What the nx plugin needs of a spec without loading it: this module imports nothing but `yaml`
// (`@strata/core/spec-inputs`), so nx does not load the loader on every project-graph build.
// The fast spec reader it may use imports only `yaml` too.

/** Where profiles live, relative to the workspace root: `clusters/_profiles/<name>.yaml`. */
export const PROFILES_DIR = 'clusters/_profiles';

/** A spec or profile parsed the lenient way; anything unreadable is `undefined` (render reports why). */
export function parseLoose(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 50 });
  } catch {
    return undefined;
  }
}

/**
 * The workspace paths a spec reads besides itself: `spec.manifests[].path` and
 * `spec.releases[].crdSchemas` (a file or a folder each), trailing slashes
 * dropped, from a lenient parse. Only workspace-relative paths the spec schema
 * admits count; a spec that does not parse names none (render reports why).
 * For cache keys and nx inputs, where a full load would cost more than it saves.
 */
export function specInputPaths(specText: string): string[] {
  // Most specs name neither key: skip the parse (a fleet's nothing-changed render calls this once
  // per cluster). Only a double-quoted key with an escape could spell one without its letters.
  if (!specText.includes('manifests') && !specText.includes('crdSchemas') && !specText.includes('\\')) return [];
  let doc: unknown = readSpecYaml(specText);
  try {
    doc ??= parse(specText, { maxAliasCount: 50 });
  } catch {
    return [];
  }
  const spec = (doc as { spec?: { manifests?: unknown; releases?: unknown } } | null)?.spec;
  const pick = (list: unknown, key: string): string[] =>
    Array.isArray(list)
      ? list.flatMap((e: unknown) => {
          const value = e !== null && typeof e === 'object' ? (e as Record<string, unknown>)[key] : undefined;
          return typeof value === 'string' && /^[A-Za-z0-9_][-A-Za-z0-9_./]*$/.test(value) && !value.split('/').includes('..') ? [value.replace(/\/+$/, '')] : [];
        })
      : [];
  return [...new Set([...pick(spec?.manifests, 'path'), ...pick(spec?.releases, 'crdSchemas')])].sort();
}
