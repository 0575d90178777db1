import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from './__fixtures__/cli.ts';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string;
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: readonly Step[];
}

const workflow = parse(readFileSync(join(REPO, '.github/workflows/ci.yml'), 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, Job> };
const { affected, 'review-comment': comment } = workflow.jobs;

// Pinned actions, tools before use, actionlint and ShellCheck: @strata/ci (tools/ci) checks every workflow.
describe('the CI workflow', () => {
  it('writes the capped review summary and uploads it with the full diff', () => {
    const runs = affected?.steps.map((s) => s.run ?? '').join('\n') ?? '';
    expect(runs).toContain('strata diff --base "origin/${{ github.base_ref }}" --markdown > strata-diff/summary.md');
    expect(runs).toContain('cat strata-diff/summary.md >> "$GITHUB_STEP_SUMMARY"');
    expect(affected?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with).toMatchObject({ name: 'strata-diff', path: 'strata-diff/' });
  });

  it('posts it as one PR comment from a job that alone may write and runs no code from the pull request', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(comment?.needs).toBe('affected');
    expect(comment?.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(comment?.permissions).toEqual({ 'pull-requests': 'write' });
    const steps = comment?.steps ?? [];
    expect(steps.some((s) => s.uses?.startsWith('actions/checkout@') === true || /\bnpm|npx\b/.test(s.run ?? ''))).toBe(false);
    expect(steps[0]?.with).toEqual({ name: 'strata-diff', path: 'strata-diff' });
    const script = steps[1]?.run ?? '';
    // One comment, found again by its marker and edited in place.
    expect(script).toContain("marker='<!-- strata-diff -->'");
    expect(script).toMatch(/--method PATCH "repos\/\$REPO\/issues\/comments\/\$id" -F body=@comment\.md/);
    expect(script).toMatch(/--method POST "repos\/\$REPO\/issues\/\$PR\/comments" -F body=@comment\.md/);
  });
});
