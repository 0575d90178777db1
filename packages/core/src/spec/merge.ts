import { MERGE_KEY } from '../schema/merge-key.ts';
import type { SpecPath, SpecSource } from './source.ts';

export { MERGE_KEY };
/** `$remove: true` on a named entry drops the inherited entry of that name. */
export const REMOVE = '$remove';

export type MergeRule = readonly string[] | 'replace';

/** Where a value of a merged spec was written: a file and the path inside it. */
export interface Origin {
  readonly source: SpecSource;
  readonly path: SpecPath;
}

/** A spec value with the origin of every node, so a merge can say which file set what. */
export type Tree =
  | { readonly kind: 'leaf'; readonly value: unknown; readonly origin: Origin }
  | { readonly kind: 'map'; readonly entries: ReadonlyMap<string, Tree>; readonly origin: Origin }
  | { readonly kind: 'list'; readonly items: readonly Tree[]; readonly origin: Origin };

/** Something a merge noticed, at a place in the file that asked for it. */
export interface MergeIssue {
  readonly origin: Origin;
  readonly message: string;
}

type Schema = Record<string, unknown>;

/** The value parsed from `source`, as a tree whose nodes point back into the file. */
export function toTree(value: unknown, source: SpecSource, path: SpecPath = []): Tree {
  const origin = { source, path };
  if (Array.isArray(value)) return { kind: 'list', items: value.map((v, i) => toTree(v, source, [...path, i])), origin };
  if (value !== null && typeof value === 'object') {
    return { kind: 'map', entries: new Map(Object.entries(value).map(([k, v]) => [k, toTree(v, source, [...path, k])])), origin };
  }
  return { kind: 'leaf', value, origin };
}

/**
 * Merges `overlay` over `base` (either may be absent): maps key by key, lists
 * by the rule their schema declares ({@link MERGE_KEY}), anything else is
 * replaced by the overlay. Pure: neither input is changed, unchanged
 * subtrees are shared.
 */
export function mergeTrees(base: Tree | undefined, overlay: Tree, schema: unknown, issues: MergeIssue[]): Tree {
  if (overlay.kind === 'map') {
    const entries = new Map(base?.kind === 'map' ? base.entries : []);
    for (const [key, value] of overlay.entries) entries.set(key, mergeTrees(entries.get(key), value, childSchema(schema, key), issues));
    return { kind: 'map', entries, origin: overlay.origin };
  }
  if (overlay.kind === 'list') {
    const rule = mergeRule(schema);
    if (rule === 'replace') return overlay;
    return mergeList(base?.kind === 'list' ? base.items : [], overlay, rule, itemSchema(schema), issues);
  }
  return overlay;
}

function mergeList(base: readonly Tree[], overlay: Extract<Tree, { kind: 'list' }>, rule: readonly string[], schema: unknown, issues: MergeIssue[]): Tree {
  const out: (Tree | undefined)[] = [...base];
  // First inherited entry of each name; each is merged into (or removed) at most once.
  const open = new Map<string, number>();
  base.forEach((item, i) => {
    const key = entryKey(item, rule);
    if (key !== undefined && !open.has(key)) open.set(key, i);
  });
  for (const item of overlay.items) {
    const key = entryKey(item, rule);
    const at = key === undefined ? undefined : open.get(key);
    if (key !== undefined) open.delete(key);
    if (isRemoval(item)) {
      if (at === undefined) issues.push({ origin: item.origin, message: `${REMOVE}: nothing inherited has this ${rule.join(' and ')}; the entry has no effect` });
      else out[at] = undefined;
      continue;
    }
    // Any other `$remove` (false, or not a boolean) stays, for the schema to report at its line.
    const merged = mergeTrees(at === undefined ? undefined : out[at], item, schema, issues);
    if (at === undefined) out.push(merged);
    else out[at] = merged;
  }
  return { kind: 'list', items: out.filter((t): t is Tree => t !== undefined), origin: overlay.origin };
}

function entryKey(item: Tree, rule: readonly string[]): string | undefined {
  if (item.kind !== 'map') return undefined;
  const parts: unknown[] = [];
  for (const field of rule) {
    const v = item.entries.get(field);
    if (v?.kind !== 'leaf' || v.value === null || typeof v.value === 'object') return undefined;
    parts.push(v.value);
  }
  return JSON.stringify(parts);
}

function isRemoval(item: Tree): boolean {
  const flag = item.kind === 'map' ? item.entries.get(REMOVE) : undefined;
  return flag?.kind === 'leaf' && flag.value === true;
}

/** Plain (fresh, mutable) data from a tree. */
export function valueOf(tree: Tree): unknown {
  if (tree.kind === 'leaf') return tree.value;
  if (tree.kind === 'list') return tree.items.map(valueOf);
  const out: Record<string, unknown> = {};
  for (const [k, v] of tree.entries) {
    // A `__proto__` key is data like any other (for the schema to refuse at its line), not the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: valueOf(v), enumerable: true, writable: true, configurable: true });
    else out[k] = valueOf(v);
  }
  return out;
}

/**
 * The node of `tree` deepest along `path` (as far as the path names nodes of
 * it), and how many segments of the path lead to it. Read off the tree on
 * demand rather than kept in a map of every node: a spec is located only for
 * its findings.
 */
export function nodeAlong(tree: Tree, path: SpecPath): { readonly node: Tree; readonly depth: number } {
  let node = tree;
  let depth = 0;
  for (const key of path) {
    let next: Tree | undefined;
    if (node.kind === 'map') next = node.entries.get(String(key));
    else if (node.kind === 'list') next = node.items[typeof key === 'number' ? key : /^(?:0|[1-9]\d*)$/.test(key) ? Number(key) : -1];
    if (next === undefined) break;
    node = next;
    depth++;
  }
  return { node, depth };
}

/** The schema node and the branches (anyOf, oneOf, allOf, then, else) that may describe the same value. */
function branches(schema: unknown): Schema[] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Schema;
  const out: Schema[] = [s];
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(s[k])) for (const b of s[k] as unknown[]) out.push(...branches(b));
  for (const k of ['then', 'else']) if (s[k] !== undefined) out.push(...branches(s[k]));
  return out;
}

function childSchema(schema: unknown, key: string): unknown {
  const all = branches(schema);
  for (const b of all) {
    const props = b.properties as Schema | undefined;
    if (props !== undefined && Object.hasOwn(props, key)) return props[key];
  }
  for (const b of all) if (b.additionalProperties !== null && typeof b.additionalProperties === 'object') return b.additionalProperties;
  return undefined;
}

function itemSchema(schema: unknown): unknown {
  for (const b of branches(schema)) if (b.items !== null && typeof b.items === 'object') return b.items;
  return undefined;
}

/** How a list described by `schema` merges; a list the schema says nothing about is replaced. */
export function mergeRule(schema: unknown): MergeRule {
  for (const b of branches(schema)) {
    const rule = b[MERGE_KEY];
    if (rule === 'replace') return 'replace';
    if (Array.isArray(rule) && rule.length > 0) return rule as string[];
  }
  return 'replace';
}

/** Stands in for a file when plain data is merged without provenance. */
const NOWHERE = { file: '' } as SpecSource;

/**
 * The same merge over plain documents, without provenance: `docs` in order,
 * later ones winning, lists merged as `schema` declares. For tools and test
 * fixtures that need the resolved spec and not where its values came from.
 */
export function mergeSpecs(schema: unknown, ...docs: readonly unknown[]): unknown {
  let tree: Tree | undefined;
  for (const doc of docs) tree = mergeTrees(tree, toTree(doc, NOWHERE), schema, []);
  return tree === undefined ? undefined : valueOf(tree);
}
