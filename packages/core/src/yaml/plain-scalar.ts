/**
 * Would a reader take this plain (unquoted) scalar for something other than a
 * string? strata writes YAML 1.2, but `kubectl apply -f`, Helm and kubeconform
 * read through sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 rules): `on`, `y`,
 * `0o17`, `1:30` or `1_000` mean different things to different readers, and
 * a string only means the same to all of them when it is quoted.
 */
import { Schema } from 'yaml';

/** The readers strata's output must mean the same thing to. */
export const YAML_READERS = ['yaml-1.1', 'yaml-1.2', 'go-yaml-v2'] as const;

/**
 * A reader of strata's output: the `yaml` package with its yaml-1.1 schema
 * (merge keys on) or its YAML 1.2 core schema, and go-yaml v2's resolver
 * (sigs.k8s.io/yaml: kubectl, kubeconform, Helm).
 */
export type YamlReader = (typeof YAML_READERS)[number];

/** What go-yaml v2 resolves a plain scalar to (resolve.go, v2.4.0). */
export type GoYamlV2Tag = 'str' | 'bool' | 'null' | 'int' | 'float' | 'merge';

const STR_TAG = 'tag:yaml.org,2002:str';

/**
 * The tests the `yaml` package runs on a plain scalar, in the given schema,
 * for every tag other than str. A key-only tag (`<<`, merge) counts as well:
 * quoting a value that only a key would need costs nothing, and keeps keys
 * and values written alike.
 */
function nonStringTests(schema: 'yaml-1.1' | 'core'): readonly RegExp[] {
  return new Schema({ schema }).tags.flatMap((tag) =>
    'test' in tag && tag.test instanceof RegExp && tag.default !== false && tag.default !== undefined && tag.tag !== STR_TAG ? [tag.test] : [],
  );
}

const YAML_11_TESTS = nonStringTests('yaml-1.1');
const YAML_12_TESTS = nonStringTests('core');
/** Every test of both schemas as one alternation (each is anchored at both ends, without flags): one regex run instead of 22. */
const ANY_NON_STRING = new RegExp([...YAML_11_TESTS, ...YAML_12_TESTS].map((re) => `(?:${re.source})`).join('|'));
if ([...YAML_11_TESTS, ...YAML_12_TESTS].some((re) => re.flags !== '' || !re.source.startsWith('^') || !re.source.endsWith('$'))) {
  throw new Error('the yaml package changed its scalar tests: plainIsString needs them anchored and without flags');
}

// go-yaml v2's resolveMap: looked up first for any scalar whose first byte has a hint.
const GO_RESOLVE_MAP: ReadonlyMap<string, GoYamlV2Tag> = new Map<string, GoYamlV2Tag>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, 'bool'] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, 'bool'] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, 'null'] as const),
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'].map((s) => [s, 'float'] as const),
]);

/** `yamlStyleFloat` in resolve.go, applied after underscores are removed. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's decimal float syntax for a scalar that starts with `.` (the only kind that reaches ParseFloat unchanged). */
const GO_DOT_FLOAT = /^\.(?=[0-9_]*[0-9])[0-9_]+(?:[eE][-+]?[0-9][0-9_]*)?$/;
/** Go's underscoreOK: an underscore only between two digits. */
const GO_BAD_UNDERSCORE = /(?<![0-9])_|_(?![0-9])/;

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(s, base, 64) without underscores (resolve.go removes them first): the value, or undefined on a syntax or range error. */
function goParseUint(s: string, base: 0 | 2): bigint | undefined {
  if (s === '') return undefined;
  let radix: number = base;
  let digits = s;
  if (base === 0) {
    // Base 0 reads the prefix the way Go source does: 0b, 0o, 0x in either case, or a bare leading 0 for octal.
    const prefix = s.length >= 3 && s.startsWith('0') ? s[1]?.toLowerCase() : undefined;
    if (prefix === 'b' || prefix === 'o' || prefix === 'x') [radix, digits] = [{ b: 2, o: 8, x: 16 }[prefix], s.slice(2)];
    else if (s.startsWith('0')) [radix, digits] = [8, s.slice(1)];
    else radix = 10;
  }
  let n = 0n;
  for (const c of digits) {
    // Go looks at bytes: an ASCII digit or letter is a digit (letters in either case), anything else a syntax error.
    const d = /^[0-9a-zA-Z]$/.test(c) ? Number.parseInt(c, 36) : radix;
    if (d >= radix) return undefined;
    n = n * BigInt(radix) + BigInt(d);
  }
  return n <= UINT64_MAX ? n : undefined;
}

/** strconv.ParseInt(s, base, 64): one optional sign, then ParseUint, within int64. */
function goParseInt(s: string, base: 0 | 2): boolean {
  const negative = s.startsWith('-');
  const body = negative || s.startsWith('+') ? s.slice(1) : s;
  const n = goParseUint(body, base);
  return n !== undefined && (negative ? n <= INT64_MAX + 1n : n <= INT64_MAX);
}

/**
 * What go-yaml v2 (gopkg.in/yaml.v2 v2.4.0, as used by sigs.k8s.io/yaml)
 * makes of an untagged plain scalar: `resolve` in resolve.go, plus the
 * decoder's merge key. Timestamps are left out: they decode into
 * `interface{}` as their string, and nothing that looks like one would
 * otherwise parse as a number.
 */
export function goYamlV2Tag(text: string): GoYamlV2Tag {
  // resolveTable has no entry for `<`, so resolve() calls `<<` a string; decode.go's isMerge still takes a plain `<<` key for a merge.
  if (text === '<<') return 'merge';
  const first = text[0];
  // resolveTable: only these first bytes (or the empty scalar) are worth resolving.
  if (first !== undefined && !/[-+0-9yYnNtTfFoO~.]/.test(first)) return 'str';
  const mapped = GO_RESOLVE_MAP.get(text);
  if (mapped !== undefined) return mapped;
  if (first === '.') {
    // strconv.ParseFloat on the scalar as written: underscores between digits allowed, overflow is an error.
    return GO_DOT_FLOAT.test(text) && !GO_BAD_UNDERSCORE.test(text) && Number.isFinite(Number(text.replaceAll('_', ''))) ? 'float' : 'str';
  }
  if (first === undefined || !/[-+0-9]/.test(first)) return 'str';
  const plain = text.replaceAll('_', '');
  if (goParseInt(plain, 0) || goParseUint(plain, 0) !== undefined) return 'int';
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return 'float';
  // The binary fallbacks parse what follows the prefix with ParseInt, so `0b-101` is -5.
  if (plain.startsWith('0b') && (goParseInt(plain.slice(2), 2) || goParseUint(plain.slice(2), 2) !== undefined)) return 'int';
  if (plain.startsWith('-0b') && goParseInt(`-${plain.slice(3)}`, 2)) return 'int';
  return 'str';
}

/** True when the `yaml` package reads `text`, written plain, as that string in YAML 1.1 and in YAML 1.2 alike. */
export function plainIsString(text: string): boolean {
  // One anchored regex run, cheaper than remembering answers: hashing each new string into a map cost more.
  return !ANY_NON_STRING.test(text);
}

/** The readers that resolve `text`, written as a plain scalar, to something other than that string. */
export function misreadBy(text: string): YamlReader[] {
  const readers: YamlReader[] = [];
  if (YAML_11_TESTS.some((re) => re.test(text))) readers.push('yaml-1.1');
  if (YAML_12_TESTS.some((re) => re.test(text))) readers.push('yaml-1.2');
  if (goYamlV2Tag(text) !== 'str') readers.push('go-yaml-v2');
  return readers;
}

/**
 * Characters that must not appear raw in a scalar: NEL, LS and PS are line
 * breaks in YAML 1.1 (go-yaml folds them; the yaml package in 1.2 mode
 * writes them plain), and DEL, the C1 controls, U+FFFE and U+FFFF are
 * refused by go-yaml's reader ("control characters are not allowed").
 */
export const RAW_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]/;

/** True when a string must be written double-quoted (with escapes) for every reader to read it back as itself. */
export function needsQuotes(text: string): boolean {
  return RAW_UNSAFE.test(text) || misreadBy(text).length > 0;
}
