import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLError,
} from 'yaml';
import { CATALOG, type Finding, finding, formatPath } from '../errors.ts';
import { readSpecYaml } from '../yaml/canonical-read.ts';

/** A path from the document root: keys and array indexes. */
export type SpecPath = readonly (string | number)[];

/** 1-based position in the source text (columns count UTF-16 code units, as editors do). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Alias expansions allowed in one file; a real spec needs a handful, a "billion laughs" file millions. */
export const MAX_ALIAS_COUNT = 50;
/** Collections nested deeper than this are refused before conversion (no spec needs more than ~10). */
export const MAX_DEPTH = 100;

const START: Position = { line: 1, column: 1 };
const SYNTAX_CODE = CATALOG.YAML_SYNTAX.code;

/** A parsed YAML document that can still answer "where is this path?". */
export interface SpecSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** Each alias resolved to its anchored node, computed once (yaml's own lookup is linear per alias). */
  readonly aliases: ReadonlyMap<Alias, Node>;
}

export type ParseOutcome =
  | { readonly ok: true; readonly source: SpecSource; readonly value: unknown; readonly warnings: readonly Finding[] }
  | { readonly ok: false; readonly findings: readonly Finding[] };

/** Where a lookup should point: at the value of the path, or at its key (for unknown fields). */
export type Target = 'value' | 'key';

/**
 * Decodes, parses and converts one spec file. Never throws: every failure,
 * expected or not, comes back as findings of the file.
 */
export function parseSpec(file: string, bytes: Uint8Array): ParseOutcome {
  const text = decode(file, bytes);
  if (typeof text !== 'string') return { ok: false, findings: [text] };
  if (text.trim() === '') return fail(finding('FILE_EMPTY', 'the file is empty', { file, ...START }));
  try {
    // Most specs keep to block style with comments: the fast reader reads them as yaml would, and
    // the positions (needed only for a finding, or `strata spec`) come from a full parse on first use.
    const value = readSpecYaml(text);
    if (value !== undefined) return { ok: true, source: lazySource(file, text), value, warnings: [] };
    return parseText(file, text);
  } catch (error) {
    // yaml reports what it knows as document errors; anything thrown is unexpected,
    // but it is still a property of this file, not a crash of the tool.
    return fail(finding('YAML_SYNTAX', `the file could not be parsed: ${errorText(error)}`, { file, ...START }));
  }
}

/** Position of `path` in the source, falling back to the deepest ancestor present in the file. */
export function positionOf(source: SpecSource, path: SpecPath, target: Target = 'value'): Position {
  const node = nodeAt(source, path, target);
  return node?.range ? toPosition(source.lines, node.range[0]) : START;
}

/** Position of `path` when the file itself holds a value there (no fallback to an ancestor). */
export function exactPositionOf(source: SpecSource, path: SpecPath): Position | undefined {
  let node: Node | undefined = source.doc.contents ?? undefined;
  for (const segment of path) {
    const resolved: Node | undefined = node !== undefined && isAlias(node) ? source.aliases.get(node) : node;
    if (isMap(resolved)) {
      const pair = findLast(resolved.items as Pair[], (p) => keyText(p.key) === String(segment));
      if (pair === undefined) return undefined;
      node = isNodeLike(pair.value) && pair.value.range != null ? pair.value : isNodeLike(pair.key) ? pair.key : undefined;
    } else if (isSeq(resolved) && typeof segment === 'number') {
      const item: unknown = resolved.items[segment];
      node = isNodeLike(item) ? item : undefined;
    } else {
      return undefined;
    }
  }
  return node?.range ? toPosition(source.lines, node.range[0]) : undefined;
}

/** A source whose YAML nodes are parsed when first asked for; the text is one the fast reader read. */
function lazySource(file: string, text: string): SpecSource {
  let full: SpecSource | undefined;
  const parsed = (): SpecSource => {
    if (full === undefined) {
      const outcome = parseText(file, text);
      // The fast reader accepts only text that yaml reads without an error or a warning (property-tested).
      if (!outcome.ok) throw new Error(`${file}: the fast YAML reader accepted a file yaml rejects: ${outcome.findings[0]?.message ?? ''}`);
      full = outcome.source;
    }
    return full;
  };
  return {
    file,
    get doc() {
      return parsed().doc;
    },
    get lines() {
      return parsed().lines;
    },
    get aliases() {
      return parsed().aliases;
    },
  };
}

function fail(f: Finding): ParseOutcome {
  return { ok: false, findings: [f] };
}

function decode(file: string, bytes: Uint8Array): string | Finding {
  try {
    // Fatal: a stray Latin-1 byte must not turn into U+FFFD and slip through. The decoder strips a BOM.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    // Everything before the bad byte is valid, so its decoded text gives the line and column.
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    return finding('FILE_NOT_UTF8', `the file is not valid UTF-8 (byte 0x${byte} at offset ${offset})`, {
      file,
      line: before.split('\n').length,
      column: before.length - (before.lastIndexOf('\n') + 1) + 1,
    });
  }
}

/** Offset of the first byte that breaks UTF-8, or -1 when the bytes are valid. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const extra = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (extra === 0 || i + extra >= bytes.length) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const b1 = bytes[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= extra; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return -1;
}

function parseText(file: string, text: string): ParseOutcome {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    uniqueKeys: true,
    // Keys are strings in JSON; a mapping or sequence used as a key is an error, not a silent "[object]".
    stringKeys: true,
    // Pin the YAML 1.2 core schema and no merge keys even under a `%YAML 1.1` directive:
    // no sexagesimals, no `yes`/`no` booleans, no dates, and `<<` stays a plain (unknown) key.
    schema: 'core',
    merge: false,
    prettyErrors: false,
    logLevel: 'silent',
  });
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (first === undefined || (isEmptyContents(first) && docs.length === 1)) {
    return fail(finding('FILE_EMPTY', 'the file has only comments', { file, ...START }));
  }
  const source: SpecSource = { file, doc: first, lines, aliases: new Map() };
  const findings: Finding[] = [];
  for (const doc of docs) {
    // Duplicate keys are independent of each other, so each is reported. One syntax mistake
    // makes the parser stumble over the lines after it too: only the first one is real.
    const syntax = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY').sort((a, b) => a.pos[0] - b.pos[0]);
    const reported = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    if (syntax[0] !== undefined && !findings.some((f) => f.code === SYNTAX_CODE)) reported.push(syntax[0]);
    for (const error of reported) findings.push(yamlErrorFinding({ ...source, doc }, error));
  }
  const extra = docs.slice(1).find((d) => !isEmptyContents(d));
  if (extra !== undefined) {
    findings.push(
      finding('YAML_MULTI_DOCUMENT', 'a second YAML document starts here; a cluster spec is a single document', {
        file,
        ...toPosition(lines, extra.range[0]),
      }),
    );
  }
  if (findings.length > 0) return { ok: false, findings };

  const contents = first.contents;
  if (!isMap(contents)) {
    return fail(
      finding('YAML_NOT_MAPPING', `the spec must be a mapping with apiVersion, kind, metadata and spec, not ${describeNode(contents)}`, {
        file,
        ...(contents?.range ? toPosition(lines, contents.range[0]) : START),
      }),
    );
  }
  const walked = walk(source);
  if (walked.length > 0) return { ok: false, findings: walked };

  const warnings = first.warnings.map((w) =>
    finding('YAML_SYNTAX', oneLine(w.message), { file, severity: 'warning', ...toPosition(lines, w.pos[0]) }),
  );
  try {
    return { ok: true, source, value: first.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), warnings };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      const alias = source.aliases.keys().next().value;
      return fail(
        finding('YAML_ALIAS_LIMIT', `aliases expand to more than ${MAX_ALIAS_COUNT} copies of their anchors`, {
          file,
          ...(alias?.range ? toPosition(lines, alias.range[0]) : START),
        }),
      );
    }
    throw error;
  }
}

function isEmptyContents(doc: Document.Parsed): boolean {
  const c = doc.contents;
  // A bare `---` or a comment-only document parses as a zero-width null scalar.
  return c === null || (isScalar(c) && c.value === null && c.range[0] === c.range[1]);
}

function yamlErrorFinding(source: SpecSource, error: YAMLError): Finding {
  const { file, lines } = source;
  const at = toPosition(lines, error.pos[0]);
  if (error.code === 'DUPLICATE_KEY') {
    const dup = findDuplicate(source, error.pos[0]);
    if (dup !== undefined) {
      return finding('YAML_DUPLICATE_KEY', `duplicate key (first defined on line ${dup.firstLine})`, {
        file,
        ...toPosition(lines, dup.start),
        path: dup.path,
      });
    }
    return finding('YAML_DUPLICATE_KEY', 'duplicate key', { file, ...at });
  }
  if (error.code === 'RESOURCE_EXHAUSTION') {
    return finding('YAML_SYNTAX', 'the document is nested too deeply', { file, ...at });
  }
  return finding('YAML_SYNTAX', oneLine(error.message), { file, ...at });
}

/**
 * Finds the repeated key yaml reported at `offset` and the line of its first
 * occurrence. yaml's offset may sit just before the key (on the preceding
 * line break when the previous value is empty), so take the first repeated
 * key at or after it.
 */
function findDuplicate(source: SpecSource, offset: number): { start: number; path: string; firstLine: number } | undefined {
  let best: { start: number; path: string; firstLine: number } | undefined;
  visitNodes(source.doc.contents, (node, path) => {
    if (!isMap(node)) return;
    const pairs = node.items as Pair[];
    pairs.forEach((pair, index) => {
      const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (start === undefined || start < offset || (best !== undefined && best.start <= start)) return;
      const name = keyText(pair.key);
      const first = pairs.findIndex((p) => keyText(p.key) === name);
      if (first === index) return;
      const firstKey = pairs[first]!.key as Node;
      best = { start, path: formatPath([...path(), name]), firstLine: firstKey.range ? toPosition(source.lines, firstKey.range[0]).line : 1 };
    });
  });
  return best;
}

/**
 * One pass over the document that resolves every alias to its anchor and
 * refuses what toJS would choke on: unresolved or self-referencing aliases
 * and excessive nesting.
 */
function walk(source: SpecSource): Finding[] {
  const { file, lines } = source;
  const aliases = source.aliases as Map<Alias, Node>;
  const anchors = new Map<string, Node>();
  const findings: Finding[] = [];
  let tooDeep = false;
  visitNodes(source.doc.contents, (node, path, depth) => {
    if (depth > MAX_DEPTH && !tooDeep) {
      tooDeep = true;
      findings.push(finding('YAML_SYNTAX', `the document is nested deeper than ${MAX_DEPTH} levels`, { file, ...rangePos(lines, node) }));
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const at = { file, path: formatPath(path()), ...rangePos(lines, node) };
      if (target === undefined) {
        findings.push(finding('YAML_SYNTAX', `alias *${node.source} has no anchor &${node.source} before it`, at));
      } else if (contains(target, node)) {
        findings.push(finding('YAML_ALIAS_LIMIT', `alias *${node.source} refers to its own anchor (recursive data)`, at));
      } else {
        aliases.set(node, target);
      }
      return;
    }
    // Pre-order, like yaml's own resolution: an alias sees the last anchor defined before it.
    if (node.anchor) anchors.set(node.anchor, node);
  });
  return findings;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range != null && inner.range != null && outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[2];
}

type PathThunk = () => (string | number)[];

/** Iterative pre-order traversal (keys before values); deep documents must not overflow the stack. */
function visitNodes(root: unknown, fn: (node: Node, path: PathThunk, depth: number) => void): void {
  interface Frame {
    readonly node: Node;
    readonly parent: Frame | undefined;
    readonly segment: string | number | undefined;
    readonly depth: number;
  }
  const pathOf = (frame: Frame): (string | number)[] => {
    const out: (string | number)[] = [];
    for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) out.push(f.segment!);
    return out.reverse();
  };
  if (!isNodeLike(root)) return;
  const stack: Frame[] = [{ node: root, parent: undefined, segment: undefined, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    fn(frame.node, () => pathOf(frame), frame.depth);
    const children: Frame[] = [];
    const depth = frame.depth + 1;
    if (isMap(frame.node)) {
      for (const pair of frame.node.items as Pair[]) {
        const segment = keyText(pair.key);
        if (isNodeLike(pair.key)) children.push({ node: pair.key, parent: frame, segment, depth });
        if (isNodeLike(pair.value)) children.push({ node: pair.value, parent: frame, segment, depth });
      }
    } else if (isSeq(frame.node)) {
      (frame.node.items as unknown[]).forEach((item, i) => {
        if (isNodeLike(item)) children.push({ node: item, parent: frame, segment: i, depth });
      });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

function isNodeLike(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value) || isAlias(value);
}

/** The node at `path`, following aliases; the deepest node on the way when the path leaves the file. */
function nodeAt(source: SpecSource, path: SpecPath, target: Target): Node | undefined {
  let node: Node | undefined = source.doc.contents ?? undefined;
  for (let i = 0; i < path.length && node !== undefined; i++) {
    const resolved: Node = isAlias(node) ? (source.aliases.get(node) ?? node) : node;
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(resolved)) {
      const pair = findLast(resolved.items as Pair[], (p) => keyText(p.key) === String(segment));
      if (pair === undefined) return resolved;
      const key = isNodeLike(pair.key) ? pair.key : resolved;
      if (last && target === 'key') return key;
      // `key:` with nothing after it has no value node worth pointing at; the key is.
      node = isNodeLike(pair.value) && pair.value.range != null ? pair.value : key;
      if (!isNodeLike(pair.value)) return node;
    } else if (isSeq(resolved) && typeof segment === 'number') {
      const item: unknown = resolved.items[segment];
      if (!isNodeLike(item)) return resolved;
      node = item;
    } else {
      return resolved;
    }
  }
  return node;
}

function findLast<T>(items: readonly T[], pred: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i]!)) return items[i];
  return undefined;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (isPair(key)) return keyText(key.key);
  return String(key);
}

function rangePos(lines: LineCounter, node: Node): Position {
  return node.range ? toPosition(lines, node.range[0]) : START;
}

function toPosition(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line: Math.max(1, line), column: Math.max(1, col) };
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value}`;
  return 'this';
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Text of an unknown thrown value, one line. */
export function errorText(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}
