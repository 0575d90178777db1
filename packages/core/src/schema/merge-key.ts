/**
 * Schema annotation saying how profiles merge a list: the fields that name an
 * entry (`["namespace", "name"]`), or `"replace"` (the later list replaces the
 * earlier one). A list without it is replaced too; a test holds every list of
 * objects in the composed schema to declaring one.
 */
export const MERGE_KEY = 'x-strata-merge-key';

/**
 * Spread into an array schema (`{type: 'array', ...mergeByKey('name'), …}`):
 * profiles merge the list entry by entry, matching entries on these fields.
 * Typed as adding nothing, so `FromSchema` and `satisfies JSONSchema` see the
 * schema unchanged; the annotation is there at run time and in the published
 * schema.
 */
export function mergeByKey(...fields: [string, ...string[]]): Record<never, never> {
  return { [MERGE_KEY]: fields };
}

/** Spread into an array schema: a later list replaces the inherited one as a whole. */
export const replaceOnMerge: Record<never, never> = { [MERGE_KEY]: 'replace' };
