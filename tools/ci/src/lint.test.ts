import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tool } from '@strata/core/tools';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionlint, runScriptFindings, shellcheck } from './lint.ts';
import { loadWorkflows, REPO, type Workflow } from './workflows.ts';

const workflows = loadWorkflows();
const SCRIPTS = ['.ci/run', ...readdirSync(join(REPO, 'tools/ci')).filter((f) => f.endsWith('.sh')).map((f) => `tools/ci/${f}`)];

function fixture(text: string): Workflow {
  return { ...(parse(text) as Omit<Workflow, 'file' | 'text'>), file: 'fixture.yml', text };
}

describe('actionlint (rhysd/actionlint 1.7.7, WASM)', () => {
  it.each(workflows.map((w) => [w.file, w]))('finds nothing in %s', async (_f, w) => {
    expect(await actionlint(w)).toEqual([]);
  });

  // A SHA-pinned action's inputs are not checked: actionlint knows popular actions' inputs by tag only.
  it('finds what it is for: an unknown context property, a job that needs a missing job, a bad permission', async () => {
    const bad = fixture(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    needs: ghost
    permissions:
      contents: wirte
    steps:
      - run: echo "\${{ github.evnt.before }}"
`);
    const found = await actionlint(bad);
    expect(found.map((f) => `${f.line}:${f.kind}`)).toEqual(['3:job-needs', '7:permissions', '9:expression']);
    expect(found.find((f) => f.kind === 'expression')?.message).toContain('evnt');
  });
});

// ShellCheck is a machine tool like nix-instantiate: tools/ci/setup-tools.sh installs it;
// under CI=true a missing shellcheck fails here, elsewhere these tests skip saying why.
const sc = tool('shellcheck', ['--version'], 'shellcheck');

describe.runIf(sc.run)('ShellCheck', () => {
  it.each(SCRIPTS)('finds nothing in %s', (script) => {
    if (sc.missing !== undefined) throw new Error(sc.missing);
    expect(shellcheck(readFileSync(join(REPO, script), 'utf8'))).toEqual([]);
  });

  it.each(workflows.map((w) => [w.file, w]))("finds nothing in %s's run: scripts", (_f, w) => {
    if (sc.missing !== undefined) throw new Error(sc.missing);
    expect(runScriptFindings(w)).toEqual([]);
  });

  it('finds what it is for in a run: script: an unquoted expansion, ls piped to grep', () => {
    if (sc.missing !== undefined) throw new Error(sc.missing);
    const bad = fixture(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          if ls .changeset/*.md | grep -v README.md; then echo \${{ github.sha }}; fi
          cp "$1" $RUNNER_TEMP
`);
    expect(runScriptFindings(bad)).toEqual([
      expect.stringMatching(/^fixture\.yml: job a step 1: line 1:\d+: warning: .*\[SC2010\]$/),
      expect.stringMatching(/^fixture\.yml: job a step 1: line 2:\d+: note: Double quote to prevent globbing and word splitting\. \[SC2086\]$/),
    ]);
  });
});
