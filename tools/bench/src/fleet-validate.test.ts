import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VALIDATE_CACHE_FILE } from '@strata/compiler';
import { E2E_TIMEOUT } from '@strata/core/tools';
import { describe, expect, it } from 'vitest';
import { writeFleet } from './fleet.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(REPO, 'apps/compiler/bin/strata.js');

function strata(root: string, args: readonly string[], workers: string): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [BIN, ...args, '--root', root], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', STRATA_WORKERS: workers },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('strata validate on a generated fleet with worker threads (STRATA_WORKERS)', () => {
  it('prints, exits with and caches exactly what a check in the main thread alone does', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-fleet-validate-'));
    const names = writeFleet(join(REPO, 'clusters'), root, 6);
    expect(strata(root, ['render'], '0').status).toBe(0);
    // Errors in three clusters, so the order of the report shows.
    appendFileSync(join(root, 'rendered', names[0]!, 'index.json'), '}');
    appendFileSync(join(root, 'rendered', names[4]!, 'config/kustomization.yaml'), '# edited by hand\n');
    rmSync(join(root, 'rendered', names[5]!, 'controllers/kustomization.yaml'));
    const runs = ['0', '2'].map((workers) => {
      rmSync(join(root, VALIDATE_CACHE_FILE), { force: true });
      const json = strata(root, ['validate', '--json'], workers);
      const cache = readFileSync(join(root, VALIDATE_CACHE_FILE), 'utf8');
      return { json, cache, text: strata(root, ['validate', '--no-cache'], workers) };
    });
    const [inThread, inWorkers] = runs;
    // Clusters are checked and reported in name order.
    const sorted = [...names].sort();
    expect(inThread!.text.status).toBe(1);
    expect(inThread!.text.stdout.split('\n').filter((l) => l.startsWith('rendered/'))).toEqual([
      `rendered/${names[4]}/config/kustomization.yaml: sha256 differs from index.json`,
      `rendered/${names[5]}/controllers/kustomization.yaml: listed in index.json but absent`,
      `rendered/${names[0]}/index.json: index.json is missing or is not JSON`,
    ]);
    expect(inThread!.text.stderr.split('\n').flatMap((l) => (l.endsWith(' checked') ? [l.slice(0, l.indexOf(':'))] : []))).toEqual(sorted);
    const report = JSON.parse(inThread!.json.stdout) as { clusters: { name: string; cached: boolean }[] };
    expect(report.clusters.map((c) => [c.name, c.cached])).toEqual(sorted.map((n) => [n, false]));
    expect(Object.keys((JSON.parse(inThread!.cache) as { clusters: object }).clusters)).toEqual(sorted);
    expect(inWorkers).toEqual(inThread);
  }, 3 * E2E_TIMEOUT);
});
