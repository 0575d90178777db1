/**
 * Scalars of the fast YAML readers (canonical-read.ts): plain ones resolved
 * as the `yaml` package resolves them, quoted ones unescaped as it does, and
 * the marker that makes a reader decline a text.
 */
import { Composer, Parser } from 'yaml';
import { plainIsString } from './plain-scalar.ts';

/** Thrown (never escaping the readers) when the text leaves the subset. */
export const OUTSIDE = Symbol('outside');

export function outside(): never {
  throw OUTSIDE;
}

/** What the `yaml` package reads a plain scalar as, when YAML 1.1 and 1.2 agree; null when they do not or cannot read it. */
const plainReadings = new Map<string, { readonly value: unknown } | null>();

function readAlone(text: string, version: '1.1' | '1.2'): { value: unknown } | undefined {
  const docs = [...new Composer({ version, logLevel: 'silent', uniqueKeys: true }).compose(new Parser().parse(`${text}\n`))];
  const doc = docs[0];
  if (docs.length !== 1 || doc === undefined || doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return { value: doc.toJS() as unknown };
}

function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());
}

/** What a plain scalar reads as in YAML 1.2's core schema alone (a spec is read that way). */
const coreReadings = new Map<string, { readonly value: unknown } | null>();

export function coreValue(text: string): unknown {
  if (plainIsString(text)) return text;
  let reading = coreReadings.get(text);
  if (reading === undefined) {
    const y12 = readAlone(text, '1.2');
    reading = y12 !== undefined && (typeof y12.value !== 'object' || y12.value === null) ? y12 : null;
    if (coreReadings.size > 50_000) coreReadings.clear();
    coreReadings.set(text, reading);
  }
  return reading === null ? outside() : reading.value;
}

export function plainValue(text: string): unknown {
  // Names, labels, flags: the `yaml` package's own tag tests say both versions read a string.
  if (plainIsString(text)) return text;
  let reading = plainReadings.get(text);
  if (reading === undefined) {
    const [y11, y12] = [readAlone(text, '1.1'), readAlone(text, '1.2')];
    reading = y11 !== undefined && y12 !== undefined && sameScalar(y11.value, y12.value) && !(y12.value instanceof Date) && typeof y12.value !== 'object' ? y12 : null;
    if (plainReadings.size > 50_000) plainReadings.clear();
    plainReadings.set(text, reading);
  }
  return reading === null ? outside() : reading.value;
}

/** An ASCII letter. */
export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Letters, digits, `.`, `_`, `/`, `-`: the characters of most keys, which the readers take without a regex. */
export function isKeyChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 47 || c === 45;
}

/** A plain scalar in block context that the subset allows: one line, no indicator start, no `: `, ` #`, tab or trailing space. */
const PLAIN_START_BAD = /^(?:[\s,[\]{}#&*!|>'"%@`]|[?:-](?:\s|$))/;
const PLAIN_BAD = /: |:$|\s#|\t|\s$|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

export function checkPlain(text: string): string {
  if (text === '' || PLAIN_START_BAD.test(text) || PLAIN_BAD.test(text)) outside();
  return text;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A whole-line double-quoted scalar (`"..."` and nothing after it). */
export function doubleQuoted(text: string): string {
  let out = '';
  let i = 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    const slash = text.indexOf('\\', i);
    if (quote === -1) outside();
    if (slash === -1 || quote < slash) {
      out += text.slice(i, quote);
      if (quote !== text.length - 1) outside();
      break;
    }
    out += text.slice(i, slash);
    const code = text[slash + 1] ?? '';
    const simple = SIMPLE_ESCAPES[code];
    if (simple !== undefined) {
      out += simple;
      i = slash + 2;
      continue;
    }
    const length = HEX_LENGTH[code];
    const hex = length === undefined ? '' : text.slice(slash + 2, slash + 2 + length);
    if (length === undefined || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) outside();
    const point = Number.parseInt(hex, 16);
    if ((point >= 0xd800 && point <= 0xdfff) || point > 0x10ffff) outside();
    out += String.fromCodePoint(point);
    i = slash + 2 + length;
  }
  if (/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(text)) outside();
  return out;
}

/** A whole-line single-quoted scalar (`'...'`, `''` for a quote). */
export function singleQuoted(text: string): string {
  if (text.length < 2 || !text.endsWith("'") || /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(text)) outside();
  const body = text.slice(1, -1);
  if (body.replaceAll("''", '').includes("'")) outside();
  return body.replaceAll("''", "'");
}

/**
 * A value's text without a trailing comment: ` # …` after a plain scalar,
 * and after a closing quote. Quoted scalars keep a `#` inside them.
 */
export function withoutComment(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) {
    const close = text.startsWith('"') ? closingDoubleQuote(text) : closingSingleQuote(text);
    if (close === -1) return text;
    const after = text.slice(close + 1);
    return after === '' || /^ +#/.test(after) ? text.slice(0, close + 1) : text;
  }
  const hash = text.search(/ #/);
  // Only spaces: JavaScript's trim also drops characters YAML keeps (U+2028, U+FEFF).
  return hash === -1 ? text : text.slice(0, hash).replace(/ +$/, '');
}

export function closingDoubleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

export function closingSingleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i;
  }
  return -1;
}
