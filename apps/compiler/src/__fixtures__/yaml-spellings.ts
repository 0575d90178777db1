/**
 * Strings that different YAML readers disagree about, for the property and
 * oracle tests of the writer, and a model of how go-yaml v2 (kubectl, Helm,
 * kubeconform) reads a document.
 */
import { goYamlV2Tag } from '@strata/core';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/** Fixed spellings: one or more of YAML 1.1, YAML 1.2 and go-yaml v2 take each for something other than a string. */
export const TRICKY: readonly string[] = [
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'],
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'],
  ...['', '~', 'null', 'Null', 'NULL'],
  ...['0o17', '0O17', '0o1_7', '017', '0_17', '-017', '+0o7', '08', '0777'],
  ...['0x1F', '0X1F', '0x_1f', '0_x10', '-0x1F', '0b101', '0B101', '-0b101', '0b-101', '0b1_0'],
  ...['1_000', '1_', '+_1', '1__2', '+1', '-0', '18446744073709551616', '9223372036854775808'],
  ...['1:30', '-1:30:00.5', '190:20:30', '+1:00'],
  ...['.5', '1e3', '1E3', '1.', '1.18', '-.5', '1_000.5', '.5_0', '.', '._5', '1e999', 'e5', '1_e5', '6.8523015e+5'],
  ...['.inf', '.Inf', '.INF', '+.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN'],
  ...['2001-12-14', '2001-1-2', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-15T02:59:43.1Z'],
  ...['<<', '=', 'a\u2028b', 'a\u0085b', 'x\u2029', 'a\u007fb', 'a\u0090b'],
];

const sign = fc.constantFrom('', '', '-', '+');
const digitsOf = (alphabet: string, max = 6): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: max });

/** Every case form of each YAML 1.1 boolean word: `on`, `ON`, `On`, and mixes like `oN` that are strings to all. */
const booleanWord = fc
  .constantFrom('y', 'yes', 'on', 'true', 'n', 'no', 'off', 'false')
  .chain((w) => fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length }).map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join('')));

const nullWord = fc.constantFrom('', '~', 'null', 'Null', 'NULL', 'nULL');

const octal = fc.tuple(sign, fc.constantFrom('0o', '0O', '0', '0_'), digitsOf('01234567_')).map((parts) => parts.join(''));
const hexOrBinary = fc.oneof(
  fc.tuple(sign, fc.constantFrom('0x', '0X', '0_x'), digitsOf('0123456789abcdefABCDEF_')).map((parts) => parts.join('')),
  fc.tuple(sign, fc.constantFrom('0b', '0B', '0b-', '0b+'), digitsOf('01_', 70)).map((parts) => parts.join('')),
);

const sexagesimal = fc
  .tuple(sign, fc.nat(200), fc.array(fc.nat(65), { minLength: 1, maxLength: 3 }), fc.option(digitsOf('0123456789'), { nil: undefined }))
  .map(([s, head, tail, frac]) => `${s}${head}${tail.map((t) => `:${t < 10 && t % 2 === 0 ? `0${t}` : t}`).join('')}${frac === undefined ? '' : `.${frac}`}`);

const float = fc.oneof(
  fc
    .tuple(sign, fc.option(digitsOf('0123456789_'), { nil: '' }), fc.constantFrom('.', '.', ''), fc.option(digitsOf('0123456789_'), { nil: '' }), fc.option(fc.tuple(fc.constantFrom('e', 'E'), sign, digitsOf('0123456789', 3)), { nil: undefined }))
    .map(([s, int, dot, frac, exp]) => `${s}${int}${dot}${frac}${exp === undefined ? '' : exp.join('')}`),
  fc.constantFrom('.inf', '.Inf', '.INF', '-.inf', '+.INF', '.nan', '.NaN', '.NAN', '+.nan', '1e999', '.5e400'),
);

const timestamp = fc
  .tuple(
    fc.integer({ min: 1000, max: 2999 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.boolean(),
    fc.option(fc.tuple(fc.constantFrom('T', 't', ' '), fc.nat(23), fc.nat(59), fc.nat(59), fc.option(digitsOf('0123456789', 3), { nil: undefined }), fc.constantFrom('', 'Z', '-5', '+01:00', ' -05:00')), { nil: undefined }),
  )
  .map(([y, m, d, padded, time]) => {
    // Readers differ on one-digit fields (go-yaml's layout 2006-1-2 allows them), so write both forms.
    const two = (n: number): string => (padded ? String(n).padStart(2, '0') : String(n));
    const date = `${y}-${two(m)}-${two(d)}`;
    if (time === undefined) return date;
    const [sep, h, min, sec, frac, tz] = time;
    return `${date}${sep}${two(h)}:${two(min)}:${two(sec)}${frac === undefined ? '' : `.${frac}`}${tz}`;
  });

/** Signs, digits, prefixes, separators and underscores in any order: the spellings nobody thought of. */
const mix = fc.string({ unit: fc.constantFrom(...'0123456789_+-.eExXoObB:aAfF~<=yYnN'), minLength: 1, maxLength: 8 });

/** Any text, including characters YAML 1.1 reads as line breaks and characters go-yaml refuses. */
const awkward = fc.string({ unit: fc.constantFrom('a', 'on', '1', ' ', ':', '#', '-', '"', "'", '\n', '\t', '\u0085', '\u2028', '\u2029', '\u007f', '\u0090', '\ufffe', 'é'), maxLength: 6 });

/** A string weighted toward the spellings YAML readers disagree about. */
export const trickyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: booleanWord, weight: 4 },
  { arbitrary: nullWord, weight: 1 },
  { arbitrary: octal, weight: 2 },
  { arbitrary: hexOrBinary, weight: 2 },
  { arbitrary: sexagesimal, weight: 2 },
  { arbitrary: float, weight: 3 },
  { arbitrary: timestamp, weight: 2 },
  { arbitrary: fc.constantFrom('<<', '=', '<', '-', '?', '!'), weight: 1 },
  { arbitrary: fc.constantFrom(...TRICKY), weight: 2 },
  { arbitrary: mix, weight: 4 },
  { arbitrary: awkward, weight: 2 },
  { arbitrary: fc.string(), weight: 2 },
);

const GO_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);

function goValue(node: unknown): unknown {
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = goValue(pair.key);
      // sigs.k8s.io/yaml writes a non-string key as JSON text (true, 15): it no longer matches the string it was.
      Object.defineProperty(out, typeof key === 'string' ? key : `<${JSON.stringify(key)}>`, { value: goValue(pair.value), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (isSeq(node)) return node.items.map(goValue);
  if (!isScalar(node)) throw new Error(`unexpected node ${String(node)}`);
  // Quoted and block scalars are strings to go-yaml; only plain ones are resolved.
  if (node.type !== 'PLAIN') return node.value;
  const source = String(node.source);
  switch (goYamlV2Tag(source)) {
    case 'str':
      return source;
    case 'bool':
      return GO_TRUE.has(source);
    case 'null':
      return null;
    case 'merge':
      return { merge: source };
    default:
      return Number(source.replaceAll('_', ''));
  }
}

/**
 * A document's data as go-yaml v2 would decode it into `interface{}`: the
 * yaml package parses the syntax, and every plain scalar is resolved by the
 * go-yaml v2 model (`goYamlV2Tag`) instead of by a YAML 1.2 schema.
 */
export function readAsGoYamlV2(text: string): unknown {
  const doc = parseDocument(text, { version: '1.2' });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]?.message);
  return goValue(doc.contents);
}
