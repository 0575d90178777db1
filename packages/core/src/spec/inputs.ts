import { parse } from 'yaml';

/**
 * The workspace paths a spec reads besides itself: `spec.manifests[].path` and
 * `spec.releases[].crdSchemas` (a file or a folder each), trailing slashes
 * dropped, from a lenient parse. Only workspace-relative paths the spec schema
 * admits count; a spec that does not parse names none (render reports why).
 * For cache keys and nx inputs, where a full load would cost more than it
 * saves; `@strata/core/spec-inputs` imports nothing but `yaml`, so the nx
 * plugin can use it without loading the loader.
 */
export function specInputPaths(specText: string): string[] {
  // Most specs name neither key: skip the parse (a fleet's nothing-changed render calls this once
  // per cluster). Only a double-quoted key with an escape could spell one without its letters.
  if (!specText.includes('manifests') && !specText.includes('crdSchemas') && !specText.includes('\\')) return [];
  let doc: unknown;
  try {
    doc = parse(specText, { maxAliasCount: 50 });
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
