import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as strata, type PinsReport } from '@strata/compiler';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadChart } from './chart.ts';
import { type PinsInput, parsePins } from './input.ts';
import { needShared, sharedResource } from '@strata/core/shared';
import { checkValues } from './values.ts';
import { readReleaseValues } from './verify.ts';

// strata loads every component package before it reads the tree: seconds on a shared runner.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const charts = sharedResource('reference/charts');

/**
 * Values in rendered/ that a pinned chart does not accept, accepted for now:
 * `<cluster> <chart> <version> <path>` → why. Empty: every chart use passes.
 */
const KNOWN: Readonly<Record<string, string>> = {};

/** `strata pins --json` of this repository, run in-process. */
async function committedPins(): Promise<{ code: number; json: string }> {
  let json = '';
  const io = { stdout: { write: (t: string) => (json += t) }, stderr: { write: () => true }, env: { NO_COLOR: '1' }, cwd: REPO };
  const code = await strata(['pins', '--json'], io);
  return { code, json };
}

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

  it('renders only values the pinned charts accept: their values.schema.json and keys they read (reference copies, offline)', async (ctx) => {
    const reference = needShared(ctx, charts);
    const pins = parsePins(printed.json, 'strata pins --json');
    const problems: string[] = [];
    const unchecked: string[] = [];
    let checked = 0;
    for (const pin of pins.charts) {
      const dir = join(reference, pin.chart, pin.version ?? '');
      // Released or not (SOURCE.json), a reference folder holds the files Helm would read.
      if (pin.version === undefined || !existsSync(join(dir, 'Chart.yaml'))) {
        unchecked.push(`${pin.chart} ${pin.version ?? pin.digest ?? ''}`);
        continue;
      }
      const chart = { ...(await loadChart(dir)), version: pin.version };
      for (const use of pin.uses) {
        checked++;
        for (const issue of checkValues(chart, readReleaseValues(REPO, use).values)) {
          const key = `${use.cluster} ${pin.chart} ${pin.version} ${use.values}.${issue.path.join('.')}`;
          if (KNOWN[key] === undefined) problems.push(`${key} (${use.file}): ${issue.kind}/${issue.severity}: ${issue.message}`);
        }
      }
    }
    if (unchecked.length > 0) process.stderr.write(`values not checked, no reference copy: ${unchecked.join(', ')}\n`);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
