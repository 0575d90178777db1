import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitStaged, discardStaging, newStagingTag, stageCluster, stagingDir, sweepStaging } from './staging.ts';
import { listFiles } from './tree.ts';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-staging-'));
  mkdirSync(join(root, 'rendered'));
  return root;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

/** Stages cluster `lab` (rendered/lab) with `files` (path → content), linking what `kept` says is unchanged. */
function stageLab(root: string, files: Record<string, string>, kept: (path: string) => boolean): string {
  const list = Object.entries(files).map(([path, content]) => ({ path, content }));
  return stageCluster(root, newStagingTag(), 'lab', 'rendered/lab', list, kept).staged;
}

describe('staging', () => {
  it('stages a cluster beside its folder, git-ignored, and swaps it into place', () => {
    const root = workspace();
    mkdirSync(join(root, 'rendered/lab/config'), { recursive: true });
    writeFileSync(join(root, 'rendered/lab/config/stale.yaml'), 'old\n');
    writeFileSync(join(root, 'rendered/lab/index.json'), '{}\n');
    const tag = newStagingTag();
    expect(tag).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{8}$`));
    const { staged, made } = stageCluster(root, tag, 'lab', 'rendered/lab', [
      { path: 'config/new.yaml', content: 'new\n' },
      { path: 'index.json', content: '{"v":2}\n' },
    ]);
    expect(staged).toBe(join(root, 'rendered', `.strata-staging-${tag}`, 'lab'));
    // rendered/ was there: staging made nothing above its own folder.
    expect(made).toBeUndefined();
    expect(dirname(staged)).toBe(stagingDir(root, 'rendered/lab', tag));
    // `git add rendered/` after a crash cannot pick it up.
    expect(readFileSync(join(dirname(staged), '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    // Nothing under the cluster folder changed yet.
    expect(listFiles(join(root, 'rendered/lab'))).toEqual(['config/stale.yaml', 'index.json']);

    commitStaged(root, [{ renderedPath: 'rendered/lab', staged }]);
    expect(listFiles(join(root, 'rendered/lab'))).toEqual(['config/new.yaml', 'index.json']);
    expect(readFileSync(join(root, 'rendered/lab/index.json'), 'utf8')).toBe('{"v":2}\n');
    // The old folder waits in the staging folder, which goes as a whole.
    expect(readdirSync(dirname(staged)).sort()).toEqual(['.gitignore', '.old-lab']);
    discardStaging([{ staged }]);
    expect(readdirSync(join(root, 'rendered'))).toEqual(['lab']);
  });

  it('links the files it is told are unchanged on disk, writes the others, and keeps the linked inodes through the swap', () => {
    const root = workspace();
    mkdirSync(join(root, 'rendered/lab/config'), { recursive: true });
    writeFileSync(join(root, 'rendered/lab/config/same.yaml'), 'same\n');
    writeFileSync(join(root, 'rendered/lab/config/changed.yaml'), 'old\n');
    writeFileSync(join(root, 'rendered/lab/index.json'), '{}\n');
    const before = statSync(join(root, 'rendered/lab/config/same.yaml')).ino;
    const kept = new Set(['config/same.yaml']);
    const staged = stageLab(root, { 'config/changed.yaml': 'new\n', 'config/same.yaml': 'same\n', 'index.json': '{"v":2}\n' }, (path) => kept.has(path));
    // Linked: the staged name and the current one are the same inode until the swap.
    expect(statSync(join(staged, 'config/same.yaml')).ino).toBe(before);
    expect(statSync(join(staged, 'config/same.yaml')).nlink).toBe(2);
    expect(statSync(join(staged, 'config/changed.yaml')).nlink).toBe(1);
    commitStaged(root, [{ renderedPath: 'rendered/lab', staged }]);
    discardStaging([{ staged }]);
    const same = statSync(join(root, 'rendered/lab/config/same.yaml'));
    expect([same.ino, same.nlink]).toEqual([before, 1]);
    expect(readFileSync(join(root, 'rendered/lab/config/same.yaml'), 'utf8')).toBe('same\n');
    expect(readFileSync(join(root, 'rendered/lab/config/changed.yaml'), 'utf8')).toBe('new\n');
    expect(readdirSync(join(root, 'rendered'))).toEqual(['lab']);
  });

  it('writes a file it cannot link (gone from disk since the comparison), and the rest of the cluster too', () => {
    const root = workspace();
    mkdirSync(join(root, 'rendered/lab'), { recursive: true });
    writeFileSync(join(root, 'rendered/lab/b.yaml'), 'b\n');
    const staged = stageLab(root, { 'a.yaml': 'a\n', 'b.yaml': 'b\n' }, () => true);
    expect(readFileSync(join(staged, 'a.yaml'), 'utf8')).toBe('a\n');
    expect(statSync(join(staged, 'a.yaml')).nlink).toBe(1);
    // After one failed link the cluster is written: b.yaml is a file of its own.
    expect(statSync(join(staged, 'b.yaml')).nlink).toBe(1);
    expect(readFileSync(join(staged, 'b.yaml'), 'utf8')).toBe('b\n');
    discardStaging([{ staged }]);
  });

  it('moves a new cluster into place where there was none, also under a spec.gitops.path of its own', () => {
    const root = workspace();
    const tag = newStagingTag();
    const staged = stageCluster(root, tag, 'edge', 'deploy/site/edge', [{ path: 'index.json', content: '{}\n' }]);
    expect(staged.made).toBe(join(root, 'deploy'));
    commitStaged(root, [{ renderedPath: 'deploy/site/edge', staged: staged.staged }]);
    discardStaging([staged]);
    expect(readdirSync(join(root, 'deploy/site'))).toEqual(['edge']);
    expect(listFiles(join(root, 'deploy/site/edge'))).toEqual(['index.json']);
  });

  it('removes, when nothing is written, the folders staging had to create, and only those', () => {
    const root = workspace();
    const tag = newStagingTag();
    const first = stageCluster(root, tag, 'edge', 'deploy/site/edge', [{ path: 'index.json', content: '{}\n' }]);
    const second = stageCluster(root, tag, 'lab', 'rendered/lab', [{ path: 'index.json', content: '{}\n' }]);
    discardStaging([first, second]);
    expect(readdirSync(root).sort()).toEqual(['rendered']);
    expect(readdirSync(join(root, 'rendered'))).toEqual([]);
  });

  it('sweeps the leftovers of renders that are gone, and only those', () => {
    const root = workspace();
    const tag = newStagingTag();
    const dead = deadPid();
    const names = [
      `.strata-staging-${dead}-0badc0de`,
      `.strata-staging-${process.pid}-0badc0de`,
      `.strata-tmp-lab-${dead}-0badc0de`,
      `.strata-old-lab-${dead}-0badc0de`,
      // A render running now (nx renders clusters in parallel processes).
      `.strata-staging-${process.ppid}-0badc0de`,
      `.strata-staging-${tag}`,
      '.strata-staging-notes',
      'lab',
    ];
    for (const name of names) {
      mkdirSync(join(root, 'rendered', name, 'lab'), { recursive: true });
      writeFileSync(join(root, 'rendered', name, 'lab', 'index.json'), '{}\n');
    }
    sweepStaging(root, ['rendered', 'rendered', 'missing'], tag);
    expect(readdirSync(join(root, 'rendered')).sort()).toEqual([`.strata-staging-${process.ppid}-0badc0de`, `.strata-staging-${tag}`, '.strata-staging-notes', 'lab'].sort());
    expect(existsSync(join(root, 'rendered/lab/lab/index.json'))).toBe(true);
  });
});
