import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { stringifyAgreed } from './agreed.ts';

const read11 = (text: string): unknown => parse(text, { version: '1.1' });
const read12 = (text: string): unknown => parse(text, { version: '1.2' });

describe('stringifyAgreed', () => {
  it('double-quotes a string that YAML 1.1, YAML 1.2 or go-yaml v2 takes for another type, as a value and as a key', () => {
    const value = { on: 'on', y: 'y', time: '1:30', date: '2001-12-14', big: '1_000', bin: '0b101', oct: '0o17', hex: '0X1F' };
    const text = stringifyAgreed(value);
    expect(text).toBe(
      ['"on": "on"', '"y": "y"', 'time: "1:30"', 'date: "2001-12-14"', 'big: "1_000"', 'bin: "0b101"', 'oct: "0o17"', 'hex: "0X1F"', ''].join('\n'),
    );
    expect(read11(text)).toEqual(value);
    expect(read12(text)).toEqual(value);
  });

  it('quotes a merge key, so no reader merges it', () => {
    const value = { '<<': 'x', a: '<<' };
    const text = stringifyAgreed(value);
    expect(text).toBe('"<<": x\na: "<<"\n');
    expect(read11(text)).toEqual(value);
  });

  it('leaves every other string as the yaml package writes it', () => {
    const value = {
      plain: 'nginx',
      version: 'v1.2.3',
      address: '10.0.0.1/24',
      single: "'quoted'",
      colon: 'a: b',
      lines: 'one\ntwo\n',
      trailing: 'x ',
      equals: '=',
      empty: '',
      word: 'true',
      list: ['on', 'off', 'plain'],
    };
    const layout = { lineWidth: 0 };
    const { list: _, ...ordinary } = value;
    expect(stringifyAgreed(ordinary, layout)).toBe(stringify(ordinary, layout));
    expect(stringifyAgreed(value, layout)).toBe(`${stringify(ordinary, layout)}list:\n  - "on"\n  - "off"\n  - plain\n`);
  });

  it('escapes characters that YAML 1.1 reads as line breaks or go-yaml refuses, inside double quotes', () => {
    const value = { nel: 'a\u0085b', ls: 'a\u2028b', ps: 'a\u2029b', del: 'a\u007fb', c1: 'a\u0090b', nonchar: 'a\uffffb', 'key\u2028': 'v' };
    const text = stringifyAgreed(value);
    expect(text).toBe(
      ['nel: "a\\Nb"', 'ls: "a\\Lb"', 'ps: "a\\Pb"', 'del: "a\\x7fb"', 'c1: "a\\x90b"', 'nonchar: "a\\uffffb"', '"key\\L": v', ''].join('\n'),
    );
    expect(read11(text)).toEqual(value);
    expect(read12(text)).toEqual(value);
  });

  it('gives a number with an exponent a dot in its mantissa, which YAML 1.1 needs to read a float', () => {
    const value = { big: 1e21, small: -1e-7, plain: 1.5e300, int: 12, frac: 0.25 };
    const text = stringifyAgreed(value);
    expect(text).toBe('big: 1.0e+21\nsmall: -1.0e-7\nplain: 1.5e+300\nint: 12\nfrac: 0.25\n');
    expect(read11(text)).toEqual(value);
    expect(read12(text)).toEqual(value);
  });

  it('sorts keys and passes layout options through', () => {
    expect(stringifyAgreed({ b: ['x'], a: 1 }, { sortMapEntries: true, indentSeq: false })).toBe('a: 1\nb:\n- x\n');
  });
});
