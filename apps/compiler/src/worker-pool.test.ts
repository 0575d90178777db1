import { describe, expect, it } from 'vitest';
import { workerCount } from './worker-pool.ts';
import { UsageError } from './workspace.ts';

describe('workerCount', () => {
  it('starts a worker per further core, each only with enough clusters to pay for its start-up', () => {
    expect(workerCount({}, 1, 10, 64)).toBe(0);
    expect(workerCount({}, 9, 10, 2)).toBe(0);
    expect(workerCount({}, 10, 10, 2)).toBe(1);
    expect(workerCount({}, 1000, 10, 2)).toBe(1);
    expect(workerCount({}, 1000, 10, 1)).toBe(0);
    expect(workerCount({}, 31, 10, 64)).toBe(3);
  });

  it('takes STRATA_WORKERS as given (never more than there are clusters), and refuses anything but a whole number', () => {
    expect(workerCount({ STRATA_WORKERS: '0' }, 1000, 10, 64)).toBe(0);
    expect(workerCount({ STRATA_WORKERS: '3' }, 1, 10, 1)).toBe(1);
    expect(workerCount({ STRATA_WORKERS: '3' }, 10, 10, 1)).toBe(3);
    expect(workerCount({ STRATA_WORKERS: '' }, 1000, 10, 2)).toBe(1);
    expect(() => workerCount({ STRATA_WORKERS: 'two' }, 10, 10, 2)).toThrow(UsageError);
    expect(() => workerCount({ STRATA_WORKERS: '-1' }, 10, 10, 2)).toThrow('STRATA_WORKERS must be a whole number');
  });
});
