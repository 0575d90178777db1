import { compareStrings, RENDERED_LAYOUT, stringifyAgreed, writeCanonical } from '@strata/core';

/** Top-level keys that lead every object, in this order; the rest follow sorted. */
const LEAD_KEYS = ['apiVersion', 'kind', 'metadata'];
/** metadata keys that lead, in this order. */
const META_LEAD_KEYS = ['name', 'namespace'];

function orderKeys(keys: string[], lead: readonly string[]): string[] {
  // Most maps have no leading keys: sort the (fresh) key list in place.
  if (lead.length === 0) return keys.sort(compareStrings);
  const first = lead.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !lead.includes(k)).sort(compareStrings);
  return [...first, ...rest];
}

/**
 * Canonical form of a JSON value: map keys sorted (apiVersion, kind, metadata
 * first at the top; name, namespace first in metadata), `undefined` and `null`
 * dropped, arrays kept in order. Independent of how the object was built.
 */
export function canonicalize(value: unknown, depth = 0, parentKey?: string): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => v !== undefined && v !== null).map((v) => canonicalize(v, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    const src = value as Record<string, unknown>;
    const lead = depth === 0 ? LEAD_KEYS : parentKey === 'metadata' && depth === 1 ? META_LEAD_KEYS : [];
    const out: Record<string, unknown> = {};
    for (const key of orderKeys(Object.keys(src), lead)) {
      const v = src[key];
      if (v === undefined || v === null) continue;
      out[key] = canonicalize(v, depth + 1, key);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`cannot serialize the number ${value}`);
  }
  return value;
}

/**
 * The one YAML writer for rendered/: canonical keys, no line folding, LF, one
 * trailing newline, and scalars that YAML 1.1 readers (kubectl, Helm,
 * kubeconform) and YAML 1.2 readers (kustomize, strata) read alike.
 */
export function toYaml(value: unknown): string {
  return canonicalYaml(canonicalize(value));
}

/** {@link toYaml} of a value already in canonical form. */
export function canonicalYaml(canonical: unknown): string {
  // The fast writer gives the same bytes for the strings it knows; the `yaml` package writes the rest.
  const text = writeCanonical(canonical) ?? stringifyAgreed(canonical, RENDERED_LAYOUT);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Canonical JSON (sorted keys, 2-space indent, trailing newline) for index files. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(canonicalize(value, 1), null, 2)}\n`;
}
