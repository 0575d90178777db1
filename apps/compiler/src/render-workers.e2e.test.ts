import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, ensureCodeBundle, REPO, strata, tempWorkspace, treeHash } from './__fixtures__/cli.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

/** The --json report without the timings. */
function report(stdout: string): unknown {
  const json = JSON.parse(stdout) as { clusters?: { durationMs?: number }[] };
  for (const c of json.clusters ?? []) delete c.durationMs;
  return json;
}

function breakSpec(root: string, name: string): void {
  const file = join(root, 'clusters', name, 'cluster.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s+)mtu: \d+$/m, '$1mtu: 99999'));
}

describe('strata render and validate with worker threads (STRATA_WORKERS)', () => {
  // The threaded runs start their workers from the code bundle's worker entry.
  beforeAll(async () => {
    expect(Object.keys((await ensureCodeBundle()).workers).some((script) => script.endsWith('/src/render-worker.ts'))).toBe(true);
  }, 2 * E2E_TIMEOUT);

  it('writes the bytes and prints the report of an in-process render of the sources', () => {
    const inProcess = tempWorkspace();
    const threaded = tempWorkspace();
    const a = strata(['render', '--json'], inProcess, { STRATA_WORKERS: '0', STRATA_NO_CODE_BUNDLE: '1' });
    const b = strata(['render', '--json'], threaded, { STRATA_WORKERS: '2' });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(report(b.stdout)).toEqual(report(a.stdout));
    expect(treeHash(join(threaded, 'rendered'))).toEqual(treeHash(join(inProcess, 'rendered')));
    expect(treeHash(join(threaded, 'rendered'))).toEqual(treeHash(join(REPO, 'rendered')));
    // --check renders in the workers too, and writes nothing.
    const before = treeHash(threaded);
    expect(strata(['render', '--check', '--json'], threaded, { STRATA_WORKERS: '2' }).code).toBe(0);
    expect(treeHash(threaded)).toEqual(before);
  });

  it('stops on a spec error with the in-process findings, leaving rendered/ as it was', () => {
    const outputs = ['0', '2'].map((workers) => {
      const root = tempWorkspace();
      breakSpec(root, 'homelab');
      const run = strata(['render'], root, { STRATA_WORKERS: workers });
      // The other clusters passed and were staged; nothing of them, nor of the staging, is left.
      expect(existsSync(join(root, 'rendered')) ? readdirSync(join(root, 'rendered')) : []).toEqual([]);
      return run;
    });
    expect(outputs[0]!.code).toBe(1);
    expect(outputs[0]!.stdout).toContain('clusters/homelab/cluster.yaml:');
    expect(outputs[1]).toEqual(outputs[0]);
  });

  it('sweeps the staging folder of a render that was killed; --check neither reads nor removes it', () => {
    const root = tempWorkspace();
    expect(strata(['render'], root).code).toBe(0);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const leftover = join(root, 'rendered', `.strata-staging-${dead}-0badc0de`);
    mkdirSync(join(leftover, 'homelab/config'), { recursive: true });
    writeFileSync(join(leftover, 'homelab/index.json'), '{}\n');
    writeFileSync(join(leftover, 'homelab/config/kustomization.yaml'), 'resources: []\n');
    const check = strata(['render', '--check'], root);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe('');
    expect(existsSync(leftover)).toBe(true);
    const run = strata(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(join(root, 'rendered')).sort()).toEqual(['chromebox-lab', 'edge-bgp', 'homelab']);
  });

  it("validate's worker threads, started from the code bundle, report what the sources report in one thread", () => {
    const root = tempWorkspace();
    cpSync(join(REPO, 'rendered'), join(root, 'rendered'), { recursive: true });
    breakSpec(root, 'homelab');
    const threaded = strata(['validate', '--no-cache', '--json'], root, { STRATA_WORKERS: '2' });
    const inThread = strata(['validate', '--no-cache', '--json'], root, { STRATA_WORKERS: '0', STRATA_NO_CODE_BUNDLE: '1' });
    expect(threaded.code).toBe(1);
    const files = (JSON.parse(threaded.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !/^(clusters|rendered)\/homelab\//.test(f))).toEqual([]);
    expect(threaded).toEqual(inThread);
  });

  it('refuses a STRATA_WORKERS that is not a whole number', () => {
    const root = tempWorkspace();
    const run = strata(['render'], root, { STRATA_WORKERS: 'all' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('strata: STRATA_WORKERS must be a whole number of worker threads');
  });
});
