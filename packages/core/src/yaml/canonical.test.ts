import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Composer, Document, isCollection, Parser, visit } from 'yaml';
import { stringifyAgreed } from './agreed.ts';
import { matchCanonical, readsCanonicalAs } from './canonical-match.ts';
import { readCanonical, readSpecYaml, sameData } from './canonical-read.ts';
import { RENDERED_LAYOUT, writeCanonical } from './canonical-write.ts';

/** The one document of `text` as the `yaml` package reads it in `version`, or undefined when it reports anything. */
function yamlRead(text: string, version: '1.1' | '1.2' | 'spec'): { value: unknown } | undefined {
  // 'spec': as the spec loader parses a cluster file (core schema, no merge keys, string keys).
  const options = version === 'spec' ? { version: '1.2' as const, schema: 'core', merge: false, stringKeys: true } : { version };
  const docs = [...new Composer({ ...options, uniqueKeys: true, logLevel: 'silent' }).compose(new Parser().parse(text))];
  if (docs.length !== 1 || docs[0]!.errors.length > 0 || docs[0]!.warnings.length > 0) return undefined;
  try {
    return { value: docs[0]!.toJS({ maxAliasCount: 50 }) as unknown };
  } catch {
    return undefined;
  }
}

/** `text` with each edit applied: at an offset, cut up to 3 characters and insert a YAML-significant string. */
function mutate(text: string, changes: readonly (readonly [number, number, string])[]): string {
  let out = text;
  for (const [at, cut, insert] of changes) {
    const i = at % (out.length + 1);
    out = `${out.slice(0, i)}${insert}${out.slice(i + cut)}`;
  }
  return out;
}
const editsOf = (edits: readonly string[]) => fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...edits)), { minLength: 1, maxLength: 3 });

/** Asserts over `texts` that the fast reader declines (`agrees` gives undefined) or agrees with yaml; returns how often it read. */
function agreesWhenRead(texts: fc.Arbitrary<string>, agrees: (text: string) => boolean | undefined, numRuns: number): number {
  let read = 0;
  fc.assert(
    fc.property(texts, (text) => {
      const result = agrees(text);
      if (result === undefined) return true;
      read++;
      return result;
    }),
    { numRuns: Number(process.env.STRATA_FC_RUNS ?? numRuns) },
  );
  return read;
}

// Strings as rendered objects hold them (names, flags, addresses) and as they could: every YAML indicator,
// line breaks, quotes, controls, non-ASCII, and the words the YAML versions read differently.
const TRICKY = ['on', 'yes', 'y', 'No', '1:30', '0o17', '017', '0x1F', '1_000', '~', 'null', '', '-', '- x', '<<', '1e3', '.5', '---', '...', '2001-12-14', 'true', '.inf', '+1', '-5', '12.0', '=', '? x', 'a: b', 'a #b', 'x:'];
const CHARS = [...'abcXYZ019 .:-_/#?,[]{}&*!|>\'"%@`~=+\\\t\n', 'é', '\u0085', '\u2028', '\x7f', '\x00', '😀'];
const str = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...CHARS), { maxLength: 14 }).map((cs) => cs.join('')) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.stringMatching(/^[a-z ]{0,10}$/), fc.constant(''), fc.array(fc.constantFrom(...CHARS), { maxLength: 6 }).map((cs) => cs.join(''))), { minLength: 2, maxLength: 5 }).map((ls) => ls.join('\n')) },
);
// Strings without controls: what the fast writer writes itself.
const oneLine = fc.oneof(
  { weight: 1, arbitrary: fc.array(fc.stringMatching(/^[a-z "'{}:#-]{0,10}$/), { minLength: 2, maxLength: 5 }).map((ls) => ls.join('\n')) },
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...CHARS.filter((c) => !/[\n\t\x00\x7f\u0085\u2028]/.test(c))), { maxLength: 14 }).map((cs) => cs.join('')) },
);

/** Canonical documents (a mapping of strings, finite numbers, booleans, mappings and sequences) with strings from `strings`. */
function documents(strings: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
  const leaf = fc.oneof(strings, fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
  const { value } = fc.letrec<{ value: unknown; map: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), fc.array(tie('value'), { maxLength: 4 })),
    map: fc.dictionary(strings, tie('value'), { maxKeys: 5 }),
  }));
  return fc.dictionary(strings, value, { minKeys: 1, maxKeys: 6 });
}
const document = documents(str);

describe('writeCanonical', () => {
  it('writes exactly the bytes stringifyAgreed writes, whenever it writes at all', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof(documents(oneLine), document), (value) => {
        const text = writeCanonical(value);
        if (text !== undefined) fast++;
        return text === undefined || text === stringifyAgreed(value, RENDERED_LAYOUT);
      }),
      { numRuns: 2000 },
    );
    // The fast path is taken for a good share of documents, so the property says something.
    expect(fast).toBeGreaterThan(250);
  });

  it('takes the fast path for the objects strata renders', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'blog', namespace: 'blog', labels: { 'app.kubernetes.io/name': 'blog' } },
      spec: { replicas: 2, template: { spec: { containers: [{ args: ['--port=8080', '-v'], image: 'nginx:1.29', ports: [{ containerPort: 8080 }] }] } } },
    };
    expect(writeCanonical(object)).toBe(stringifyAgreed(object, RENDERED_LAYOUT));
    const rule = { expr: 'absent(up{job="cert-manager"} == 1)', description: 'Certificate {{ $labels.name }}: see `kubectl describe`.', summary: "it's \"down\": a\\b", config: '{"type":"macvlan"}' };
    expect(writeCanonical(rule)).toBe(stringifyAgreed(rule, RENDERED_LAYOUT));
    expect(writeCanonical(rule)).toContain(`config: '{"type":"macvlan"}'`);
    const config = { data: { 'nginx.conf': 'server {\n  listen 8080;\n\n  root "/srv";\n}\n', 'x.txt': 'a\nb\n\n' }, list: ['a\nb'] };
    expect(writeCanonical(config)).toBe(stringifyAgreed(config, RENDERED_LAYOUT));
    expect(writeCanonical({ data: { text: 'a\n\x01' } })).toBeUndefined();
    expect(writeCanonical({ data: { text: ' indented\nblock' } })).toBeUndefined();
    expect(writeCanonical({ v: null })).toBeUndefined();
  });
});

describe('readCanonical', () => {
  const agreesWithYaml = (text: string, expected?: unknown): boolean | undefined => {
    const read = readCanonical(text);
    if (read === undefined) return undefined;
    const [y11, y12] = [yamlRead(text, '1.1'), yamlRead(text, '1.2')];
    return y11 !== undefined && y12 !== undefined && sameData(read, y11.value) && sameData(read, y12.value) && (expected === undefined || sameData(read, expected));
  };

  it('reads what the yaml package reads in YAML 1.1 and in 1.2, whenever it reads at all', () => {
    const written = document.map((value) => ({ value, text: stringifyAgreed(value, RENDERED_LAYOUT) }));
    let read = 0;
    fc.assert(
      fc.property(written, ({ value, text }) => {
        const agrees = agreesWithYaml(text, value);
        if (agrees !== undefined) read++;
        return agrees ?? true;
      }),
      { numRuns: 1500 },
    );
    expect(read).toBeGreaterThan(500);
  });

  it('never reads a mutated document differently from the yaml package, nor one it rejects', () => {
    const edits = [' ', '  ', '\n', ':', ': ', '- ', '#', ' #', '"', "'", '|', '|-', '|+', '|2', '>', '{', '[]', '\t', '\\', '&a', '*a', '!!str ', '? ', '---\n', 'on'];
    const mutated = fc.tuple(document, editsOf(edits)).map(([value, changes]) => mutate(stringifyAgreed(value, RENDERED_LAYOUT), changes));
    expect(agreesWhenRead(mutated, (text) => agreesWithYaml(text), 2000)).toBeGreaterThan(100);
  });

  it('leaves to the yaml package what the YAML versions read differently, and what is not one mapping', () => {
    expect(readCanonical('a: on\n')).toBeUndefined();
    expect(readCanonical('a: 0o17\n')).toBeUndefined();
    expect(readCanonical('a: 2001-12-14\n')).toBeUndefined();
    expect(readCanonical('"<<": x\n<<: y\n')).toBeUndefined();
    expect(readCanonical('a: 1\na: 2\n')).toBeUndefined();
    expect(readCanonical('a: 1 # note\n')).toBeUndefined();
    expect(readCanonical('- a\n')).toBeUndefined();
    expect(readCanonical('a: 1\n---\nb: 2\n')).toBeUndefined();
    expect(readCanonical('a: 1')).toBeUndefined();
    expect(readCanonical('a: 1\r\n')).toBeUndefined();
    expect(readCanonical('a: "1"\nb: 1\nc: true\nd: |-\n  x\n  y\ne:\n  - f: 1.5\n    g: []\n')).toEqual({ a: '1', b: 1, c: true, d: 'x\ny', e: [{ f: 1.5, g: [] }] });
  });
});

/** What the render gate asked before readsCanonicalAs: read the text into a tree, then compare. */
const readThenCompare = (text: string, expected: unknown): boolean => {
  const read = readCanonical(text);
  return read !== undefined && sameData(read, expected);
};

/** Every path to a value inside `value`, the root included. */
function pathsOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

type Change = 'replace' | 'drop' | 'add' | 'rename' | 'append' | 'reorder';

/** A copy of `value` changed at one of its paths: a value replaced, an entry dropped or added, a key renamed, an item appended, keys reordered. */
function alter(value: Record<string, unknown>, at: number, change: Change, by: unknown): unknown {
  const copy = structuredClone(value);
  const paths = pathsOf(copy);
  const path = paths[at % paths.length]!;
  if (path.length === 0) return change === 'replace' ? by : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const target = parent[last];
  if (change === 'replace') parent[last] = by;
  else if (change === 'drop' && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (change === 'drop') delete parent[last];
  else if (change === 'add' && typeof target === 'object' && target !== null && !Array.isArray(target)) {
    (target as Record<string, unknown>)[typeof by === 'string' ? by : 'added'] = by;
  } else if (change === 'rename' && !Array.isArray(parent)) {
    delete parent[last];
    parent[`${String(last)}${typeof by === 'string' ? by : 'x'}`] = target;
  } else if (change === 'append' && Array.isArray(target)) target.push(by);
  else if (change === 'reorder' && typeof target === 'object' && target !== null && !Array.isArray(target)) {
    const entries = Object.entries(target).reverse();
    for (const [k] of entries) delete (target as Record<string, unknown>)[k];
    Object.assign(target, Object.fromEntries(entries));
  }
  return copy;
}

/** One line of `text` changed the way a hand edit or a writer bug would: a scalar, a key, the indentation or the quoting. */
function editLine(text: string, at: number, edit: number, by: string): string {
  const lines = text.split('\n');
  const i = at % Math.max(1, lines.length - 1);
  const line = lines[i]!;
  const m = /^( *(?:- )*)((?:"(?:[^"\\]|\\.)*"|[^:]*?)?)(:(?: |$))?(.*)$/.exec(line)!;
  const [, lead = '', key = '', colon = '', rest = ''] = m;
  const value = colon === '' ? key : rest;
  const before = colon === '' ? lead : `${lead}${key}${colon}`;
  const edits = [
    () => `${before}${by}`, // another scalar
    () => (colon === '' ? line : `${lead}${key}${by}${colon}${rest}`), // another key
    () => (colon === '' ? line : `${lead}${by}${colon}${rest}`), // a key replaced
    () => (colon === '' ? line : `${lead}${key}${by.slice(0, 1)}${colon.slice(1)}${rest}`), // its colon replaced
    () => ` ${line}`, // one column deeper
    () => line.replace(/^ /, ''), // one column shallower
    () => `${before}"${value}"`, // quoted
    () => `${before}'${value}'`, // single-quoted
    () => `${before}${value.replace(/^["'](.*)["']$/, '$1')}`, // unquoted
    () => `${before}${value.replace(/^'(.*)'$/, '"$1"').replace(/^"(.*)"$/, "'$1'")}`, // the other quotes
    () => `${line}${by}`, // more after the value
    () => '', // an empty line
  ];
  lines[i] = edits[edit % edits.length]!();
  return lines.join('\n');
}

describe('readsCanonicalAs', () => {
  const values = fc.oneof(fc.string(), fc.constantFrom(...TRICKY), fc.integer(), fc.double(), fc.boolean(), fc.constantFrom(null, undefined, new Date(0), [], {}, ['a'], { a: 1 }, -0, '-0', '1', 1));
  const changes = fc.constantFrom<Change>('replace', 'drop', 'add', 'rename', 'append', 'reorder');
  const written = fc.oneof(documents(oneLine), document).map((value) => ({ value, text: stringifyAgreed(value, RENDERED_LAYOUT) }));

  it('answers as reading the text and comparing the tree does, for the document it was written from', () => {
    let equal = 0;
    fc.assert(
      fc.property(written, ({ value, text }) => {
        const answer = readsCanonicalAs(text, value);
        if (answer) equal++;
        // Written in the expected object's key order, the in-place comparison decides alone.
        expect(matchCanonical(text, value)).toBe(answer);
        expect(answer).toBe(readThenCompare(text, value));
      }),
      { numRuns: 1000 },
    );
    expect(equal).toBeGreaterThan(300);
  });

  it('answers as reading and comparing does when the expected value differs in one place', () => {
    let differ = 0;
    fc.assert(
      fc.property(written, fc.nat(), changes, values, ({ value, text }, at, change, by) => {
        const expected = alter(value, at, change, by);
        const answer = readsCanonicalAs(text, expected);
        const matched = matchCanonical(text, expected);
        if (!answer) differ++;
        expect(matched === undefined || matched === answer).toBe(true);
        expect(answer).toBe(readThenCompare(text, expected));
      }),
      { numRuns: 2000 },
    );
    expect(differ).toBeGreaterThan(700);
  });

  it('answers as reading and comparing does when one line differs in a scalar, a key, its indentation or its quoting', () => {
    const by = fc.constantFrom('x', '1', 'on', '"a"', "'a'", '|', '|-', '- a', 'a: b', '{}', '[]', ' ', '', ' #c', '\\', '"', "'", '\t');
    let readOther = 0;
    fc.assert(
      fc.property(written, fc.nat(), fc.nat(), by, ({ value, text }, at, edit, insert) => {
        const edited = editLine(text, at, edit, insert);
        const answer = readsCanonicalAs(edited, value);
        const matched = matchCanonical(edited, value);
        // The telling cases: the fast reader reads the edited text, as something else.
        if (!answer && readCanonical(edited) !== undefined) readOther++;
        expect(matched === undefined || matched === answer).toBe(true);
        expect(answer).toBe(readThenCompare(edited, value));
      }),
      { numRuns: 2500 },
    );
    expect(readOther).toBeGreaterThan(120);
  });

  it('answers as reading and comparing does on mutated texts', () => {
    const edits = [' ', '  ', '\n', ':', ': ', '- ', '#', '"', "'", '|', '|-', '|+', '|2', '{}', '[]', '\t', '\\', 'on', '1', 'x', '\n\n', '\n  '];
    fc.assert(
      fc.property(written, editsOf(edits), ({ value, text }, changes) => {
        const mutated = mutate(text, changes);
        expect(readsCanonicalAs(mutated, value)).toBe(readThenCompare(mutated, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers as reading and comparing does for a string written raw in each form: plain, quoted, as a key, as a block', () => {
    const block = (s: string, indent: string) => s.replaceAll('\n', `\n${indent}`);
    const forms = (s: string) => [
      `a: ${s}\n`,
      `a: "${s}"\n`,
      `a: '${s}'\n`,
      `${s}: 1\n`,
      `"${s}": 1\n`,
      `a:\n  - ${s}\n`,
      `a: |\n  ${block(s, '  ')}\n`,
      `a: |\n${s}\n`,
      `"a":${s}\n`,
      `a: |-\n  ${block(s, '  ')}\n`,
      `a: |+\n  ${block(s, '  ')}\n\n`,
      `a:\n  - |2\n     ${block(s, '     ')}\nb: 1\n`,
    ];
    // What the text might have been written from: the string itself, with a line break or two (or another character
    // in their place), without spaces on blank lines, one character shorter or longer.
    const candidates = (s: string) =>
      [s, `${s}\n`, `${s}\n\n`, `${s}.`, `${s}\n.`, s.replace(/^ +$/gm, ''), `${s.replace(/^ +$/gm, '')}\n`, ` ${s}`, s.slice(1)].flatMap((v) => [{ a: v }, { [v]: 1 }, { a: [v] }, { a: [v], b: 1 }]);
    let equal = 0;
    fc.assert(
      fc.property(fc.oneof(str, oneLine), (s) => {
        for (const text of forms(s)) {
          for (const expected of candidates(s)) {
            const answer = readsCanonicalAs(text, expected);
            if (answer) equal++;
            expect(answer).toBe(readThenCompare(text, expected));
          }
        }
      }),
      { numRuns: 600 },
    );
    expect(equal).toBeGreaterThan(600);
  });

  it('compares a mapping written in another key order through the full reader', () => {
    const text = 'b: 1\na: x\n';
    expect(matchCanonical(text, { a: 'x', b: 1 })).toBeUndefined();
    expect(readsCanonicalAs(text, { a: 'x', b: 1 })).toBe(true);
    expect(readsCanonicalAs('a: 1\na: 1\n', { a: 1, b: 1 })).toBe(false);
  });

  it('agrees with the reader at its edges: chomping, `on`, empty collections, missing entries, inherited and `__proto__` keys, depth', () => {
    expect(readsCanonicalAs('a: |+\n  x\n\nb: 1\n', { a: 'x\n\n', b: 1 })).toBe(true);
    expect(readsCanonicalAs('a: |+\n  x\n\nb: 1\n', { a: 'x\n', b: 1 })).toBe(false);
    expect(readsCanonicalAs('a: on\n', { a: 'on' })).toBe(false);
    expect(readsCanonicalAs('a: "on"\n', { a: 'on' })).toBe(true);
    expect(readsCanonicalAs('a: {}\nb: []\n', { a: {}, b: [] })).toBe(true);
    expect(readsCanonicalAs('a: {}\n', { a: [] })).toBe(false);
    // An item's mapping written with fewer entries than the object has keys, and an object with an inherited key.
    expect(readsCanonicalAs('a:\n  - b: 1\n', { a: [{}, { b: 1 }] })).toBe(false);
    expect(readsCanonicalAs('a:\n  - b: 1\n', { a: [{ b: 1 }, {}] })).toBe(false);
    const inherits = Object.assign(Object.create({ z: 1 }) as object, { a: 1 });
    expect(readsCanonicalAs('a: 1\n', inherits)).toBe(true);
    expect(readThenCompare('a: 1\n', inherits)).toBe(true);
    // An own `__proto__` key (JSON.parse makes one) is the yaml package's to read.
    expect(readsCanonicalAs('__proto__: 1\n', JSON.parse('{"__proto__": 1}'))).toBe(false);
    expect(readThenCompare('__proto__: 1\n', JSON.parse('{"__proto__": 1}'))).toBe(false);
    // Mappings nested 64 deep are read, 65 deep left to the yaml package, as readCanonical does.
    const nested = (depth: number) => ({
      text: Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i)}k:${i === depth - 1 ? ' 1' : ''}\n`).join(''),
      value: Array.from({ length: depth }).reduce<unknown>((inner) => ({ k: inner }), 1),
    });
    for (const depth of [64, 65]) {
      const { text, value } = nested(depth);
      expect(readsCanonicalAs(text, value)).toBe(depth === 64);
      expect(readThenCompare(text, value)).toBe(depth === 64);
    }
  });
});

/** A document as someone might write a spec: some collections in flow style, comment lines, blank lines, trailing comments. */
const handWritten = fc
  .tuple(fc.oneof(documents(oneLine), document), fc.array(fc.boolean(), { maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('# note', '  # indented note', '', '    ', '#')), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 3 }))
  .map(([value, flows, inserts, trailing]) => {
    const doc = new Document(value);
    let n = 0;
    visit(doc, { Collection: (_, node) => void (isCollection(node) && (node.flow = flows[n++ % Math.max(1, flows.length)] ?? false)) });
    const lines = doc.toString({ lineWidth: 0 }).split('\n');
    for (const at of trailing) {
      const i = at % lines.length;
      if (lines[i] !== '' && !lines[i]!.endsWith('|') && !lines[i]!.endsWith('|-')) lines[i] = `${lines[i]} # why`;
    }
    for (const [at, line] of inserts) lines.splice(at % lines.length, 0, line);
    return lines.join('\n');
  });

describe('readSpecYaml', () => {
  const agreesWithLoader = (text: string): boolean | undefined => {
    const read = readSpecYaml(text);
    if (read === undefined) return undefined;
    const yaml = yamlRead(text, 'spec');
    return yaml !== undefined && sameData(read, yaml.value);
  };

  it('reads a hand-written spec as the spec loader does with the yaml package, whenever it reads it at all', () => {
    expect(agreesWhenRead(handWritten, agreesWithLoader, 1500)).toBeGreaterThan(200);
  });

  it('never reads a mutated spec differently from the yaml package, nor one it rejects', () => {
    const edits = [' ', '\n', ':', ': ', '- ', '#', ' #', '"', "'", '|', '[', ']', '{', '}', ',', ', ', '[]', '\t', '\\', '&a', '*a', '!!str ', '? ', '---\n', 'yes', '~'];
    const mutated = fc.tuple(handWritten, editsOf(edits)).map(([text, changes]) => mutate(text, changes));
    expect(agreesWhenRead(mutated, agreesWithLoader, 2000)).toBeGreaterThan(100);
  });

  it('reads the example specs and profiles', () => {
    const spec = '# a cluster\napiVersion: strata.dev/v1alpha1 # the version\nprofiles: [flux, ring-0]\n\nspec:\n  nodes:\n    - {name: n1, roles: [worker], ports: [{port: 80, name: "http"}]}\n  # comment\n  on: yes\n';
    expect(readSpecYaml(spec)).toEqual({ apiVersion: 'strata.dev/v1alpha1', profiles: ['flux', 'ring-0'], spec: { nodes: [{ name: 'n1', roles: ['worker'], ports: [{ port: 80, name: 'http' }] }], on: 'yes' } });
    expect(readSpecYaml('a: [b, ]\n')).toBeUndefined();
    expect(readSpecYaml('a: &x 1\nb: *x\n')).toBeUndefined();
  });
});
