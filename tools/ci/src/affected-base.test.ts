import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './workflows.ts';

// The real script, run by bash in throw-away Git repositories shaped like the clones
// actions/checkout makes: the logic of the workflow's "base for nx affected" step.
const SCRIPT = join(REPO, 'tools/ci/affected-base.sh');
const ZEROS = '0'.repeat(40);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
}

/** A repository with `commits` commits on main; returns it and its commits, oldest first. */
function repoWith(commits: number): { dir: string; shas: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-affected-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const shas: string[] = [];
  for (let i = 0; i < commits; i++) {
    writeFileSync(join(dir, 'f'), `${i}\n`);
    git(dir, 'add', 'f');
    git(dir, 'commit', '-q', '-m', `c${i}`);
    shas.push(git(dir, 'rev-parse', 'HEAD'));
  }
  return { dir, shas };
}

function base(dir: string, env: Record<string, string>): { status: number | null; out: Record<string, string>; ghOutput: string; stderr: string } {
  const ghOutput = join(dir, '.gh-output');
  writeFileSync(ghOutput, '');
  const r = spawnSync('bash', [SCRIPT], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: ghOutput, ...env } });
  const out = Object.fromEntries(r.stdout.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, out, ghOutput: readFileSync(ghOutput, 'utf8'), stderr: r.stderr };
}

describe('tools/ci/affected-base.sh', () => {
  it('compares a pull request with its base branch', () => {
    const { dir } = repoWith(2);
    const r = base(dir, { EVENT_NAME: 'pull_request', BASE_REF: 'main' });
    expect(r.status).toBe(0);
    expect(r.out.sha).toBe('origin/main');
    expect(r.ghOutput).toBe('sha=origin/main\nreason=pull request against main\n');
  });

  it('fails a pull request event without a base branch', () => {
    const { dir } = repoWith(1);
    const r = base(dir, { EVENT_NAME: 'pull_request', BASE_REF: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BASE_REF is empty on a pull_request event');
  });

  it('compares a push with the commit before it when the clone holds that commit', () => {
    const { dir, shas } = repoWith(3);
    const r = base(dir, { EVENT_NAME: 'push', BEFORE: shas[0] ?? '' });
    expect(r.out.sha).toBe(shas[0]);
    expect(r.out.reason).toBe('the commit before the push');
    expect(r.stderr).toBe(`affected-base: the commit before the push (${shas[0]})\n`);
  });

  it("falls back to the previous commit on a branch's first push (before is all zeros)", () => {
    const { dir, shas } = repoWith(3);
    const r = base(dir, { EVENT_NAME: 'push', BEFORE: ZEROS });
    expect(r.status).toBe(0);
    expect(r.out.sha).toBe(shas[1]);
    expect(r.out.reason).toContain('first push of the branch');
    // An empty `before` (a workflow_dispatch or schedule run) takes the same path.
    expect(base(dir, { EVENT_NAME: 'workflow_dispatch' }).out.sha).toBe(shas[1]);
  });

  it('falls back to the previous commit after a force push (before is not in the clone)', () => {
    const { dir, shas } = repoWith(2);
    const gone = 'deadbeef'.repeat(5);
    const r = base(dir, { EVENT_NAME: 'push', BEFORE: gone });
    expect(r.out.sha).toBe(shas[0]);
    expect(r.out.reason).toContain(`(${gone}) is not in this clone (force push)`);
  });

  it("runs every project on a repository's first commit (no previous commit at all)", () => {
    const { dir } = repoWith(1);
    const r = base(dir, { EVENT_NAME: 'push', BEFORE: ZEROS });
    expect(r.status).toBe(0);
    expect(r.out).toEqual({ sha: '', reason: 'no previous commit: every project' });
    expect(r.ghOutput).toBe('sha=\nreason=no previous commit: every project\n');
  });

  it('is what the workflow runs, and an empty base makes the next step run every project', () => {
    const ci = readFileSync(join(REPO, '.github/workflows/ci.yml'), 'utf8');
    expect(ci).toMatch(/id: base\n\s+env:\n\s+EVENT_NAME: \$\{\{ github\.event_name \}\}\n\s+BASE_REF: \$\{\{ github\.base_ref \}\}\n\s+BEFORE: \$\{\{ github\.event\.before \}\}\n\s+run: bash tools\/ci\/affected-base\.sh\n/);
    expect(ci).toContain('BASE: ${{ steps.base.outputs.sha }}');
    expect(ci).toMatch(/if \[ -n "\$BASE" \]; then\n\s+npx nx affected -t typecheck test render validate --base="\$BASE" --head=HEAD\n\s+else\n\s+npx nx run-many -t typecheck test render validate\n\s+fi/);
  });
});
