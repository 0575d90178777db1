import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_FILE, sha256 } from './layout.ts';
import type { RenderedCluster } from './render.ts';
import { compareTree, type DiskHint, innerPrint, matchingInnerPrint, statPrint } from './tree.ts';

const diffTree = (...args: Parameters<typeof compareTree>) => compareTree(...args).diff;

const PATH = 'rendered/lab';
const WHEN = 1_700_000_000;

/** A render of the given files (index.json added, listing them as render writes it). */
function render(files: Record<string, string>): RenderedCluster {
  const list = Object.entries(files).map(([path, content]) => ({ path, content, sha256: sha256(content), objects: 1, component: 'c', folder: path.split('/')[0]! }));
  const index = JSON.stringify({ files: list.map((f) => ({ path: f.path, sha256: f.sha256 })) });
  const all = [...list, { path: INDEX_FILE, content: index, sha256: sha256(index), objects: 0, component: 'strata', folder: '' }];
  return { name: 'lab', specFile: 'clusters/lab/cluster.yaml', renderedPath: PATH, files: all } as unknown as RenderedCluster;
}

/** Writes a render to disk in a new workspace, and the hint the render cache would keep of it. */
function written(cluster: RenderedCluster): { root: string; hint: DiskHint } {
  const root = mkdtempSync(join(tmpdir(), 'strata-tree-'));
  for (const f of cluster.files) {
    mkdirSync(dirname(join(root, PATH, f.path)), { recursive: true });
    writeFileSync(join(root, PATH, f.path), f.content);
  }
  // Whole seconds, so a test can put a time back exactly.
  for (const f of cluster.files) utimesSync(join(root, PATH, f.path), WHEN, WHEN);
  const files = cluster.files.map((f) => f.path);
  return { root, hint: { renderedPath: PATH, stat: statPrint(root, PATH, files), files, index: cluster.files.find((f) => f.path === INDEX_FILE)!.sha256 } };
}

const V1 = { 'config/a.yaml': 'a: 1\n', 'config/b.yaml': 'b: 1\n', 'crds/c.yaml': 'c: 1\n' };
const V2 = { 'config/a.yaml': 'a: 2\n', 'config/b.yaml': 'b: 1\n', 'apps/d.yaml': 'd: 1\n' };

describe('diffTree', () => {
  it('gives the same diff from the index of an untouched folder as from reading every file', () => {
    const { root, hint } = written(render(V1));
    const next = render(V2);
    const expected = { missing: ['apps/d.yaml'], stale: ['config/a.yaml', INDEX_FILE], extra: ['crds/c.yaml'], unchanged: 1 };
    expect(diffTree(root, next)).toEqual(expected);
    expect(diffTree(root, next, hint)).toEqual(expected);
  });

  it('trusts the index while every size and time is as the hint says (as git trusts its index)', () => {
    const { root, hint } = written(render(V1));
    // Same size, time put back: only reading the file could tell, so the hint path does not see it.
    const file = join(root, PATH, 'config/a.yaml');
    writeFileSync(file, 'a: 9\n');
    utimesSync(file, WHEN, WHEN);
    expect(diffTree(root, render(V1), hint)).toEqual({ missing: [], stale: [], extra: [], unchanged: 4 });
    expect(diffTree(root, render(V1)).stale).toEqual(['config/a.yaml']);
  });

  it('reads the folder again when a file was edited, added or removed by hand since the hint', () => {
    const edited = written(render(V1));
    appendFileSync(join(edited.root, PATH, 'config/b.yaml'), '# hand edit\n');
    expect(diffTree(edited.root, render(V1), edited.hint)).toEqual({ missing: [], stale: ['config/b.yaml'], extra: [], unchanged: 3 });

    const added = written(render(V1));
    writeFileSync(join(added.root, PATH, 'crds/extra.yaml'), 'x: 1\n');
    expect(diffTree(added.root, render(V1), added.hint).extra).toEqual(['crds/extra.yaml']);

    const removed = written(render(V1));
    rmSync(join(removed.root, PATH, 'crds/c.yaml'));
    expect(diffTree(removed.root, render(V1), removed.hint).missing).toEqual(['crds/c.yaml']);
  });

  it('does not trust a hint whose index.json has another sha256 or lists other files', () => {
    const { root, hint } = written(render(V1));
    expect(diffTree(root, render(V1), { ...hint, index: sha256('other') })).toEqual({ missing: [], stale: [], extra: [], unchanged: 4 });
    const fewer = { ...hint, files: hint.files.filter((f) => f !== 'crds/c.yaml') };
    expect(diffTree(root, render(V1), { ...fewer, stat: statPrint(root, PATH, fewer.files) })).toEqual({ missing: [], stale: [], extra: [], unchanged: 4 });
  });
});

describe('statPrint', () => {
  it('is the inner print taken before the folder moved into place, plus the folder time taken after', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-print-'));
    const files = ['config/a.yaml', 'config/sub/b.yaml', 'index.json'];
    const staged = join(root, 'rendered/.strata-staging-1-00000000/lab');
    for (const f of files) {
      mkdirSync(dirname(join(staged, f)), { recursive: true });
      writeFileSync(join(staged, f), f);
    }
    const inner = innerPrint(staged, files);
    renameSync(staged, join(root, 'rendered/lab'));
    expect(statPrint(root, 'rendered/lab', files, inner)).toBe(statPrint(root, 'rendered/lab', files));
    // Any file written since changes it.
    utimesSync(join(root, 'rendered/lab/config/sub/b.yaml'), 1, 1);
    expect(statPrint(root, 'rendered/lab', files)).not.toBe(statPrint(root, 'rendered/lab', files, inner));
    rmSync(root, { recursive: true });
  });
});

describe('matchingInnerPrint', () => {
  it('is the inner print while the folder has the stat print recorded, else undefined: a file touched, a file added, the folder gone', () => {
    const { root, hint } = written(render(V1));
    const inner = matchingInnerPrint(root, PATH, hint.files, hint.stat);
    expect(inner).toBe(innerPrint(join(root, PATH), hint.files));
    utimesSync(join(root, PATH, 'crds/c.yaml'), WHEN + 1, WHEN + 1);
    expect(matchingInnerPrint(root, PATH, hint.files, hint.stat)).toBeUndefined();
    utimesSync(join(root, PATH, 'crds/c.yaml'), WHEN, WHEN);
    expect(matchingInnerPrint(root, PATH, hint.files, hint.stat)).toBe(inner);
    writeFileSync(join(root, PATH, 'extra.yaml'), 'e: 1\n');
    expect(matchingInnerPrint(root, PATH, hint.files, hint.stat)).toBeUndefined();
    rmSync(join(root, PATH), { recursive: true });
    expect(matchingInnerPrint(root, PATH, hint.files, hint.stat)).toBeUndefined();
    rmSync(root, { recursive: true });
  });
});
