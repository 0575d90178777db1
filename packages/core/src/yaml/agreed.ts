import { Document, type ScalarTag, type Tags, type ToStringOptions, visit } from 'yaml';
import { needsQuotes, RAW_UNSAFE } from './plain-scalar.ts';

/** Options of {@link stringifyAgreed}: how the `yaml` package lays the document out. */
export interface AgreedOptions extends ToStringOptions {
  /** Sort map keys (for goldens; the compiler orders keys itself). */
  readonly sortMapEntries?: boolean;
  /** Write repeated objects once with anchors and aliases (`yaml`'s default); strata's output never does. */
  readonly aliasDuplicateObjects?: boolean;
}

const NUMBER_TAGS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

/**
 * `1e+21` is a float to YAML 1.2 and go-yaml, but YAML 1.1's float needs a
 * dot (`1.0e+21`), so a number written with an exponent gets one.
 */
function withDottedMantissa(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !NUMBER_TAGS.has(tag.tag) || tag.stringify === undefined) return tag;
    const stringify = tag.stringify.bind(tag);
    return { ...tag, stringify: (...args) => stringify(...args).replace(/^([-+]?[0-9]+)(?=[eE])/, '$1.0') } satisfies ScalarTag;
  });
}

/** The escapes YAML has names for; the other characters in {@link RAW_UNSAFE} are written `\xNN` or `\uNNNN`. */
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

function escapeRaw(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED_ESCAPES[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * YAML that the `yaml` package (YAML 1.2 core and yaml-1.1 schemas) and
 * go-yaml v2 (kubectl, Helm, kubeconform) all read back as `value`. It is the
 * `yaml` package's YAML 1.2 output with three changes: a string any of those
 * readers would take for something else (`on`, `0o17`, `1:30`, `<<`, …) is
 * double-quoted; characters YAML 1.1 reads as line breaks or go-yaml refuses
 * are escaped; and a number with an exponent has a dot in its mantissa.
 * Every other scalar keeps the form `yaml` gives it.
 */
export function stringifyAgreed(value: unknown, options: AgreedOptions = {}): string {
  const { sortMapEntries = false, aliasDuplicateObjects = true, ...layout } = options;
  const doc = new Document(value, { version: '1.2', customTags: withDottedMantissa, sortMapEntries, aliasDuplicateObjects });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // Every string holding such a character is double-quoted above, so each one in the text sits inside
  // double quotes, where an escape means the same character to every reader.
  return doc.toString(layout).replace(new RegExp(RAW_UNSAFE.source, 'g'), escapeRaw);
}
