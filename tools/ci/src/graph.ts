import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandsOf, type Command } from './shell.ts';
import { ACTION_TOOLS, BIN_NEEDS, RUNNER_TOOLS, SETUP_SCRIPTS, TEST_TOOLS } from './tools.ts';
import { needsOf, stepLabel, type Job, type Step, type Workflow } from './workflows.ts';

/** What the checks need to know about the repository around the workflows. */
export interface Repo {
  /** Binaries `npm ci` puts in node_modules/.bin (from package-lock.json). */
  readonly bins: ReadonlySet<string>;
  /** A repository file's text, or undefined when there is no such file. */
  readonly read: (path: string) => string | undefined;
}

/** The binaries `npm ci` links into node_modules/.bin: the `bin` of every top-level and workspace package the lockfile records. */
export function lockfileBins(lock: { packages: Record<string, { bin?: Record<string, string> | string; link?: boolean }> }): Set<string> {
  const bins = new Set<string>();
  for (const [path, pkg] of Object.entries(lock.packages)) {
    const topLevel = /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path);
    const workspace = path !== '' && !path.startsWith('node_modules/');
    if (!(topLevel || workspace) || pkg.bin === undefined) continue;
    if (typeof pkg.bin === 'string') bins.add(path.split('/').pop() ?? path);
    else for (const b of Object.keys(pkg.bin)) bins.add(b);
  }
  return bins;
}

export function repoAt(root: string): Repo {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Parameters<typeof lockfileBins>[0];
  return {
    bins: lockfileBins(lock),
    read: (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined),
  };
}

const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;

/** Every `uses:` is pinned by full commit SHA, with the release it is as a `# v…` comment on the same line. */
export function unpinnedActions(wf: Workflow): string[] {
  const out: string[] = [];
  wf.text.split('\n').forEach((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (m === null) return;
    const [, ref = '', rest = ''] = m;
    if (!PINNED.test(ref)) out.push(`${wf.file}:${i + 1}: \`uses: ${ref}\` is not pinned by full commit SHA (owner/repo@<40 hex>)`);
    else if (!/#\s*v\d/.test(rest)) out.push(`${wf.file}:${i + 1}: \`uses: ${ref}\` has no \`# vX.Y.Z\` comment naming the release that commit is`);
  });
  return out;
}

/** `needs` names existing jobs, without cycles; every artifact a job downloads is uploaded by a job it needs. */
export function jobGraphProblems(wf: Workflow): string[] {
  const out: string[] = [];
  const jobs = wf.jobs;
  for (const [name, job] of Object.entries(jobs)) {
    for (const n of needsOf(job)) if (!(n in jobs)) out.push(`${wf.file}: job ${name} needs ${n}, which is not a job here`);
  }
  const upstream = (name: string, seen = new Set<string>()): Set<string> => {
    for (const n of needsOf(jobs[name] ?? { steps: [] })) {
      if (seen.has(n)) continue;
      seen.add(n);
      upstream(n, seen);
    }
    return seen;
  };
  for (const name of Object.keys(jobs)) {
    const up = upstream(name);
    if (up.has(name)) out.push(`${wf.file}: job ${name} needs itself through ${[...up].join(', ')}`);
    const uploaded = new Set([...up].flatMap((u) => artifacts(jobs[u], 'upload')));
    jobs[name]?.steps.forEach((s, i) => {
      if (!isAction(s, 'actions/download-artifact')) return;
      const art = s.with?.name;
      if (typeof art !== 'string') out.push(`${wf.file}: job ${name} ${stepLabel(s, i)} downloads artifacts without a name`);
      else if (!uploaded.has(art)) out.push(`${wf.file}: job ${name} ${stepLabel(s, i)} downloads artifact ${art}, which no job it needs uploads`);
    });
  }
  return out;
}

function isAction(step: Step, action: string): boolean {
  return step.uses?.split('@')[0] === action;
}

function artifacts(job: Job | undefined, kind: 'upload' | 'download'): string[] {
  return (job?.steps ?? []).flatMap((s) => (isAction(s, `actions/${kind}-artifact`) && typeof s.with?.name === 'string' ? [s.with.name] : []));
}

/** State carried from step to step inside one job: a job starts on a bare runner. */
interface JobState {
  readonly tools: Set<string>;
  checkedOut: boolean;
  nodeModules: boolean;
}

/**
 * Walks each job's steps in order and reports every command used before a step made it
 * available: tools from the runner image, from actions (setup-node), from `npm ci`
 * (node_modules/.bin), from the set-up script, or built by `go install`; including the
 * tools a test run or a package binary runs by itself, and the commands of repository
 * scripts a step calls.
 */
export async function toolProblems(wf: Workflow, repo: Repo): Promise<string[]> {
  const out: string[] = [];
  for (const [name, job] of Object.entries(wf.jobs)) {
    const state: JobState = { tools: new Set(RUNNER_TOOLS), checkedOut: false, nodeModules: false };
    for (const [i, step] of job.steps.entries()) {
      const where = `${wf.file}: job ${name} ${stepLabel(step, i)}`;
      if (step.uses !== undefined) {
        const action = step.uses.split('@')[0] ?? '';
        if (action === 'actions/checkout') state.checkedOut = true;
        for (const t of ACTION_TOOLS[action] ?? []) state.tools.add(t);
        continue;
      }
      if (step.run === undefined) continue;
      let commands: Command[];
      try {
        commands = await commandsOf(step.run);
      } catch (err) {
        out.push(`${where}: ${(err as Error).message}`);
        continue;
      }
      await walkCommands(commands, state, repo, where, out, new Set());
    }
  }
  return out;
}

async function walkCommands(commands: readonly Command[], state: JobState, repo: Repo, where: string, out: string[], inScripts: Set<string>): Promise<void> {
  const need = (tool: string, why: string): void => {
    if (!state.tools.has(tool)) out.push(`${where}: ${why} needs \`${tool}\`, which no earlier step installs`);
  };
  for (const c of commands) {
    const at = `line ${c.line}: \`${[c.name, ...c.args].join(' ')}\``;
    const script = scriptOf(c);
    if (script !== undefined) {
      if (!state.checkedOut) out.push(`${where}: ${at} runs ${script} before actions/checkout`);
      const setup = SETUP_SCRIPTS[script];
      if (setup !== undefined) {
        for (const t of setup.commands) state.tools.add(t);
        continue;
      }
      const text = repo.read(script);
      if (text === undefined) {
        out.push(`${where}: ${at} runs ${script}, which is not in the repository`);
        continue;
      }
      if (inScripts.has(script)) continue;
      inScripts.add(script);
      await walkCommands(await commandsOf(text), state, repo, `${where} → ${script}`, out, inScripts);
      continue;
    }
    if (c.name === 'npm') {
      need('npm', at);
      const sub = c.args[0];
      if (sub === 'ci' || sub === 'install') {
        if (!state.checkedOut) out.push(`${where}: ${at} runs before actions/checkout`);
        state.nodeModules = true;
      } else if (sub === 'test' || (sub === 'run' && c.args[1] === 'test')) {
        if (!state.nodeModules) out.push(`${where}: ${at} runs before npm ci`);
        for (const t of TEST_TOOLS) need(t, `${at} (the tests run it)`);
      }
      continue;
    }
    if (c.name === 'npx') {
      need('npx', at);
      const flags = c.args.filter((a) => a.startsWith('-'));
      const bin = c.args.find((a) => !a.startsWith('-'));
      if (flags.some((f) => ['-y', '--yes', '-p', '--package'].includes(f))) out.push(`${where}: ${at} lets npx download a package the lockfile does not pin`);
      if (bin === undefined) continue;
      if (!state.nodeModules) out.push(`${where}: ${at} runs before npm ci installed ${bin}`);
      if (!repo.bins.has(bin)) out.push(`${where}: ${at}: no package in package-lock.json provides the binary ${bin} (npx would fetch an unpinned one)`);
      for (const t of BIN_NEEDS[bin] ?? []) need(t, `${at} (${bin} runs it)`);
      if (bin === 'nx' && runsTests(c.args)) for (const t of TEST_TOOLS) need(t, `${at} (the tests run it)`);
      continue;
    }
    if (c.name === 'go' && c.args[0] === 'install') {
      need('go', at);
      const pkg = c.args.find((a) => a.includes('@'));
      const tool = pkg?.split('@')[0]?.split('/').pop();
      if (tool !== undefined && tool !== '') state.tools.add(tool);
      continue;
    }
    need(c.name, at);
  }
}

/** The repository script a command runs: `bash path/x.sh`, `sh path/x.sh` or `./path/x.sh`. */
function scriptOf(c: Command): string | undefined {
  if ((c.name === 'bash' || c.name === 'sh') && c.args[0] !== undefined && !c.args[0].startsWith('-')) return c.args[0].replace(/^\.\//, '');
  if (c.name.startsWith('./') || /^[\w.-]+\/[\w./-]+\.sh$/.test(c.name)) return c.name.replace(/^\.\//, '');
  return undefined;
}

/** `nx affected|run-many -t a b c` or `--targets=a,b` naming `test`. */
function runsTests(args: readonly string[]): boolean {
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-t' || a === '--target' || a === '--targets') {
      for (let j = i + 1; j < args.length && !(args[j] ?? '-').startsWith('-'); j++) targets.push(...(args[j] ?? '').split(','));
    } else if (/^--targets?=/.test(a)) targets.push(...a.slice(a.indexOf('=') + 1).split(','));
  }
  if (args[0] === 'test' || args[0] === 'run' && args[1]?.endsWith(':test')) return true;
  return targets.includes('test');
}
