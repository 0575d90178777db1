/**
 * The YAML 1.1 / 1.2 gate: kubectl, Helm and kubeconform read rendered files
 * as YAML 1.1 (go-yaml v2), kustomize and strata as YAML 1.2. A file whose
 * data differs between the two (an unquoted `on`, `0o17`, `1:30`) is an error
 * naming the field and what each reader sees there.
 */
import { compareStrings, type Finding, finding, formatPath, readsCanonicalAs } from '@strata/core';
import { Composer, type CST, Parser } from 'yaml';

type Path = readonly (string | number)[];

/** One YAML document as a reader reads it: its data, or why it cannot be read. */
export type Reading = { readonly value: unknown } | { readonly error: string };

/** Where a finding about a field of document `doc` points: its line and column, and the object. */
export type Locate = (doc: number, path: Path) => Pick<Finding, 'line' | 'column' | 'object'>;

/** The documents of a token stream as one reader reads them. */
function compose(tokens: readonly CST.Token[], version: '1.1' | '1.2'): Reading[] {
  // logLevel 'error': a YAML 1.1 timestamp used as a key would otherwise print a warning to the user's terminal.
  return [...new Composer({ version, logLevel: 'error', uniqueKeys: true }).compose(tokens)].map((doc): Reading => {
    const bad = doc.errors[0];
    if (bad !== undefined) return { error: bad.message.split('\n')[0] ?? 'YAML error' };
    try {
      return { value: doc.toJS({ maxAliasCount: 50 }) as unknown };
    } catch (err) {
      // A YAML 1.1 merge key whose value is not a mapping fails only here.
      return { error: (err as Error).message };
    }
  });
}

/**
 * Every document of `text` as the `yaml` package reads it in YAML `version`
 * mode: 1.2 with the core schema, 1.1 with the yaml-1.1 schema and merge keys.
 */
export function readDocuments(text: string, version: '1.1' | '1.2'): Reading[] {
  return compose([...new Parser().parse(text)], version);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function sameLeaf(a: unknown, b: unknown): boolean {
  // === on purpose: -0 and 0 are the same number to every reader.
  return a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());
}

/** The paths of the leaves at which two read documents differ, keys in code-unit order. */
export function differences(a: unknown, b: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) differences(a[i], b[i], [...path, i], out);
  } else if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings)) {
      differences(Object.hasOwn(a, key) ? a[key] : undefined, Object.hasOwn(b, key) ? b[key] : undefined, [...path, key], out);
    }
  } else if (!sameLeaf(a, b)) {
    out.push(path);
  }
  return out;
}

/** Orders paths segment by segment: keys in code-unit order, sequence indexes by number. */
function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : compareStrings(String(x), String(y));
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function at(value: unknown, path: Path): unknown {
  let v = value;
  for (const key of path) {
    if (Array.isArray(v) && typeof key === 'number') v = v[key];
    else if (isRecord(v) && typeof key === 'string' && Object.hasOwn(v, key)) v = v[key];
    else return undefined;
  }
  return v;
}

/** A value as a finding shows it: `"on" (string)`, `true (boolean)`, `no such field`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'no such field';
  if (v === null) return 'null';
  if (v instanceof Date) return `${v.toISOString()} (timestamp)`;
  if (Array.isArray(v)) return 'a sequence';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `${JSON.stringify(v)} (string)`;
  return `${String(v)} (${typeof v})`;
}

const RENDER_HINT = "strata's writer should have quoted this value; please report it with the spec that produced it";

function documentFindings(file: string, doc: number, yaml11: Reading, yaml12: Reading, expected: { value: unknown } | undefined, locate?: Locate): Finding[] {
  const hint = expected === undefined ? {} : { hint: RENDER_HINT };
  if (!('value' in yaml11) || !('value' in yaml12)) {
    const broken = [!('value' in yaml11) ? `YAML 1.1 cannot read it: ${yaml11.error}` : '', !('value' in yaml12) ? `YAML 1.2 cannot read it: ${yaml12.error}` : ''];
    return [finding('OBJECT_YAML_AMBIGUOUS', broken.filter((s) => s !== '').join('; '), { file, ...locate?.(doc, []), ...hint })];
  }
  // In render both readers must give back what strata validated; in validate, what strata read (YAML 1.2) is the reference.
  const paths = expected === undefined ? differences(yaml11.value, yaml12.value) : [...differences(expected.value, yaml11.value), ...differences(expected.value, yaml12.value)];
  const unique = new Map(paths.map((path) => [formatPath(path), path]));
  return [...unique.values()].sort(comparePaths).map((path) => {
    const shown = formatPath(path);
    const readers = `YAML 1.1 reads ${describeValue(at(yaml11.value, path))}, YAML 1.2 reads ${describeValue(at(yaml12.value, path))}`;
    const message = expected === undefined ? readers : `${readers}; strata validated ${describeValue(at(expected.value, path))}`;
    return finding('OBJECT_YAML_AMBIGUOUS', message, { file, ...locate?.(doc, path), ...(shown === '' ? {} : { path: shown }), ...hint });
  });
}

/**
 * For `strata validate`: each document's YAML 1.1 reading must equal its
 * YAML 1.2 reading. Documents YAML 1.2 cannot read are left to the parse
 * check that reported them.
 */
export function compareReaders(file: string, yaml11: readonly Reading[], yaml12: readonly Reading[], locate?: Locate): Finding[] {
  return yaml12.flatMap((r12, doc) => {
    if (!('value' in r12)) return [];
    return documentFindings(file, doc, yaml11[doc] ?? { error: 'the document is missing' }, r12, undefined, locate);
  });
}

/**
 * For `strata render`: `text`, written from `expected`, must read back as
 * exactly `expected` in YAML 1.1 and in YAML 1.2.
 */
export function checkWrittenYaml(file: string, text: string, expected: unknown): Finding[] {
  // The fast reader reads strata's subset of YAML as the `yaml` package does in both versions (or declines);
  // compared in place with what was written, without building the read document.
  if (readsCanonicalAs(text, expected)) return [];
  // The syntax is the same for both readers, so the text is tokenized once and composed twice.
  const tokens = [...new Parser().parse(text)];
  const [yaml11 = { error: 'no document' }] = compose(tokens, '1.1');
  const [yaml12 = { error: 'no document' }] = compose(tokens, '1.2');
  return documentFindings(file, 0, yaml11, yaml12, { value: expected });
}
