import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, REPO, tempWorkspace } from '../__fixtures__/cli.ts';
import { findWorkspace, listClusters } from '../workspace.ts';
import { CHECKS_PER_WORKER, checkAll, checkWorkers } from './pool.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

/** The examples with their committed rendered/, a hand edit in homelab and a file gone from edge-bgp: every check has something to say. */
function workspace(): { root: string; entries: ReturnType<typeof listClusters> } {
  const root = tempWorkspace();
  cpSync(join(REPO, 'rendered'), join(root, 'rendered'), { recursive: true });
  appendFileSync(join(root, 'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml'), '# edited by hand\n');
  rmSync(join(root, 'rendered/edge-bgp/config/kustomization.yaml'));
  return { root, entries: listClusters(findWorkspace(root)) };
}

describe('checkWorkers', () => {
  it('starts a worker only for every 200 clusters to check', () => {
    expect(checkWorkers({}, CHECKS_PER_WORKER - 1, 2)).toBe(0);
    expect(checkWorkers({}, CHECKS_PER_WORKER, 2)).toBe(1);
    expect(checkWorkers({}, 1000, 2)).toBe(1);
    expect(checkWorkers({}, 1000, 64)).toBe(5);
  });
});

describe('checking clusters in worker threads', () => {
  it('gives the verdicts, reads and profile records of an in-thread check, in entry order', async () => {
    const { root, entries } = workspace();
    const opts = { cwd: root, clusters: [] };
    const here = await checkAll(opts, root, entries, { workers: 0 });
    const there = await checkAll(opts, root, entries, { workers: 2, mainChecks: false });
    expect(here.inWorkers).toBe(0);
    expect(there.inWorkers).toBe(entries.length);
    expect(here.outcomes.map((o) => o.verdict.name)).toEqual(['chromebox-lab', 'edge-bgp', 'homelab']);
    expect(here.outcomes.flatMap((o) => o.verdict.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}: ${f.message}`))).toEqual([
      'rendered/edge-bgp/config/kustomization.yaml: listed in index.json but absent',
      'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml: sha256 differs from index.json',
    ]);
    // What the cache learns: the profiles each spec looked up and the manifests each check read.
    expect(Object.keys(here.outcomes[2]!.profiles)).toEqual(['base', 'flux']);
    expect(Object.keys(here.outcomes[2]!.reads).length).toBeGreaterThan(0);
    expect(there.outcomes).toEqual(here.outcomes);
  });

  it('checks in this thread whatever a worker that died left undone', async () => {
    const { root, entries } = workspace();
    const opts = { cwd: root, clusters: [] };
    const here = await checkAll(opts, root, entries, { workers: 0 });
    const dying = new URL('../__fixtures__/dying-worker.ts', import.meta.url);
    const there = await checkAll(opts, root, entries, { workers: 1, mainChecks: false, workerScript: dying });
    expect(there.inWorkers).toBe(0);
    expect(there.outcomes).toEqual(here.outcomes);
  });

  it('throws an error a worker hit with its message', async () => {
    const { root, entries } = workspace();
    const failing = new URL('../__fixtures__/failing-worker.ts', import.meta.url);
    await expect(checkAll({ cwd: root, clusters: [] }, root, entries, { workers: 1, mainChecks: false, workerScript: failing })).rejects.toThrow(
      /^component demo failed: cannot render chromebox-lab$/,
    );
  });
});
