/**
 * The fast path of reading rendered YAML back. strata writes every rendered
 * file itself, in a small subset of YAML: one block mapping at column 0,
 * two-space indentation, sequences indented under their key, single-line
 * plain and quoted scalars, literal block scalars, `{}` and `[]`, no
 * comments, anchors, tags or blank lines between entries.
 *
 * {@link readSpecYaml} reads hand-written specs the same way, with
 * comments, blank lines and one-line flow collections besides.
 *
 * {@link readCanonical} reads exactly that subset and returns what the
 * `yaml` package reads there, in YAML 1.1 and in YAML 1.2 alike, about ten
 * times faster. Anything outside the subset, and any scalar the two YAML
 * versions read differently, makes it return `undefined`; the caller then
 * reads the file with the `yaml` package, which also reports where it
 * differs. A property test holds it to the `yaml` package on generated
 * documents and on mutated ones.
 *
 * {@link readsCanonicalAs} (canonical-match.ts) walks the same subset to
 * compare a text in place with the value it was written from: what this
 * reader accepts, it must accept too (a property test holds the two together).
 */
import { plainIsString } from './plain-scalar.ts';
import { FlowReader, MAX_DEPTH } from './read-flow.ts';
import { checkPlain, coreValue, doubleQuoted, isKeyChar, isLetter, OUTSIDE, outside, plainValue, singleQuoted, withoutComment } from './read-scalars.ts';

/**
 * How a text is read. Rendered files: the strict subset, every plain scalar
 * read alike by YAML 1.1 and 1.2. Hand-written specs: also comment lines,
 * blank lines, trailing comments and flow sequences of plain scalars, read
 * with YAML 1.2's core schema as the spec loader reads them.
 */
interface Mode {
  readonly spec: boolean;
}

const COLON = 58;
const SPACE = 32;

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
        map[key] = this.inline(col, col + 2, this.mode.spec ? rest.replace(/^ +/, '') : rest.slice(1), false);
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
    // Most keys are letters, digits and `._/-` after a letter: such a key passes checkPlain as it is,
    // and its colon is the first one (the general path below finds the same key, only slower).
    if (isLetter(content.charCodeAt(0))) {
      let end = 1;
      while (end < content.length && isKeyChar(content.charCodeAt(end))) end++;
      if (content.charCodeAt(end) === COLON && (end + 1 === content.length || content.charCodeAt(end + 1) === SPACE)) {
        const key = content.slice(0, end);
        if (this.mode.spec ? coreValue(key) !== key : !plainIsString(key)) outside();
        return [key, content.slice(end + 1)];
      }
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
      indent = /^ */.exec(this.lines[j]!)![0].length;
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
