import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCounts } from './report.ts';
import { fleetSizes, kubeconformArgs, locateKubeconform, medianRatio, pairsFor, parseSummary, rate, ratioText, ratioWords, sharedKcStrict } from './versus.ts';

/** A fake repository beside an optional ../shared/tools/kubeconform/kc-strict, and a PATH folder. */
function layout(opts: { shared?: boolean; onPath?: 'binary' | 'wrapper' } = {}): { repo: string; bin: string } {
  const top = mkdtempSync(join(tmpdir(), 'strata-versus-'));
  const repo = join(top, 'repo');
  const bin = join(top, 'bin');
  mkdirSync(join(repo, 'tools/kubeconform/bin'), { recursive: true });
  mkdirSync(bin);
  const wrapper = join(repo, 'tools/kubeconform/bin/kubeconform.js');
  writeFileSync(wrapper, '#!/usr/bin/env node\n');
  chmodSync(wrapper, 0o755);
  if (opts.shared === true) {
    mkdirSync(join(top, 'shared/tools/kubeconform'), { recursive: true });
    writeFileSync(join(top, 'shared/tools/kubeconform/kc-strict'), '#!/bin/sh\n');
    chmodSync(join(top, 'shared/tools/kubeconform/kc-strict'), 0o755);
  }
  if (opts.onPath === 'binary') {
    writeFileSync(join(bin, 'kubeconform'), '#!/bin/sh\n');
    chmodSync(join(bin, 'kubeconform'), 0o755);
  }
  // node_modules/.bin/kubeconform is a link to the workspace's own wrapper, which would download a release.
  if (opts.onPath === 'wrapper') symlinkSync(wrapper, join(bin, 'kubeconform'));
  return { repo, bin };
}

describe('locateKubeconform', () => {
  it('takes KUBECONFORM_BIN first, then kubeconform on PATH, then kc-strict beside the repository', () => {
    const { repo, bin } = layout({ shared: true, onPath: 'binary' });
    const explicit = join(bin, 'kubeconform');
    expect(locateKubeconform({ KUBECONFORM_BIN: explicit, PATH: '' }, repo)).toEqual({ found: true, path: explicit, via: 'KUBECONFORM_BIN' });
    expect(locateKubeconform({ PATH: `/nonexistent${delimiter}${bin}` }, repo)).toEqual({ found: true, path: explicit, via: 'PATH' });
    expect(locateKubeconform({ PATH: '/nonexistent' }, repo)).toEqual({ found: true, path: sharedKcStrict(repo), via: 'shared' });
  });

  it('skips the workspace’s own wrapper on PATH', () => {
    const { repo, bin } = layout({ shared: true, onPath: 'wrapper' });
    expect(locateKubeconform({ PATH: bin }, repo)).toEqual({ found: true, path: sharedKcStrict(repo), via: 'shared' });
  });

  it('says where it looked when there is none, and never guesses', () => {
    const { repo, bin } = layout({ onPath: 'wrapper' });
    const res = locateKubeconform({ PATH: `${bin}${delimiter}/nonexistent` }, repo);
    expect(res).toEqual({
      found: false,
      looked: ['KUBECONFORM_BIN (unset)', 'kubeconform on PATH (2 folders; only the workspace wrapper, which downloads)', `${sharedKcStrict(repo)} (absent)`],
    });
    // A KUBECONFORM_BIN that is not there is reported, not replaced by another kubeconform.
    const shared = layout({ shared: true });
    expect(locateKubeconform({ KUBECONFORM_BIN: '/nonexistent/kubeconform' }, shared.repo)).toEqual({
      found: false,
      looked: ['KUBECONFORM_BIN=/nonexistent/kubeconform (not an executable file)'],
    });
  });
});

describe('kubeconformArgs', () => {
  it('ignores what strata’s own check ignores; a plain kubeconform is made strict, kc-strict already is', () => {
    const ignores = ['-ignore-filename-pattern', '/nixos/', '-ignore-filename-pattern', 'kustomization\\.yaml$', '-ignore-filename-pattern', 'index\\.json$'];
    expect(kubeconformArgs('/x/kc-strict', ['rendered'])).toEqual([...ignores, 'rendered']);
    expect(kubeconformArgs('/usr/bin/kubeconform', ['rendered/a', 'rendered/b'])).toEqual(['-strict', '-summary', ...ignores, 'rendered/a', 'rendered/b']);
  });
});

describe('parseSummary', () => {
  it('reads kubeconform’s summary line, and nothing from output without one', () => {
    expect(parseSummary('x\nSummary: 152 resources found in 152 files - Valid: 150, Invalid: 1, Errors: 1, Skipped: 0\n')).toEqual({
      resources: 152,
      files: 152,
      valid: 150,
      invalid: 1,
      errors: 1,
      skipped: 0,
    });
    expect(parseSummary('Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0')?.resources).toBe(1);
    expect(parseSummary('kc-strict: no schemas for Kubernetes v1.99.0')).toBeUndefined();
  });
});

describe('figures', () => {
  it('gives objects per second and the ratio of wall times, saying which is faster', () => {
    expect(rate(156, 1200)).toBe('130 obj/s');
    expect(rate(156, 0)).toBe('—');
    expect(ratioText(1500, 500)).toBe('0.33x (kubeconform 3.0x faster)');
    expect(ratioText(250, 500)).toBe('2.00x (strata 2.0x faster)');
    expect(ratioText(0, 500)).toBe('n/a');
    expect(ratioWords(Number.NaN)).toBe('n/a');
  });

  it('takes the median of the ratios of runs paired in turn, not the ratio of two medians', () => {
    // The machine slowed down for the last three pairs: both runs of a pair alike.
    const pairs = [[300, 270], [310, 280], [600, 560], [620, 570], [640, 590]] as const;
    // Ratios 0.900, 0.903, 0.933, 0.919, 0.922: their median is the fourth pair's; the medians alone (570 / 600) would say 0.95.
    expect(medianRatio(pairs)).toBeCloseTo(570 / 620, 6);
    expect(medianRatio([[300, 270], [600, 600]])).toBeCloseTo((0.9 + 1) / 2, 6);
    expect(medianRatio([])).toBeNaN();
    expect(pairsFor(1, 1)).toBe(7);
    expect(pairsFor(100, 1)).toBe(3);
    expect(pairsFor(1000, 1)).toBe(1);
    expect(pairsFor(10, 9)).toBe(9);
  });

  it('compares at 1, 10, 100 clusters and the whole fleet, never beyond it', () => {
    expect(fleetSizes(1000)).toEqual([1, 10, 100, 1000]);
    expect(fleetSizes(100)).toEqual([1, 10, 100]);
    expect(fleetSizes(12)).toEqual([1, 10, 12]);
    expect(fleetSizes(1)).toEqual([1]);
  });
});

describe('validateCounts', () => {
  it('counts the objects of a validate report, and the clusters it checked and took from its cache', () => {
    const json = JSON.stringify({ ok: true, clusters: [{ name: 'a', objects: 3, cached: false }, { name: 'b', objects: 5, cached: true }], waived: [], findings: [] });
    expect(validateCounts(json)).toEqual({ objects: 8, checked: 1, skipped: 1 });
  });
});
