import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { someString, walkStrings } from './objects.ts';

describe('walkStrings', () => {
  it('visits every string below the root with its path, in key and item order, and nothing else', () => {
    const seen: [string, (string | number)[]][] = [];
    const obj = { b: 'x', a: [1, 'y', { c: 'z', d: null, e: true }], f: { g: { h: 'w' } }, 2: 'n' };
    walkStrings(obj, (value, segments) => seen.push([value, [...segments]]));
    expect(seen).toEqual([
      ['n', ['2']],
      ['x', ['b']],
      ['y', ['a', 1]],
      ['z', ['a', 2, 'c']],
      ['w', ['f', 'g', 'h']],
    ]);
  });

  it('visits a string root with an empty path', () => {
    const seen: unknown[] = [];
    walkStrings('only', (value, segments) => seen.push(value, [...segments]));
    expect(seen).toEqual(['only', []]);
  });
});

describe('someString', () => {
  it('says yes exactly when walkStrings visits a passing string, on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ maxLength: 2 }), (value, needle) => {
        const test = (s: string) => s.includes(needle) && s.length % 2 === 0;
        let walked = false;
        walkStrings(value, (s) => (walked ||= test(s)));
        expect(someString(value, test)).toBe(walked);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('finds a string at any depth, and none among keys, numbers and nulls', () => {
    const test = (s: string) => s === 'key';
    expect(someString({ a: [1, { b: [null, 'key'] }] }, test)).toBe(true);
    expect(someString({ key: 1, other: [true, null, 2] }, test)).toBe(false);
    expect(someString('key', test)).toBe(true);
  });
});

