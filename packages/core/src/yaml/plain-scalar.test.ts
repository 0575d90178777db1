import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type GoYamlV2Tag, goYamlV2Tag, misreadBy, needsQuotes, YAML_READERS, type YamlReader } from './plain-scalar.ts';

const Y11: YamlReader = 'yaml-1.1';
const Y12: YamlReader = 'yaml-1.2';
const GO: YamlReader = 'go-yaml-v2';
const ALL = [Y11, Y12, GO];

/** A spelling, the readers that do not read it back as a string, and what go-yaml v2 makes of it. */
const TABLE: readonly (readonly [string, readonly YamlReader[], GoYamlV2Tag])[] = [
  // Booleans: YAML 1.2 has only true/false; YAML 1.1 and go-yaml also y/n, yes/no, on/off, in three cases each.
  ['on', [Y11, GO], 'bool'],
  ['On', [Y11, GO], 'bool'],
  ['ON', [Y11, GO], 'bool'],
  ['oN', [], 'str'],
  ['off', [Y11, GO], 'bool'],
  ['y', [Y11, GO], 'bool'],
  ['N', [Y11, GO], 'bool'],
  ['Yes', [Y11, GO], 'bool'],
  ['NO', [Y11, GO], 'bool'],
  ['true', ALL, 'bool'],
  ['FALSE', ALL, 'bool'],
  ['tRUE', [], 'str'],
  // Nulls.
  ['', ALL, 'null'],
  ['~', ALL, 'null'],
  ['Null', ALL, 'null'],
  ['nULL', [], 'str'],
  // Octal: 0o is YAML 1.2 (and Go); a leading 0 is octal in YAML 1.1 and Go, decimal in YAML 1.2.
  ['0o17', [Y12, GO], 'int'],
  ['0O17', [GO], 'int'],
  ['0o1_7', [GO], 'int'],
  ['017', ALL, 'int'],
  ['0_17', [Y11, GO], 'int'],
  ['08', ALL, 'float'],
  // Hex and binary: upper-case prefixes and underscores anywhere are Go's alone.
  ['0x1F', ALL, 'int'],
  ['0X1F', [GO], 'int'],
  ['0x_1F', [Y11, GO], 'int'],
  ['0_x10', [GO], 'int'],
  ['0b101', [Y11, GO], 'int'],
  ['0B101', [GO], 'int'],
  ['-0b101', [Y11, GO], 'int'],
  ['0b-101', [GO], 'int'],
  ['0b2', [], 'str'],
  // Decimal integers, their underscores and the int64/uint64 range.
  ['1_000', [Y11, GO], 'int'],
  ['1_', [Y11, GO], 'int'],
  ['1__2', [Y11, GO], 'int'],
  ['+_1', [GO], 'int'],
  ['+1', ALL, 'int'],
  ['-9223372036854775808', ALL, 'int'],
  ['18446744073709551615', ALL, 'int'],
  ['18446744073709551616', ALL, 'float'],
  ['0x10000000000000000', [Y11, Y12], 'str'],
  ['-', [], 'str'],
  ['-_', [], 'str'],
  // Sexagesimal numbers are YAML 1.1's alone (go-yaml dropped them).
  ['1:30', [Y11], 'str'],
  ['-1:30:00.5', [Y11], 'str'],
  ['190:20:30', [Y11], 'str'],
  ['1:60', [], 'str'],
  // Floats.
  ['.5', ALL, 'float'],
  ['1e3', ALL, 'float'],
  ['1E3', ALL, 'float'],
  ['1.', ALL, 'float'],
  ['1.18', ALL, 'float'],
  ['1_000.5', [Y11, GO], 'float'],
  ['.5_0', [Y11, GO], 'float'],
  ['._5', [Y11], 'str'],
  ['.', [Y11], 'str'],
  ['1e999', [Y11, Y12], 'str'],
  // The yaml package's YAML 1.1 exponent float makes its mantissa optional: `e5` is NaN there.
  ['e5', [Y11], 'str'],
  ['1_e5', [Y11, GO], 'float'],
  ['.inf', ALL, 'float'],
  ['-.Inf', ALL, 'float'],
  ['+.INF', ALL, 'float'],
  ['.NaN', ALL, 'float'],
  ['+.nan', [], 'str'],
  // Timestamps: dates in YAML 1.1; go-yaml decodes them into interface{} as their string.
  ['2001-12-14', [Y11], 'str'],
  ['2001-1-2', [Y11], 'str'],
  ['2001-12-14t21:59:43.10-05:00', [Y11], 'str'],
  ['2001-12-14 21:59:43.10 -5', [Y11], 'str'],
  // The merge key, and YAML 1.1's value key, which neither implementation reads.
  ['<<', [Y11, GO], 'merge'],
  ['=', [], 'str'],
  // Look-alikes that every reader keeps as strings.
  ['0.0.1', [], 'str'],
  ['v1.2', [], 'str'],
  ['10.0.0.1', [], 'str'],
  ['30s', [], 'str'],
  ['ｏｎ', [], 'str'],
];

/** What the yaml package itself makes of `text` as a plain value and as a plain key. */
function yamlPackageMisreads(text: string, version: '1.1' | '1.2'): boolean {
  try {
    const value = (parse(`- ${text}\n`, { version }) as unknown[])[0];
    const keys = [...(parse(`${text}: x\n`, { version, mapAsMap: true }) as Map<unknown, unknown>).keys()];
    return value !== text || keys.length !== 1 || keys[0] !== text;
  } catch {
    return true; // `<<: x` is a merge of a non-map
  }
}

describe('misreadBy', () => {
  it.each(TABLE)('%j is not a string to %j', (text, readers) => {
    expect(misreadBy(text)).toEqual(readers);
  });

  it('says for the yaml package what the yaml package does when it parses the scalar as a key or a value', () => {
    // A lone `-` is a sequence entry, not a scalar, so it has nothing to compare.
    const disagreements = TABLE.filter(([text]) => text !== '-').flatMap(([text]) =>
      (['1.1', '1.2'] as const).flatMap((version) =>
        yamlPackageMisreads(text, version) === misreadBy(text).includes(version === '1.1' ? Y11 : Y12) ? [] : [`${JSON.stringify(text)} in ${version}`],
      ),
    );
    expect(disagreements).toEqual([]);
  });

  it('names the readers in a fixed order', () => {
    expect(YAML_READERS).toEqual(['yaml-1.1', 'yaml-1.2', 'go-yaml-v2']);
  });
});

describe('goYamlV2Tag', () => {
  it.each(TABLE)('resolves %j (misread by %j) to !!%s', (text, _, tag) => {
    expect(goYamlV2Tag(text)).toBe(tag);
  });
});

describe('needsQuotes', () => {
  it('quotes what any reader misreads and nothing else', () => {
    expect(TABLE.filter(([text]) => needsQuotes(text)).map(([text]) => text)).toEqual(TABLE.filter(([, readers]) => readers.length > 0).map(([text]) => text));
  });

  it('quotes YAML 1.1 line breaks and the characters go-yaml refuses in a stream', () => {
    expect(['a\u0085b', 'a\u2028b', 'a\u2029b', 'a\u007fb', 'a\u009fb', '\ufffe', '\uffff'].map(needsQuotes)).toEqual([true, true, true, true, true, true, true]);
    expect(['a\u00a0b', 'é', '\ufeff', 'a\tb'].map(needsQuotes)).toEqual([false, false, false, false]);
  });
});
