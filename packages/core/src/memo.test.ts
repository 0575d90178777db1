import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './memo.ts';

describe('BoundedMemo', () => {
  it('computes a key once and returns the kept value after', () => {
    const memo = new BoundedMemo<string, { n: number }>(4);
    let calls = 0;
    const first = memo.get('a', () => ({ n: ++calls }));
    expect(memo.get('a', () => ({ n: ++calls }))).toBe(first);
    expect(calls).toBe(1);
  });

  it('keeps undefined as a value, not as a miss', () => {
    const memo = new BoundedMemo<string, undefined>(2);
    let calls = 0;
    memo.get('a', () => void calls++);
    memo.get('a', () => void calls++);
    expect(calls).toBe(1);
  });

  it('holds at most its limit, dropping the least recently used', () => {
    const memo = new BoundedMemo<number, number>(2);
    const computed: number[] = [];
    const get = (k: number) => memo.get(k, () => (computed.push(k), k * 10));
    get(1);
    get(2);
    get(1); // 2 is now the least recently used
    get(3);
    expect(memo.size).toBe(2);
    get(1);
    get(2);
    expect(computed).toEqual([1, 2, 3, 2]);
  });

  it('keeps nothing when the computation throws', () => {
    const memo = new BoundedMemo<string, number>(2);
    expect(() => memo.get('a', () => { throw new Error('no'); })).toThrow('no');
    expect(memo.size).toBe(0);
  });

  it('rejects a limit below one', () => {
    expect(() => new BoundedMemo(0)).toThrow('a memo holds at least one entry, not 0');
  });
});
