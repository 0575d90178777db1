import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PinsReport } from '@strata/compiler';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadChart } from './chart.ts';
import { type PinsInput, parsePins } from './input.ts';
import { needShared, sharedResource } from '@strata/core/shared';
import { committedPins, REPO } from './__fixtures__/committed.ts';
import { checkValues } from './values.ts';
import { readReleaseValues } from './verify.ts';

// strata loads every component package before it reads the tree: seconds on a shared runner.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const charts = sharedResource('reference/charts');

/**
 * Values in rendered/ that a pinned chart does not accept, accepted for now:
 * `<cluster> <chart> <version> <path>` → why. Empty: every chart use passes.
 */
const KNOWN: Readonly<Record<string, string>> = {};

/**
 * Chart pins with no copy under ../shared/reference/charts, `<chart> <version>`
 * → how the release was confirmed instead. Their values are not checked here
 * (strata-pins-verify checks them online against the pulled chart).
 */
const NO_REFERENCE: Readonly<Record<string, string>> = {
  'metrics-server 3.13.1':
    "spec.releases of homelab and edge-bgp; in the chart repository's index.yaml (kubernetes-sigs/metrics-server gh-pages c6db65ff, created 2026-06-11, tgz sha256 084e6edb…), tag metrics-server-helm-chart-3.13.1 = 842dcc8c; values metrics.enabled and serviceMonitor.enabled are in its values.yaml",
};

describe('the committed tree', () => {
  let printed: { code: number; json: string };
  beforeAll(async () => {
    printed = await committedPins();
  });

  it('lists its pins in the shape this tool reads (the strata pins --json contract)', () => {
    expect(printed.code).toBe(0);
    const report = JSON.parse(printed.json) as PinsReport;
    // Both sides of the contract, checked by the compiler as well as at run time.
    const input: PinsInput = report;
    expect(parsePins(printed.json, 'strata pins --json')).toEqual(input);
    expect(input.charts.length).toBeGreaterThan(0);
  });

  it('pins only released charts, each with a reference copy, and renders only values they accept: their values.schema.json and keys they read (offline)', async (ctx) => {
    const reference = needShared(ctx, charts);
    const pins = parsePins(printed.json, 'strata pins --json');
    const problems: string[] = [];
    const unchecked: string[] = [];
    let checked = 0;
    for (const pin of pins.charts) {
      const dir = join(reference, pin.chart, pin.version ?? '');
      if (pin.version === undefined || !existsSync(join(dir, 'Chart.yaml'))) {
        unchecked.push(`${pin.chart} ${pin.version ?? pin.digest ?? ''}`);
        continue;
      }
      // The reference says where its files were read; a version that was never released cannot be pulled.
      const source = JSON.parse(readFileSync(join(dir, 'SOURCE.json'), 'utf8')) as { released?: boolean; nearest?: string };
      if (source.released === false) problems.push(`${pin.chart} ${pin.version} was never released${source.nearest === undefined ? '' : ` (nearest release: ${source.nearest})`}: ${pin.files.join(', ')}`);
      const chart = { ...(await loadChart(dir)), version: pin.version };
      for (const use of pin.uses) {
        checked++;
        for (const issue of checkValues(chart, readReleaseValues(REPO, use).values)) {
          const key = `${use.cluster} ${pin.chart} ${pin.version} ${use.values}.${issue.path.join('.')}`;
          if (KNOWN[key] === undefined) problems.push(`${key} (${use.file}): ${issue.kind}/${issue.severity}: ${issue.message}`);
        }
      }
    }
    // ../shared holds every chart this repository pins: a pin without a copy was never checked here (prove it with strata-pins-verify).
    expect(unchecked.filter((u) => NO_REFERENCE[u] === undefined), 'chart pins with no reference copy under ../shared/reference/charts').toEqual([]);
    // Every exception still names a pin without a copy.
    expect(Object.keys(NO_REFERENCE).filter((k) => !unchecked.includes(k))).toEqual([]);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
