import { describe, expect, it } from 'vitest';
import { seconds } from './duration.ts';

describe('seconds', () => {
  it('adds up the parts of a Go duration', () => {
    expect(['2160h', '720h', '1h30m', '90m', '5m', '45s', '1.5h', '500ms', '1h0m0.5s'].map(seconds)).toEqual([
      7776000, 2592000, 5400, 5400, 300, 45, 5400, 0.5, 3600.5,
    ]);
  });
});
