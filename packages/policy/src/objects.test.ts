import { describe, expect, it } from 'vitest';
import { walkStrings } from './objects.ts';

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
