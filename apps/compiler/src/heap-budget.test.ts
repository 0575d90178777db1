import { describe, expect, it } from 'vitest';
import { heapBudget, oldGenerationUsed as oldGeneration } from './heap-budget.ts';

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
