import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { creationSpeed, settle, settledText } from './settle.ts';

/** A probe that reads the given figures in turn, and a sleep that records what it was asked. */
function scripted(figures: number[]) {
  const slept: number[] = [];
  let i = 0;
  return { slept, probe: () => figures[Math.min(i++, figures.length - 1)]!, sleep: (ms: number) => void slept.push(ms) };
}

describe('settle', () => {
  it('does not wait when file creation is fast', () => {
    const s = scripted([25]);
    const settled = settle({ ...s, everyMs: 10, maxMs: 100 });
    expect(settled).toEqual({ usPerFile: 25, waitedMs: 0, settled: true });
    expect(s.slept).toEqual([]);
    expect(settledText(settled)).toBe('file creation 25 µs a file');
  });

  it('waits while creation is slow, and stops once two probes in a row are fast', () => {
    const s = scripted([350, 300, 30, 90, 35, 20, 10]);
    const settled = settle({ ...s, everyMs: 10, maxMs: 100 });
    expect(settled).toEqual({ usPerFile: 20, waitedMs: 50, settled: true });
    expect(s.slept).toEqual([10, 10, 10, 10, 10]);
  });

  it('gives up after the longest wait and says the figures include the slow filesystem', () => {
    const s = scripted([350]);
    const settled = settle({ ...s, everyMs: 30, maxMs: 100 });
    expect(settled).toEqual({ usPerFile: 350, waitedMs: 90, settled: false });
    expect(settledText(settled)).toMatch(/^file creation still slow \(350 µs a file\) after waiting 0 s: the figures below include/);
  });

  it('measures real file creation, each probe in a folder of its own that it leaves to the caller', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-settle-'));
    const speeds = [creationSpeed(dir, 3, 5), creationSpeed(dir, 3, 5)];
    for (const us of speeds) expect(us > 0 && Number.isFinite(us)).toBe(true);
    const probes = readdirSync(dir);
    expect(probes).toHaveLength(2);
    for (const p of probes) {
      expect(readdirSync(join(dir, p)).sort()).toEqual(['d0', 'd1', 'd2']);
      for (const f of readdirSync(join(dir, p))) expect(readdirSync(join(dir, p, f))).toHaveLength(5);
    }
    rmSync(dir, { recursive: true });
  });
});
