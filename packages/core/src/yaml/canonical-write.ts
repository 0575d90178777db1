/**
 * The fast path of strata's YAML writer. Rendered objects are canonical JSON
 * data (string keys, strings, finite numbers, booleans, no nulls), and almost
 * every string in them is a name, a label or a flag. For such data this
 * writer gives exactly the bytes {@link stringifyAgreed} gives with the
 * rendered-tree layout (`indent: 2`, `indentSeq`, no line folding), about ten
 * times faster; a property test holds the two to the same bytes.
 *
 * A value it is not sure about (control characters, a document marker, a
 * multi-line string that needs an indentation indicator or ends in spaces,
 * a very long key, a null) makes it return `undefined`, and the caller writes that object with
 * the `yaml` package instead.
 */
import { needsQuotes } from './plain-scalar.ts';

/** The layout of every rendered file: what {@link writeCanonical} reproduces. */
export const RENDERED_LAYOUT = { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true, aliasDuplicateObjects: false } as const;

/** The `yaml` package's test for a string it cannot write plain (stringifyString.js, plainString). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Strings this writer leaves to the `yaml` package: line breaks, quotes, backslashes, controls, surrogates, document markers. */
const HARD = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]|^(?:---|\.\.\.)/;
/** Keys longer than this are written as explicit `? key` by `yaml`; none of strata's are. */
const MAX_KEY = 1000;

/**
 * Multi-line strings the `yaml` package writes as a literal block (`|`, `|-`,
 * `|+`) with nothing to work out: text on the first line, no whitespace just
 * before the final line breaks, no characters that force double quotes.
 */
const HARD_BLOCK = /^\s|[ \t]\n*$|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]/;
/** A line that `yaml` takes for a document marker: it then indents the block differently. */
const MARKER_LINE = /^(?:%|---|\.\.\.)/m;

/** The literal block of a multi-line `text` whose lines sit at `indent`; undefined when only `yaml` knows. */
function literal(text: string, indent: string): string | undefined {
  if (HARD_BLOCK.test(text) || MARKER_LINE.test(text) || /\n[\t ]+$/.test(text) || needsQuotes(text)) return undefined;
  let body = text.length;
  while (text.charCodeAt(body - 1) === 10) body--;
  const breaks = text.length - body;
  const chomp = breaks === 0 ? '-' : breaks === 1 ? '' : '+';
  const lines = text.slice(0, body).replace(/\n+/g, `$&${indent}`);
  return `|${chomp}\n${indent}${lines}${'\n'.repeat(Math.max(0, breaks - 1))}`;
}

/**
 * A one-line string as `yaml` writes it: plain when it can; in double quotes
 * (JSON's escapes) when a reader would misread it plain; otherwise in single
 * quotes if it holds a double quote and no single one.
 */
function quoteForm(text: string): string {
  if (needsQuotes(text)) return JSON.stringify(text);
  if (!NOT_PLAIN.test(text)) return text;
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

/** How a string is written: as it is, or quoted; undefined when only `yaml` knows. */
const scalarForms = new Map<string, string | null>();

function scalar(text: string): string | undefined {
  let form = scalarForms.get(text);
  if (form === undefined) {
    form = HARD.test(text) ? null : quoteForm(text);
    // The forms repeat across objects and clusters (names, labels, flags); the map stays small next to the output.
    if (scalarForms.size > 200_000) scalarForms.clear();
    scalarForms.set(text, form);
  }
  return form ?? undefined;
}

/** `yaml`'s number form with the dotted mantissa YAML 1.1 needs (see stringifyAgreed). */
function numberForm(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (Object.is(n, -0)) return '-0';
  const json = JSON.stringify(n);
  return /^-?[0-9]+[eE]/.test(json) ? json.replace(/^(-?[0-9]+)(?=[eE])/, '$1.0') : json;
}

function leaf(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.includes('\n') ? literal(value, indent) : scalar(value);
    case 'number':
      return numberForm(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A marker thrown (never escaping this module) when a value needs the `yaml` package. */
const HARD_VALUE = Symbol('hard');

/**
 * Writes `value` at `indent`, as the content after `- ` or `key:`. `inline` is
 * true when it starts on the line of a `- ` (a compact mapping or sequence).
 */
function block(value: unknown, indent: string, out: string[], inline: boolean): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push(inline && i === 0 ? '- ' : `${indent}- `);
      seqItem(item, `${indent}  `, out);
    });
    return;
  }
  const obj = value as Record<string, unknown>;
  let first = true;
  for (const key in obj) {
    const k = key.length > MAX_KEY ? undefined : scalar(key);
    if (k === undefined) throw HARD_VALUE;
    out.push(inline && first ? `${k}:` : `${indent}${k}:`);
    first = false;
    const v = obj[key];
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(' []\n');
      else {
        out.push('\n');
        block(v, `${indent}  `, out, false);
      }
    } else if (isPlainObject(v)) {
      if (isEmpty(v)) out.push(' {}\n');
      else {
        out.push('\n');
        block(v, `${indent}  `, out, false);
      }
    } else {
      const form = leaf(v, `${indent}  `);
      if (form === undefined) throw HARD_VALUE;
      out.push(' ', form, '\n');
    }
  }
}

function isEmpty(obj: Record<string, unknown>): boolean {
  for (const _ in obj) return false;
  return true;
}

/** One sequence item, after its `- `. */
function seqItem(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push('[]\n');
    else block(v, indent, out, true);
  } else if (isPlainObject(v)) {
    if (isEmpty(v)) out.push('{}\n');
    else block(v, indent, out, true);
  } else {
    const form = leaf(v, indent);
    if (form === undefined) throw HARD_VALUE;
    out.push(form, '\n');
  }
}

/**
 * The rendered-tree YAML of a canonical mapping (keys already in their
 * written order), byte for byte what `stringifyAgreed(value, RENDERED_LAYOUT)`
 * writes; `undefined` when the value holds something only `yaml` writes.
 */
export function writeCanonical(value: unknown): string | undefined {
  if (!isPlainObject(value) || isEmpty(value)) return undefined;
  const out: string[] = [];
  try {
    block(value, '', out, false);
  } catch (err) {
    if (err === HARD_VALUE) return undefined;
    throw err;
  }
  return out.join('');
}
