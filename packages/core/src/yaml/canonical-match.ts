/**
 * The render gate's question, answered without building a tree: does
 * {@link readCanonical} read `text` as data {@link sameData} calls equal to
 * `expected`? The matcher walks the text with indexes, as the reader walks
 * its lines, and compares each key and scalar with the expected value in
 * place; it stops at the first difference. A property test holds it to
 * `sameData(readCanonical(text), expected)` on written and mutated documents.
 */
import { readCanonical, sameData } from './canonical-read.ts';
import { plainIsString } from './plain-scalar.ts';
import { MAX_DEPTH } from './read-flow.ts';
import { checkPlain, doubleQuoted, isKeyChar, isLetter, OUTSIDE, outside, plainValue, singleQuoted } from './read-scalars.ts';

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const DASH = 45;
const COLON = 58;
const PIPE = 124;
const DOUBLE = 34;
const SINGLE = 39;
const BACKSLASH = 92;
const PLUS = 43;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Characters the reader refuses in a literal block's lines. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Characters the reader refuses in a quoted scalar, with its quote (and for double quotes the backslash): without them the value is the text between the quotes. */
const NOT_PLAIN_IN_DOUBLE = /["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const NOT_PLAIN_IN_SINGLE = /['\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/** Thrown when the keys of a mapping are not written in the order of the expected object's: the full reader decides. */
const UNSURE = Symbol('unsure');

/**
 * Strings as the matcher meets them again and again (keys, names, labels):
 * whether a key is written the way the reader's fast key path reads it (a
 * letter, then letters, digits and `._/-`, read as that string), and whether
 * a string written plain reads back as itself. Keys are interned strings and
 * values repeat, so a map lookup costs less than the reader's regexes.
 */
const simpleKeys = new Map<string, boolean>();
const plainSelves = new Map<string, boolean>();
const REMEMBERED = 100_000;

function isSimpleKey(key: string): boolean {
  let simple = simpleKeys.get(key);
  if (simple === undefined) {
    simple = key.length > 0 && isLetter(key.charCodeAt(0)) && plainIsString(key);
    for (let k = 1; simple && k < key.length; k++) simple = isKeyChar(key.charCodeAt(k));
    if (simpleKeys.size >= REMEMBERED) simpleKeys.clear();
    simpleKeys.set(key, simple);
  }
  return simple;
}

/** Whether the reader reads `text`, written plain, as that string (checkPlain, then plainValue). */
function readsAsItself(text: string): boolean {
  let self = plainSelves.get(text);
  if (self === undefined) {
    try {
      self = plainValue(checkPlain(text)) === text;
    } catch (err) {
      if (err !== OUTSIDE) throw err;
      self = false;
    }
    if (plainSelves.size >= REMEMBERED) plainSelves.clear();
    plainSelves.set(text, self);
  }
  return self;
}

/** What sameData needs of a value for a read mapping to equal it. */
function isRecordLike(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * The reader's walk (canonical-read.ts, mode `spec: false`) over the same
 * lines, on indexes: `pos` is the start of the reader's current line and
 * `eol` its line break. Each step throws OUTSIDE where the reader would, and
 * also where the value read so far already differs from the expected one;
 * both mean "not the expected data".
 */
class Matcher {
  private pos = 0;
  private eol = 0;
  private depth = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  match(expected: unknown): void {
    const { text } = this;
    // The text ends with one line break, so every line has one and `pos === length` is the end.
    if (text.length === 0 || text.charCodeAt(text.length - 1) !== NEWLINE) outside();
    this.eol = text.indexOf('\n');
    if (this.indent() !== 0) outside();
    // A top-level sequence is never a document readCanonical returns.
    if (this.startsEntry(this.pos)) outside();
    this.block(0, expected);
    if (this.pos !== text.length) outside();
  }

  /** Moves to the next line. */
  private advance(): void {
    this.pos = this.eol + 1;
    if (this.pos < this.text.length) this.eol = this.text.indexOf('\n', this.pos);
  }

  /** The current line's indentation; a tab or a line of only spaces leaves the subset (indentOf). */
  private indent(): number {
    const { text, pos, eol } = this;
    let at = pos;
    while (text.charCodeAt(at) === SPACE) at++;
    if (at === eol || text.charCodeAt(at) === TAB) outside();
    return at - pos;
  }

  /** Whether the text from `at` is `-` alone or `- …`: a sequence entry. */
  private startsEntry(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.eol || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** The reader's node(): a collection at column `col` of the current line. */
  private block(col: number, expected: unknown): void {
    if (++this.depth > MAX_DEPTH) outside();
    if (this.startsEntry(this.pos + col)) this.sequence(col, expected);
    else this.mapping(col, expected);
    this.depth--;
  }

  /** The reader's continues(): whether the next line holds another entry at `col`. */
  private continues(col: number): boolean {
    if (this.pos >= this.text.length) return false;
    const indent = this.indent();
    if (indent > col) outside();
    return indent === col;
  }

  private sequence(col: number, expected: unknown): void {
    if (!Array.isArray(expected)) outside();
    let n = 0;
    for (;;) {
      const at = this.pos + col;
      if (this.text.charCodeAt(at) !== DASH || this.text.charCodeAt(at + 1) !== SPACE) outside();
      if (n >= expected.length) outside();
      this.inline(col, col + 2, at + 2, true, expected[n++]);
      if (!this.continues(col)) break;
    }
    if (n !== expected.length) outside();
  }

  private mapping(col: number, expected: unknown): void {
    if (!isRecordLike(expected)) outside();
    // for-in walks the own keys in Object.keys order without allocating them, and reads `expected[key]` from its cache.
    let more = true;
    for (const key in expected) {
      // An inherited key is no key of the read mapping: the full reader decides.
      if (!Object.hasOwn(expected, key)) throw UNSURE;
      // The text has fewer entries than the object has keys.
      if (!more) outside();
      const colon = this.key(this.pos + col, key);
      if (key === '__proto__') outside();
      if (colon + 1 === this.eol) {
        // The value is a collection on the next lines, two columns deeper.
        this.advance();
        if (this.pos >= this.text.length || this.indent() !== col + 2) outside();
        this.block(col + 2, expected[key]);
      } else {
        if (this.text.charCodeAt(colon + 1) !== SPACE) outside();
        this.inline(col, col + 2, colon + 2, false, expected[key]);
      }
      more = this.continues(col);
      if (more && this.startsEntry(this.pos + col)) outside();
    }
    // The text has more entries (or, for an empty object, any).
    if (more) outside();
  }

  /**
   * The key written at `start` (as the reader's key() finds it), which must
   * be `expected`; returns the index of its colon. A different key throws
   * UNSURE: the same keys in another order are still the same mapping.
   */
  private key(start: number, expected: string): number {
    const { text, eol } = this;
    if (isSimpleKey(expected)) {
      // The reader's fast key path stops at the first character that is not a key character: here, the colon.
      const end = start + expected.length;
      if (this.holds(start, end, expected) && text.charCodeAt(end) === COLON && (end + 1 === eol || text.charCodeAt(end + 1) === SPACE)) return end;
    }
    if (text.charCodeAt(start) === DOUBLE) {
      let end = start + 1;
      for (;;) {
        const quote = text.indexOf('"', end);
        if (quote === -1 || quote >= eol) outside();
        let slashes = 0;
        for (let j = quote - 1; text.charCodeAt(j) === BACKSLASH; j--) slashes++;
        if (slashes % 2 === 0) {
          end = quote;
          break;
        }
        end = quote + 1;
      }
      if (text.charCodeAt(end + 1) !== COLON) outside();
      if (doubleQuoted(text.slice(start, end + 1)) !== expected) throw UNSURE;
      return end + 1;
    }
    if (isLetter(text.charCodeAt(start))) {
      let end = start + 1;
      while (isKeyChar(text.charCodeAt(end))) end++;
      if (text.charCodeAt(end) === COLON && (end + 1 === eol || text.charCodeAt(end + 1) === SPACE)) {
        if (!this.holds(start, end, expected)) throw UNSURE;
        if (!plainIsString(expected)) outside();
        return end;
      }
    }
    let colon = start;
    while (colon < eol && !(text.charCodeAt(colon) === COLON && (colon + 1 === eol || text.charCodeAt(colon + 1) === SPACE))) colon++;
    if (colon === eol || colon === start) outside();
    const key = this.holds(start, colon, expected) ? expected : text.slice(start, colon);
    checkPlain(key);
    if (!plainIsString(key)) outside();
    if (key !== expected) throw UNSURE;
    return colon;
  }

  /** Whether the text from `start` to `end` is `value`. */
  private holds(start: number, end: number, value: string): boolean {
    // A short-lived slice compared with ===: cheaper than startsWith at a position, or a loop over char codes.
    return end - start === value.length && this.text.slice(start, end) === value;
  }

  /**
   * The reader's inline(): the value written from `at` to the end of the
   * current line, after `- ` or `key: `; `col` is its entry's column and
   * `inner` the column of a collection that starts there.
   */
  private inline(col: number, inner: number, at: number, inSequence: boolean, expected: unknown): void {
    const { text, eol } = this;
    const first = text.charCodeAt(at);
    if (eol - at === 2 && ((first === OPEN_BRACE && text.charCodeAt(at + 1) === CLOSE_BRACE) || (first === OPEN_BRACKET && text.charCodeAt(at + 1) === CLOSE_BRACKET))) {
      // `{}` or `[]`.
      if (first === OPEN_BRACE ? !isRecordLike(expected) || Object.keys(expected).length !== 0 : !Array.isArray(expected) || expected.length !== 0) outside();
      this.advance();
      return;
    }
    if (inSequence && this.startsEntry(at)) return this.sequence(inner, expected);
    if (first === PIPE) return this.literal(col, at, expected);
    if (first === DOUBLE) {
      this.advance();
      if (typeof expected === 'string' && this.holds(at + 1, eol - 1, expected) && text.charCodeAt(eol - 1) === DOUBLE && !NOT_PLAIN_IN_DOUBLE.test(expected)) return;
      if (doubleQuoted(text.slice(at, eol)) !== expected) outside();
      return;
    }
    if (first === SINGLE) {
      this.advance();
      if (typeof expected === 'string' && this.holds(at + 1, eol - 1, expected) && text.charCodeAt(eol - 1) === SINGLE && !NOT_PLAIN_IN_SINGLE.test(expected)) return;
      if (singleQuoted(text.slice(at, eol)) !== expected) outside();
      return;
    }
    if (inSequence && this.hasKey(at)) return this.mapping(inner, expected);
    this.advance();
    if (typeof expected === 'string' && this.holds(at, eol, expected)) {
      if (!readsAsItself(expected)) outside();
      return;
    }
    if (plainValue(checkPlain(text.slice(at, eol))) !== expected) outside();
  }

  /** Whether the text from `at` to the end of the line holds `: ` or ends in `:`. */
  private hasKey(at: number): boolean {
    const { text, eol } = this;
    for (let i = text.indexOf(':', at); i !== -1 && i < eol; i = text.indexOf(':', i + 1)) {
      if (i + 1 === eol || text.charCodeAt(i + 1) === SPACE) return true;
    }
    return false;
  }

  /** The reader's literal(): a block scalar whose header is at `at` and whose entry is at column `col`. */
  private literal(col: number, at: number, expected: unknown): void {
    const { text } = this;
    // The header: `|`, an optional indentation indicator 1-9, an optional chomping indicator, nothing else.
    let h = at + 1;
    const digit = text.charCodeAt(h) - 48;
    const indicator = digit >= 1 && digit <= 9 ? digit : 0;
    if (indicator !== 0) h++;
    const chomp = text.charCodeAt(h);
    if (chomp === DASH || chomp === PLUS) h++;
    if (h !== this.eol) outside();
    this.advance();
    // Content indentation: the indicator's, or that of the first line with text.
    let indent = indicator === 0 ? -1 : col + indicator;
    if (indent === -1) {
      let line = this.pos;
      for (;;) {
        if (line >= text.length) outside();
        let s = line;
        while (text.charCodeAt(s) === SPACE) s++;
        if (text.charCodeAt(s) !== NEWLINE) {
          indent = s - line;
          break;
        }
        line = s + 1;
      }
    }
    if (indent <= col) outside();
    if (typeof expected !== 'string') outside();
    // Body lines joined by line breaks, blank ones empty; trailing blank lines count only for `|+`.
    let q = 0;
    let lines = 0;
    let blanks = 0;
    while (this.pos < text.length) {
      const { pos, eol } = this;
      let s = pos;
      while (text.charCodeAt(s) === SPACE) s++;
      if (s === eol) {
        // A blank line: spaces beyond the indentation would be content, which strata never writes.
        if (eol - pos > indent) outside();
        blanks++;
        this.advance();
        continue;
      }
      if (s - pos < indent) {
        if (s - pos > col) outside();
        break;
      }
      for (; blanks > 0; blanks--) {
        if (lines++ > 0 && expected.charCodeAt(q++) !== NEWLINE) outside();
      }
      if (lines++ > 0 && expected.charCodeAt(q++) !== NEWLINE) outside();
      const end = q + eol - pos - indent;
      if (text.slice(pos + indent, eol) !== expected.slice(q, end)) outside();
      q = end;
      this.advance();
    }
    // An empty block scalar is written `""` by strata: the subset has none.
    if (lines === 0) outside();
    const breaks = chomp === DASH ? 0 : chomp === PLUS ? 1 + blanks : 1;
    if (expected.length !== q + breaks) outside();
    for (let k = q; k < expected.length; k++) if (expected.charCodeAt(k) !== NEWLINE) outside();
    // The reader tests each line with text; those lines, without their indentation, make up `expected`.
    if (CONTROL.test(expected)) outside();
  }
}

/**
 * The in-place comparison alone: true or false as
 * `sameData(readCanonical(text), expected)` answers (false where readCanonical
 * declines), or undefined when a mapping's keys are written in another order
 * than the expected object's and only the full reader can tell.
 */
export function matchCanonical(text: string, expected: unknown): boolean | undefined {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return false;
  try {
    new Matcher(text).match(expected);
    return true;
  } catch (err) {
    if (err === OUTSIDE) return false;
    if (err === UNSURE) return undefined;
    throw err;
  }
}

/**
 * Whether {@link readCanonical} reads `text` as data equal to `expected`
 * by {@link sameData}: the same answer as
 * `sameData(readCanonical(text), expected)` (false where readCanonical
 * declines), mostly without building the read document. False at the first
 * difference; a caller that needs to say what differs reads the text in full.
 */
export function readsCanonicalAs(text: string, expected: unknown): boolean {
  const matched = matchCanonical(text, expected);
  if (matched !== undefined) return matched;
  const read = readCanonical(text);
  return read !== undefined && sameData(read, expected);
}
