import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jobGraphProblems, lockfileBins, repoAt, toolProblems, unpinnedActions, type Repo } from './graph.ts';
import { commandsOf } from './shell.ts';
import { loadWorkflows, REPO, type Workflow } from './workflows.ts';

const workflows = loadWorkflows();
const repo = repoAt(REPO);

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
const SETUP_NODE = 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0';

function wf(text: string): Workflow {
  const doc = parse(text) as Omit<Workflow, 'file' | 'text'>;
  return { ...doc, file: 'fixture.yml', text };
}

/** A one-job workflow whose steps are given as YAML lines (indented under `steps:`). */
function job(...steps: string[]): Workflow {
  return wf(`on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((s) => `      - ${s.replace(/\n/g, '\n        ')}`).join('\n')}\n`);
}

const fakeRepo: Repo = {
  bins: new Set(['strata', 'nx', 'kubeconform', 'strata-pins-verify']),
  read: (path) => ({ 'tools/ci/affected-base.sh': 'git rev-parse HEAD~1\n', 'tools/x.sh': 'crane digest x\n' })[path],
};

describe('the committed workflows', () => {
  it('are found', () => {
    expect(workflows.map((w) => w.file)).toEqual(['.github/workflows/ci.yml', '.github/workflows/pins.yml', '.github/workflows/release.yml']);
  });

  it.each(workflows.map((w) => [w.file, w]))('%s pins every action by full commit, with the release in a comment', (_f, w) => {
    expect(w.text).toMatch(/uses:/);
    expect(unpinnedActions(w)).toEqual([]);
  });

  it.each(workflows.map((w) => [w.file, w]))('%s has a sound job graph (needs, artifacts)', (_f, w) => {
    expect(jobGraphProblems(w)).toEqual([]);
  });

  it.each(workflows.map((w) => [w.file, w]))('%s installs every tool before a step uses it', async (_f, w) => {
    expect(await toolProblems(w, repo)).toEqual([]);
  });

  it('reads the binaries npm ci links from package-lock.json, workspaces included', () => {
    expect([...repo.bins]).toEqual(expect.arrayContaining(['nx', 'strata', 'kubeconform', 'strata-pins-verify', 'changeset']));
    expect(lockfileBins({ packages: { '': {}, 'node_modules/a': { bin: { a: 'x.js' } }, 'node_modules/a/node_modules/b': { bin: { b: 'y' } }, 'node_modules/@s/c': { bin: 'c.js' } } })).toEqual(new Set(['a', 'c']));
  });
});

describe('the tool check', () => {
  it('fails a test run before the set-up script, and passes once the script runs first', async () => {
    const tests = 'run: npx nx affected -t typecheck test render --base=x';
    const late = job(`uses: ${CHECKOUT}`, `uses: ${SETUP_NODE}`, 'run: npm ci', tests, 'run: bash tools/ci/setup-tools.sh');
    const problems = await toolProblems(late, fakeRepo);
    expect(problems).toEqual(['openssl', 'nix-instantiate', 'cfssl', 'shellcheck'].map((t) => expect.stringContaining(`(the tests run it) needs \`${t}\`, which no earlier step installs`)));
    expect(problems[0]).toContain('fixture.yml: job j step 4 (npx nx affected -t typecheck test render --base=x): line 1:');
    const early = job(`uses: ${CHECKOUT}`, `uses: ${SETUP_NODE}`, 'run: npm ci', 'run: bash tools/ci/setup-tools.sh', tests);
    expect(await toolProblems(early, fakeRepo)).toEqual([]);
    // `npm test` runs the same tests.
    expect(await toolProblems(job(`uses: ${CHECKOUT}`, `uses: ${SETUP_NODE}`, 'run: npm ci', 'run: npm test'), fakeRepo)).toHaveLength(4);
  });

  it('fails npx before npm ci, a binary no package provides, and npx -y', async () => {
    const problems = await toolProblems(job(`uses: ${CHECKOUT}`, `uses: ${SETUP_NODE}`, 'run: npx strata render --check', 'run: npm ci', 'run: npx helmfile lint', 'run: npx -y kubeconform -v'), fakeRepo);
    expect(problems).toEqual([
      expect.stringContaining('`npx strata render --check` runs before npm ci installed strata'),
      expect.stringContaining('no package in package-lock.json provides the binary helmfile'),
      expect.stringContaining('`npx -y kubeconform -v` lets npx download a package the lockfile does not pin'),
    ]);
  });

  it('fails node tools without setup-node and a script run before checkout', async () => {
    const problems = await toolProblems(job('run: bash tools/ci/affected-base.sh', 'run: npm ci'), fakeRepo);
    expect(problems).toEqual([
      expect.stringContaining('runs tools/ci/affected-base.sh before actions/checkout'),
      expect.stringContaining('needs `npm`, which no earlier step installs'),
      expect.stringContaining('`npm ci` runs before actions/checkout'),
    ]);
  });

  it('follows repository scripts, and counts what go install builds', async () => {
    const missing = await toolProblems(job(`uses: ${CHECKOUT}`, 'run: bash tools/x.sh'), fakeRepo);
    expect(missing).toEqual([expect.stringContaining('job j step 2 (bash tools/x.sh) → tools/x.sh: line 1: `crane digest x` needs `crane`')]);
    const built = job(`uses: ${CHECKOUT}`, 'run: go install github.com/google/go-containerregistry/cmd/crane@v0.21.9', 'run: bash tools/x.sh');
    expect(await toolProblems(built, fakeRepo)).toEqual([]);
    expect(await toolProblems(job(`uses: ${CHECKOUT}`, 'run: ./tools/gone.sh'), fakeRepo)).toEqual([expect.stringContaining('runs tools/gone.sh, which is not in the repository')]);
  });

  it('knows what a package binary runs: strata-pins-verify needs helm, crane and git', async () => {
    const problems = await toolProblems(job(`uses: ${CHECKOUT}`, `uses: ${SETUP_NODE}`, 'run: npm ci', 'run: npx strata-pins-verify pins.json'), fakeRepo);
    expect(problems).toEqual([expect.stringContaining('(strata-pins-verify runs it) needs `crane`')]);
  });

  it('finds commands anywhere in a script: pipelines, $( ), if bodies, groups', async () => {
    const cmds = await commandsOf('A=1 npx nx run-many -t test && echo "$(go env GOPATH)/bin" | tee x\nif [ -n "${{ steps.base.outputs.sha }}" ]; then helm version; fi\n{ echo a; cat b; } >> "$GITHUB_STEP_SUMMARY"');
    expect(cmds.map((c) => `${c.line}:${c.name}`)).toEqual(['1:npx', '1:echo', '1:go', '1:tee', '2:helm', '3:echo', '3:cat']);
    expect(cmds[0]?.args).toEqual(['nx', 'run-many', '-t', 'test']);
    const fn = await commandsOf('ok() { git rev-parse "$1"; }\nok HEAD && echo yes');
    expect(fn.map((c) => c.name)).toEqual(['git', 'echo']);
    await expect(commandsOf('if then fi (')).rejects.toThrow(/does not parse as Bash/);
  });
});

describe('the job graph check', () => {
  it('fails a download of an artifact no needed job uploads, a missing job and a cycle', () => {
    const w = wf(`on: push
jobs:
  a:
    needs: c
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with: { name: report, path: r }
  b:
    needs: [a, ghost]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
        with: { name: reprot }
  c:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
        with: { name: report }
`);
    expect(jobGraphProblems(w)).toEqual([
      'fixture.yml: job b needs ghost, which is not a job here',
      'fixture.yml: job a needs itself through c, a',
      'fixture.yml: job b step 1 (actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093) downloads artifact reprot, which no job it needs uploads',
      'fixture.yml: job c needs itself through a, c',
    ]);
  });

  it('fails an action pinned by tag, by short SHA or without its release comment', () => {
    const w = job('uses: actions/checkout@v4', 'uses: actions/setup-node@49933ea', 'uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684', `uses: ${CHECKOUT}`);
    expect(unpinnedActions(w)).toEqual([
      'fixture.yml:6: `uses: actions/checkout@v4` is not pinned by full commit SHA (owner/repo@<40 hex>)',
      'fixture.yml:7: `uses: actions/setup-node@49933ea` is not pinned by full commit SHA (owner/repo@<40 hex>)',
      'fixture.yml:8: `uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684` has no `# vX.Y.Z` comment naming the release that commit is',
    ]);
  });
});
