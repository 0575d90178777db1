import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, tempWorkspace, treeHash } from './__fixtures__/cli.ts';
import { CLUSTERS_PER_WORKER, renderAll, renderWorkers } from './render-pool.ts';
import type { ClusterOutcome } from './render-step.ts';
import { openSession } from './session.ts';
import { discardStaging, newStagingTag } from './staging.ts';
import { openWorkspace } from './workspace-session.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

/** An outcome without what depends on the thread and the moment: the staging folders, the files' times and the time. */
function comparable(o: ClusterOutcome): unknown {
  if (o.summary === undefined) return { findings: o.findings };
  const { staged, made: _, print, ...summary } = o.summary;
  return { findings: o.findings, summary, staged: staged !== undefined, print: print !== undefined };
}

/** The bytes of each staged folder, by cluster. */
function stagedBytes(outcomes: readonly ClusterOutcome[]): Record<string, Record<string, string>> {
  return Object.fromEntries(outcomes.flatMap((o) => (o.summary?.staged === undefined ? [] : [[o.summary.name, treeHash(o.summary.staged)]])));
}

describe('renderWorkers', () => {
  it('starts a worker only for every 64 clusters to render', () => {
    expect(renderWorkers({}, CLUSTERS_PER_WORKER - 1, 2)).toBe(0);
    expect(renderWorkers({}, CLUSTERS_PER_WORKER, 2)).toBe(1);
    expect(renderWorkers({}, 3 * CLUSTERS_PER_WORKER + 1, 64)).toBe(3);
  });
});

describe('rendering in worker threads', () => {
  it('gives the outcomes and staged bytes of an in-thread render', async () => {
    const root = tempWorkspace();
    const session = await openSession({ cwd: root, clusters: [] });
    const here = await renderAll(session, session.selected, { workers: 0, stage: newStagingTag() });
    const there = await renderAll(session, session.selected, { workers: 2, mainRenders: false, stage: newStagingTag() });
    expect(here.inWorkers).toBe(0);
    expect(there.inWorkers).toBe(session.selected.length);
    expect(there.outcomes.map(comparable)).toEqual(here.outcomes.map(comparable));
    expect(Object.keys(stagedBytes(here.outcomes))).toEqual(['chromebox-lab', 'edge-bgp', 'homelab']);
    expect(stagedBytes(there.outcomes)).toEqual(stagedBytes(here.outcomes));
    discardStaging([...here.outcomes, ...there.outcomes].flatMap((o) => (o.summary === undefined ? [] : [o.summary])));
    expect(existsSync(join(root, 'rendered'))).toBe(false);
  });

  it('brings back the findings of a spec error as they are in this thread', async () => {
    const root = tempWorkspace();
    const file = join(root, 'clusters/edge-bgp/cluster.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s+)mtu: \d+$/m, '$1mtu: 99999'));
    const session = await openSession({ cwd: root, clusters: [] });
    const here = await renderAll(session, session.selected, { workers: 0 });
    const there = await renderAll(session, session.selected, { workers: 2, mainRenders: false });
    expect(there.inWorkers).toBe(session.selected.length);
    const errors = here.outcomes.flatMap((o) => o.findings).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.file)).toEqual(['clusters/edge-bgp/cluster.yaml']);
    // Once a cluster failed nothing is compared or staged; the findings are all there, in entry order.
    expect(there.outcomes.map((o) => o.findings)).toEqual(here.outcomes.map((o) => o.findings));
  });

  it('renders in this thread whatever a worker that died left undone', async () => {
    const root = tempWorkspace();
    const session = await openSession({ cwd: root, clusters: [] });
    const here = await renderAll(session, session.selected, { workers: 0 });
    const dying = new URL('./__fixtures__/dying-worker.ts', import.meta.url);
    const there = await renderAll(session, session.selected, { workers: 1, mainRenders: false, workerScript: dying });
    expect(there.inWorkers).toBe(0);
    expect(there.outcomes.map(comparable)).toEqual(here.outcomes.map(comparable));
  });

  it('starts the workers before this thread opens its session, and throws its error when it cannot', async () => {
    const root = tempWorkspace();
    const base = openWorkspace({ cwd: root, clusters: [] });
    const stage = newStagingTag();
    const opening = { base, open: () => Promise.reject(new Error('cannot open the session')) };
    await expect(renderAll(opening, base.selected, { workers: 1, stage })).rejects.toThrow(/^cannot open the session$/);
    // The worker stopped claiming clusters, and what it staged went.
    expect(existsSync(join(root, 'rendered', `.strata-staging-${stage}`))).toBe(false);
    // Opened on demand, the render is that of an opened session.
    const session = await openSession({ cwd: root, clusters: [] });
    const lazy = await renderAll({ base, open: async () => session }, base.selected, { workers: 0 });
    const here = await renderAll(session, session.selected, { workers: 0 });
    expect(lazy.outcomes.map(comparable)).toEqual(here.outcomes.map(comparable));
  });

  it('throws an error a worker hit with its message, and removes what was staged', async () => {
    const root = tempWorkspace();
    const session = await openSession({ cwd: root, clusters: [] });
    const failing = new URL('./__fixtures__/failing-worker.ts', import.meta.url);
    const stage = newStagingTag();
    // Only the worker claims clusters: with this thread rendering too, it could take them all before the worker starts.
    await expect(renderAll(session, session.selected, { workers: 1, mainRenders: false, workerScript: failing, stage })).rejects.toThrow(
      /^component demo failed: cannot render /,
    );
    expect(existsSync(join(root, 'rendered', `.strata-staging-${stage}`))).toBe(false);
  });
});
