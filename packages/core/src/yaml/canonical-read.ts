/**
 * The fast path of reading rendered YAML back. strata writes every rendered
 * file itself, in a small subset of YAML: one block mapping at column 0,
 * two-space indentation, sequences indented under their key, single-line
 * plain and quoted scalars, literal block scalars, `{}` and `[]`, no
 * comments, anchors, tags or blank lines between entries.
 *
 * {@link readCanonical} reads exactly that subset and returns what the
 * `yaml` package reads there, in YAML 1.1 and in YAML 1.2 alike, about ten
 * times faster. Anything outside the subset, and any scalar the two YAML
 * versions read differently, makes it return `undefined`; the caller then
 * reads the file with the `yaml` package, which also reports where it
 * differs. A property test holds it to the `yaml` package on generated
 * documents and on mutated ones.
 */
import { Composer, Parser } from 'yaml';
import { plainIsString } from './plain-scalar.ts';

/** Thrown (never escaping this module) when the text leaves the subset. */
const OUTSIDE = Symbol('outside');

function outside(): never {
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

function coreValue(text: string): unknown {
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

function plainValue(text: string): unknown {
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

/** A plain scalar in block context that the subset allows: one line, no indicator start, no `: `, ` #`, tab or trailing space. */
const PLAIN_START_BAD = /^(?:[\s,[\]{}#&*!|>'"%@`]|[?:-](?:\s|$))/;
const PLAIN_BAD = /: |:$|\s#|\t|\s$|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

function checkPlain(text: string): string {
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
function doubleQuoted(text: string): string {
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
function singleQuoted(text: string): string {
  if (text.length < 2 || !text.endsWith("'") || /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(text)) outside();
  const body = text.slice(1, -1);
  if (body.replaceAll("''", '').includes("'")) outside();
  return body.replaceAll("''", "'");
}

/** Collections nested deeper than this are left to the `yaml` package (and its depth checks). */
const MAX_DEPTH = 64;

/**
 * How a text is read. Rendered files: the strict subset, every plain scalar
 * read alike by YAML 1.1 and 1.2. Hand-written specs: also comment lines,
 * blank lines, trailing comments and flow sequences of plain scalars, read
 * with YAML 1.2's core schema as the spec loader reads them.
 */
interface Mode {
  readonly spec: boolean;
}

class Reader {
  private i = 0;
  private depth = 0;
  private readonly lines: string[];
  private readonly mode: Mode;

  constructor(text: string, mode: Mode) {
    this.mode = mode;
    this.lines = text.split('\n');
    // The text ends with one line break: the split leaves one empty string after it.
    if (this.lines.pop() !== '') outside();
  }

  /** The indentation of line `i`: its leading spaces; a tab or an empty line leaves the subset. */
  private indentOf(i: number): number {
    const line = this.lines[i]!;
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    if (n === line.length || line.charCodeAt(n) === 9) outside();
    return n;
  }

  /** In a spec, skips blank lines and comment lines between entries. */
  private skip(): void {
    if (!this.mode.spec) return;
    while (this.i < this.lines.length && /^ *(?:#.*)?$/.test(this.lines[this.i]!)) this.i++;
  }

  /** A whole line holding one flow collection (a spec may write any collection that way). */
  private flowLine(text: string): unknown {
    this.i++;
    return new FlowReader(withoutComment(text)).read();
  }

  read(): unknown {
    this.skip();
    if (this.i >= this.lines.length || this.indentOf(this.i) !== 0) outside();
    const first = this.lines[this.i]!;
    const value = this.mode.spec && first.startsWith('{') ? this.flowLine(first) : this.node(0, first);
    this.skip();
    if (this.i !== this.lines.length || Array.isArray(value)) outside();
    return value;
  }

  /** A collection starting at column `col` of the current line, whose text from there is `content`. */
  private node(col: number, content: string): unknown {
    if (++this.depth > MAX_DEPTH) outside();
    const value = content === '-' || content.startsWith('- ') ? this.sequence(col, content) : this.mapping(col, content);
    this.depth--;
    return value;
  }

  /** Whether the next line continues the collection at `col`; a deeper line leaves the subset. */
  private continues(col: number): boolean {
    this.skip();
    if (this.i >= this.lines.length) return false;
    const indent = this.indentOf(this.i);
    if (indent > col) outside();
    return indent === col;
  }

  private sequence(col: number, first: string): unknown[] {
    const items: unknown[] = [];
    let content = first;
    for (;;) {
      if (!content.startsWith('- ')) outside();
      items.push(this.inline(col, col + 2, content.slice(2), true));
      if (!this.continues(col)) return items;
      content = this.lines[this.i]!.slice(col);
    }
  }

  private mapping(col: number, first: string): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let content = first;
    for (;;) {
      const [key, rest] = this.key(content);
      if (Object.hasOwn(map, key) || key === '__proto__') outside();
      if (rest === '' || (this.mode.spec && /^ +#/.test(rest))) {
        // The value is a collection on the next lines, two columns deeper.
        this.i++;
        this.skip();
        if (this.i >= this.lines.length || this.indentOf(this.i) !== col + 2) outside();
        const next = this.lines[this.i]!.slice(col + 2);
        map[key] = this.mode.spec && (next.startsWith('{') || next.startsWith('[')) ? this.flowLine(next) : this.node(col + 2, next);
      } else {
        if (!rest.startsWith(' ')) outside();
        map[key] = this.inline(col, col + 2, this.mode.spec ? rest.trimStart() : rest.slice(1), false);
      }
      if (!this.continues(col)) return map;
      content = this.lines[this.i]!.slice(col);
      if (content.startsWith('- ') || content === '-') outside();
    }
  }

  /** A key (plain or double-quoted) and what follows its colon. */
  private key(content: string): [string, string] {
    if (content.startsWith('"')) {
      let end = 1;
      for (;;) {
        const quote = content.indexOf('"', end);
        if (quote === -1) outside();
        let slashes = 0;
        for (let j = quote - 1; content[j] === '\\'; j--) slashes++;
        if (slashes % 2 === 0) {
          end = quote;
          break;
        }
        end = quote + 1;
      }
      if (content[end + 1] !== ':') outside();
      return [doubleQuoted(content.slice(0, end + 1)), content.slice(end + 2)];
    }
    const colon = content.search(/:(?: |$)/);
    if (colon <= 0) outside();
    const key = checkPlain(content.slice(0, colon));
    // A key read as anything but this string (`1`, `<<`; in rendered files also `on`) is the `yaml` package's to read.
    if (this.mode.spec ? coreValue(key) !== key : !plainIsString(key)) outside();
    return [key, content.slice(colon + 1)];
  }

  /**
   * The value written after `- ` or `key: `, on the current line at column
   * `at`; `col` is the column of the entry it belongs to.
   */
  private inline(col: number, at: number, written: string, inSequence: boolean): unknown {
    const text = this.mode.spec ? withoutComment(written) : written;
    if (text === '{}' || text === '[]') {
      this.i++;
      return text === '{}' ? {} : [];
    }
    if (this.mode.spec && (text.startsWith('[') || text.startsWith('{'))) {
      this.i++;
      return new FlowReader(text).read();
    }
    if (inSequence && (text.startsWith('- ') || text === '-')) return this.sequence(at, text);
    if (text.startsWith('|')) return this.literal(col, text);
    if (text.startsWith('"')) {
      this.i++;
      return doubleQuoted(text);
    }
    if (text.startsWith("'")) {
      this.i++;
      return singleQuoted(text);
    }
    if (inSequence && /:(?: |$)/.test(text)) return this.mapping(at, written);
    this.i++;
    return this.mode.spec ? coreValue(checkPlain(text)) : plainValue(checkPlain(text));
  }

  /** A literal block scalar (`|`, `|-`, `|+`, with an optional indentation indicator) whose entry is at column `col`. */
  private literal(col: number, header: string): string {
    const match = /^\|([1-9]?)([-+]?)$/.exec(header);
    if (match === null) outside();
    const [, indicator = '', chomp = ''] = match;
    this.i++;
    const start = this.i;
    // Content indentation: the indicator's, or that of the first line with text.
    let indent = indicator === '' ? -1 : col + Number(indicator);
    let j = start;
    while (j < this.lines.length && /^ *$/.test(this.lines[j]!)) j++;
    if (indent === -1) {
      if (j >= this.lines.length) outside();
      indent = this.lines[j]!.length - this.lines[j]!.trimStart().length;
    }
    if (indent <= col) outside();
    const body: string[] = [];
    let i = start;
    for (; i < this.lines.length; i++) {
      const line = this.lines[i]!;
      if (/^ *$/.test(line)) {
        // A blank line: spaces beyond the indentation would be content, which strata never writes.
        if (line.length > indent) outside();
        body.push('');
        continue;
      }
      let n = 0;
      while (line.charCodeAt(n) === 32) n++;
      if (n < indent) {
        if (n > col) outside();
        break;
      }
      if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(line)) outside();
      body.push(line.slice(indent));
    }
    let last = body.length;
    while (last > 0 && body[last - 1] === '') last--;
    // An empty block scalar is written `""` by strata: the subset has none.
    if (last === 0) outside();
    this.i = i;
    const text = body.slice(0, last).join('\n');
    if (chomp === '-') return text;
    if (chomp === '') return `${text}\n`;
    return `${text}\n${'\n'.repeat(body.length - last)}`;
  }
}

/**
 * A value's text without a trailing comment: ` # …` after a plain scalar,
 * and after a closing quote. Quoted scalars keep a `#` inside them.
 */
function withoutComment(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) {
    const close = text.startsWith('"') ? closingDoubleQuote(text) : closingSingleQuote(text);
    if (close === -1) return text;
    const after = text.slice(close + 1);
    return after === '' || /^ +#/.test(after) ? text.slice(0, close + 1) : text;
  }
  const hash = text.search(/ #/);
  return hash === -1 ? text : text.slice(0, hash).trimEnd();
}

function closingDoubleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function closingSingleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i;
  }
  return -1;
}

/**
 * One-line flow collections (`[a, b]`, `{k: v, list: [{port: 80}]}`), as
 * specs write roles, profiles and small records: plain scalars without the
 * characters that mean more in flow context, quoted scalars, nesting. No
 * trailing commas, no comments, no implicit keys beyond `key: value`.
 */
class FlowReader {
  private i = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  read(): unknown {
    const value = this.node(0);
    this.spaces();
    if (this.i !== this.text.length) outside();
    return value;
  }

  private spaces(): void {
    while (this.text[this.i] === ' ') this.i++;
  }

  private node(depth: number): unknown {
    if (depth > MAX_DEPTH) outside();
    this.spaces();
    const c = this.text[this.i];
    if (c === '[' || c === '{') return this.collection(c, depth);
    return this.scalar();
  }

  private collection(open: string, depth: number): unknown {
    const close = open === '[' ? ']' : '}';
    this.i++;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    this.spaces();
    if (this.text[this.i] === close) {
      this.i++;
      return open === '[' ? list : map;
    }
    for (;;) {
      if (open === '[') list.push(this.node(depth + 1));
      else {
        this.spaces();
        const key = this.scalar();
        if (typeof key !== 'string' || this.text.slice(this.i, this.i + 2) !== ': ' || Object.hasOwn(map, key) || key === '__proto__') outside();
        this.i += 2;
        map[key] = this.node(depth + 1);
      }
      this.spaces();
      const next = this.text[this.i++];
      if (next === close) return open === '[' ? list : map;
      if (next !== ',') outside();
    }
  }

  private scalar(): unknown {
    const rest = this.text.slice(this.i);
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const close = rest.startsWith('"') ? closingDoubleQuote(rest) : closingSingleQuote(rest);
      if (close === -1) outside();
      this.i += close + 1;
      return rest.startsWith('"') ? doubleQuoted(rest.slice(0, close + 1)) : singleQuoted(rest.slice(0, close + 1));
    }
    const end = rest.search(/[,[\]{}]|: /);
    const token = (end === -1 ? rest : rest.slice(0, end)).trimEnd();
    if (token === '' || /[:?#"'`\t]/.test(token)) outside();
    this.i += token.length;
    return coreValue(checkPlain(token));
  }
}

/**
 * What the `yaml` package reads from a hand-written spec with YAML 1.2's core
 * schema, when the spec keeps to the block style most are written in
 * (comments, blank lines and one-line flow sequences allowed); `undefined`
 * for anything else, which the spec loader then parses in full.
 */
export function readSpecYaml(text: string): Record<string, unknown> | undefined {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new Reader(text.endsWith('\n') ? text : `${text}\n`, { spec: true }).read() as Record<string, unknown>;
  } catch (err) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

/**
 * What the `yaml` package reads from `text` (the same in YAML 1.1 and 1.2),
 * when `text` is one document in the subset strata writes; `undefined` when
 * it is not, or when the two YAML versions would read it differently.
 */
export function readCanonical(text: string): Record<string, unknown> | undefined {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new Reader(text, { spec: false }).read() as Record<string, unknown>;
  } catch (err) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

/** Deep equality of two read documents: plain data, -0 equal to 0, key order ignored. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
