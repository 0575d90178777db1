import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { heapBudget } from './heap-budget.ts';

/** Bytes in use outside the young generation, as the budget counts them. */
function oldGeneration(): number {
  return getHeapSpaceStatistics().reduce((sum, s) => (s.space_name.startsWith('new_') ? sum : sum + s.space_used_size), 0);
}

describe('heapBudget', () => {
  it('collects what a finished render left in the old generation once it outgrew the slack', () => {
    const check = heapBudget(16);
    let garbage: number[] | undefined = new Array<number>(5_000_000).fill(0.5);
    expect(garbage.length).toBe(5_000_000);
    const grown = oldGeneration();
    garbage = undefined;
    check();
    // 40 MB of doubles were there and are gone.
    expect(grown - oldGeneration()).toBeGreaterThan(30 * 1024 * 1024);
  });
});
